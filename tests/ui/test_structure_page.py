"""« Ma structure »: inline validation and switching between structures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from responder.ui.context import UiContext
from responder.ui.main_window import MainWindow
from responder.ui.pages.registry import STRUCTURE, page_index
from responder.ui.pages.structure_page import StructurePage

from .conftest import Services
from .fakes import FakePrompts
from .helpers import column_texts, show_alone


def _open_structure_page(window: MainWindow) -> StructurePage:
    """Through the menu, like a user: these tests check the window follows the page."""
    window.menu_actions.pages[page_index(STRUCTURE)].trigger()
    page = window.structure_page
    assert window.current_page_key() == STRUCTURE
    return page


def test_an_invalid_siret_is_refused_under_the_field_and_a_valid_one_saved(
    services: Services, ctx: UiContext, qtbot: Any
) -> None:
    page = show_alone(qtbot, StructurePage(ctx))
    form = page.form
    form.siret_edit.setText("73282932000075")
    form.email_edit.setText("contact@ressourcerie.fr")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    messages = form.errors.messages()
    assert set(messages) == {"siret"}
    assert messages["siret"].startswith("SIRET invalide")
    siret_box = form.siret_edit.parentWidget()
    error_label = next(w for w in siret_box.children() if w is not form.siret_edit
                       and getattr(w, "isVisible", lambda: False)())
    assert error_label.text() == messages["siret"]
    assert error_label.y() > form.siret_edit.y()
    assert form.siret_edit.accessibleDescription() == messages["siret"]
    assert QApplication.focusWidget() is form.siret_edit
    stored = services.structures.current()
    assert stored.siret is None
    assert stored.contact.email == ""
    assert page.is_dirty()

    form.siret_edit.setText("732 829 320 00074")
    assert form.errors.messages() == {}
    assert page.save() is True
    stored = services.structures.current()
    assert stored.siret == "73282932000074"
    assert stored.contact.email == "contact@ressourcerie.fr"
    assert form.siret_edit.text() == "732 829 320 00074"
    assert not page.is_dirty()


def test_renaming_the_structure_updates_the_window_title(
    window: MainWindow
) -> None:
    page = _open_structure_page(window)
    page.form.name_edit.setText("Les Jardins de Cocagne du Gard")
    page.form.turnover_rows[2][1].setText("389 200")
    assert page.save()
    assert window.windowTitle() == "Responder — Les Jardins de Cocagne du Gard"
    stored = page.ctx.structures.current()
    assert [(t.year, str(t.amount)) for t in stored.turnover][-1][1] == "389200"


def test_a_coach_switches_between_structures(
    services: Services, window: MainWindow
) -> None:
    first_id = services.structure_id()
    services.tenders.save({"title": "Marché de la première"}, first_id)
    window.tenders_page.reload()
    page = _open_structure_page(window)
    assert not page.structure_combo.isVisible()

    created = page.new_structure()
    assert created is not None
    assert window.windowTitle() == "Responder — Nouvelle structure"
    assert page.structure_combo.isVisible()
    assert page.structure_combo.count() == 2
    assert QApplication.focusWidget() is page.form.name_edit
    assert page.form.name_edit.selectedText() == "Nouvelle structure"
    assert window.tenders_page.model.rowCount() == 0
    assert services.structures.current().id == created.id

    page.structure_combo.setCurrentIndex(0)
    page.structure_combo.activated.emit(0)
    assert services.structures.current().id == first_id
    assert window.windowTitle() == f"Responder — {services.structures.current().name}"
    assert column_texts(window.tenders_page, 0) == ["Marché de la première"]


def test_switching_structure_with_unsaved_edits_can_be_cancelled(
    services: Services, ctx: UiContext, qtbot: Any
) -> None:
    page = show_alone(qtbot, StructurePage(ctx))
    first_id = services.structure_id()
    page.new_structure()
    page.form.city_edit.setText("Alès")
    prompts = ctx.prompts
    assert isinstance(prompts, FakePrompts)
    prompts.script("ask_unsaved", "cancel", "save")
    assert page.switch_to(first_id) is False
    assert page.form.city_edit.text() == "Alès"
    assert page.structure_combo.currentData() != first_id
    assert page.switch_to(first_id) is True
    assert prompts.asked == [("ask_unsaved", "Nouvelle structure")] * 2
    names = {s.name: s for s in services.structures.list()}
    assert names["Nouvelle structure"].address.city == "Alès"


def test_archiving_a_structure_switches_and_can_be_undone(ctx: UiContext, qtbot: Any) -> None:
    first = ctx.structures.current()
    page = show_alone(qtbot, StructurePage(ctx))
    created = page.new_structure()
    assert created is not None and ctx.structures.current().id == created.id
    assert page.hide_current("archive")
    assert ctx.structures.current().id == first.id
    assert page.form.name_edit.text() == first.name
    assert page.undo_bar.isVisibleTo(page)
    assert page.undo_label.text() == "Structure « Nouvelle structure » archivée, avec ses dossiers."
    restored = page.undo_hide()
    assert restored is not None and restored.id == created.id
    assert ctx.structures.current().id == created.id and not page.undo_bar.isVisibleTo(page)
