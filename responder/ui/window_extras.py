"""Menus added to the main window's shell: Fichier › Nouvel espace / Ouvrir / Récents, and
Aide › Guide de la réponse / Glossaire with F1 (help on the term of the focused field);
``finish_window``: what the shell gets just after its first frame."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from .. import __version__
from .widgets.help_button import HELP_PROPERTY

if TYPE_CHECKING:
    from PySide6.QtWidgets import QVBoxLayout

    from .actions import Actions
    from .dossier_exchange import DossierExchange
    from .main_window import MainWindow
    from .welcome import DemoBanner

HELP_PAGE = "help"
GUIDE_PAGE = "guide"


def _menu(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == title:
            return menu
    return window.menuBar().addMenu(title)


class WorkspaceMenu(QObject):
    """The workspace actions at the top of the Fichier menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = _menu(window, "Fichier")
        first = menu.actions()[0] if menu.actions() else None
        self.new_action = QAction("Nouvel &espace de travail…", window)
        self.new_action.setStatusTip("Créer un espace vide pour une autre structure")
        self.new_action.triggered.connect(self._new)
        self.open_action = QAction("&Ouvrir un espace de travail…", window)
        self.open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_action.setStatusTip("Ouvrir un fichier .responder")
        self.open_action.triggered.connect(self._open)
        window.addAction(self.open_action)
        self.recent_menu = QMenu("Espaces &récents", window)
        menu.insertAction(first, self.new_action)  # type: ignore[arg-type]
        menu.insertAction(first, self.open_action)  # type: ignore[arg-type]
        menu.insertMenu(first, self.recent_menu)  # type: ignore[arg-type]
        menu.insertSeparator(first)  # type: ignore[arg-type]
        self.refresh()

    def _new(self) -> None:
        if self.window.host is not None:
            self.window.host.new_workspace()

    def _open(self) -> None:
        if self.window.host is not None:
            self.window.host.open_chosen()

    def refresh(self) -> None:
        """List the recent workspaces (the open one excluded)."""
        self.recent_menu.clear()
        host = self.window.host
        enabled = host is not None
        self.new_action.setEnabled(enabled)
        self.open_action.setEnabled(enabled)
        current = self.window.ctx.workspace_path.resolve() if self.window.ctx else None
        paths = [p for p in (host.recent() if host else []) if p.resolve() != current]
        for path in paths:
            action = self.recent_menu.addAction(f"{path.stem}   ({path.parent})")
            action.triggered.connect(lambda _c=False, p=path: self._open_path(p))
        if not paths:
            empty = self.recent_menu.addAction("Aucun autre espace récent")
            empty.setEnabled(False)

    def _open_path(self, path: Path) -> None:
        if self.window.host is not None:
            self.window.host.open(path)


def install_workspace_menu(window: MainWindow) -> WorkspaceMenu:
    """Add the workspace actions to Fichier."""
    return WorkspaceMenu(window)


def finish_window(window: MainWindow, central: QVBoxLayout) -> tuple[
        DemoBanner, DossierExchange, Actions, WorkspaceMenu]:
    """The rest of the shell, done after its first frame in the app (its modules and Qt's
    enums are not needed to paint it): the demo banner and the sidebar's policies, the
    dossier files and backups, the menus' actions (and so their keyboard shortcuts), the
    workspace and help menus. Returns what the window keeps: the banner, the dossier
    exchange, the actions and the workspace menu (``MainWindow.finish``, once)."""
    from .actions import build_actions, build_menus
    from .dossier_exchange import DossierExchange
    from .page_host import finish_shell

    banner = finish_shell(window, central)
    # Dossier files and backups (Fichier menu): behaviour kept out of the shell.
    exchange = DossierExchange(window)
    actions = build_actions(window)
    build_menus(window.menus, actions)
    workspace_menu = install_workspace_menu(window)
    install_help(window)
    return banner, exchange, actions, workspace_menu


def help_term_of(widget: QWidget | None) -> str:
    """The glossary term of ``widget`` or of its nearest parent that has one."""
    while widget is not None:
        value = widget.property(HELP_PROPERTY)
        if isinstance(value, str) and value:
            return value
        widget = widget.parentWidget()
    return ""


def show_help(window: MainWindow, term: str = "") -> None:
    """Show the Aide page, on ``term`` when given."""
    from .pages.registry import page_index

    window.show_page(page_index(HELP_PAGE))
    page = window.page(HELP_PAGE)
    select = getattr(page, "select_term", None)
    if term and select is not None:
        select(term)


def context_help(window: MainWindow) -> str:
    """F1: the glossary entry of the focused field, else the Aide page; returns the term."""
    term = help_term_of(QApplication.focusWidget())
    if window.ctx is not None:
        show_help(window, term)
    return term


def install_help(window: MainWindow) -> None:
    """Aide › Guide de la réponse, Glossaire (F1)."""
    from .pages.registry import page_index

    menu = _menu(window, "Aide")
    first = menu.actions()[0] if menu.actions() else None
    guide = QAction("&Guide de la réponse", window)
    guide.setStatusTip("Les huit étapes d'une réponse, ce qu'il faut faire et pourquoi")
    guide.triggered.connect(lambda: window.show_page(page_index(GUIDE_PAGE)))
    glossary = QAction("&Glossaire et aide", window)
    glossary.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    glossary.setStatusTip("Explication du terme du champ actif, ou tout le glossaire (F1)")
    glossary.triggered.connect(lambda: context_help(window))
    window.addAction(glossary)
    menu.insertAction(first, guide)  # type: ignore[arg-type]
    menu.insertAction(first, glossary)  # type: ignore[arg-type]
    menu.insertSeparator(first)  # type: ignore[arg-type]
    window.help_action = glossary  # type: ignore[attr-defined]


def about_box(window: MainWindow) -> None:
    """The « À propos » box."""
    QMessageBox.about(
        window,
        "À propos de Responder",
        f"<b>Responder</b> {__version__}<br>Assistant hors ligne pour répondre aux marchés "
        "publics, pour les structures de l'économie sociale et solidaire.<br><br>"
        "Logiciel libre sous licence GPL version 3 ou ultérieure.",
    )


def start_own(window: MainWindow) -> None:
    """From the demo banner: the guided form for the user's own structure."""
    host = window.host
    if host is None:
        return
    from ..services.locations import default_workspace_path

    target = default_workspace_path()
    if target.parent != host.data_dir:
        target = host.data_dir / target.name
    host.show_welcome(target, structure_form=True)
