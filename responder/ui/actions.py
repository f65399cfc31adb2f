"""Every menu action of the main window, built in one place (Picard's action registry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from .pages.registry import PAGES

if TYPE_CHECKING:
    from .main_window import MainWindow

#: The menu bar's menus, in its first frame already (``add_menus``), filled just after.
MENUS = ("&Fichier", "É&dition", "Affic&hage", "&Aide")


@dataclass
class Actions:
    """The window's actions; pages enable or disable them as the selection changes."""

    new_tender: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    duplicate: QAction
    delete: QAction
    about: QAction
    pages: list[QAction] = field(default_factory=list)
    export_dossier: QAction | None = None
    import_dossier: QAction | None = None
    backups: QAction | None = None


def _action(window: MainWindow, text: str, tip: str, shortcut: QKeySequence | None) -> QAction:
    action = QAction(text, window)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if shortcut is not None:
        action.setShortcut(shortcut)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> Actions:
    """Create the actions and connect them to the window."""
    from PySide6.QtCore import Qt  # its enums are created on first use: not in the 1st frame

    from .window_extras import about_box

    keys = QKeySequence.StandardKey
    new_tender = _action(
        window, "&Nouvelle consultation", "Créer un dossier de réponse", QKeySequence(keys.New)
    )
    new_tender.triggered.connect(window.new_tender)
    quit_action = _action(window, "&Quitter", "Fermer Responder", QKeySequence("Ctrl+Q"))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)

    undo = window.undo_stack.createUndoAction(window, "Annuler")
    undo.setShortcut(QKeySequence(keys.Undo))
    redo = window.undo_stack.createRedoAction(window, "Rétablir")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.addActions([undo, redo])

    duplicate = _action(
        window, "&Dupliquer", "Copier la consultation sélectionnée", QKeySequence("Ctrl+D")
    )
    duplicate.triggered.connect(window.duplicate_tender)
    delete = QAction("&Supprimer", window)
    delete.setStatusTip("Supprimer la consultation sélectionnée")
    delete.setShortcut(QKeySequence(keys.Delete))
    # Only while the list has the focus: « Suppr » in a text field must delete text.
    delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    delete.triggered.connect(window.delete_tender)

    about = _action(window, "À &propos de Responder", "Version et licence", None)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: about_box(window))

    actions = Actions(new_tender, quit_action, undo, redo, duplicate, delete, about)
    actions.export_dossier = _action(
        window, "&Exporter le dossier…",
        "Enregistrer la consultation sélectionnée dans un fichier à partager", None,
    )
    actions.export_dossier.triggered.connect(lambda: window.exchange.export_current())
    actions.import_dossier = _action(
        window, "&Importer un dossier…", "Ajouter ou mettre à jour un dossier reçu", None
    )
    actions.import_dossier.triggered.connect(lambda: window.exchange.import_file())
    actions.backups = _action(
        window, "&Sauvegardes…", "Voir les sauvegardes et en restaurer une", None
    )
    actions.backups.triggered.connect(lambda: window.exchange.show_backups())
    for index, spec in enumerate(PAGES):
        go = _action(window, spec.title, f"Afficher « {spec.title} »",
                     QKeySequence(f"Ctrl+{index + 1}"))
        go.triggered.connect(lambda _checked=False, i=index: window.show_page(i))
        actions.pages.append(go)
    return actions


def add_menus(menu_bar: QMenuBar) -> list[QMenu]:
    """The Fichier, Édition, Affichage and Aide menus, empty (``build_menus`` fills them)."""
    return [menu_bar.addMenu(title) for title in MENUS]


def build_menus(menus: list[QMenu], actions: Actions) -> None:
    """Fill the Fichier, Édition, Affichage and Aide menus (``add_menus``)."""
    file_menu, edit_menu, view_menu, help_menu = menus
    file_menu.addAction(actions.new_tender)
    file_menu.addSeparator()
    for extra in (actions.export_dossier, actions.import_dossier, actions.backups):
        if extra is not None:
            file_menu.addAction(extra)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu.addAction(actions.undo)
    edit_menu.addAction(actions.redo)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.duplicate)
    edit_menu.addAction(actions.delete)
    view_menu.addActions(actions.pages)
    help_menu.addAction(actions.about)
