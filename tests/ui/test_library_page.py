"""« Bibliothèque de textes »: search, « à relire », editor, use count, undo — the page
alone on a real workspace, scripted dialogs (``ctx.prompts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from responder.services.library import LibraryService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.library_page import COL_REVIEW, COL_USES, TO_REVIEW, LibraryPage

from .fakes import FakePrompts
from .helpers import show_alone

TODAY = date(2026, 11, 29)


@pytest.fixture
def library(session: Session) -> LibraryService:
    return LibraryService(session)


@pytest.fixture
def sid(ctx: UiContext) -> int:
    ctx.today = lambda: TODAY
    return ctx.current_structure_id()


@pytest.fixture
def prompts(ctx: UiContext) -> FakePrompts:
    assert isinstance(ctx.prompts, FakePrompts)
    return ctx.prompts


def _add(library: LibraryService, sid: int, **data: Any) -> int:
    block = library.save_block(data, sid)
    assert block.id is not None
    return block.id


def _open(ctx: UiContext, qtbot: Any) -> LibraryPage:
    return show_alone(qtbot, LibraryPage(ctx))


def _titles(page: LibraryPage) -> list[str]:
    return page.row_texts(0)


def test_search_narrows_accent_insensitive_and_by_category(
    ctx: UiContext, library: LibraryService, sid: int, prompts: FakePrompts, qtbot: Any
) -> None:
    _add(library, sid, title="Notre démarche d'insertion", category="insertion",
         body="Un **parcours** pour chaque salarié.", last_reviewed=TODAY)
    _add(library, sid, title="Présentation de la structure", category="presentation",
         body="Au cœur du bassin alésien depuis 1998.", last_reviewed=TODAY)
    page = _open(ctx, qtbot)
    assert sorted(_titles(page)) == ["Notre démarche d'insertion",
                                     "Présentation de la structure"]
    page.search_edit.setText("DEMARCHE")
    qtbot.waitUntil(lambda: _titles(page) == ["Notre démarche d'insertion"])
    page.search_edit.setText("coeur")  # found in the body, ligature folded
    qtbot.waitUntil(lambda: _titles(page) == ["Présentation de la structure"])
    page.search_edit.clear()
    page.run_search()
    page.category_filter.setCurrentIndex(page.category_filter.findData("insertion"))
    assert _titles(page) == ["Notre démarche d'insertion"]
    page.search_edit.setText("introuvable")
    page.run_search()
    assert page.list_stack.currentWidget() is page.empty_label


def test_blocks_to_review_are_flagged_in_words_and_marked_reviewed(
    ctx: UiContext, library: LibraryService, sid: int, prompts: FakePrompts, qtbot: Any
) -> None:
    old = _add(library, sid, title="Moyens humains", last_reviewed=date(2025, 1, 10),
               review_interval_days=365, use_count=3)
    _add(library, sid, title="Qualité", last_reviewed=date(2026, 10, 1))
    page = _open(ctx, qtbot)
    reviews = dict(zip(_titles(page), page.row_texts(COL_REVIEW), strict=True))
    assert reviews == {"Moyens humains": TO_REVIEW, "Qualité": "relu le 01/10/2026"}
    uses = dict(zip(_titles(page), page.row_texts(COL_USES), strict=True))
    assert uses == {"Moyens humains": "utilisé 3 fois", "Qualité": "jamais utilisé"}
    page.due_check.setChecked(True)
    assert _titles(page) == ["Moyens humains"]

    assert page.select_block(old)
    assert page.editor.review_status.text().startswith("⚠ À relire")
    assert "10/01/2025" in page.editor.review_status.text()
    assert page.editor.uses_label.text() == "Dans vos consultations : utilisé 3 fois."
    page.editor.body_edit.setPlainText("Texte relu et corrigé")  # unsaved, kept
    page.editor.reviewed_button.click()
    assert library.get_block(old).last_reviewed == TODAY
    assert page.editor.review_status.text() == "À jour : relu le 29/11/2026."
    assert page.editor.body_edit.toPlainText() == "Texte relu et corrigé"
    assert page.editor.is_dirty()
    assert _titles(page) == []  # nothing left « à relire »
    page.due_check.setChecked(False)
    assert page.save_current()
    stored = library.get_block(old)
    assert stored.body == "Texte relu et corrigé" and stored.last_reviewed == TODAY


def test_edit_save_and_invalid_field_message(
    ctx: UiContext, library: LibraryService, sid: int, prompts: FakePrompts, qtbot: Any
) -> None:
    block_id = _add(library, sid, title="Méthodologie", body="Ancien texte")
    page = _open(ctx, qtbot)
    page.select_block(block_id)
    editor = page.editor
    editor.title_edit.setText("   ")
    editor.body_edit.setPlainText("- première étape\n- **seconde** étape")
    assert not page.save_current()
    assert "title" in editor.errors.messages()
    assert library.get_block(block_id).body == "Ancien texte"  # nothing saved
    editor.title_edit.setText("Méthodologie d'intervention")
    editor.category_combo.setCurrentIndex(editor.category_combo.findData("methodologie"))
    editor.interval_spin.setValue(180)
    assert page.save_current()
    assert editor.errors.messages() == {}
    stored = library.get_block(block_id)
    assert stored.title == "Méthodologie d'intervention"
    assert stored.body == "- première étape\n- **seconde** étape"
    assert stored.category == "methodologie" and stored.review_interval_days == 180
    assert _titles(page) == ["Méthodologie d'intervention"]


def test_new_duplicate_delete_and_undo(
    ctx: UiContext, library: LibraryService, sid: int, prompts: FakePrompts, qtbot: Any,
    session: Session,
) -> None:
    page = _open(ctx, qtbot)
    assert page.list_stack.currentWidget() is page.empty_label
    created = page.new_block()
    assert created is not None and created.last_reviewed == TODAY
    assert page.current_block_id() == created.id
    page.editor.title_edit.setText("Sécurité sur les chantiers")
    assert page.save_current()
    copy = page.duplicate_selected()
    assert copy is not None and copy.title == "Sécurité sur les chantiers (copie)"
    assert session.text_blocks.count(sid) == 2
    prompts.script("ask_yes_no", True)
    assert page.delete_selected()
    assert "(copie)" in prompts.asked[-1][2]
    assert _titles(page) == ["Sécurité sur les chantiers"]
    page.undo_stack().undo()
    assert session.text_blocks.count(sid) == 2
    assert page.current_block_id() == copy.id


def test_starter_texts_are_offered_to_an_empty_library(
    ctx: UiContext, session: Session, sid: int, prompts: FakePrompts, qtbot: Any
) -> None:
    for block in session.text_blocks.list(sid):
        assert block.id is not None
        session.text_blocks.delete(block.id)
    page = _open(ctx, qtbot)
    page.run_search()
    assert page.starter_button.isVisible()
    added = page.add_starter_blocks()
    assert len(added) == 8 and len(_titles(page)) == 8
    assert all(t.startswith("Modèle – ") for t in _titles(page))
    assert not page.starter_button.isVisible()
