"""Small helpers for driving the Consultations page like a user."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from responder.domain.tender import Tender
from responder.ui.context import UiContext
from responder.ui.models.tender_table import ID_ROLE
from responder.ui.pages.tenders_page import TendersPage
from responder.ui.widgets.criteria_editor import CriteriaEditor
from responder.ui.widgets.dates import OptionalDateTimeEdit

T = TypeVar("T")
W = TypeVar("W", bound=QWidget)


def set_datetime(field: OptionalDateTimeEdit, value: datetime) -> None:
    """Tick « renseignée » and type the date in the editor."""
    field.check.setChecked(True)
    field.editor.setDateTime(
        QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))
    )


def add_criterion(editor: CriteriaEditor, name: str, weight: float) -> QTreeWidgetItem:
    """Click « Ajouter un critère » then type its name and weight in the tree."""
    editor.add_button.click()
    item = editor.tree.currentItem()
    assert item is not None
    editor.tree.closePersistentEditor(item, 0)
    item.setText(0, name)
    item.setData(1, Qt.ItemDataRole.EditRole, weight)
    return item


def column_texts(page: TendersPage, column: int) -> list[str]:
    """What the table shows in ``column``, top to bottom."""
    proxy = page.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def shown_ids(page: TendersPage) -> list[int]:
    """Tender ids shown in the table, top to bottom."""
    proxy = page.proxy
    return [proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount())]


def dossier_tab(page: TendersPage, cls: type[T]) -> T:
    """The dossier tab of class ``cls`` on the Consultations page (built if not shown yet)."""
    from responder.ui.pages.dossier_tabs import DOSSIER_TABS
    from responder.ui.pages.dossier_tabs import dossier_tab as built_tab

    key = next(spec.key for spec in DOSSIER_TABS if spec.cls == cls.__name__)
    tab = built_tab(page.dossier_tabs, key)
    assert isinstance(tab, cls)
    return tab


def shown_tab(tab: W, qtbot: Any, tender: Tender | None, size: tuple[int, int]) -> W:
    """A dossier tab built alone: sized, given ``tender``, shown (so it loads)."""
    qtbot.addWidget(tab)
    tab.resize(*size)
    tab.set_tender(tender)  # type: ignore[attr-defined]
    tab.show()
    qtbot.waitExposed(tab)
    return tab


PageT = TypeVar("PageT", bound=QWidget)


def show_alone(qtbot: Any, page: PageT, width: int = 1280, height: int = 700) -> PageT:
    """Show a page built alone as an active window (its shortcuts work), closed after."""
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def tenders_page(ctx: UiContext, qtbot: Any) -> TendersPage:
    """The Consultations page built alone on ``ctx`` (with its own undo stack), shown at
    1366 × 700; its questions are answered by ``ctx.prompts``."""
    built = TendersPage(ctx, QUndoStack())
    qtbot.addWidget(built)
    built.resize(1366, 700)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    return built


def open_dossier(page: TendersPage, tender_id: int | None) -> TendersPage:
    """Reload the Consultations page and select dossier ``tender_id``."""
    assert tender_id is not None
    page.reload()
    assert page.select_tender(tender_id)
    return page


@pytest.fixture(name="page")
def page_alone(ctx: UiContext, qtbot: Any) -> TendersPage:
    """The Consultations page built alone on the test workspace (see ``tenders_page``;
    import this fixture to use ``page``)."""
    return tenders_page(ctx, qtbot)

