"""The « bordereau des pièces »: a real .docx read back with python-docx, and the CSV."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest

from responder.documents.bordereau import (
    bordereau_csv,
    bordereau_template,
    render_bordereau,
    write_bordereau_csv,
)
from responder.domain.checklist import ChecklistMember
from responder.domain.common import InvalidInput
from responder.domain.tender import Tender
from responder.services.checklist import ChecklistService
from responder.services.workspace import Session
from tests.helpers import new_session, tender_data

TODAY = date(2026, 11, 29)
MEMBERS = ["Ressourcerie des Garrigues", "Jardins & Cie", "L'Établi <Gardois>"]


@pytest.fixture()
def groupement(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    session, sid = new_session(tmp_path / "w.responder")
    tender = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
    assert tender.id is not None
    service = ChecklistService(session)
    service.set_members(tender.id, [
        ChecklistMember(name=MEMBERS[0], siret="73282932000074", structure_id=sid),
        ChecklistMember(name=MEMBERS[1]),
        ChecklistMember(name=MEMBERS[2]),
    ])
    rib = next(i.uid for i in service.current(tender.id).items if i.key == "rib")
    service.set_status(tender.id, rib, "sans_objet", "un seul compte")
    yield session, tender.id
    session.close()


def _table_rows(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    [table] = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_template_is_shipped_with_its_tags() -> None:
    template = bordereau_template()
    assert template.is_file()
    cells = " ".join(c.text for t in docx.Document(str(template)).tables for r in t.rows
                     for c in r.cells)
    assert "{%tr for r in sec.rows %}" in cells and "{{ r.member }}" in cells


def _sections(path: Path) -> list[tuple[str, list[list[str]]]]:
    """(heading just before each table, the table's rows) in document order."""
    document = docx.Document(str(path))
    found: list[tuple[str, list[list[str]]]] = []
    heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            if block.style.name.startswith("Heading"):
                heading = block.text
        else:
            found.append((heading, [[c.text for c in r.cells] for r in block.rows]))
    return found


def test_docx_lists_only_the_pieces_due_at_the_deposit(
    groupement: tuple[Session, int], tmp_path: Path
) -> None:
    """« Bordereau des pièces »: candidature then offer, no piece of the attributaire (they
    are asked of the winner after the deadline, R2144-4), no « À faire » status."""
    session, tid = groupement
    service = ChecklistService(session)
    view = service.view(tid, TODAY)
    out = service.export(tid, tmp_path / "bordereau.docx", TODAY)
    sections = _sections(out)
    assert [title for title, _ in sections][0] == "Candidature"
    assert all(title.startswith(("Candidature", "Offre")) for title, _ in sections)
    header = sections[0][1][0]
    assert header == ["N°", "Pièce", "Lot(s)", "Fournie par", "Fichier déposé"]
    body = [row for _, rows in sections for row in rows[1:]]
    due = [r for r in view.rows if r.item.counted and r.item.phase.value != "attributaire"]
    winner = [r for r in view.rows if r.item.counted and r.item.phase.value == "attributaire"]
    assert winner and len(body) == len(due)
    assert [r[0] for r in body] == [str(n) for n in range(1, len(body) + 1)]
    labels = {r[1] for r in body}
    assert not labels & {r.item.label for r in winner}
    members_in_table = {r[3] for r in body}
    for name in MEMBERS:
        assert name in members_in_table  # « & » and « < > » escaped, not lost
    # French typography: a no-break space before the colon (the old pin had a plain space).
    assert "Groupement (mandataire\u00a0: Ressourcerie des Garrigues)" in members_in_table
    dc2 = [r for r in body if r[1] == "Déclaration du candidat (DC2)"]
    assert sorted(r[3] for r in dc2) == sorted(MEMBERS)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "À faire" not in text + " ".join(" ".join(r) for r in body)
    # The deadline with its hour (tender_data: 18 December 2026, 12:00).
    assert ("Date et heure limites de remise des offres\u00a0: 18\u00a0décembre 2026 "
            "à\u00a012\u00a0h\u00a000") in text
    assert "Jardins & Cie (Cotraitant)" in text
    assert f"Ne figurent pas ici {len(winner)}\u00a0pièces de l'attributaire" in text
    assert "Fait à ………………………………, le ………………………" in text


def test_csv_is_semicolon_separated_utf8_with_bom(
    groupement: tuple[Session, int], tmp_path: Path
) -> None:
    service = ChecklistService(groupement[0])
    raw = service.export(groupement[1], tmp_path / "bordereau.csv", TODAY).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:5] == ["N°", "Pièce", "Phase", "Lot(s)", "Membre"]
    assert len(lines) - 1 == service.view(groupement[1], TODAY).progress.total
    assert any("Jardins & Cie" in line for line in lines)


def test_an_unknown_extension_is_refused(groupement: tuple[Session, int], tmp_path: Path) -> None:
    session, tid = groupement
    with pytest.raises(InvalidInput, match=r"\.docx"):
        ChecklistService(session).export(tid, tmp_path / "bordereau.pdf")
    assert not (tmp_path / "bordereau.pdf").exists()


def _context() -> dict[str, Any]:
    return {
        "title": "Marché « Jardins & Cie »", "buyer": "Ville", "reference": "R-1",
        "deadline": "18/12/2026", "today": "29/11/2026", "progress": "0 / 1 pièce prête",
        "members": [{"name": "A & B", "siret": "", "role": "Candidat"}],
        "rows": [{"number": "1", "label": "DC1 <urgent>", "phase": "Candidature",
                  "lots": "Tous les lots", "member": "A & B", "file": "", "status": "À faire",
                  "expires_on": "", "note": "x;y"}],
        "sections": [{"title": "Candidature", "rows": [
            {"number": "1", "label": "DC1 <urgent>", "lots": "Tous les lots", "member": "A & B",
             "file": ""}]}],
        "left_out": "",
    }


def test_rendering_escapes_and_replaces_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "b.docx"
    out.write_bytes(b"ancienne version")
    render_bordereau(_context(), out)
    assert _table_rows(out)[1][:2] == ["1", "DC1 <urgent>"]
    assert not list(tmp_path.glob(".*.tmp"))
    csv_text = bordereau_csv(_context())
    assert '"x;y"' in csv_text  # a semicolon inside a cell is quoted
    write_bordereau_csv(_context(), tmp_path / "b.csv")
    assert (tmp_path / "b.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent (optionnel)")
def test_libreoffice_opens_the_bordereau(tmp_path: Path) -> None:
    out = render_bordereau(_context(), tmp_path / "b.docx")
    result = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, timeout=120, check=False,
    )
    assert result.returncode == 0
    assert (tmp_path / "b.pdf").stat().st_size > 1000
