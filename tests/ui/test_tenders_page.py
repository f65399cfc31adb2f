"""The « Consultations » page, driven through its widgets on a real workspace file."""

from __future__ import annotations

import weakref
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from responder.domain.enums import Reservation, TenderStatus
from responder.domain.tender import Tender
from responder.services.tenders import TenderService
from responder.services.workspace import open_session
from responder.ui.context import UiContext
from responder.ui.main_window import MainWindow
from responder.ui.models.tender_table import (
    COL_BUYER,
    COL_DAYS,
    COL_DEADLINE,
    COL_NEXT,
    COL_STATUS,
    COL_TITLE,
    TenderTableModel,
)
from responder.ui.pages.tenders_page import TendersPage
from responder.ui.pages.tenders_view import EMPTY_TEXT
from responder.ui.widgets import lots_editor
from responder.ui.widgets.criteria_editor import CriteriaEditor

from .conftest import OpenWindow, Services
from .fakes import prompts_of
from .helpers import add_criterion, column_texts, page_alone, set_datetime, shown_ids

_ = page_alone  # the ``page`` fixture: the Consultations page built alone


def _tender(services: Services, title: str, **fields: Any) -> int:
    saved = services.tenders.save({"title": title, **fields}, services.structure_id())
    assert saved.id is not None
    return saved.id


def test_create_through_the_editor_survives_reopening(
    open_window: OpenWindow, workspace_path: Path, qtbot: Any
) -> None:
    session = open_session(workspace_path)
    window = open_window(session)
    page = window.tenders_page
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == EMPTY_TEXT

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor.title_edit.text() == "Nouvelle consultation"
    assert editor.title_edit.selectedText() == "Nouvelle consultation"
    assert editor.status_combo.currentText() == "Veille"

    editor.title_edit.setText("Entretien des espaces verts — Pêcheries")
    editor.buyer_edit.setText("Ville de Nîmes")
    set_datetime(editor.deadline_edit, datetime(2031, 3, 14, 12, 0))
    add_criterion(editor.criteria_editor, "Valeur technique", 60)
    add_criterion(editor.criteria_editor, "Prix", 40)
    assert editor.criteria_editor.total_label.text() == "Total : 100\u00a0%"
    assert editor.dirty_label.text() == "Modifications non enregistrées"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.is_dirty()
    assert editor.errors.messages() == {}
    window.close()
    session.close()

    reopened = open_session(workspace_path)
    try:
        again = open_window(reopened).tenders_page
        assert column_texts(again, COL_TITLE) == ["Entretien des espaces verts — Pêcheries"]
        assert column_texts(again, COL_BUYER) == ["Ville de Nîmes"]
        assert column_texts(again, COL_DEADLINE) == ["14/03/2031 12:00"]
        assert column_texts(again, COL_STATUS) == ["Veille"]
        stored = TenderService(reopened).list()[0]
        assert [(c.name, c.weight) for c in stored.criteria] == [
            ("Valeur technique", Decimal(60)),
            ("Prix", Decimal(40)),
        ]
        assert again.editor.criteria_editor.tree.topLevelItemCount() == 2
        assert again.editor.deadline_edit.value() == datetime(2031, 3, 14, 12, 0)
    finally:
        reopened.close()


def test_criteria_summing_to_110_are_refused_next_to_the_criteria(
    services: Services, page: TendersPage, qtbot: Any
) -> None:
    tender_id = _tender(
        services,
        "Collecte des encombrants",
        criteria=[{"name": "Valeur technique", "weight": 60}, {"name": "Prix", "weight": 40}],
    )
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.reload()
    assert page.select_tender(tender_id)
    criteria = page.editor.criteria_editor
    add_criterion(criteria, "Délai", 10)
    assert "110" in criteria.total_label.text()
    assert "doit être égal à 100" in criteria.total_label.text()

    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)

    error = page.editor.criteria_error
    assert error.isVisible()
    assert "110" in error.text()
    assert page.editor.errors.messages().keys() == {"criteria"}
    assert criteria.tree.accessibleDescription() == error.text()
    assert QApplication.focusWidget() is criteria.tree
    assert page.editor.is_dirty()
    stored = services.tenders.get(tender_id)
    assert [c.weight for c in stored.criteria] == [Decimal(60), Decimal(40)]
    assert "non enregistrée" in messages[-1]

    criteria.remove_selected()  # the user corrects the weights: the message goes away
    assert not error.isVisible()


def test_a_criteria_editor_without_parent_is_freed_once_dropped(qtbot: Any) -> None:
    # Kept alive by its own button handlers, it outlived the QApplication and crashed the
    # interpreter at exit.
    editor = CriteriaEditor()
    editor.show()
    editor.add_button.click()
    editor.add_sub_button.click()
    first = editor.tree.topLevelItem(0)
    assert first is not None and first.childCount() == 1
    dropped = weakref.ref(editor)
    del editor
    assert dropped() is None


def test_an_empty_title_is_refused_next_to_the_title(
    services: Services, page: TendersPage
) -> None:
    tender_id = _tender(services, "Nettoyage des locaux")
    page.reload()
    page.select_tender(tender_id)
    page.editor.title_edit.setText("   ")
    page.editor.buyer_edit.setText("Mairie")

    assert page.save_current() is False

    messages = page.editor.errors.messages()
    assert "obligatoire" in messages["title"]
    assert set(messages) == {"title"}
    assert QApplication.focusWidget() is page.editor.title_edit
    assert services.tenders.get(tender_id).title == "Nettoyage des locaux"
    assert services.tenders.get(tender_id).buyer == ""
    page.editor.title_edit.setText("Nettoyage")
    assert page.editor.errors.messages() == {}


def test_new_tender_is_created_selected_and_ready_to_be_named(
    services: Services, window: MainWindow
) -> None:
    window.menu_actions.new_tender.trigger()
    page = window.tenders_page
    stored = services.tenders.list(services.structure_id())
    assert [t.title for t in stored] == ["Nouvelle consultation"]
    assert stored[0].status == TenderStatus.VEILLE
    assert page.current_tender_id() == stored[0].id
    assert QApplication.focusWidget() is page.editor.title_edit
    assert page.editor.title_edit.selectedText() == "Nouvelle consultation"


def test_delete_asks_then_ctrl_z_brings_the_tender_back(
    services: Services, window: MainWindow
) -> None:
    keep = _tender(services, "Espaces verts du collège")
    gone = _tender(services, "Débarras de la médiathèque", buyer="Ville d'Alès")
    page = window.tenders_page
    page.reload()
    page.select_tender(gone)

    prompts = prompts_of(window.ctx).script("ask_yes_no", False)
    page.delete_button.click()
    assert len(services.tenders.list()) == 2

    prompts.script("ask_yes_no", True)
    page.delete_button.click()
    assert prompts.asked[-1] == (
        "ask_yes_no", "Supprimer la consultation",
        "Supprimer la consultation « Débarras de la médiathèque » ? "
        "Vous pourrez l'annuler avec Ctrl+Z."
    )
    assert [t.id for t in services.tenders.list()] == [keep]
    assert shown_ids(page) == [keep]
    assert window.statusBar().currentMessage() == "Consultation supprimée — Ctrl+Z pour annuler"
    assert window.menu_actions.undo.isEnabled()

    window.menu_actions.undo.trigger()
    restored = services.tenders.get(gone)
    assert restored.buyer == "Ville d'Alès"
    assert sorted(shown_ids(page)) == sorted([keep, gone])
    assert page.current_tender_id() == gone

    window.menu_actions.redo.trigger()
    assert [t.id for t in services.tenders.list()] == [keep]


def test_filters_by_accent_free_text_and_by_status(
    services: Services, page: TendersPage
) -> None:
    _tender(services, "Pêche et entretien des berges", status="veille")
    _tender(services, "Espaces verts", buyer="Syndicat des PÊCHEURS", status="gagne")
    _tender(services, "Nettoyage des locaux", reference="PECHE-2026", status="en_preparation")
    _tender(services, "Restauration collective", status="perdu")
    page.reload()
    assert page.proxy.rowCount() == 4

    page.search_edit.setText("peche")
    assert sorted(column_texts(page, COL_TITLE)) == [
        "Espaces verts",
        "Nettoyage des locaux",
        "Pêche et entretien des berges",
    ]
    page.status_combo.setCurrentText("En cours")
    assert sorted(column_texts(page, COL_TITLE)) == [
        "Nettoyage des locaux",
        "Pêche et entretien des berges",
    ]
    page.status_combo.setCurrentText("Gagné")
    assert column_texts(page, COL_TITLE) == ["Espaces verts"]
    page.search_edit.setText("berges")
    assert page.proxy.rowCount() == 0
    assert page.list_stack.currentWidget() is page.empty_label
    assert "ne correspond" in page.empty_label.text()

    page.search_edit.clear()
    page.status_combo.setCurrentText("Tous les statuts")
    assert page.proxy.rowCount() == 4


def test_sorting_by_deadline_and_days_left_is_chronological(
    services: Services, page: TendersPage, qtbot: Any
) -> None:
    today = date.today()
    soon = datetime.combine(today + timedelta(days=5), datetime.min.time()).replace(hour=12)
    for title, deadline in (
        ("Dans trois cents jours", soon + timedelta(days=295)),
        ("Sans date", None),
        ("Dans cinq jours", soon),
        ("Dans quarante jours", soon + timedelta(days=35)),
        ("Passée", soon - timedelta(days=30)),
    ):
        _tender(services, title, deadline=deadline.isoformat() if deadline else None)
    page.reload()
    header = page.table.horizontalHeader()

    page.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
    x = header.sectionViewportPosition(COL_DEADLINE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == COL_DEADLINE
    order = column_texts(page, COL_TITLE)
    assert order == [
        "Passée",
        "Dans cinq jours",
        "Dans quarante jours",
        "Dans trois cents jours",
        "Sans date",
    ]
    assert column_texts(page, COL_DAYS) == ["dépassée", "5", "40", "300", ""]

    page.table.sortByColumn(COL_DAYS, Qt.SortOrder.DescendingOrder)
    assert column_texts(page, COL_DAYS) == ["300", "40", "5", "dépassée", ""]


def test_switching_with_unsaved_changes_asks_first(
    services: Services, page: TendersPage, ctx: UiContext
) -> None:
    first = _tender(services, "Premier dossier")
    second = _tender(services, "Second dossier")
    page.reload()
    page.select_tender(first)

    page.editor.buyer_edit.setText("Département du Gard")
    ctx.prompts.script("ask_unsaved", "cancel", "save", "discard")
    page.select_tender(second)
    assert ctx.prompts.asked == [("ask_unsaved", "Premier dossier")]  # asked once
    assert page.current_tender_id() == first
    assert page.editor.buyer_edit.text() == "Département du Gard"

    page.select_tender(second)
    assert page.current_tender_id() == second
    assert services.tenders.get(first).buyer == "Département du Gard"

    page.editor.buyer_edit.setText("Oublié")
    page.select_tender(first)
    assert page.current_tender_id() == first
    assert services.tenders.get(second).buyer == ""


def test_duplicate_selects_the_copy(services: Services, window: MainWindow) -> None:
    original = _tender(services, "Blanchisserie", status="depose")
    page = window.tenders_page
    page.reload()
    page.select_tender(original)
    window.menu_actions.duplicate.trigger()
    copy = services.tenders.get(page.current_tender_id() or 0)
    assert copy.title == "Blanchisserie (copie)"
    assert copy.status == TenderStatus.VEILLE
    assert page.editor.title_edit.text() == "Blanchisserie (copie)"


def test_lots_are_edited_in_the_table_with_french_amounts(
    services: Services, page: TendersPage
) -> None:
    tender_id = _tender(services, "Blanchisserie hospitalière")
    page.reload()
    page.select_tender(tender_id)
    lots = page.editor.lots_editor
    lots.add_button.click()
    table = lots.table
    table.closePersistentEditor(table.item(0, lots_editor.COL_TITLE))
    table.item(0, lots_editor.COL_TITLE).setText("Linge plat")
    table.item(0, lots_editor.COL_AMOUNT).setText("120000")
    assert " ".join(table.item(0, lots_editor.COL_AMOUNT).text().split()) == "120 000 €"
    lots_editor.set_reservation(table.item(0, lots_editor.COL_RESERVED), [Reservation.ESAT_EA])
    lots.add_button.click()  # a second lot left without a title
    table.closePersistentEditor(table.item(1, lots_editor.COL_TITLE))

    assert page.save_current() is False
    assert set(page.editor.errors.messages()) == {"lots"}
    assert "intitulé" in page.editor.errors.messages()["lots"]
    assert services.tenders.get(tender_id).lots == []

    assert table.currentRow() == 1  # the lot at fault is selected
    lots.remove_selected()
    assert table.rowCount() == 1
    assert page.save_current() is True, page.editor.errors.messages()
    stored = services.tenders.get(tender_id).lots
    assert [(lot.number, lot.title, lot.estimated_amount, lot.reserved) for lot in stored] == [
        (1, "Linge plat", Decimal(120000), [Reservation.ESAT_EA])
    ]


def test_filtering_out_the_edited_tender_keeps_it_in_the_editor(
    services: Services, page: TendersPage, ctx: UiContext
) -> None:
    first = _tender(services, "Collecte des biodéchets")
    _tender(services, "Nettoyage des vitres")
    page.reload()
    page.select_tender(first)
    page.editor.buyer_edit.setText("Commune d'Anduze")
    page.search_edit.setText("vitres")
    assert column_texts(page, COL_TITLE) == ["Nettoyage des vitres"]
    assert page.current_tender_id() == first
    assert page.editor.buyer_edit.text() == "Commune d'Anduze"
    assert ctx.prompts.asked == []


def test_keyboard_delete_in_the_list_and_ctrl_s_in_the_editor(
    services: Services, window: MainWindow, qtbot: Any
) -> None:
    tender_id = _tender(services, "Entretien ménager")
    page = window.tenders_page
    page.reload()
    page.select_tender(tender_id)
    qtbot.waitActive(window)

    page.editor.buyer_edit.setFocus()
    page.editor.buyer_edit.setText("CCAS de Sommières")
    qtbot.keyClick(page.editor.buyer_edit, Qt.Key.Key_Delete)
    prompts = prompts_of(window.ctx)
    assert prompts.asked == []  # « Suppr » in a text field edits the text
    qtbot.keyClick(page.editor.buyer_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.tenders.get(tender_id).buyer == "CCAS de Sommières"
    assert not page.editor.is_dirty()

    prompts.script("ask_yes_no", False)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert prompts.asked and "Entretien ménager" in prompts.asked[-1][2]


def test_saving_a_tender_out_of_the_filter_keeps_it_in_the_editor(
    services: Services, page: TendersPage, ctx: UiContext
) -> None:
    first = _tender(services, "Tri des déchets", status="en_preparation")
    _tender(services, "Repassage", status="veille")
    page.reload()
    page.status_combo.setCurrentText("En cours")
    page.select_tender(first)
    page.editor.status_combo.setCurrentText("Déposé")
    assert page.save_current()
    assert services.tenders.get(first).status == TenderStatus.DEPOSE
    assert column_texts(page, COL_TITLE) == ["Repassage"]
    assert page.current_tender_id() == first
    assert page.editor.status_combo.currentText() == "Déposé"
    assert ctx.prompts.asked == []


def test_the_next_step_is_asked_again_when_the_list_is_reloaded(qtbot: Any) -> None:
    # A stored change (deposit, outcome, go / no-go) reloads the list: its next step too.
    steps = {1: "Préparer le DC1"}
    model = TenderTableModel(next_step=lambda tender: steps[tender.id or 0])
    tender = Tender(id=1, title="Nettoyage des locaux")
    model.set_tenders([tender])
    assert model.index(0, COL_NEXT).data() == "Préparer le DC1"
    steps[1] = "Déposer l'offre"
    assert model.index(0, COL_NEXT).data() == "Préparer le DC1"  # cached while shown
    model.set_tenders([tender])
    assert model.index(0, COL_NEXT).data() == "Déposer l'offre"
