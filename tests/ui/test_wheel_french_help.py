"""The mouse wheel never changes an unfocused combo or spin box; Qt's own dialogs speak
French; F1 and the « ? » buttons explain the term of a field; the go / no-go tab."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QWhatsThis,
    QWidget,
)

from responder.domain.tender import Tender
from responder.fr import screen_amount
from responder.ui.context import UiContext
from responder.ui.main_window import MainWindow
from responder.ui.models.tender_table import COL_NEXT, COL_STATUS
from responder.ui.pages.dossier_tabs import dossier_tab
from responder.ui.pages.gonogo_tab import GoNoGoTab
from responder.ui.pages.groupement_tab import GroupementTab
from responder.ui.pages.tenders_page import TendersPage
from responder.ui.widgets.help_button import HelpButton
from responder.ui.widgets.wheel_guard import install_wheel_guard, paused
from responder.ui.window_extras import context_help

from .conftest import Services
from .helpers import open_dossier, page_alone, shown_tab

_ = page_alone  # the ``page`` fixture: the Consultations page built alone


def _wheel(widget: Any, steps: int = -1) -> None:
    center = QPointF(widget.rect().center())
    event = QWheelEvent(
        center, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(0, 0),
        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(widget, event)


def _saved(services: Services) -> Tender:
    saved = services.tenders.save(
        {"title": "Nettoyage des gymnases", "procedure": "mapa"}, services.structure_id())
    assert saved.id is not None
    return saved


def _open_dossier(window: MainWindow, services: Services) -> None:
    window.open_tender(_saved(services).id or 0)


def _on_page(page: TendersPage, services: Services) -> TendersPage:
    """The Consultations page (built alone) showing a new MAPA dossier."""
    return open_dossier(page, _saved(services).id)


def _gonogo(ctx: UiContext, qtbot: Any, services: Services) -> Any:
    """The « Go / no-go » tab alone on a new MAPA dossier."""
    return shown_tab(GoNoGoTab(ctx), qtbot, _saved(services), (1100, 800))


def test_wheel_over_an_unfocused_combo_changes_nothing(
    page: TendersPage, services: Services, qtbot: Any
) -> None:
    editor = _on_page(page, services).editor
    combo = editor.procedure_combo
    assert isinstance(combo, QComboBox)
    editor.title_edit.setFocus()
    before = combo.currentText()
    assert before == "Procédure adaptée (MAPA)"
    _wheel(combo)
    _wheel(combo)
    assert combo.currentText() == before
    spin = editor.validity_spin
    spin.setValue(120)
    _wheel(spin)
    assert spin.value() == 120  # a spin box too (« Effectif 34 became 31 »)
    assert not combo.hasFocus()
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a wheel gives no focus
    # Focused on purpose, the wheel works as usual: the guard is what kept the value.
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=2000)
    _wheel(combo)
    assert combo.currentText() != before


def test_widgets_built_while_the_guard_is_paused_are_guarded_after(qtbot: Any) -> None:
    # A page switch builds its page with the guard's filter off (page_host.switch_page):
    # leaving the block must give every combo and spin box built meanwhile the focus policy
    # that keeps a wheel from focusing it, or a scroll over the form changes its values.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_wheel_guard(app)  # as the app does (once; a second call does nothing)
    root = QWidget()
    qtbot.addWidget(root)
    with paused(root):  # built and shown in the block, as a page on its first visit
        combo = QComboBox(root)
        combo.addItems(["Procédure adaptée (MAPA)", "Appel d'offres ouvert"])
        spin = QSpinBox(root)
        spin.setValue(34)
        root.show()
        qtbot.waitExposed(root)
    assert combo.focusPolicy() == spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    _wheel(combo)
    _wheel(spin)
    assert (combo.currentIndex(), spin.value()) == (0, 34)


def test_qt_file_dialog_labels_and_buttons_are_french(qtbot: Any) -> None:
    dialog = QFileDialog(None, "Importer un règlement de consultation")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilter("Règlement de consultation (*.pdf *.docx)")
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert {"&Voir dans :", "Fichiers de &type :"} <= labels
    assert any(text.startswith("&Nom de fichier") for text in labels)
    buttons = {b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()}
    assert buttons == {"&Ouvrir", "Annuler"}
    english = [t for t in labels | {b.text() for b in dialog.findChildren(QPushButton)}
               if any(w in t for w in ("Look in", "Files of", "File name", "Cancel", "Open"))]
    assert english == []


def test_f1_on_a_field_opens_its_term_in_the_glossary(
    window: MainWindow, services: Services, qtbot: Any
) -> None:
    _open_dossier(window, services)
    editor = window.tenders_page.editor
    editor.cpv_edit.setFocus()
    qtbot.waitUntil(editor.cpv_edit.hasFocus, timeout=2000)
    assert context_help(window) == "Code CPV"
    assert window.current_page_key() == "help"
    help_page = window.page("help")
    assert help_page.current_term() == "Code CPV"  # type: ignore[attr-defined]
    assert "77310000" in help_page.view.toPlainText()  # type: ignore[attr-defined]
    # Without a term under the focus, F1 opens the glossary itself.
    window.show_page(1)
    window.sidebar.setFocus()
    assert context_help(window) == ""
    assert window.current_page_key() == "help"


def test_question_buttons_explain_the_groupement_forms(
    ctx: UiContext, services: Services, qtbot: Any
) -> None:
    saved = _saved(services)
    tab = shown_tab(GroupementTab(ctx), qtbot, saved, (1100, 800))
    tab.start()  # type: ignore[attr-defined]
    # No form until the user picks one, with the three forms explained beside the choice.
    assert tab.form_combo.currentIndex() == -1  # type: ignore[attr-defined]
    text = tab.form_help_label.text()  # type: ignore[attr-defined]
    assert "Conjoint" in text and "Solidaire" in text and "mandataire solidaire" in text
    terms = {b.term for b in tab.findChildren(HelpButton)}
    assert {"Groupement conjoint", "Groupement solidaire", "Mandataire solidaire"} <= terms
    button = next(b for b in tab.findChildren(HelpButton)  # type: ignore[attr-defined]
                  if b.term == "Groupement solidaire")
    button.click()
    QWhatsThis.hideText()
    tab.form_combo.setCurrentIndex(1)  # type: ignore[attr-defined]
    tab.form_combo.activated.emit(1)  # type: ignore[attr-defined]
    assert tab.form_help_label.text().startswith("Conjoint :")  # type: ignore[attr-defined]
    tab.set_tender(services.tenders.get(saved.id or 0))
    assert tab.form_combo.currentIndex() == 1  # type: ignore[attr-defined]


def test_gonogo_tab_records_the_decision(
    page: TendersPage, services: Services
) -> None:
    _on_page(page, services)
    tab = dossier_tab(page.dossier_tabs, "gonogo")
    page.dossier_tabs.setCurrentWidget(tab)  # type: ignore[arg-type]
    assert "Recommandation" in tab.summary.text()  # type: ignore[attr-defined]
    assert "Date limite non saisie" in tab.warning_label.text()  # type: ignore[attr-defined]
    tab.go_radio.setChecked(True)  # type: ignore[attr-defined]
    assert not tab.record_decision()  # type: ignore[attr-defined]  # who and why missing
    assert "qui prend la décision" in tab.error_label.text()  # type: ignore[attr-defined]
    tab.who_edit.setText("Lucas")  # type: ignore[attr-defined]
    tab.why_edit.setText("Acheteur connu, trois références proches")  # type: ignore[attr-defined]
    assert tab.record_decision()  # type: ignore[attr-defined]
    stored = services.tenders.get(page.current_tender_id() or 0)
    assert stored.go_no_go is not None and stored.go_no_go.decided_by == "Lucas"
    assert "Décidé" in tab.decision_label.text()  # type: ignore[attr-defined]
    # The user stays on the dossier and its tab.
    assert page.dossier_tabs.currentWidget() is tab and page.current_tender_id() == stored.id
    # The list, the header and the Consultation tab show the dossier as decided.
    assert stored.status.value == "en_preparation"
    assert page.editor.status_combo.currentData() == "en_preparation"
    row = page.model.row_of(stored.id)
    assert row is not None
    assert page.model.index(row, COL_STATUS).data() == "En préparation"
    assert page.model.index(row, COL_NEXT).data() == page.next_step_label.text().removeprefix(
        "Prochaine étape : ")
    tab.no_go_radio.setChecked(True)  # type: ignore[attr-defined]
    assert tab.record_decision()  # type: ignore[attr-defined]
    assert page.model.index(row, COL_STATUS).data() == "En préparation · no-go"
    assert page.next_step_label.text().startswith("Prochaine étape : Aucune")


def test_gonogo_tab_records_the_minimum_turnover(
    ctx: UiContext, services: Services, qtbot: Any
) -> None:
    tab = _gonogo(ctx, qtbot, services)
    tab.turnover_edit.setText("douze")
    assert not tab.save_min_turnover()
    assert "« douze » n'est pas un montant" in tab.error_label.text()
    tab.turnover_edit.setText("150 000")
    assert tab.save_min_turnover() and tab.error_label.isHidden()
    stored = services.tenders.get(tab.tender.id or 0)
    assert stored.go_no_go is not None and stored.go_no_go.min_turnover == Decimal("150000")
    # The tab now holds the saved dossier: a second save is not refused as stale.
    assert tab.tender.row_version == stored.row_version
    assert tab.turnover_edit.text() == screen_amount(Decimal("150000"))  # shown as saved
    tab.turnover_edit.setText("")
    assert tab.save_min_turnover()
    assert services.tenders.get(stored.id or 0).go_no_go.min_turnover is None


def test_gonogo_tab_records_the_effort_per_step(
    ctx: UiContext, services: Services, qtbot: Any
) -> None:
    tab = _gonogo(ctx, qtbot, services)
    before = tab.assessment.effort_days  # type: ignore[attr-defined]
    tab.effort_spins["memoire"].setValue(10)  # type: ignore[attr-defined]
    assert tab.save_effort()  # type: ignore[attr-defined]
    after = tab.assessment.effort_days  # type: ignore[attr-defined]
    assert after == before - 4 + 10  # the default for the mémoire is 4 working days
    assert f"{after} jours ouvrés de travail prévus" in tab.summary.text()  # type: ignore[attr-defined]
