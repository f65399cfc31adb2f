"""« Importer un RC… »: background reading, review dialog (evidence, edits, diff), drop."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from responder.domain.enums import Reservation
from responder.services.changes import Changes, Topic
from responder.services.checklist import ChecklistService
from responder.services.rc_import import RcImportService
from responder.services.rc_reader import extract_file
from responder.services.workspace import Session
from responder.ui.dialogs.rc_review import NOT_FOUND, NOT_FOUND_ROLE, RcReviewDialog
from responder.ui.pages.tenders_page import TendersPage

from .conftest import Services
from .fakes import FakePrompts
from .helpers import page_alone

_ = page_alone  # the ``page`` fixture: the Consultations page built alone

RC_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "rc"


def _shown(prompts: FakePrompts) -> list[Any]:
    """The review dialogs opened and the messages shown, in order."""
    return ([asked[1] for asked in prompts.asked if asked[0] == "run_dialog"]
            + [text for kind, _title, text in prompts.messages if kind == "inform"])


def _run_import(qtbot: Any, page: TendersPage, path: Path) -> list[Any]:
    """Import ``path`` through the button (the file chooser answers ``path``, the review is
    left unconfirmed); returns the review dialogs or the message shown."""
    prompts = page.ctx.prompts
    prompts.script("open_file", path).script("run_dialog", False)
    page.import_rc_button.click()
    qtbot.waitUntil(lambda: bool(_shown(prompts)), timeout=15000)
    return _shown(prompts)


def test_button_reads_in_background_and_dialog_creates_the_dossier(
    qtbot: Any, page: TendersPage, services: Services, session: Session
) -> None:
    assert page.import_rc_button.accessibleName() == "Importer un règlement de consultation"
    dialogs = _run_import(qtbot, page, RC_DIR / "rc01_plateforme.pdf")
    dialog = dialogs[0]
    assert isinstance(dialog, RcReviewDialog)
    qtbot.addWidget(dialog)
    # Each field shows its value and the sentence it came from, with its page.
    assert dialog.object_edit.text().startswith("Entretien des espaces verts")
    assert "p. 1" in dialog.evidence_deadline.text()  # type: ignore[attr-defined]
    assert "19 janvier 2026" in dialog.evidence_deadline.text()  # type: ignore[attr-defined]
    assert dialog.deadline_edit.value() == datetime(2026, 1, 19, 12, 0)
    assert "reserved" in dialog._not_found
    assert dialog.reserved_combo.property("role") == NOT_FOUND_ROLE
    # Correct in place, then confirm (what the button does).
    dialog.object_edit.setText("Espaces verts — agglomération d'Alès")
    dialog.deadline_edit.set_value(datetime(2026, 1, 20, 11, 0))
    dialog.refresh_diff()
    assert "Le nouveau dossier contiendra" in dialog.diff_label.text()
    before = len(services.tenders.list())
    saved = dialog.apply()
    assert saved is not None and saved.id is not None
    assert len(services.tenders.list()) == before + 1
    stored = services.tenders.get(saved.id)
    assert stored.title == "Espaces verts — agglomération d'Alès"
    assert stored.deadline == datetime(2026, 1, 20, 11, 0)
    assert [lot.number for lot in stored.lots] == [1, 2, 3]
    assert "bpu" in ChecklistService(session).current(saved.id).requested_keys
    # The page shows the new dossier once the dialog is accepted, and says it changed.
    announced: list[Changes] = []
    page.ctx.bus.changed.connect(announced.append)
    page.rc_importer._saved(saved)
    assert page.current_tender_id() == saved.id
    assert announced and announced[0].touches_tender(saved.id, Topic.TENDERS)


def test_not_found_fields_are_visibly_empty(qtbot: Any, page: TendersPage) -> None:
    dialog = _run_import(qtbot, page, RC_DIR / "rc03_mapa_lettre.docx")[0]
    assert isinstance(dialog, RcReviewDialog)
    qtbot.addWidget(dialog)
    assert dialog.reference_edit.text() == ""
    assert dialog.reference_edit.property("role") == NOT_FOUND_ROLE
    assert NOT_FOUND in dialog.evidence_site_visit.text()  # type: ignore[attr-defined]
    assert not dialog.questions_edit.is_set()
    assert dialog.reserved_combo.currentData() is not None


def test_update_shows_the_diff_and_bad_input_saves_nothing(
    qtbot: Any, services: Services, session: Session
) -> None:
    service = RcImportService(session)
    extracted = extract_file(RC_DIR / "rc06_lot_reserve.docx")
    created = service.apply(service.plan(extracted), services.structure_id())
    assert created.id is not None
    extracted["deadline"] = "2026-04-22T12:00"
    dialog = RcReviewDialog(extracted, service, services.structure_id(),
                            [(created.id, created.title)], created.id)
    qtbot.addWidget(dialog)
    dialog.refresh_diff()
    text = dialog.diff_label.text()
    assert "Modifications du dossier" in text
    assert "15/04/2026 17:00" in text and "22/04/2026 12:00" in text
    assert dialog.ok_button.text() == "Mettre à jour le dossier"
    # A questions deadline after the offers deadline is refused: message, nothing saved.
    dialog.questions_edit.set_value(datetime(2026, 5, 1, 12, 0))
    assert dialog.apply() is None
    assert dialog.error_label.isVisibleTo(dialog)
    assert "Rien n'a été enregistré" in dialog.error_label.text()
    stored = services.tenders.get(created.id)
    assert stored.deadline == datetime(2026, 4, 15, 17, 0)
    dialog.questions_edit.set_value(None)
    saved = dialog.apply()
    assert saved is not None and saved.id == created.id
    assert services.tenders.get(created.id).deadline == datetime(2026, 4, 22, 12, 0)


def test_refused_file_gets_its_message_and_no_dialog(qtbot: Any, page: TendersPage) -> None:
    shown = _run_import(qtbot, page, RC_DIR / "broken" / "scanned.pdf")
    assert isinstance(shown[0], str) and "image scannée" in shown[0]
    assert page.import_rc_button.isEnabled()


# Qt 6 marks the QPoint constructor of drag events deprecated but offers no other one.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dropping_a_pdf_on_the_page_imports_it(qtbot: Any, page: TendersPage) -> None:
    page.ctx.prompts.script("run_dialog", False)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(RC_DIR / "rc02_departement.pdf"))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page, drop)
    qtbot.waitUntil(lambda: bool(_shown(page.ctx.prompts)), timeout=15000)
    shown = _shown(page.ctx.prompts)
    qtbot.addWidget(shown[0])
    assert shown[0].reference_edit.text() == "26-DCP-0112"
    # Other files are not taken.
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile("/tmp/photo.jpg")])
    refused = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, other,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    QApplication.sendEvent(page, refused)
    assert not refused.isAccepted()


def test_every_dialog_control_has_a_french_accessible_name(
    qtbot: Any, session: Session, services: Services
) -> None:
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QScrollBar,
        QWidget,
    )

    dialog = RcReviewDialog(extract_file(RC_DIR / "rc07_criteres_tableau.docx"),
                            RcImportService(session), services.structure_id())
    qtbot.addWidget(dialog)
    dialog.show()
    unnamed = []
    for widget in dialog.findChildren(QWidget):
        parent = widget.parentWidget()
        if (widget.focusPolicy() == Qt.FocusPolicy.NoFocus
                or isinstance(widget, QScrollBar | QLabel)
                or isinstance(parent, QAbstractSpinBox | QComboBox)
                or widget.window() is not dialog):
            continue
        if not widget.accessibleName().strip():
            unnamed.append(type(widget).__name__)
    assert not unnamed, unnamed


def test_inferred_values_are_flagged_first_and_other_facts_go_to_notes(
    qtbot: Any, session: Session
) -> None:
    """A deadline whose year came from the weekday is highlighted « à vérifier »; what the
    dossier has no field for (briefing meeting, PSE …) is listed and saved in the notes."""
    from responder.ui.dialogs.rc_review import INFERRED, INFERRED_ROLE

    corpus = RC_DIR / "corpus"
    extracted = extract_file(corpus / "c23_achatpublic_tonte.pdf")
    dialog = RcReviewDialog(extracted, RcImportService(session), None)
    qtbot.addWidget(dialog)
    assert dialog.deadline_edit.value() == datetime(2022, 1, 31, 12, 0)
    assert INFERRED in dialog.evidence_deadline.text()  # type: ignore[attr-defined]
    assert "deadline" in dialog._inferred
    assert dialog.deadline_edit.property("role") == INFERRED_ROLE
    assert "object" not in dialog._inferred  # read as written: no warning

    extracted = extract_file(corpus / "c35_ccas_reunion.docx")
    dialog = RcReviewDialog(extracted, RcImportService(session), None)
    qtbot.addWidget(dialog)
    assert "Réunion d'information obligatoire : 08/03/2022 14:00" in dialog.other_label.text()
    assert dialog.reserved_combo.currentData() is not None  # ["L2113-13"] → SIAE
    tender = dialog.apply()
    assert tender is not None
    assert "Réunion d'information obligatoire" in (tender.notes or "")
    assert "Marché réservé : SIAE (L2113-13)" in (tender.notes or "")


def test_a_joint_market_reservation_keeps_both_articles_through_the_dialog_l2113_14(
    qtbot: Any, session: Session
) -> None:
    """L2113-14: an RC reserving the market to both ESAT / EA and SIAE keeps both articles
    when the user confirms the dialog without touching the reservation; choosing another
    article replaces them."""
    extracted = extract_file(RC_DIR / "corpus" / "c35_ccas_reunion.docx")
    extracted["reserved"] = ["L2113-12", "L2113-13"]
    dialog = RcReviewDialog(extracted, RcImportService(session), None)
    qtbot.addWidget(dialog)
    assert dialog.edited()["reserved"] == ["L2113-12", "L2113-13"]
    index = dialog.reserved_combo.findData(Reservation.SIAE)
    assert index >= 0
    dialog.reserved_combo.setCurrentIndex(index)
    assert dialog.edited()["reserved"] == ["L2113-13"]
