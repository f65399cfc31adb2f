"""« Partenaires »: the partner book, the page built alone on a real workspace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from responder.services.demo import create_demo
from responder.services.partners import PartnerService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.partners_page import PartnersPage

from .fakes import FakePrompts, page_context
from .helpers import show_alone


def _open(ctx: UiContext, qtbot: Any) -> PartnersPage:
    return show_alone(qtbot, PartnersPage(ctx))


def _select(page: PartnersPage, name: str) -> None:
    items = page.list.findItems(name, Qt.MatchFlag.MatchExactly)
    assert items
    page.list.setCurrentItem(items[0])


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[Session]:
    session = create_demo(tmp_path / "demo.responder", today=date(2026, 12, 1))
    yield session
    session.close()


def test_new_partner_siret_checked_inline_then_saved(
    ctx: UiContext, session: Session, qtbot: Any
) -> None:
    page = _open(ctx, qtbot)
    assert page.empty_label.isVisibleTo(page)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    page.name_edit.setText("Jardins & Cie")
    page.siret_edit.setText("838 765 212")  # still typing: no message yet
    assert page.siret_error.isHidden()
    page.siret_edit.setText("838 765 212 00018")
    assert not page.siret_error.isHidden()
    assert "clé de contrôle" in page.siret_error.text()
    assert page.save() is False
    assert PartnerService(session).list() == []  # nothing saved
    assert page.errors.messages().keys() == {"siret"}

    page.siret_edit.setText("838 765 212 00017")
    assert page.siret_error.isHidden()
    page.status_checks[next(iter(page.status_checks))].setChecked(True)
    page.skills_edit.setPlainText("Élagage\n\nDébroussaillement")
    page.territory_edit.setText("Cévennes")
    assert page.is_dirty()
    assert page.save() is True
    stored = PartnerService(session).list()
    assert [p.name for p in stored] == ["Jardins & Cie"]
    assert stored[0].siret == "83876521200017"
    assert stored[0].skills == ["Élagage", "Débroussaillement"]
    assert page.list.count() == 1 and not page.is_dirty()


def test_empty_name_is_refused_under_the_field(
    ctx: UiContext, session: Session, qtbot: Any
) -> None:
    page = _open(ctx, qtbot)
    page.new_partner()
    page.name_edit.setText("   ")
    assert page.save() is False
    assert "nom du partenaire" in page.errors.messages()["name"]
    assert PartnerService(session).list() == []


def test_past_groupements_search_and_delete(
    demo_session: Session, ini_path: Path, qtbot: Any
) -> None:
    ctx = page_context(demo_session, ini_path)
    page = _open(ctx, qtbot)
    prompts = ctx.prompts
    assert isinstance(prompts, FakePrompts)
    assert page.list.count() == 3
    _select(page, "Verts Chemins")
    past = [page.past_list.item(i).text() for i in range(page.past_list.count())]
    assert len(past) == 1 and "Département du Gard" in past[0] and "mandataire" in past[0]
    _select(page, "L'Établi Gardois")
    assert page.past_list.item(0).text() == "Aucun groupement pour l'instant."

    page.search_edit.setText("élagage")
    assert [page.list.item(i).text() for i in range(page.list.count())] == ["Verts Chemins"]
    page.search_edit.setText("")

    _select(page, "L'Établi Gardois")
    prompts.script("ask_yes_no", False, True)
    page.delete_button.click()
    assert page.list.count() == 3
    page.delete_button.click()
    assert "L'Établi Gardois" in prompts.asked[-1][2]
    assert page.list.count() == 2
    assert "L'Établi Gardois" not in [p.name for p in PartnerService(demo_session).list()]
