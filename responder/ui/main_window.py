"""The main window: a thin shell with a sidebar of pages, menus and a status bar.

The shell is shown first (its menus' actions just after: ``finish``); ``attach`` then gives it
the workspace's services. Pages are built when first shown (``page_host.py``), the dashboard
at start-up by ``startup.py``; pages talk to the window through their signals and to each
other through the change bus (``ctx.bus``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from . import startup
from .actions import add_menus
from .page_host import (
    PageHost,
    build_central,
    build_page,
    build_sidebar,
    show_tender,
    sidebar_min_width,
    switch_page,
)
from .pages.registry import PAGES, STRUCTURE, TENDERS, page_index
from .screen_fit import clamp_to_screen, fit_to_screen
from .settings import UiSettings

if TYPE_CHECKING:
    from ..domain.structure import Structure
    from .context import UiContext
    from .pages.structure_page import StructurePage
    from .pages.tenders_page import TendersPage
    from .workspace_host import WorkspaceHost

SETTINGS_KEY = "main_window"


class MainWindow(QMainWindow):
    """Sidebar + stacked pages; opens on « Consultations », or on « Tableau de bord » when
    something is overdue or due within a week."""

    def __init__(self, settings: UiSettings, workspace_path: Path,
                 parent: QWidget | None = None, *, finish_later: bool = False) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ctx: UiContext | None = None
        self.host: WorkspaceHost | None = None  # that opened it (Fichier › Nouvel espace…)
        self.undo_stack = QUndoStack(self)
        self.sidebar = build_sidebar()
        self.pages_host = PageHost()
        self.stack = self.pages_host.stack
        self.loading_label = self.pages_host.loading_label
        self.splitter, self._central = build_central(self)
        self.menus = add_menus(self.menuBar())
        self.finished = False
        self.path_label = QLabel(f"Espace de travail : {workspace_path}")
        self.path_label.setAccessibleName("Fichier de l'espace de travail")
        self.statusBar().addPermanentWidget(self.path_label)
        self.setWindowTitle("Responder")
        # The preferred size, shrunk to the screen's available area (taskbar excluded): the
        # whole width of a 1366-pixel laptop, which the dossier's eleven tabs need.
        fit_to_screen(self, QSize(1366, 800))
        if settings.restore_window(self, SETTINGS_KEY):
            clamp_to_screen(self)
        settings.restore_splitter(self.splitter, SETTINGS_KEY)
        self.sidebar.setCurrentRow(page_index(TENDERS))
        self.stack.setCurrentIndex(page_index(TENDERS))
        self.sidebar.currentRowChanged.connect(self._on_page_changed)
        if not finish_later:
            self.finish()

    def finish(self) -> None:
        """The rest of the shell (the app calls it just after the first frame); once. It
        gives the window ``demo_banner``, ``exchange``, ``menu_actions``, ``workspace_menu``."""
        if self.finished:
            return
        from .window_extras import finish_window  # nor its modules before the first frame

        (self.demo_banner, self.exchange, self.menu_actions,
         self.workspace_menu) = finish_window(self, self._central)
        self.finished = True
        self.update_actions()

    def sidebar_min_width(self) -> int:
        """The width the sidebar needs to show its longest page title in full."""
        return sidebar_min_width(self.sidebar)

    def attach(self, ctx: UiContext, *, background: bool = False,
               ready: Callable[[], None] | None = None,
               shown: Callable[[], None] | None = None) -> None:
        """Give the window its workspace: build the page shown and title the window.

        With ``background`` (the app's start-up), the Consultations page is shown first
        (then ``shown``) and the dashboard is computed on the thread pool; when it is
        ready, the window switches to it if something is urgent and the user has not moved
        meanwhile, then calls ``ready``. Without it (tests, self-test) everything happens
        before returning.
        """
        self.ctx = ctx
        self.show_structure_name(ctx.structures.current().name)
        startup.attach(self, background, ready, shown)

    def show_computed(self, key: str) -> None:
        """Show page ``key`` as it is, without the refresh a page change runs."""
        index = page_index(key)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(index)
        self.sidebar.blockSignals(False)
        self.stack.setCurrentIndex(index)
        self.update_actions()

    # --- pages -------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page ``key``, built on first use (once the workspace is attached)."""
        assert self.ctx is not None, "attach() the workspace before building pages"
        ctx = self.ctx
        return self.pages_host.page(key, lambda k: build_page(self, ctx, k))

    def has_page(self, key: str) -> bool:
        """True when page ``key`` has been built."""
        return key in self.pages_host.pages

    def built_pages(self) -> list[QWidget]:
        """The pages built so far."""
        return list(self.pages_host.pages.values())

    @property
    def tenders_page(self) -> TendersPage:
        """The « Consultations » page."""
        return self.page(TENDERS)  # type: ignore[return-value]

    @property
    def structure_page(self) -> StructurePage:
        """The « Ma structure » page."""
        return self.page(STRUCTURE)  # type: ignore[return-value]

    def show_page(self, index: int) -> None:
        """Show the page at ``index`` (Ctrl+1 … Ctrl+9)."""
        if self.sidebar.currentRow() == index:
            self._on_page_changed(index)  # no row change, so no signal: show it here
        else:
            self.sidebar.setCurrentRow(index)  # currentRowChanged → _on_page_changed, once

    def current_page_key(self) -> str:
        """Key of the page shown."""
        return PAGES[self.stack.currentIndex()].key

    def _on_page_changed(self, index: int) -> None:
        switch_page(self, index)

    def update_actions(self) -> None:
        """Enable the menu actions that apply to the page and selection shown."""
        if not self.finished:
            return
        self.menu_actions.new_tender.setEnabled(self.ctx is not None)
        on_tenders = self.current_page_key() == TENDERS and self.has_page(TENDERS)
        selected = on_tenders and self.tenders_page.current_tender_id() is not None
        self.menu_actions.duplicate.setEnabled(selected)
        self.menu_actions.delete.setEnabled(selected)

    # --- actions ----------------------------------------------------------------------------
    def new_tender(self) -> None:
        """Go to « Consultations » and create a new dossier there."""
        if self.ctx is not None:
            self.show_page(page_index(TENDERS))
            self.tenders_page.new_tender()

    def open_tender(self, tender_id: int) -> None:
        """Go to « Consultations » and show the dossier ``tender_id`` (from the dashboard)."""
        if self.ctx is not None:
            self.show_page(page_index(TENDERS))
            show_tender(self.tenders_page, tender_id)

    def duplicate_tender(self) -> None:
        """Duplicate the selected consultation."""
        if self.current_page_key() == TENDERS and self.has_page(TENDERS):
            self.tenders_page.duplicate_selected()

    def delete_tender(self) -> None:
        """Delete the selected consultation (after confirmation, undoable)."""
        if self.current_page_key() == TENDERS and self.has_page(TENDERS):
            self.tenders_page.delete_selected()

    def show_message(self, text: str) -> None:
        """A transient message in the status bar."""
        self.statusBar().showMessage(text, 10_000)

    # --- structure --------------------------------------------------------------------------
    def tenders_may_leave(self) -> bool:
        """Ask the dossier shown about unsaved changes; False when the user stays."""
        return not self.has_page(TENDERS) or self.tenders_page.maybe_leave()

    def structure_switched(self, structure: Structure) -> None:
        """Another structure is current: retitle, and announce it on the change bus so
        every page subscribed to the structure reloads itself."""
        self.show_structure_name(structure.name)
        # Pages that do not subscribe to the bus yet are told directly.
        if self.has_page(TENDERS) and structure.id is not None:
            self.tenders_page.set_structure(structure.id)
        if self.has_page(STRUCTURE):
            self.structure_page.show_structure(structure)
        if self.ctx is not None:
            from ..services.changes import Changes, Topic

            self.ctx.ops.announce(Changes.of(Topic.STRUCTURE, source=self))

    def show_structure_name(self, name: str) -> None:
        """Title the window with the structure the user works on."""
        # One « Responder »: no application display name is set (Qt would append it).
        self.setWindowTitle(f"Responder — {name}")

    # --- closing -----------------------------------------------------------------------------
    def may_close(self) -> bool:
        """Ask each page about unsaved changes; False when the user wants to stay."""
        for page in self.built_pages():
            maybe_leave = getattr(page, "maybe_leave", None)
            if maybe_leave is not None and not maybe_leave():
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        """Ask about unsaved changes, then remember the geometry and sizes."""
        if not self.may_close():
            event.ignore()
            return
        self.save_settings()
        event.accept()

    # --- workspaces ---------------------------------------------------------------------------
    def refresh_recent_menu(self) -> None:
        """Rebuild Fichier › Espaces récents from the host's list."""
        self.workspace_menu.refresh()

    def save_settings(self) -> None:
        """Store window geometry, state and splitter sizes (QSettings)."""
        self.settings.save_window(self, SETTINGS_KEY)
        self.settings.save_splitter(self.splitter, SETTINGS_KEY)
        for page in self.pages_host.pages.values():
            save = getattr(page, "save_settings", None)
            if save is not None:
                save()
        self.settings.sync()
