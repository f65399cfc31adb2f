"""Reading RC files (refusals included), the ``rc`` CLI and creating/updating a dossier."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from responder.cli import main
from responder.domain.errors import InvalidInput
from responder.services.checklist import ChecklistService
from responder.services.rc_import import RcImportService
from responder.services.rc_reader import RcReadError, extract_file, read_rc
from responder.services.tenders import TenderService
from responder.services.workspace import Session, open_session
from tests.helpers import odt_file

from ..helpers import new_session

RC_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "rc"
BROKEN = RC_DIR / "broken"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened, _ = new_session(tmp_path / "w.sqlite3")
    yield opened
    opened.close()


_odt = odt_file


@pytest.mark.parametrize(
    ("name", "kind", "words"),
    [
        ("scanned.pdf", "scanned", "image scannée"),
        ("empty.pdf", "empty", "est vide"),
        ("photo.pdf", "not_document", "image JPEG"),
        ("locked.pdf", "locked", "mot de passe"),
        ("not_rc.docx", "not_rc", "ne ressemble pas à un règlement"),
    ],
)
def test_refusals_have_their_own_french_message(name: str, kind: str, words: str) -> None:
    with pytest.raises(RcReadError) as caught:
        read_rc(BROKEN / name)
    assert caught.value.kind == kind
    assert words in caught.value.messages[""]
    assert name in caught.value.messages[""]


@pytest.mark.parametrize("keep", [400, 0.5])
def test_truncated_pdf_is_refused_as_damaged(tmp_path: Path, keep: float) -> None:
    data = (RC_DIR / "rc03_mapa_lettre.pdf").read_bytes()
    path = tmp_path / "coupe.pdf"
    path.write_bytes(data[: int(keep if keep > 1 else len(data) * keep)])
    with pytest.raises(RcReadError) as caught:
        read_rc(path)
    assert caught.value.kind == "corrupt"
    assert "endommagé" in caught.value.messages[""]


def test_aes_pdf_with_empty_password_is_read() -> None:
    got = extract_file(RC_DIR / "rc03_mapa_lettre_aes.pdf")
    assert got["deadline"] == "2026-05-12T14:00"


def test_docx_reads_tables_in_document_order(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Règlement de la consultation — Acheteur : Commune de Lédignan")
    doc.add_paragraph("Critères d'attribution :")
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Prix", "30 %"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Valeur technique", "70 %"
    doc.add_paragraph("Date limite de remise des offres : 02/02/2026 à 12h00. Le candidat …")
    path = tmp_path / "rc.docx"
    doc.save(str(path))
    text = read_rc(path).pages[0]
    assert text.index("Prix | 30 %") < text.index("Date limite")
    got = extract_file(path)
    assert [c["name"] for c in got["criteria"]] == ["Prix", "Valeur technique"]


def test_cli_extract_json_and_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "w.sqlite3"
    assert main(["--workspace", str(ws), "rc", "extract", str(RC_DIR / "rc01_plateforme.pdf"),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["deadline"] == "2026-01-19T12:00"
    assert main(["rc", "extract", str(RC_DIR / "rc01_plateforme.pdf")]) == 0
    text = capsys.readouterr().out
    assert "19/01/2026 12:00  (p. 1)" in text and "Appel d'offres ouvert" in text
    assert "Marché réservé    — (non trouvé)" in text
    assert data["evidence"]["deadline"]["page"] == 1
    for name in ("scanned.pdf", "empty.pdf", "photo.pdf", "locked.pdf"):
        assert main(["--workspace", str(ws), "rc", "import", str(BROKEN / name)]) == 1
        assert "Erreur" in capsys.readouterr().err
    assert not ws.exists()  # nothing created for a refused file


def test_cli_import_creates_dossier_and_checklist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "w.sqlite3"
    session, _ = new_session(ws)
    session.close()
    assert main(["--workspace", str(ws), "rc", "import",
                 str(RC_DIR / "rc04_travaux_dpgf.pdf")]) == 0
    tender_id = int(capsys.readouterr().out.strip())
    session = open_session(ws, create=False)
    try:
        tender = TenderService(session).get(tender_id)
        assert tender.title.startswith("Réhabilitation de 24 logements")
        assert tender.deadline is not None and tender.deadline.hour == 12
        assert [lot.number for lot in tender.lots] == [1, 2, 3, 4]
        assert tender.lots[3].reserved is not None
        checklist = ChecklistService(session).current(tender_id)
        assert "dpgf" in checklist.requested_keys
        assert any(item.key == "attestation_visite" for item in checklist.items)
    finally:
        session.close()


def test_update_shows_a_diff_then_saves(session: Session) -> None:
    service = RcImportService(session)
    created = service.apply(service.plan(extract_file(RC_DIR / "rc06_lot_reserve.docx")))
    assert created.id is not None
    extracted = extract_file(RC_DIR / "rc06_lot_reserve.docx")
    extracted["deadline"] = "2026-04-20T12:00"
    extracted["variants"] = "autorisees"
    plan = service.plan(extracted, created.id)
    changed = {c.field: (c.before, c.after) for c in plan.changes}
    assert changed == {"deadline": ("15/04/2026 17:00", "20/04/2026 12:00"),
                       "variants": ("Interdites", "Autorisées")}
    # Planning writes nothing.
    assert TenderService(session).get(created.id).variants is not None
    assert TenderService(session).get(created.id).variants.value == "interdites"
    updated = service.apply(plan)
    assert updated.id == created.id and updated.variants is not None
    assert updated.variants.value == "autorisees"


def test_invalid_extraction_saves_nothing(session: Session) -> None:
    service = RcImportService(session)
    extracted = extract_file(RC_DIR / "rc02_departement.docx")
    extracted["questions_deadline"] = "2026-12-31T12:00"  # after the deadline
    before = len(TenderService(session).list())
    with pytest.raises(InvalidInput) as caught:
        service.apply(service.plan(extracted))
    assert "questions" in str(caught.value)
    assert len(TenderService(session).list()) == before


def test_points_are_brought_to_100_with_a_warning(session: Session) -> None:
    service = RcImportService(session)
    extracted = extract_file(RC_DIR / "rc03_mapa_lettre.docx")
    extracted["criteria"] = [{"name": "Prix", "weight": 12, "subcriteria": []},
                             {"name": "Valeur technique", "weight": 8, "subcriteria": []}]
    plan = service.plan(extracted)
    assert plan.warnings and "100" in plan.warnings[0]
    tender = service.apply(plan)
    assert [float(c.weight) for c in tender.criteria] == [60.0, 40.0]
    assert "L2113-12" in tender.notes
    assert "agrement_structure" in ChecklistService(session).current(
        tender.id or 0).requested_keys


def test_odt_is_read(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>'
        "<office:text><text:h>Règlement de la consultation</text:h>"
        "<text:p>Acheteur : Commune de Sauve</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>Prix</text:p>"
        "</table:table-cell><table:table-cell><text:p>40 %</text:p></table:table-cell>"
        "</table:table-row></table:table>"
        "<text:p>Date limite de remise des offres : 12/06/2026 à 12h00. Le candidat…</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    path = _odt(tmp_path / "rc.odt", content)
    got = extract_file(path)
    assert got["buyer"] == "Commune de Sauve"
    assert got["deadline"] == "2026-06-12T12:00"
    assert "Prix | 40 %" in read_rc(path).pages[0]


def test_damaged_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rc.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<pas du xml")
    with pytest.raises(RcReadError) as caught:
        read_rc(path)
    assert caught.value.kind == "corrupt"
    assert "endommagé" in caught.value.messages[""]


def test_a_docx_header_and_a_phase_one_rc_are_read(tmp_path: Path) -> None:
    """The first page's header is read; a phase-1 RC (no offers deadline) is not refused and
    its candidatures and invitations dates are extracted."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Consultation n° 2022-MOE-07"
    doc.add_paragraph("Règlement de la consultation – Phase 1 – Candidatures")
    doc.add_paragraph("Objet : Maîtrise d'œuvre pour la construction d'une crèche")
    doc.add_paragraph("Date limite de réception des candidatures : vendredi 11 février 2022 "
                      "à 12h00")
    doc.add_paragraph("Date prévisionnelle d'envoi des invitations à soumissionner : 7 mars "
                      "2022")
    path = tmp_path / "phase1.docx"
    doc.save(str(path))
    got = extract_file(path)
    assert got["reference"] == "2022-MOE-07"
    assert got["candidatures_deadline"] == "2022-02-11T12:00"
    assert got["invitation_on"] == "2022-03-07"
    assert got["deadline"] is None and "deadline" in got["missing"]
    assert got["market_type"] == "services"


def test_an_odt_rc_is_read(tmp_path: Path) -> None:
    body = "".join(f"<text:p>{line}</text:p>" for line in (
        "Règlement de la consultation", "Objet : Entretien des espaces verts",
        "Date limite de remise des offres : 14/03/2022 à 12h00"))
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
               f"<office:body><office:text>{body}</office:text></office:body>"
               "</office:document-content>")
    path = _odt(tmp_path / "rc.odt", content)
    got = extract_file(path)
    assert got["deadline"] == "2022-03-14T12:00"
    assert got["object"] == "Entretien des espaces verts"


def test_a_deadline_in_a_cover_text_box_is_read(tmp_path: Path) -> None:
    """Covers often hold the deadline in a text box (outside the paragraph's runs)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    paragraph = doc.add_paragraph("Règlement de la consultation")
    vml = 'xmlns:v="urn:schemas-microsoft-com:vml"'
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} {vml}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        "<w:t>Date limite de remise des offres : 14/03/2022 à 12h00</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"))
    path = tmp_path / "box.docx"
    doc.save(str(path))
    assert read_rc(path).pages[0].count("Date limite de remise des offres") == 1
    assert extract_file(path)["deadline"] == "2022-03-14T12:00"


def test_a_restricted_rc_fills_the_two_phase_fields_of_the_dossier_r2161_6(
    session: Session,
) -> None:
    """R2161-6 / R2161-8: a phase-1 RC of an appel d'offres restreint gives the dossier its
    candidatures deadline and the planned invitation date (fields, not notes), and no offers
    deadline is invented."""
    from datetime import date, datetime

    service = RcImportService(session)
    plan = service.plan(extract_file(RC_DIR / "corpus" / "c13_restreint_moe.pdf"))
    assert any(w.startswith("Le RC ne donne que la date limite des candidatures")
               for w in plan.warnings)
    created = service.apply(plan)
    assert created.procedure.value == "aor"
    assert created.candidatures_deadline == datetime(2022, 2, 11, 12, 0)
    assert created.invitation_on == date(2022, 3, 7)
    assert created.deadline is None
    assert "candidatures" not in created.notes.lower()
    again = service.plan(extract_file(RC_DIR / "corpus" / "c13_restreint_moe.pdf"),
                         created.id)
    assert "candidatures_deadline" not in {c.field for c in again.changes}


def test_a_joint_reservation_keeps_both_articles_on_the_lot_l2113_14(session: Session) -> None:
    """L2113-14: a lot reserved to both ESAT / EA (L2113-12) and SIAE (L2113-13) keeps both
    articles when the RC is imported."""
    service = RcImportService(session)
    created = service.apply(
        service.plan(extract_file(RC_DIR / "corpus" / "c17_dep_nettoyage.docx")))
    lot = next(lot for lot in created.lots if lot.number == 2)
    assert [r.value for r in lot.reserved] == ["L2113-12", "L2113-13"]
