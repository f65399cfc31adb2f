"""Whole journeys through the command line, as a user runs them, on fresh workspaces.

Each test drives ``python -m responder`` in a subprocess from the RC (or the demo dossier) to
the decision, reads the real files back (python-docx, zipfile, LISEZ-MOI.txt) and checks that
the commands agree with one another: what the checklist blocks on, the final check, the pack,
the status, the letters and the dates that follow the decision.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import docx

ROOT = Path(__file__).resolve().parents[2]
RC = ROOT / "tests" / "fixtures" / "rc" / "corpus" / "c01_aws_commune.pdf"
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


class Cli:
    """``responder …`` on one workspace; a failing command fails the test with its stderr."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace

    def run(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-m", "responder", *args, "--workspace", str(self.workspace)],
            capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
        )
        assert done.returncode in ok, (args, done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def json(self, *args: str, ok: tuple[int, ...] = (0,)) -> Any:
        return json.loads(self.run(*args, "--json", ok=ok).stdout)


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a .docx, as one text."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def set_dates(workspace: Path, tender_id: int, **fields: Any) -> None:
    """What the user does in the *Consultation* tab: correct the dates of the dossier."""
    from responder.services.tenders import TenderService
    from responder.services.workspace import open_session

    session = open_session(workspace)
    try:
        service = TenderService(session)
        data = service.get(tender_id).model_dump()
        data.update(fields)
        service.save(data)
    finally:
        session.close()


def attach_every_blocking_piece(cli: Cli, tender_id: int, folder: Path,
                                generated: set[str], *, by_cli: bool = True) -> list[str]:
    """Attach a file to each piece the checklist blocks on (but the ones Responder writes
    itself, only marked ready), mark it ready, and return the uids attached. ``by_cli``
    False goes through the service the *Pièces* tab uses (a groupement has dozens)."""
    view = cli.json("checklist", "show", str(tender_id))
    blocking = [i for i in view["items"] if i["blocking"]]
    assert blocking and {i["due"] for i in blocking} == {"depot"}  # never « si retenu »
    folder.mkdir(exist_ok=True)
    files: dict[str, Path | None] = {}
    for item in blocking:
        path = None
        if item["key"] not in generated:
            path = folder / (re.sub(r"[^A-Za-z0-9_]", "_", item["uid"]) + ".pdf")
            path.write_bytes(b"%PDF-1.4\n" + item["uid"].encode() + b"\n%%EOF\n")
        files[item["uid"]] = path
    if by_cli:
        for uid, path in files.items():
            if path is not None:
                cli.run("checklist", "attach", str(tender_id), uid, str(path))
            cli.run("checklist", "status", str(tender_id), uid, "pret")
    else:
        from responder.services.checklist import ChecklistService
        from responder.services.workspace import open_session

        session = open_session(cli.workspace)
        try:
            service = ChecklistService(session)
            for uid, path in files.items():
                if path is not None:
                    service.attach_file(tender_id, uid, path)
                service.set_status(tender_id, uid, "pret")
        finally:
            session.close()
    return [uid for uid, path in files.items() if path is not None]


def check_pack(folder: Path) -> dict[str, str]:
    """The pack as the buyer's platform receives it: LISEZ-MOI lists every file with its
    SHA-256, no archive inside. Returns {relative path: sha256}."""
    files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    assert "LISEZ-MOI.txt" in files
    assert not [n for n in files if n.endswith(".zip")]
    readme = files.pop("LISEZ-MOI.txt").read_text("utf-8")
    hashes = {}
    for name, path in files.items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert name in readme and digest in readme, name
        hashes[name] = digest
    return hashes


def test_association_alone_mapa_from_rc_to_rejection_letter(tmp_path: Path) -> None:
    """Journey A: the demo association imports a MAPA RC, decides, fills the pieces, builds
    the mémoire, packs, records the deposit, loses lot 1 and asks for the reasons."""
    cli = Cli(tmp_path / "ws.responder")
    cli.run("demo")
    tender = int(cli.run("rc", "import", str(RC)).stdout.strip())
    today = date.today()
    deadline = datetime.combine(today + timedelta(days=45), datetime.min.time()).replace(hour=12)
    set_dates(cli.workspace, tender, deadline=deadline,
              questions_deadline=deadline - timedelta(days=8))

    gonogo = cli.json("gonogo", str(tender))
    assert gonogo["blocking"] == [] and gonogo["recommendation"] == "go"
    cli.run("gonogo", str(tender), "--decide", "go", "--by", "Nadia", "--why", "Notre métier")

    attached = attach_every_blocking_piece(cli, tender, tmp_path / "pieces",
                                           generated={"memoire_technique"})
    assert any(uid.startswith("agrement_structure@") for uid in attached)
    memoire = tmp_path / "memoire.docx"
    cli.run("memoire", "build", str(tender), "--out", str(memoire))
    text = docx_text(memoire)
    assert "Entretien des espaces verts et des cimetières communaux" in text
    assert "Commune de Saint-Ambroix" in text

    check = cli.json("submit", "check", str(tender))
    assert check["ok"] and check["blocking"] == 0, check["issues"]
    assert cli.json("checklist", "show", str(tender))["progress"]["blocking"] == 0
    shown = cli.run("submit", "check", str(tender)).stdout
    assert "None" not in shown and "pas de limite fixée par le RC" in shown
    # An attestation that already ran out « a expiré »; it does not « expire … avant ».
    for verb, day in re.findall(r"(a expiré|expire) le (\d\d/\d\d/\d{4})", shown):
        past = datetime.strptime(day, "%d/%m/%Y").date() < today
        assert (verb == "a expiré") == past, (verb, day)

    pack = tmp_path / "pli"
    cli.run("submit", "pack", str(tender), "--out", str(pack), "--zip")
    hashes = check_pack(pack)
    names = sorted(hashes)
    assert names[0].startswith("01_Bordereau_des_pieces")
    assert any(n.startswith("Candidature/") and "Agrement" in n for n in names)
    for lot in (1, 2):
        memoires = [n for n in names if n.startswith(f"Offre/Lot {lot}/") and "Memoire" in n]
        assert len(memoires) == 1 and memoires[0].endswith(".docx")
    with zipfile.ZipFile(pack.with_suffix(".zip")) as archive:
        assert sorted(n for n in archive.namelist() if not n.endswith("/")) == sorted(
            [*names, "LISEZ-MOI.txt"])

    at = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    cli.run("submit", "record", str(tender), "--at", at)
    assert cli.json("tender", "show", str(tender))["status"] == "depose"

    cli.run("outcome", "set", str(tender), "--result", "perdu", "--lot", "1",
            "--notified", today.isoformat(), "--rank", "2", "--winner", "Jardins & Cie",
            "--mark", "Valeur technique=14,5/20;16/20", "--reasons", "Prix plus élevé")
    shown = cli.run("outcome", "show", str(tender)).stdout
    assert not ISO_DATE.search(shown), shown
    assert f"notifié le {today:%d/%m/%Y}" in shown and "classé 2e" in shown
    assert "R2181-2" in shown and "délai de suspension" in shown
    letter = tmp_path / "motifs.docx"
    cli.run("outcome", "letter", str(tender), "--kind", "motifs", "--lot", "1",
            "--out", str(letter))
    text = docx_text(letter)
    assert "Commune de Saint-Ambroix" in text
    assert "Entretien des espaces verts et des cimetières communaux" in text
    assert "lot 1 : Tonte et débroussaillage" in text
    assert "R2181-2" in text and "R2181-4" not in text

    # A MAPA has no standstill: no date of signature nor référé deadline anywhere.
    plan = cli.json("deadlines", "plan", "--procedure", "mapa",
                    "--deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
    assert not [d for d in plan["dates"] if "R2182" in (d["article"] or "")]
    deposit = next(d for d in plan["dates"] if d["kind"] == "deposit")
    assert date.fromisoformat(deposit["when"]).weekday() < 5
    ics = tmp_path / "echeances.ics"
    cli.run("deadlines", "ics", "--tender", str(tender), "--out", str(ics))
    calendar = ics.read_text("utf-8")
    assert "R2182" not in calendar and "suspension" not in calendar.lower()


def test_groupement_two_phases_from_demo_to_bilan(tmp_path: Path) -> None:
    """Journey B: the demo groupement answers an appel d'offres restreint (candidatures,
    then invitation), produces its convention, DC4 and mémoire, packs, wins lot 1, turns it
    into a reference and writes the Bilan."""
    cli = Cli(tmp_path / "ws.responder")
    cli.run("demo")
    tenders = cli.json("tender", "list")
    tender = next(t["id"] for t in tenders if t["title"].startswith("Entretien des espaces"))
    today = date.today()
    published = today - timedelta(days=10)
    candidatures = datetime.combine(today + timedelta(days=25), datetime.min.time()) \
        .replace(hour=12)
    invitation = today + timedelta(days=35)
    deadline = datetime.combine(invitation + timedelta(days=35), datetime.min.time()) \
        .replace(hour=12)
    set_dates(cli.workspace, tender, procedure="aor", published_on=published,
              candidatures_deadline=candidatures, invitation_on=invitation,
              deadline=deadline, questions_deadline=None)
    shown = cli.run("tender", "show", str(tender)).stdout
    assert "Appel d'offres restreint" in shown and "Candidatures" in shown

    eligibility = cli.json("tender", "eligibility", str(tender))
    assert eligibility["at"] == candidatures.date().isoformat()  # judged at the candidature
    joint = next(lot for lot in eligibility["lots"] if lot["lot"] == 2)
    assert joint["reserved"] == ["L2113-12", "L2113-13"]

    plan = cli.json("deadlines", "plan", "--procedure", "aor",
                    "--published", published.isoformat(),
                    "--candidatures", candidatures.strftime("%Y-%m-%dT%H:%M"),
                    "--invitation", invitation.isoformat(),
                    "--deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
    kinds = [d["kind"] for d in plan["dates"]]
    assert kinds.index("candidatures_deadline") < kinds.index("invitation") < kinds.index(
        "deadline")
    assert all(date.fromisoformat(d["when"]).weekday() < 5 for d in plan["dates"]
               if d["source"] in ("conseil", "retroplanning"))

    convention = tmp_path / "convention.docx"
    cli.run("groupement", "convention", str(tender), "--out", str(convention))
    text = docx_text(convention)
    assert "Verts Chemins" in text and "mandataire" in text and "Fait à" in text
    dc4 = tmp_path / "dc4.docx"
    cli.run("groupement", "dc4", str(tender), "--subcontractor", "Arbor'Cévennes",
            "--out", str(dc4))
    assert "R2193-10" in docx_text(dc4)
    memoire = tmp_path / "memoire.docx"
    cli.run("memoire", "build", str(tender), "--out", str(memoire))
    text = docx_text(memoire)
    assert "Offre présentée par le groupement" in text and "Verts Chemins" in text
    assert "Mandataire" in text

    attach_every_blocking_piece(cli, tender, tmp_path / "pieces",
                                generated={"memoire_technique", "sous_traitance"},
                                by_cli=False)
    check = cli.json("submit", "check", str(tender))
    assert check["ok"], [i for i in check["issues"] if i["level"] == "bloquant"]
    pack = tmp_path / "pli"
    cli.run("submit", "pack", str(tender), "--out", str(pack))
    names = sorted(check_pack(pack))
    candidature = [n for n in names if n.startswith("Candidature/")]
    assert any("Tableau_DC1_du_groupement" in n and n.endswith(".docx") for n in candidature)
    assert any("Convention_de_groupement" in n and n.endswith(".docx") for n in candidature)
    assert any("DC4" in n and n.endswith(".docx") for n in candidature)
    assert {n.split("/")[1] for n in names if n.startswith("Offre/")} == {
        "Lot 1", "Lot 2", "Lot 3"}

    at = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    cli.run("submit", "record", str(tender), "--at", at)
    cli.run("outcome", "set", str(tender), "--result", "gagne", "--lot", "1",
            "--notified", today.isoformat(), "--rank", "1", "--winner-amount", "251234,50")
    shown = cli.run("outcome", "show", str(tender)).stdout
    assert "R2182-1" in shown and "classé 1er" in shown and not ISO_DATE.search(shown)
    reference = int(cli.run("outcome", "to-reference", str(tender), "--lot", "1")
                    .stdout.strip())
    found = cli.json("refs", "search", "Grand-Combe")
    mine = next(r for r in found if r["id"] == reference)
    assert mine["role"] == "cotraitant"  # the demo association is a member, not mandataire
    assert mine["amount_ht"].startswith("251234.5")  # the montant retenu, not the estimate

    report = tmp_path / "bilan.docx"
    cli.run("report", "--out", str(report))
    text = docx_text(report)
    assert "Bilan des réponses" in text
    assert "251\u202f234,50" in text or "251 234,50" in text
