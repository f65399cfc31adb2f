"""The mémoire as a buyer reads it: who is the candidate, confidential references, typography."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from responder import fr
from responder.domain.tender import Tender
from responder.services.memoire import ConfidentialReferences, MemoireService
from responder.services.workspace import Session
from tests.services import memoire_fixtures
from tests.services.memoire_fixtures import TODAY, cite_confidential

demo = memoire_fixtures.demo  # the shared fixture

ROOT = Path(__file__).resolve().parents[2]
NB = "\u00a0"


def _groupement_tender(session: Session) -> Tender:
    return next(t for t in session.tenders.list() if t.groupement is not None)


def _alone_tender(session: Session) -> Tender:
    return next(t for t in session.tenders.list() if t.groupement is None)


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _all_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    parts += [p.text for s in document.sections for p in s.footer.paragraphs]
    return "\n".join(parts)


@pytest.mark.parametrize("template", ["standard", "insertion"])
def test_groupement_memoire_presents_the_groupement_and_its_mandataire(
    demo: Session, tmp_path: Path, template: str
) -> None:
    tender = _groupement_tender(demo)
    assert tender.id is not None
    out = MemoireService(demo).render(tender.id, tmp_path / "m.docx", template=template,
                                      today=TODAY)
    paragraphs = _paragraphs(out)
    # The title page names the groupement, the mandataire first, not the user's structure.
    start = paragraphs.index("Offre présentée par le groupement")
    assert paragraphs[start + 1] == "Verts Chemins"
    assert paragraphs[start + 2] == f"Mandataire – SIRET {fr.siret('83876521200017')}"
    assert "Ressourcerie du Pont-Vieux" in paragraphs[start + 3]
    assert "Cotraitant – SIRET" in paragraphs[start + 4]
    assert "Offre présentée par" not in paragraphs  # the single-candidate wording is gone
    # Then the groupement, then each member's role and prestations.
    assert "Présentation du groupement" in paragraphs
    text = _all_text(out)
    assert "Son mandataire, Verts Chemins, représente l'ensemble des membres" in text
    document = docx.Document(str(out))
    members = next(t for t in document.tables if t.rows[0].cells[0].text == "Membre")
    rows = [[c.text for c in r.cells] for r in members.rows]
    assert [r[:2] for r in rows[1:]] == [
        ["Verts Chemins", "Mandataire"], ["Ressourcerie du Pont-Vieux", "Cotraitant"],
        ["ESAT Les Ateliers de l'Avène", "Cotraitant"]]
    assert f"(55,41{NB}%)" in rows[1][4]
    assert "Groupement Verts Chemins (mandataire) – Mémoire technique" in text


def test_single_candidate_memoire_is_unchanged(demo: Session, tmp_path: Path) -> None:
    tender = _alone_tender(demo)
    assert tender.id is not None
    out = MemoireService(demo).render(tender.id, tmp_path / "m.docx", today=TODAY)
    paragraphs = _paragraphs(out)
    start = paragraphs.index("Offre présentée par")
    assert paragraphs[start + 1] == "Ressourcerie du Pont-Vieux"
    assert "Présentation du groupement" not in paragraphs
    # One SIRET format (narrow no-break spaces) on the title page.
    assert any(fr.siret("89912345900013") in p for p in paragraphs)


def test_confidential_reference_is_refused_without_confirmation(
    demo: Session, tmp_path: Path
) -> None:
    tender = _alone_tender(demo)
    assert tender.id is not None
    service = MemoireService(demo)
    secret = cite_confidential(demo, tender, with_plain=True)
    out = tmp_path / "m.docx"
    with pytest.raises(ConfidentialReferences) as info:
        service.render(tender.id, out, today=TODAY)
    assert secret.title in str(info.value.messages) and "--allow-confidential" in str(
        info.value.messages)
    assert not out.exists()
    # `memoire check` lists it.
    points = service.check(service.outline(tender.id), TODAY)
    assert [p.code.value for p in points if secret.title in p.message_fr] == [
        "reference_confidentielle"]
    # Confirmed for this document: it is printed.
    service.render(tender.id, out, today=TODAY, allow_confidential=True)
    assert secret.title in _all_text(out)


def test_cli_allow_confidential_and_check(demo: Session, tmp_path: Path) -> None:
    tender = _alone_tender(demo)
    assert tender.id is not None
    secret = cite_confidential(demo, tender)
    path = demo.ws.path

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "responder", *args, "--workspace",
                               str(path)], capture_output=True, text=True, cwd=ROOT,
                              timeout=120)

    out = tmp_path / "cli.docx"
    refused = run("memoire", "build", str(tender.id), "--out", str(out))
    assert refused.returncode == 1 and "confidentielle" in refused.stderr
    assert not out.exists()
    checked = run("memoire", "check", str(tender.id))
    assert checked.returncode == 0 and secret.title in checked.stdout
    done = run("memoire", "build", str(tender.id), "--out", str(out), "--allow-confidential")
    assert done.returncode == 0, done.stderr
    assert out.exists()


def test_generated_sentences_have_a_no_break_space_before_colons(
    demo: Session, tmp_path: Path
) -> None:
    tender = _alone_tender(demo)
    assert tender.id is not None
    out = MemoireService(demo).render(tender.id, tmp_path / "m.docx", today=TODAY)
    text = _all_text(out)
    assert f"Acheteur{NB}: " in text
    assert " :" not in text and " ;" not in text and "« " not in text and " »" not in text


def test_a_lot_memoire_presents_the_members_of_that_lot(demo: Session, tmp_path: Path) -> None:
    tender = _groupement_tender(demo)
    assert tender.id is not None
    out = MemoireService(demo).render(tender.id, tmp_path / "lot3.docx", lot=3, today=TODAY)
    document = docx.Document(str(out))
    members = next(t for t in document.tables if t.rows[0].cells[0].text == "Membre")
    names = [r.cells[0].text for r in members.rows[1:]]
    # The ESAT does not answer lot 3.
    assert names == ["Verts Chemins", "Ressourcerie du Pont-Vieux"]
    assert f"(70,00{NB}%)" in members.rows[1].cells[4].text
    titles = [p.text for p in document.paragraphs]
    assert any(t.startswith("Répartition – Lot 3") for t in titles)
    assert not any(t.startswith("Répartition – Lot 1") for t in titles)
