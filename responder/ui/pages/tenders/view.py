"""Layout of the « Consultations » page: toolbar, filter bar, table and dossier side by side.

Widgets only; ``TendersPage`` (controller.py) adds the behaviour (TagStudio's *View split).
At start-up the same view, without the dossier's editor, shows the list read from the file
before the page is built (``preview.py``); so nothing here imports the domain models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from ....domain.enums import TenderStatus
from ...models.tender_table import (
    COL_BUYER,
    COL_DAYS,
    COL_DEADLINE,
    COL_NEXT,
    COL_PIECES,
    COL_PROCEDURE,
    COL_REFERENCE,
    COL_STATUS,
    COL_TITLE,
    OPEN_FILTER,
    TenderFilterProxy,
    TenderTableModel,
)
from ...widgets.make import (
    buddy,
    button,
    column,
    combo,
    label,
    line_edit,
    row,
    splitter,
    table_view,
)

if TYPE_CHECKING:
    from ...settings import UiSettings
    from ...widgets.tender_editor import TenderEditor

EMPTY_TEXT = "Aucune consultation. Cliquez sur « Nouvelle consultation » pour commencer."
VISUAL_ORDER = (
    COL_TITLE, COL_DEADLINE, COL_DAYS, COL_STATUS, COL_PIECES, COL_NEXT, COL_BUYER,
    COL_REFERENCE, COL_PROCEDURE,
)
COLUMN_WIDTHS = {
    COL_TITLE: 185,
    COL_DEADLINE: 122,
    COL_DAYS: 100,
    COL_STATUS: 110,
    COL_BUYER: 170,
    COL_REFERENCE: 120,
    COL_PROCEDURE: 110,
    COL_PIECES: 150,
    COL_NEXT: 280,
}
HINT_TEXT = "Sélectionnez une consultation dans la liste pour la voir et la modifier."
EMPTY_HINT_TEXT = "Le détail de la consultation s'affichera ici."
IMPORT_RC_TIP = (
    "Créer ou mettre à jour un dossier à partir du règlement de consultation (PDF ou "
    "DOCX) ; vous pouvez aussi déposer le fichier sur cette page."
)


def centered_label(text: str) -> QLabel:
    """A large grey centred message (empty states)."""
    lab = label(text, role="placeholder")
    lab.setTextFormat(Qt.TextFormat.AutoText)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lab


#: Where the list is remembered (splitter sizes, columns and sort: ``UiSettings``).
SETTINGS_KEY = "tenders_page"


class TendersView(QWidget):
    """The widgets of the page, laid out; no behaviour. ``editor``: the dossier's form, the
    first dossier tab (none in the start-up's list, ``preview.py``)."""

    editor: TenderEditor

    def __init__(self, editor: TenderEditor | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if editor is not None:
            self.editor = editor
        self._has_editor = editor is not None
        layout = column(self._build_toolbar(), self._build_filters(), parent=self)
        layout.addWidget(self._build_splitter(), 1)

    # --- building --------------------------------------------------------------------------
    def _build_toolbar(self) -> QHBoxLayout:
        self.new_button = button("Nouvelle consultation",
                                 tip="Créer un dossier de réponse (Ctrl+N)")
        self.duplicate_button = button("Dupliquer", name="Dupliquer la consultation sélectionnée",
                                       tip="Copier la consultation sélectionnée (Ctrl+D)")
        self.delete_button = button("Supprimer", name="Supprimer la consultation sélectionnée",
                                    tip="Supprimer la consultation sélectionnée (Suppr)")
        self.import_rc_button = button("Importer un RC…", tip=IMPORT_RC_TIP,
                                       name="Importer un règlement de consultation")
        return row(label("Consultations", role="title", wrap=False), None,
                   self.import_rc_button, self.new_button, self.duplicate_button,
                   self.delete_button, margins=True)

    def _build_filters(self) -> QHBoxLayout:
        self.search_edit = line_edit(
            "Rechercher une consultation", clear=True,
            placeholder="Rechercher (objet, acheteur, référence)…",
            tip="Tapez un mot de l'objet, de l'acheteur ou de la référence.")
        self.status_combo = combo("Filtrer par statut")
        self.find_action = QAction("Rechercher", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.addAction(self.find_action)
        filters = row(buddy("Rechercher :", self.search_edit), self.search_edit,
                      buddy("Statut :", self.status_combo), self.status_combo, margins=True)
        filters.setStretchFactor(self.search_edit, 1)
        return filters

    def _build_table(self) -> QStackedWidget:
        self.table = table_view("Liste des consultations")
        self.table.setSortingEnabled(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(110)
        self.empty_label = centered_label(EMPTY_TEXT)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        return self.list_stack

    def _build_dossier(self) -> QStackedWidget:
        self.hint_label = centered_label(HINT_TEXT)
        # The dossier: its consultation fields first, then one tab per capability
        # (pièces, échéances …) registered in pages/dossier_tabs.py.
        self.dossier_tabs = QTabWidget()
        self.dossier_tabs.setDocumentMode(True)
        self.dossier_tabs.setAccessibleName("Onglets du dossier")
        self.dossier_tabs.tabBar().setAccessibleName("Onglets du dossier")
        # Fusion draws unselected tabs lower and cut the accent of « Échéances »: more room
        # above; little on the sides, so that the eleven tabs fit on a 1366-pixel screen.
        self.dossier_tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 5px 5px 4px 5px; }")
        if self._has_editor:
            self.dossier_tabs.addTab(self.editor, "Consultation")
        # The dossier's header: its single next action, above every tab.
        self.next_step_label = label(role="next-step", name="Prochaine étape du dossier")
        self.next_step_label.setTextFormat(Qt.TextFormat.AutoText)
        self.dossier_holder = QWidget()
        holder = column(self.next_step_label, parent=self.dossier_holder, margins=False)
        holder.setSpacing(2)
        holder.addWidget(self.dossier_tabs, 1)
        self.editor_stack = QStackedWidget()
        self.editor_stack.addWidget(self.hint_label)
        self.editor_stack.addWidget(self.dossier_holder)
        self.editor_stack.setMinimumWidth(340)
        return self.editor_stack

    def _build_splitter(self) -> QSplitter:
        # The dossier's tabs (pieces with their validity, répartition grid) need the room more
        # than the list, which shows objet, deadline, days left and status first.
        self.splitter = splitter(self._build_table(), self._build_dossier(), stretch=(2, 3),
                                 sizes=[415, 695])
        return self.splitter

    def show_list(self, model: TenderTableModel, settings: UiSettings) -> TenderFilterProxy:
        """Show ``model`` in the table through a filter proxy (returned): the columns in
        their default order and widths, sorted by deadline, then as the user left them
        (``settings``); the status filter's choices."""
        proxy = TenderFilterProxy(self)
        proxy.setSourceModel(model)
        self.table.setModel(proxy)
        self.size_columns()
        # The indicator, then the user's layout, before sorting is enabled: it sorts once, by
        # the indicator (not by Objet, then by deadline, then by the user's column).
        self.table.horizontalHeader().setSortIndicator(COL_DEADLINE, Qt.SortOrder.AscendingOrder)
        settings.restore_list_layout(self.splitter, self.table.horizontalHeader(),
                                     SETTINGS_KEY)
        self.table.setSortingEnabled(True)
        self.status_combo.addItem("Tous les statuts", None)
        self.status_combo.addItem("En cours", OPEN_FILTER)
        for status in TenderStatus:
            self.status_combo.addItem(status.label_fr, status)
        return proxy

    def size_columns(self) -> None:
        """Default column order and widths (call once the table has its model).

        The deadline, days left and status come right after the objet so that what is urgent
        stays visible beside the editor; users can drag columns (remembered).
        """
        header = self.table.horizontalHeader()
        for visual, logical in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(logical), visual)
        for logical, width in COLUMN_WIDTHS.items():
            header.resizeSection(logical, width)
