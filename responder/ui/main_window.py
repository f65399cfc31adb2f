"""The main window: a thin shell with a sidebar of pages, menus and a status bar.

Startup is in two steps so the window appears at once: the shell (this module imports Qt
only) is shown, then ``attach`` gives it the workspace's services and the pages are built,
each the first time it is shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QFont, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from .actions import build_actions, build_menus
from .dossier_exchange import DossierExchange
from .pages.registry import DASHBOARD, PAGES, STRUCTURE, TENDERS, page_index
from .screen_fit import clamp_to_screen, fit_to_screen
from .settings import UiSettings
from .welcome import DemoBanner
from .window_extras import install_help, install_workspace_menu

if TYPE_CHECKING:
    from ..domain.structure import Structure
    from .context import UiContext
    from .pages.structure_page import StructurePage
    from .pages.tenders_page import TendersPage
    from .workspace_host import WorkspaceHost

SETTINGS_KEY = "main_window"
LOADING_TEXT = "Ouverture de l'espace de travail…"


class MainWindow(QMainWindow):
    """Sidebar + stacked pages; opens on « Consultations », or on « Tableau de bord » when
    something is overdue or due within a week."""

    def __init__(
        self, settings: UiSettings, workspace_path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ctx: UiContext | None = None
        self.undo_stack = QUndoStack(self)
        self._pages: dict[str, QWidget] = {}
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Navigation entre les pages")
        self.sidebar.setStyleSheet("QListWidget::item { padding: 10px 8px; }")
        font = QFont(self.sidebar.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sidebar.setFont(font)
        self.stack = QStackedWidget()
        self._slots: list[QWidget] = []
        for index, spec in enumerate(PAGES):
            item = QListWidgetItem(spec.title)
            item.setToolTip(f"{spec.title} (Ctrl+{index + 1})")
            self.sidebar.addItem(item)
            slot = QWidget()
            QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
            self._slots.append(slot)
            # A page wider than the room left scrolls, instead of squeezing the sidebar.
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            area.setWidget(slot)
            self.stack.addWidget(area)
        self.loading_label = QLabel(LOADING_TEXT)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_label.setStyleSheet("color: #555; font-size: 13pt;")
        self._slot_layout(page_index(TENDERS)).addWidget(self.loading_label)
        # Every page title stays readable in full: no horizontal scrolling, no eliding, and
        # the sidebar can neither collapse nor shrink below its widest title.
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setTextElideMode(Qt.TextElideMode.ElideNone)
        sidebar_width = self.sidebar_min_width()
        self.sidebar.setMinimumWidth(sidebar_width)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([sidebar_width, 1280 - sidebar_width])
        # The demo banner sits above every page, so the demo is never mistaken for real data.
        self.demo_banner = DemoBanner()
        self.demo_banner.hide()
        self.demo_banner.start_button.clicked.connect(self._start_own)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        #: The WorkspaceHost that opened this window (Fichier › Nouvel espace / Ouvrir).
        self.host: WorkspaceHost | None = None
        # Dossier files and backups (Fichier menu): behaviour kept out of this shell.
        self.exchange = DossierExchange(self)
        self.menu_actions = build_actions(self)
        build_menus(self.menuBar(), self.menu_actions)
        self.workspace_menu = install_workspace_menu(self)
        install_help(self)
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
        self._update_actions()

    def sidebar_min_width(self) -> int:
        """The width the sidebar needs to show its longest page title in full."""
        sidebar = self.sidebar
        margins = sidebar.contentsMargins()
        scrollbar = sidebar.verticalScrollBar().sizeHint().width()
        return (sidebar.sizeHintForColumn(0) + 2 * sidebar.frameWidth() + margins.left()
                + margins.right() + scrollbar + 8)

    def attach(
        self, ctx: UiContext, *, background: bool = False,
        ready: Callable[[], None] | None = None,
    ) -> None:
        """Give the window its workspace: build the page shown and title the window.

        With ``background`` (the app's start-up), the Consultations page is shown at once
        and the dashboard is computed on the thread pool; when it is ready, the window
        switches to it if something is urgent and the user has not moved meanwhile, then
        calls ``ready``. Without it (tests, self-test) everything happens before returning.
        """
        self.ctx = ctx
        self.loading_label.hide()
        from ..services.demo import is_demo

        self.demo_banner.setVisible(ctx.session is not None and is_demo(ctx.session))
        self._update_title(ctx.structures.current())
        if not background:
            if not self._open_dashboard_if_urgent():
                self._on_page_changed(self.stack.currentIndex())
            if ready is not None:
                ready()
            return
        start_index = self.stack.currentIndex()
        self._on_page_changed(start_index)
        dashboard = self.page(DASHBOARD)
        compute = getattr(dashboard, "refresh_in_background", None)
        if compute is None:
            if ready is not None:
                ready()
            return

        def computed() -> None:
            notice = getattr(dashboard, "notice", lambda: "")()
            if notice:
                self.show_message(notice)
            if (self.stack.currentIndex() == start_index
                    and getattr(dashboard, "needs_attention", lambda: False)()
                    and (TENDERS not in self._pages
                         or self.tenders_page.current_tender_id() is None)):
                self._show_computed(DASHBOARD)
            if ready is not None:
                ready()

        compute(computed)

    def _open_dashboard_if_urgent(self) -> bool:
        """At start-up: put the dashboard's 48-hour notice in the status bar and show the
        dashboard when something is overdue or due within a week; True if shown."""
        dashboard = self.page(DASHBOARD)
        refresh = getattr(dashboard, "refresh", None)
        if refresh is None:
            return False
        refresh()
        notice = getattr(dashboard, "notice", lambda: "")()
        if notice:
            self.show_message(notice)
        if not getattr(dashboard, "needs_attention", lambda: False)():
            return False
        self._show_computed(DASHBOARD)
        return True

    def _show_computed(self, key: str) -> None:
        """Show page ``key`` as it is, without the refresh _on_page_changed would run."""
        index = page_index(key)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(index)
        self.sidebar.blockSignals(False)
        self.stack.setCurrentIndex(index)
        self._update_actions()

    # --- pages -------------------------------------------------------------------------------
    def _slot_layout(self, index: int) -> Any:
        layout = self._slots[index].layout()
        assert layout is not None
        return layout

    def page(self, key: str) -> QWidget:
        """The page ``key``, built on first use (once the workspace is attached)."""
        if key not in self._pages:
            page = self._build_page(key)
            self._slot_layout(page_index(key)).addWidget(page)
            self._pages[key] = page
        return self._pages[key]

    @property
    def tenders_page(self) -> TendersPage:
        """The « Consultations » page."""
        return self.page(TENDERS)  # type: ignore[return-value]

    @property
    def structure_page(self) -> StructurePage:
        """The « Ma structure » page."""
        return self.page(STRUCTURE)  # type: ignore[return-value]

    def _build_page(self, key: str) -> QWidget:
        # Pages are imported when first built: they pull in the domain models (pydantic),
        # which the shell does not need, and most sessions never open some of them.
        ctx = self.ctx
        assert ctx is not None, "attach() the workspace before building pages"
        spec = PAGES[page_index(key)]
        if key == TENDERS:
            from .pages.tenders_page import TendersPage

            tenders = TendersPage(ctx, self.undo_stack)
            tenders.status_message.connect(self.show_message)
            tenders.selection_changed.connect(lambda _has: self._update_actions())
            tenders.table.addAction(self.menu_actions.delete)
            return tenders
        if key == STRUCTURE:
            from .pages.structure_page import StructurePage

            structure = StructurePage(ctx)
            structure.status_message.connect(self.show_message)
            structure.structure_changed.connect(self._on_structure_changed)
            structure.before_switch = self._tenders_may_leave
            return structure
        if spec.module:
            module = importlib.import_module(spec.module, package=__package__)
            page: QWidget = getattr(module, spec.cls)(ctx)
            signal = getattr(page, "status_message", None)
            if signal is not None:
                signal.connect(self.show_message)
            opener = getattr(page, "open_tender", None)
            if opener is not None:
                opener.connect(self.open_tender)
            return page
        from .pages.placeholder_page import PlaceholderPage

        return PlaceholderPage(spec.title, spec.description)

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
        if index < 0:
            return
        if self.ctx is not None:
            shown = self.page(PAGES[index].key)
            refresh = getattr(shown, "refresh", None)
            if callable(refresh) and PAGES[index].module:
                refresh()
        self.stack.setCurrentIndex(index)
        self._update_actions()

    def _update_actions(self) -> None:
        self.menu_actions.new_tender.setEnabled(self.ctx is not None)
        on_tenders = self.current_page_key() == TENDERS and TENDERS in self._pages
        selected = on_tenders and self.tenders_page.current_tender_id() is not None
        self.menu_actions.duplicate.setEnabled(selected)
        self.menu_actions.delete.setEnabled(selected)

    # --- actions ----------------------------------------------------------------------------
    def new_tender(self) -> None:
        """Go to « Consultations » and create a new dossier there."""
        if self.ctx is None:
            return
        self.show_page(page_index(TENDERS))
        self.tenders_page.new_tender()

    def open_tender(self, tender_id: int) -> None:
        """Go to « Consultations » and show the dossier ``tender_id`` (from the dashboard)."""
        if self.ctx is None:
            return
        self.show_page(page_index(TENDERS))
        page = self.tenders_page
        if page.model.row_of(tender_id) is None:
            page.reload()  # created outside this page since it was built (CLI, import)
        if not page.select_tender(tender_id) and page.current_tender_id() != tender_id:
            page.clear_filters()  # the dossier was hidden by the search or status filter
            page.select_tender(tender_id)

    def duplicate_tender(self) -> None:
        """Duplicate the selected consultation."""
        if self.current_page_key() == TENDERS and TENDERS in self._pages:
            self.tenders_page.duplicate_selected()

    def delete_tender(self) -> None:
        """Delete the selected consultation (after confirmation, undoable)."""
        if self.current_page_key() == TENDERS and TENDERS in self._pages:
            self.tenders_page.delete_selected()

    def show_message(self, text: str) -> None:
        """A transient message in the status bar."""
        self.statusBar().showMessage(text, 10_000)

    def show_about(self) -> None:
        """The « À propos » box."""
        QMessageBox.about(
            self,
            "À propos de Responder",
            f"<b>Responder</b> {__version__}<br>Assistant hors ligne pour répondre aux marchés "
            "publics, pour les structures de l'économie sociale et solidaire.<br><br>"
            "Logiciel libre sous licence GPL version 3 ou ultérieure.",
        )

    # --- structure --------------------------------------------------------------------------
    def _tenders_may_leave(self) -> bool:
        return TENDERS not in self._pages or self.tenders_page.maybe_leave()

    def _on_structure_changed(self, structure: Structure) -> None:
        self._update_title(structure)
        if TENDERS in self._pages and structure.id is not None:
            self.tenders_page.set_structure(structure.id)
        if STRUCTURE in self._pages:
            self.structure_page.show_structure(structure)
        dashboard = self._pages.get(DASHBOARD)
        refresh = getattr(dashboard, "refresh", None)
        if refresh is not None:
            refresh()

    def _update_title(self, structure: Structure) -> None:
        # One « Responder »: no application display name is set (Qt would append it).
        self.setWindowTitle(f"Responder — {structure.name}")

    # --- closing -----------------------------------------------------------------------------
    def may_close(self) -> bool:
        """Ask each page about unsaved changes; False when the user wants to stay."""
        for page in self._pages.values():
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
    def _start_own(self) -> None:
        """From the demo banner: the guided form for the user's own structure."""
        if self.host is not None:
            from ..services.locations import default_workspace_path

            target = default_workspace_path()
            if target.parent != self.host.data_dir:
                target = self.host.data_dir / target.name
            self.host.show_welcome(target, structure_form=True)

    def refresh_recent_menu(self) -> None:
        """Rebuild Fichier › Espaces récents from the host's list."""
        self.workspace_menu.refresh()

    def save_settings(self) -> None:
        """Store window geometry, state and splitter sizes (QSettings)."""
        self.settings.save_window(self, SETTINGS_KEY)
        self.settings.save_splitter(self.splitter, SETTINGS_KEY)
        for page in self._pages.values():
            save = getattr(page, "save_settings", None)
            if save is not None:
                save()
        self.settings.sync()
