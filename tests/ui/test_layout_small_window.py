"""At 1024 × 700 (and the default 1280 × 800) no button is cut and no form needs side
scrolling on the « Pièces » tab and the Partenaires, Documents administratifs, Références
and Bibliothèque pages (filled with the demo workspace's long French texts)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QScrollArea,
    QWidget,
)

from responder.services.demo import create_demo
from responder.services.workspace import Session
from responder.ui.main_window import MainWindow
from responder.ui.pages.checklist_tab import ChecklistTab
from responder.ui.pages.registry import TENDERS, page_index

from .conftest import OpenWindow
from .helpers import dossier_tab

SIZES = [(1024, 700), (1280, 800)]
PAGES = ["partners", "documents", "references", "library"]


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[Session]:
    session = create_demo(tmp_path / "demo.responder", today=date(2026, 12, 1))
    yield session
    session.close()


def _resized(open_window: OpenWindow, session: Session, size: tuple[int, int]) -> MainWindow:
    window = open_window(session)
    window.resize(*size)
    QApplication.processEvents()
    return window


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _problems(root: QWidget, room: QWidget) -> list[str]:
    """Buttons narrower than their text needs or partly off-screen, forms that scroll
    sideways, a page larger than the room ``room`` gives it."""
    found: list[str] = []
    if root.width() < root.minimumSizeHint().width():
        found.append(f"page cut: {root.width()} < {root.minimumSizeHint().width()}")
    if root.width() > room.width() or root.height() > room.height():
        found.append(f"page {root.size().toTuple()} larger than {room.size().toTuple()}")
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or not button.text():
            continue
        if button.width() < button.sizeHint().width():
            found.append(f"« {button.text()} » {button.width()} < {button.sizeHint().width()}")
        shown = button.visibleRegion().boundingRect().size()
        scrolled = _in_scroll_area(button, root)  # may be scrolled out of view: fine
        if not isinstance(button, QCheckBox) and not scrolled and shown != button.size():
            found.append(f"« {button.text()} » partly hidden: {shown.toTuple()}")
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.wordWrap() or not label.text():
            continue
        needed = label.heightForWidth(label.width())
        if label.height() < needed and not _in_scroll_area(label, root):
            found.append(f"« {label.text()[:30]}… » {label.height()} < {needed} px high")
        parent = label.parentWidget()
        siblings = parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        for other in siblings:
            if other is not label and other.isVisible() and other.geometry().intersects(
                label.geometry()
            ):
                found.append(f"« {label.text()[:30]}… » covered by {type(other).__name__}")
    for area in root.findChildren(QScrollArea):
        sideways = area.horizontalScrollBar().maximum() > 0
        if area.isVisible() and area.widgetResizable() and sideways:
            found.append(f"{area.accessibleName() or 'formulaire'} défile sur le côté")
    return found


@pytest.mark.parametrize("size", SIZES)
def test_checklist_tab_buttons_are_not_cut(
    open_window: OpenWindow, demo_session: Session, size: tuple[int, int]
) -> None:
    window = _resized(open_window, demo_session, size)
    window.show_page(page_index(TENDERS))
    page = window.tenders_page
    page.reload()
    page.table.selectRow(0)
    tab = dossier_tab(page, ChecklistTab)
    page.dossier_tabs.setCurrentWidget(tab)
    _settle()
    assert tab.isVisible() and tab.current_row() is not None
    assert _problems(tab, page.dossier_tabs) == []
    assert all(button.isEnabled() for button in tab.status_buttons.values())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", PAGES)
def test_sidebar_pages_are_not_cut(
    open_window: OpenWindow, demo_session: Session, size: tuple[int, int], key: str
) -> None:
    window = _resized(open_window, demo_session, size)
    window.show_page(page_index(key))
    page = window.page(key)
    _settle()
    assert page.isVisible()
    assert _problems(page, window.stack) == []


def test_checklist_export_menu_offers_both_formats(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = _resized(open_window, demo_session, SIZES[0])
    window.show_page(page_index(TENDERS))
    page = window.tenders_page
    page.table.selectRow(0)
    tab = dossier_tab(page, ChecklistTab)
    page.dossier_tabs.setCurrentWidget(tab)
    _settle()
    menu = tab.export_button.menu()
    assert menu is not None and tab.export_button.isEnabled()
    assert [a.text() for a in menu.actions()] == [
        "Bordereau des pièces (.docx)…",
        "Liste des pièces pour un tableur (.csv)…",
    ]
