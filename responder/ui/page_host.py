"""The main window's pages: the sidebar, the stack of page slots, and each page built the
first time it is shown (its module imported then) and wired to the window.

A page talks to the window only through its signals (``status_message``, ``open_tender``)
and to the other pages through the change bus (``ctx.bus``): this module connects those
signals; nothing here reaches into a page's private members.

The shell's first frame uses no enum of Qt's ``Qt`` namespace: PySide6 creates all of them
on the first use of any (about 12 ms). What needs them, and is not seen in that frame (the
sidebar's and slots' policies, the hidden demo banner), is done by ``finish_shell`` just
after it.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .pages.registry import PAGES, STRUCTURE, TENDERS, page_index

if TYPE_CHECKING:
    from .context import UiContext
    from .main_window import MainWindow
    from .pages.structure_page import StructurePage
    from .pages.tenders.preview import TendersPreview
    from .pages.tenders_page import TendersPage
    from .welcome import DemoBanner

LOADING_TEXT = "Ouverture de l'espace de travail…"
#: The modules of the pages the registry names none for (``build_page`` wires them itself).
PAGE_MODULES = {TENDERS: ".pages.tenders_page", STRUCTURE: ".pages.structure_page"}
#: The module of the pages not written yet.
PLACEHOLDER_MODULE = ".pages.placeholder_page"


def build_sidebar() -> QListWidget:
    """The navigation list: one item per page (``finish_shell``: never elided nor scrolled)."""
    sidebar = QListWidget()
    sidebar.setAccessibleName("Navigation entre les pages")
    sidebar.setStyleSheet("QListWidget::item { padding: 10px 8px; }")
    font = QFont(sidebar.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    sidebar.setFont(font)
    for index, spec in enumerate(PAGES):
        item = QListWidgetItem(spec.title)
        item.setToolTip(f"{spec.title} (Ctrl+{index + 1})")
        sidebar.addItem(item)
    sidebar.setMinimumWidth(sidebar_min_width(sidebar))
    return sidebar


def sidebar_min_width(sidebar: QListWidget) -> int:
    """The width the sidebar needs to show its longest page title in full."""
    margins = sidebar.contentsMargins()
    scrollbar = sidebar.verticalScrollBar().sizeHint().width()
    return (sidebar.sizeHintForColumn(0) + 2 * sidebar.frameWidth() + margins.left()
            + margins.right() + scrollbar + 8)


class PageHost:
    """The stacked page slots and the pages built so far (``pages``, by key)."""

    def __init__(self) -> None:
        self.stack = QStackedWidget()
        self.slots: list[QWidget] = []
        self.pages: dict[str, QWidget] = {}
        #: The dossier list read from the file at start-up, until the page replaces it.
        self.preview: TendersPreview | None = None
        for _spec in PAGES:
            slot = QWidget()
            QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
            self.slots.append(slot)
            # A page wider than the room left scrolls, instead of squeezing the sidebar.
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(slot)
            self.stack.addWidget(area)
        # Centred by its paragraph, not by an alignment flag (see the module's note).
        self.loading_label = QLabel(f'<p align="center">{LOADING_TEXT}</p>')
        theme.set_role(self.loading_label, "loading")
        self.slot_layout(page_index(TENDERS)).addWidget(self.loading_label)

    def slot_layout(self, index: int) -> Any:
        """The layout of the slot at ``index`` (where its page goes)."""
        layout = self.slots[index].layout()
        assert layout is not None
        return layout

    def show_preview(self, preview: TendersPreview) -> None:
        """Show the dossier list read at start-up where the Consultations page will be."""
        if TENDERS in self.pages or self.preview is not None:
            preview.deleteLater()
            return
        self.loading_label.hide()
        self.slot_layout(page_index(TENDERS)).addWidget(preview)
        self.preview = preview

    def page(self, key: str, build: Callable[[str], QWidget]) -> QWidget:
        """The page ``key``, made by ``build`` on first use."""
        if key not in self.pages:
            page = build(key)
            if key == TENDERS:
                self.loading_label.hide()  # it said so until the page was there
            self.slot_layout(page_index(key)).addWidget(page)
            self.pages[key] = page
            if key == TENDERS and self.preview is not None:
                self._replace_preview(page)
        return self.pages[key]

    def _replace_preview(self, page: QWidget) -> None:
        """The page takes over from the start-up's list (what the user did in it too)."""
        from .pages.tenders.preview import hand_over

        preview, self.preview = self.preview, None
        assert preview is not None
        hand_over(preview, page)  # type: ignore[arg-type]
        preview.hide()
        preview.deleteLater()


def page_module(key: str) -> str:
    """The full name of the module of page ``key``."""
    name = PAGE_MODULES.get(key) or PAGES[page_index(key)].module or PLACEHOLDER_MODULE
    return importlib.util.resolve_name(name, __package__)


def import_page(key: str) -> ModuleType:
    """Import the modules of page ``key`` (done anyway when it is first built)."""
    return importlib.import_module(page_module(key))


def build_page(window: MainWindow, ctx: UiContext, key: str) -> QWidget:
    """Build page ``key`` and connect its signals to ``window``.

    Pages are imported when first built: they pull in the domain models (pydantic), which
    the shell does not need, and most sessions never open some of them.
    """
    spec = PAGES[page_index(key)]
    if key == TENDERS:
        tenders: TendersPage = import_page(key).TendersPage(ctx, window.undo_stack)
        tenders.status_message.connect(window.show_message)
        tenders.selection_changed.connect(lambda _has: window.update_actions())
        tenders.table.addAction(window.menu_actions.delete)
        return tenders
    if key == STRUCTURE:
        structure: StructurePage = import_page(key).StructurePage(ctx)
        structure.status_message.connect(window.show_message)
        structure.structure_changed.connect(window.structure_switched)
        structure.before_switch = window.tenders_may_leave
        return structure
    if not spec.module:
        placeholder: QWidget = import_page(key).PlaceholderPage(spec.title, spec.description)
        return placeholder
    page: QWidget = getattr(import_page(key), spec.cls)(ctx)
    signal = getattr(page, "status_message", None)
    if signal is not None:
        signal.connect(window.show_message)
    opener = getattr(page, "open_tender", None)
    if opener is not None:
        opener.connect(window.open_tender)
    return page


def switch_page(window: MainWindow, index: int) -> None:
    """Show the page at ``index`` (built on first use, else refreshed), for the sidebar."""
    from .widgets.wheel_guard import paused

    with paused(window):
        if index >= 0 and window.ctx is not None:
            shown = window.page(PAGES[index].key)
            refresh = getattr(shown, "refresh", None)
            if callable(refresh) and PAGES[index].module:
                refresh()
        if index >= 0:
            window.stack.setCurrentIndex(index)
            window.update_actions()


def build_central(window: MainWindow) -> tuple[QSplitter, QVBoxLayout]:
    """Sidebar and pages side by side (the demo banner goes above: ``finish_shell``); the
    window's central widget, and its layout."""
    splitter = QSplitter()  # horizontal
    splitter.addWidget(window.sidebar)
    splitter.addWidget(window.stack)
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 1)
    # The sidebar can neither collapse nor shrink below its widest title.
    splitter.setCollapsible(0, False)
    splitter.setCollapsible(1, False)
    width = window.sidebar.minimumWidth()
    splitter.setSizes([width, 1280 - width])
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(splitter, 1)
    window.setCentralWidget(central)
    return splitter, layout


def finish_shell(window: MainWindow, central: QVBoxLayout) -> DemoBanner:
    """What the shell's first frame does without: every page title readable in full (no
    horizontal scrolling, no eliding), page slots that take no focus, and the demo banner
    (hidden until a demo workspace is attached), above every page so that the demo is never
    mistaken for real data; returns the banner."""
    from PySide6.QtCore import Qt

    from .welcome import DemoBanner
    from .window_extras import start_own

    window.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    window.sidebar.setTextElideMode(Qt.TextElideMode.ElideNone)
    for index in range(window.stack.count()):
        area = window.stack.widget(index)
        if area is not None:
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    banner = DemoBanner()
    banner.hide()
    banner.start_button.clicked.connect(lambda: start_own(window))
    central.insertWidget(0, banner)
    return banner


def show_tender(page: TendersPage, tender_id: int) -> None:
    """Select dossier ``tender_id`` in the Consultations page, whatever its filters."""
    if page.model.row_of(tender_id) is None:
        page.reload()  # created outside this page since it was built (CLI, import)
    if not page.select_tender(tender_id) and page.current_tender_id() != tender_id:
        page.clear_filters()  # the dossier was hidden by the search or status filter
        page.select_tender(tender_id)
