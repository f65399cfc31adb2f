"""« Partenaires »: unsaved edits are never lost nor saved silently, and a partner never
moves to another structure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from responder.services.changes import Changes, Topic
from responder.services.demo import create_demo
from responder.services.partners import PartnerService
from responder.services.structures import StructureService
from responder.services.workspace import Session
from responder.ui.main_window import MainWindow
from responder.ui.pages.partners_page import PartnersPage
from responder.ui.pages.registry import page_index

from .conftest import OpenWindow
from .fakes import FakePrompts, page_context
from .helpers import show_alone

NAME = "ESAT Les Ateliers de l'Avène"
OTHER = "Verts Chemins"
NEW_PHONE = "04 66 99 99 99"


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[Session]:
    session = create_demo(tmp_path / "demo.responder", today=date(2026, 12, 1))
    yield session
    session.close()


@pytest.fixture
def demo_window(open_window: OpenWindow, demo_session: Session) -> MainWindow:
    return open_window(demo_session)


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def page(demo_session: Session, ini_path: Path, prompts: FakePrompts, qtbot: Any) -> PartnersPage:
    """The page alone on the demo workspace, with scripted questions."""
    ctx = page_context(demo_session, ini_path)
    ctx.prompts = ctx.ops.prompts = prompts
    return show_alone(qtbot, PartnersPage(ctx))


def _window_page(window: MainWindow) -> tuple[PartnersPage, FakePrompts]:
    window.show_page(page_index("partners"))
    page = window.page("partners")
    assert isinstance(page, PartnersPage) and isinstance(page.ctx.prompts, FakePrompts)
    return page, page.ctx.prompts


def _select(page: PartnersPage, name: str) -> None:
    items = page.list.findItems(name, Qt.MatchFlag.MatchExactly)
    assert items
    page.list.setCurrentItem(items[0])


def _stored(session: Session, name: str) -> object:
    return next(p for p in PartnerService(session).list() if p.name == name)


def _edit_phone(page: PartnersPage, session: Session) -> str:
    _select(page, NAME)
    old = _stored(session, NAME).contact.phone  # type: ignore[attr-defined]
    page.phone_edit.setText(NEW_PHONE)
    assert page.is_dirty()
    return str(old)


def test_closing_the_window_asks_and_cancel_keeps_it_open(
    demo_window: MainWindow, demo_session: Session
) -> None:
    page, prompts = _window_page(demo_window)
    old = _edit_phone(page, demo_session)
    prompts.script("ask_unsaved", "cancel", "cancel")
    assert page.maybe_leave() is False
    assert demo_window.close() is False
    assert demo_window.isVisible()
    assert prompts.asked == [("ask_unsaved", NAME), ("ask_unsaved", NAME)]
    assert page.is_dirty() and page.phone_edit.text() == NEW_PHONE
    assert _stored(demo_session, NAME).contact.phone == old  # type: ignore[attr-defined]
    prompts.script("ask_unsaved", "discard")  # the window closes after the test


def test_closing_with_save_stores_the_edit(
    demo_window: MainWindow, demo_session: Session
) -> None:
    page, prompts = _window_page(demo_window)
    _edit_phone(page, demo_session)
    prompts.script("ask_unsaved", "save")
    assert demo_window.close() is True
    assert prompts.asked == [("ask_unsaved", NAME)]
    assert _stored(demo_session, NAME).contact.phone == NEW_PHONE  # type: ignore[attr-defined]


def test_discard_shows_the_stored_partner_again(
    page: PartnersPage, demo_session: Session, prompts: FakePrompts
) -> None:
    old = _edit_phone(page, demo_session)
    prompts.script("ask_unsaved", "discard")
    assert page.maybe_leave() is True
    assert not page.is_dirty() and page.phone_edit.text() == old
    assert _stored(demo_session, NAME).contact.phone == old  # type: ignore[attr-defined]


@pytest.mark.parametrize(("leave", "shown_after"), [("select", OTHER), ("new", "")])
def test_leaving_the_edited_partner_asks_instead_of_saving_silently(
    page: PartnersPage, demo_session: Session, prompts: FakePrompts, leave: str,
    shown_after: str,
) -> None:
    """Another partner chosen in the list, or « Nouveau partenaire »: asked first."""
    old = _edit_phone(page, demo_session)
    go = (lambda: _select(page, OTHER)) if leave == "select" else page.new_button.click

    prompts.script("ask_unsaved", "cancel")
    go()
    assert prompts.asked == [("ask_unsaved", NAME)]
    assert page.name_edit.text() == NAME and page.phone_edit.text() == NEW_PHONE
    current = page.list.currentItem()
    assert current is not None and current.text() == NAME  # the selection stays on it
    assert _stored(demo_session, NAME).contact.phone == old  # type: ignore[attr-defined]

    prompts.script("ask_unsaved", "discard")
    go()
    assert page.name_edit.text() == shown_after and not page.is_dirty()
    assert _stored(demo_session, NAME).contact.phone == old  # type: ignore[attr-defined]


def test_a_partner_never_moves_to_the_structure_created_meanwhile(
    page: PartnersPage, demo_session: Session, prompts: FakePrompts
) -> None:
    _edit_phone(page, demo_session)
    first = _stored(demo_session, NAME).structure_id  # type: ignore[attr-defined]
    structures = StructureService(demo_session)
    created = structures.save({"name": "Nouvelle structure"})
    assert created.id is not None and created.id != first
    structures.set_current(created.id)

    prompts.script("ask_unsaved", "cancel")  # coming back to the page: asked, the user stays
    page.refresh()  # what the window calls each time the page is shown
    assert prompts.asked == [("ask_unsaved", NAME)]
    assert page.phone_edit.text() == NEW_PHONE
    assert page.save() is True
    saved = _stored(demo_session, NAME)
    assert saved.structure_id == first  # type: ignore[attr-defined]
    assert saved.contact.phone == NEW_PHONE  # type: ignore[attr-defined]
    assert PartnerService(demo_session).list(created.id) == []

    page.refresh()  # nothing left unsaved: the page follows the new structure
    assert page.list.count() == 0 and page.name_edit.text() == ""
    page.name_edit.setText("Régie de quartier")
    assert page.save() is True
    assert [p.name for p in PartnerService(demo_session).list(created.id)] == [
        "Régie de quartier"
    ]


def test_coming_back_after_a_structure_switch_asks_once(
    page: PartnersPage, demo_session: Session, prompts: FakePrompts, qtbot: Any
) -> None:
    """The window's refresh and the change announced on the bus do not ask twice."""
    _edit_phone(page, demo_session)
    structures = StructureService(demo_session)
    created = structures.save({"name": "Atelier Bleu"})
    assert created.id is not None
    structures.set_current(created.id)
    page.hide()
    page.ctx.bus.announce(Changes.of(Topic.STRUCTURE))
    prompts.script("ask_unsaved", "cancel")
    page.show()
    page.refresh()  # what the window calls when the page is shown
    qtbot.wait(20)  # the bus's reload would come now
    assert prompts.asked == [("ask_unsaved", NAME)]
    assert page.phone_edit.text() == NEW_PHONE
