"""Prepare the deposit: the final check, the pack and the record, on real workspaces and files.

The acceptance of the deposit runs the command line as a user would (a real process on a
real demo workspace); the finer cases call the service.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfWriter

from responder.domain.common import InvalidInput
from responder.domain.deposit_check import due_at_deposit
from responder.domain.enums import TenderStatus
from responder.domain.tender import Tender
from responder.services.checklist import ChecklistService
from responder.services.demo import create_demo
from responder.services.deposit import DepositService
from responder.services.workspace import Session, open_session
from tests.helpers import alone_with_a_subcontractor, new_session, tender_data

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^\d{2}_[A-Za-z0-9_-]+\.[a-z0-9]+$")


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ},
    )


def pdf(path: Path, pages: int = 1) -> Path:
    """A real PDF of ``pages`` blank A4 pages, titled after its name (so each is distinct)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": path.stem})
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def attach_every_due_piece(session: Session, tender_id: int, folder: Path) -> int:
    """Attach a distinct real PDF to every piece due at the deposit; returns how many."""
    service = ChecklistService(session)
    count = 0
    for row in service.view(tender_id).rows:
        item = row.item
        if not item.counted or not due_at_deposit(item):
            continue
        count += 1
        source = pdf(folder / f"piece-{count:02d} é.pdf", pages=count % 3 + 1)
        service.attach_file(tender_id, item.uid, source)
    return count


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.responder"
    create_demo(path).close()
    return path


def test_demo_dossier_blocks_then_passes_and_packs(demo: Path, tmp_path: Path) -> None:
    """Acceptance: blocking items with code, piece, member, lot, message_fr; after attaching a
    file to every piece due at the deposit the check passes; the pack holds one file per
    piece, named by the pattern, no zip inside, LISEZ-MOI.txt hashes matching."""
    first = responder("submit", "check", "1", "--json", "--workspace", str(demo))
    assert first.returncode == 1, first.stderr
    report = json.loads(first.stdout)
    assert report["ok"] is False
    blocking = [i for i in report["issues"] if i["level"] == "bloquant"]
    assert blocking
    for issue in blocking:
        assert {"code", "piece", "member", "lot", "message_fr"} <= set(issue)
    missing = {(i["piece"], i["lot"]) for i in blocking if i["code"] == "piece_missing"}
    assert ("Acte d'engagement (ATTRI1)", 2) in missing
    assert ("Lettre de candidature (DC1)", None) in missing
    # Pièces de l'attributaire are never blocking at the deposit (R2144-4).
    assert not any("URSSAF" in i["piece"] for i in blocking)

    refused = responder("submit", "pack", "1", "--out", str(tmp_path / "pli"),
                        "--workspace", str(demo))
    assert refused.returncode == 1
    assert "bloquant" in refused.stderr
    assert not (tmp_path / "pli").exists()

    files = tmp_path / "sources"
    files.mkdir()
    session = open_session(demo)
    due = attach_every_due_piece(session, 1, files)
    session.close()

    passed = responder("submit", "check", "1", "--json", "--workspace", str(demo))
    assert passed.returncode == 0, passed.stdout
    assert json.loads(passed.stdout)["ok"] is True

    out = tmp_path / "pli"
    packed = responder("submit", "pack", "1", "--out", str(out), "--workspace", str(demo))
    assert packed.returncode == 0, packed.stderr
    written = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "LISEZ-MOI.txt")
    pieces = [p for p in written if "Bordereau_des_pieces" not in p.name]
    assert len(pieces) == due  # one file per piece (the mémoire is the attached one)
    assert {p.relative_to(out).parts[0] for p in written} >= {"Candidature", "Offre"}
    assert (out / "Offre" / "Lot 2").is_dir()
    for path in written:
        assert NAME.match(path.name), path.name
        assert len(path.name) <= 60
        assert path.suffix != ".zip"
    readme = (out / "LISEZ-MOI.txt").read_text(encoding="utf-8")
    listed = re.findall(r"^(\S.*)\n\s+(\d+) octets .*SHA-256 ([0-9a-f]{64})$", readme, re.M)
    assert len(listed) == len(written)
    for relative, size, digest in listed:
        content = (out / relative).read_bytes()
        assert len(content) == int(size)
        assert hashlib.sha256(content).hexdigest() == digest


def _dossier(tmp_path: Path, **overrides: object) -> tuple[Session, int]:
    session, sid = new_session(tmp_path / "w.responder")
    deadline = date.today() + timedelta(days=20)
    fields: dict[str, object] = {
        "structure_id": sid, "published_on": None, "questions_deadline": None, "lots": [],
        "deadline": f"{deadline.isoformat()}T12:00:00", **overrides,
    }
    tender = session.tenders.add(Tender.model_validate(tender_data(**fields)))
    assert tender.id is not None
    return session, tender.id


@pytest.fixture
def attached(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    """A dossier due in 20 days with a real PDF attached to every piece due at the deposit."""
    session, tid = _dossier(tmp_path)
    attach_every_due_piece(session, tid, tmp_path)
    yield session, tid
    session.close()


def test_a_file_removed_from_the_store_after_the_check_stops_the_pack(
    attached: tuple[Session, int], tmp_path: Path,
) -> None:
    session, tid = attached
    service = DepositService(session)
    assert service.check(tid, count=False).ok
    job = service.pack_job(tid, tmp_path / "pli")
    # The file of one piece disappears from the workspace between the check and the pack.
    item = next(i for i in ChecklistService(session).current(tid).items if i.file_hash)
    stored = session.files.find(item.file_hash or "")
    assert stored is not None
    stored.unlink()
    with pytest.raises(InvalidInput) as caught:
        job.run()
    assert "n'est plus dans l'espace de travail" in str(caught.value.messages)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".pli", "pli"))) == []
    # Checked again, the missing file is a blocking finding naming the piece.
    again = service.check(tid, count=False)
    assert [i.code for i in again.blocking] == ["file_missing"]
    assert again.blocking[0].piece == item.label


def test_a_120_mb_attachment_over_the_50_mb_limit_is_reported_with_its_size(
    attached: tuple[Session, int], tmp_path: Path,
) -> None:
    session, tid = attached
    big = tmp_path / "references-scannees.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(120 * 1024 * 1024)
    ChecklistService(session).attach_file(tid, "references@73282932000074", big)
    result = DepositService(session).check(tid, count=False)
    [issue] = [i for i in result.blocking if i.code == "file_too_big"]
    assert "120\u00a0Mo" in issue.message_fr
    assert "50\u00a0Mo" in issue.message_fr
    assert issue.piece == "Références de prestations similaires"


def test_formats_archives_and_total_size_follow_the_dossier_settings(
    attached: tuple[Session, int], tmp_path: Path,
) -> None:
    session, tid = attached
    archive = tmp_path / "annexes.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    sheet = tmp_path / "prix.numbers"
    sheet.write_bytes(b"tableur")
    checklists = ChecklistService(session)
    checklists.attach_file(tid, "moyens_materiels@73282932000074", archive)
    checklists.attach_file(tid, "bpu@groupement", sheet)
    service = DepositService(session)
    service.set_settings(tid, max_total_mb=1, formats="pdf, docx")
    codes = {i.code for i in service.check(tid, count=False).blocking}
    assert {"archive_inside", "format_refused"} <= codes
    assert "total_too_big" not in codes
    with pytest.raises(InvalidInput) as caught:
        service.set_settings(tid, naming_pattern="{Piece} é {NN}")
    assert "caractères" in str(caught.value.messages)


def test_the_pack_never_writes_into_a_non_empty_folder_and_honours_zip_and_backup(
    attached: tuple[Session, int], tmp_path: Path,
) -> None:
    session, tid = attached
    service = DepositService(session)
    busy = tmp_path / "occupe"
    busy.mkdir()
    (busy / "autre.txt").write_text("x")
    with pytest.raises(InvalidInput) as caught:
        service.pack(tid, busy)
    assert "n'est pas vide" in str(caught.value.messages)
    assert sorted(p.name for p in busy.iterdir()) == ["autre.txt"]

    empty = tmp_path / "vide"
    empty.mkdir()
    result = service.pack(tid, empty, zip_file=True, backup_copy=True)
    assert result.zip_path == tmp_path / "vide.zip"
    import zipfile

    with zipfile.ZipFile(result.zip_path) as archive:
        names = archive.namelist()
    assert "LISEZ-MOI.txt" in names
    assert not any(n.endswith(".zip") for n in names)
    assert not any(n.startswith("Copie de sauvegarde") for n in names)
    backup = empty / "Copie de sauvegarde"
    label = (backup / "ETIQUETTE-DU-PLI.txt").read_text(encoding="utf-8")
    assert "COPIE DE SAUVEGARDE" in label and "2026-DECH-014" in label
    for relative, _size, digest in result.files:
        assert hashlib.sha256((backup / relative).read_bytes()).hexdigest() == digest


def test_page_limit_of_an_attached_memoire_blocks_with_the_method(tmp_path: Path) -> None:
    session, tid = _dossier(tmp_path, page_limit=4)
    attach_every_due_piece(session, tid, tmp_path)
    ChecklistService(session).attach_file(tid, "memoire_technique@groupement",
                                          pdf(tmp_path / "memoire.pdf", pages=6))
    result = DepositService(session).check(tid)
    [report] = result.pages
    assert (report.pages, report.method, report.limit) == (6, "pdf", 4)
    [issue] = [i for i in result.blocking if i.code == "page_limit_exceeded"]
    assert "6 pages pour 4" in issue.message_fr
    session.close()


def test_record_moves_the_dossier_to_depose_and_keeps_the_receipt(tmp_path: Path) -> None:
    session, tid = _dossier(tmp_path)
    service = DepositService(session)
    receipt = pdf(tmp_path / "accuse-reception.pdf")
    with pytest.raises(InvalidInput) as caught:
        service.record(tid, "2099-01-01T10:00", receipt)
    assert "futur" in caught.value.messages["at"]
    with pytest.raises(InvalidInput):
        service.record(tid, "17/12/2026 10h")
    at = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    tender, warnings = service.record(tid, at.isoformat(timespec="minutes"), receipt)
    assert warnings == []
    assert tender.status == TenderStatus.DEPOSE
    assert tender.deposit is not None and tender.deposit.record is not None
    assert tender.deposit.record.deposited_at == at
    stored = service.receipt_path(session.tenders.get(tid))  # type: ignore[arg-type]
    assert stored is not None and stored.read_bytes() == receipt.read_bytes()
    session.close()


def test_submit_record_on_the_command_line(demo: Path, tmp_path: Path) -> None:
    receipt = pdf(tmp_path / "accuse.pdf")
    at = (datetime.now() - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    done = responder("submit", "record", "1", "--at", at, "--receipt", str(receipt),
                     "--workspace", str(demo))
    assert done.returncode == 0, done.stderr
    assert "Déposé" in done.stderr
    shown = responder("tender", "show", "1", "--json", "--workspace", str(demo))
    payload = json.loads(shown.stdout)
    assert payload["status"] == "depose"
    assert payload["deposit"]["record"]["deposited_at"].startswith(at)
    bad = responder("submit", "record", "1", "--at", "demain", "--workspace", str(demo))
    assert bad.returncode == 1
    assert "AAAA-MM-JJTHH:MM" in bad.stderr


def test_groupement_pack_has_a_folder_per_member_and_its_documents(
    demo: Path, tmp_path: Path
) -> None:
    """Demo dossier 2 (three members, three lots): members' own pieces in their folder,
    group pieces per lot, the DC1 table and the convention produced fresh."""
    session = open_session(demo)
    attach_every_due_piece(session, 2, tmp_path)
    service = DepositService(session)
    result = service.pack(2, tmp_path / "pli", today=date.today())
    session.close()
    paths = [relative for relative, _size, _digest in result.files]
    members = {p.split("/")[1] for p in paths
               if p.startswith("Candidature/") and p.count("/") == 2}
    assert len(members) == 3  # one folder per member of the groupement
    assert any(p.startswith("Offre/Lot 3/") for p in paths)
    assert any("Tableau_DC1_du_groupement" in p for p in paths)
    assert any("Convention_de_groupement" in p for p in paths)
    for relative in paths:
        assert len(relative.rsplit("/", 1)[-1]) <= 60


def test_a_dossier_older_than_the_rules_file_is_still_checked(tmp_path: Path) -> None:
    """A deadline before the first version of the practice rules (2019-04-01): their first
    version stands in; the late deadline itself blocks (R2143-2)."""
    session, tid = _dossier(tmp_path, deadline="2018-06-01T12:00:00")
    result = DepositService(session).check(tid, count=False)
    codes = [i.code for i in result.blocking]
    assert codes[0] == "deadline_passed"
    assert "piece_missing" in codes
    session.close()


def test_pack_writes_the_dc4_of_each_subcontractor_without_an_attached_one(
    demo: Path, tmp_path: Path
) -> None:
    """R2193-10 and LAW.md « Sub-contractors: one DC4 each »: the demo groupement declares a
    sub-contractor; its DC4 is produced fresh for the pack, read back with python-docx."""
    from docx import Document

    from responder.services.deposit import GENERATED_DOCUMENTS

    session = open_session(demo)
    try:
        service = DepositService(session)
        tender = next(
            t for t in session.tenders.list()
            if t.groupement is not None and t.groupement.subcontractors
        )
        assert tender.id is not None
        view = ChecklistService(session).view(tender.id)
        generated = [doc for provider in GENERATED_DOCUMENTS
                     for doc in provider(service, tender, view)]
    finally:
        session.close()
    dc4 = [doc for doc in generated if doc.key.startswith("dc4:")]
    names = [sub.name for sub in tender.groupement.subcontractors]
    assert len(dc4) == len(names)
    out = tmp_path / "dc4.docx"
    dc4[0].render(out)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    cells = "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
    assert any(name in text + cells for name in names)


def test_pack_writes_the_dc4_of_a_bidder_answering_alone(demo: Path, tmp_path: Path) -> None:
    """R2193-10: a bidder without groupement declares its sub-contractor too; the DC4 used
    to be refused with the groupement's own errors (one member is no groupement)."""
    from docx import Document

    from responder.services.deposit import GENERATED_DOCUMENTS

    session = open_session(demo)
    try:
        tid = alone_with_a_subcontractor(session)
        tender = session.tenders.get(tid)
        assert tender is not None
        view = ChecklistService(session).view(tid)
        generated = [doc for provider in GENERATED_DOCUMENTS
                     for doc in provider(DepositService(session), tender, view)]
    finally:
        session.close()
    [dc4] = [doc for doc in generated if doc.key.startswith("dc4:")]
    assert "Arbor'Cévennes" in dc4.piece
    out = tmp_path / "dc4.docx"
    dc4.render(out)
    cells = [c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "Arbor'Cévennes" in cells and "seul, sans groupement" in cells


def test_a_piece_with_its_file_but_still_a_faire_is_flagged_like_the_checklist_says(
    attached: tuple[Session, int],
) -> None:
    """The checklist counts a piece « à faire » as blocking even with its file; the final
    check passed it silently. It now asks to confirm the file and mark the piece ready."""
    session, tid = attached
    checklist = ChecklistService(session)
    blocking = checklist.view(tid).progress.blocking
    assert blocking > 0
    check = DepositService(session).check(tid, count=False)
    flagged = [i for i in check.issues if i.code == "piece_in_progress"]
    assert len(flagged) == blocking and check.ok  # a warning, not a block
    assert all("« à faire »" in i.message_fr for i in flagged)
    for issue in flagged:
        checklist.set_status(tid, issue.uid, "pret")
    assert checklist.view(tid).progress.blocking == 0
    assert not [i for i in DepositService(session).check(tid, count=False).issues
                if i.code == "piece_in_progress"]


def test_a_candidature_deposit_leaves_the_offers_phase_open_r2161_8(tmp_path: Path) -> None:
    """R2161-6 / R2161-8: in an appel d'offres restreint, recording the deposit of the
    candidature (no offers deadline yet) keeps the dossier open: status not « Déposé », the
    offers' milestones still to do, the next step waits for the invitation; a deposit after
    the candidatures deadline cites R2143-2, not the offers' article."""
    from datetime import datetime as dt

    from responder.services.deadlines import DeadlineService
    from responder.services.next_step import next_step

    today = date.today()
    candidatures = dt.combine(today - timedelta(days=2), dt.min.time()).replace(hour=12)
    session, tid = _dossier(tmp_path, procedure="aor", deadline=None,
                            candidatures_deadline=candidatures.isoformat())
    try:
        service = DepositService(session)
        saved, warnings = service.record(tid, candidatures - timedelta(hours=3))
        assert saved.status != TenderStatus.DEPOSE and not saved.offers_deposited
        assert warnings == []
        assert next_step(session, saved, today).startswith("Attendre l'invitation")
        codes = [i.code for i in service.check(tid, count=False).issues]
        assert "candidature_deposited" in codes and "already_deposited" not in codes
        late, warnings = service.record(tid, candidatures + timedelta(hours=1))
        assert warnings and "R2143-2" in warnings[0] and "R2151-5" not in warnings[0]
        # The invitation arrives with the offers deadline: the offers' steps are to do.
        offers = dt.combine(today + timedelta(days=30), dt.min.time()).replace(hour=12)
        session.tenders.update(late.model_copy(update={"deadline": offers,
                                                       "invitation_on": today}))
        plan = DeadlineService(session).plan_of(session.tenders.get(tid), today)
        assert plan is not None
        deposit_step = next(d for d in plan.dates if d.kind == "deposit")
        assert not deposit_step.done
        assert not session.tenders.get(tid).offers_deposited  # type: ignore[union-attr]
        offer, _ = service.record(tid, dt.combine(today, dt.min.time()).replace(hour=9),
                                  now=dt.combine(today, dt.min.time()).replace(hour=23))
        assert offer.offers_deposited and offer.status == TenderStatus.DEPOSE
    finally:
        session.close()
