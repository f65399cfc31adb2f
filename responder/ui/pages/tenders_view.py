"""Layout of the « Consultations » page: toolbar, filter bar, table and editor side by side.

Layout only; ``TendersPage`` adds the behaviour (TagStudio's *View / widget split).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import TenderStatus, label
from ..models.tender_table import (
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
)
from ..widgets.tender_editor import TenderEditor

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


def centered_label(text: str) -> QLabel:
    """A large grey centred message (empty states)."""
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setStyleSheet("color: #555; font-size: 12pt; padding: 24px;")
    return lab


class TendersView(QWidget):
    """The widgets of the page, laid out; no behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = TenderEditor()
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_splitter(), 1)

    # --- building --------------------------------------------------------------------------
    def _build_toolbar(self) -> QHBoxLayout:
        heading = QLabel("Consultations")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.new_button = QPushButton("Nouvelle consultation")
        self.new_button.setAccessibleName("Nouvelle consultation")
        self.new_button.setToolTip("Créer un dossier de réponse (Ctrl+N)")
        self.duplicate_button = QPushButton("Dupliquer")
        self.duplicate_button.setAccessibleName("Dupliquer la consultation sélectionnée")
        self.duplicate_button.setToolTip("Copier la consultation sélectionnée (Ctrl+D)")
        self.delete_button = QPushButton("Supprimer")
        self.delete_button.setAccessibleName("Supprimer la consultation sélectionnée")
        self.delete_button.setToolTip("Supprimer la consultation sélectionnée (Suppr)")
        self.import_rc_button = QPushButton("Importer un RC…")
        self.import_rc_button.setAccessibleName("Importer un règlement de consultation")
        self.import_rc_button.setToolTip(
            "Créer ou mettre à jour un dossier à partir du règlement de consultation (PDF ou "
            "DOCX) ; vous pouvez aussi déposer le fichier sur cette page."
        )
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch(1)
        row.addWidget(self.import_rc_button)
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            row.addWidget(button)
        return row

    def _build_filters(self) -> QHBoxLayout:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Rechercher (objet, acheteur, référence)…")
        self.search_edit.setAccessibleName("Rechercher une consultation")
        self.search_edit.setToolTip("Tapez un mot de l'objet, de l'acheteur ou de la référence.")
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Filtrer par statut")
        self.status_combo.addItem("Tous les statuts", None)
        self.status_combo.addItem("En cours", OPEN_FILTER)
        for status in TenderStatus:
            self.status_combo.addItem(label(status), status)
        search_label = QLabel("Rechercher :")
        search_label.setBuddy(self.search_edit)
        status_label = QLabel("Statut :")
        status_label.setBuddy(self.status_combo)
        self.find_action = QAction("Rechercher", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.addAction(self.find_action)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search_edit, 1)
        row.addWidget(status_label)
        row.addWidget(self.status_combo)
        return row

    def _build_splitter(self) -> QSplitter:
        self.table = QTableView()
        self.table.setAccessibleName("Liste des consultations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setDefaultSectionSize(110)
        self.empty_label = centered_label(EMPTY_TEXT)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
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
        self.dossier_tabs.addTab(self.editor, "Consultation")
        # The dossier's header: its single next action, above every tab.
        self.next_step_label = QLabel()
        self.next_step_label.setAccessibleName("Prochaine étape du dossier")
        self.next_step_label.setWordWrap(True)
        self.next_step_label.setStyleSheet(
            "QLabel { background: #e8f1fb; padding: 4px 8px; border-radius: 3px; }")
        self.dossier_holder = QWidget()
        holder_layout = QVBoxLayout(self.dossier_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.setSpacing(2)
        holder_layout.addWidget(self.next_step_label)
        holder_layout.addWidget(self.dossier_tabs, 1)
        self.editor_stack = QStackedWidget()
        self.editor_stack.addWidget(self.hint_label)
        self.editor_stack.addWidget(self.dossier_holder)
        self.editor_stack.setMinimumWidth(340)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(self.editor_stack)
        # The dossier's tabs (pieces with their validity, répartition grid) need the room more
        # than the list, which shows objet, deadline, days left and status first.
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([415, 695])
        return self.splitter

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
