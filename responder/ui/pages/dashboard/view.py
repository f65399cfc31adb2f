"""The dashboard's widgets and layout (no service call): title and buttons, the 48-hour
notice, the counts, the legal warnings, the table of dossiers and the tree of dates."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLayout,
    QSplitter,
    QTableView,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ... import theme
from ...widgets import make
from ...widgets.errors import ErrorLabel
from .model import COL_DEADLINE, NARROW_HIDDEN, WIDE_COLUMNS, WIDTHS, DossierTableModel

EMPTY_TEXT = (
    "Aucune consultation pour le moment. Créez-en une dans « Consultations » : ses dates "
    "limites, ses jalons et ses attestations à renouveler apparaîtront ici."
)
OPEN_TIP = "Double-cliquez ou appuyez sur Entrée pour ouvrir le dossier."
EXPORT_TIP = (
    "Un fichier .ics avec toutes les dates de tous les dossiers, chacune avec un "
    "rappel, à importer dans votre agenda (Outlook, Thunderbird, Google Agenda…). "
    "Un nouvel export met à jour les mêmes événements au lieu de les dupliquer."
)


class _RoomLeftSplitter(QSplitter):
    """A splitter that asks only for its minimum: it takes the room left, so the page fits
    a 1366 × 700 screen without scrolling (the tables scroll inside instead)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        """The minimum size (the tables below the summary share what remains)."""
        return self.minimumSizeHint()


class DashboardView(QWidget):
    """The dashboard's widgets; ``DashboardPage`` fills them and connects the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Tableau de bord")
        self.error_label = ErrorLabel()
        self.splitter = _RoomLeftSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._build_dossiers())
        self.splitter.addWidget(self._build_dates())
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([230, 370])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._build_top())
        layout.addWidget(self._build_banner())
        layout.addLayout(self._build_summary())
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)

    def _build_top(self) -> QLayout:
        heading = make.label("Tableau de bord", role="title", wrap=False)
        self.today_label = make.label(role="soft")
        self.refresh_button = make.button(
            "Actualiser", name="Actualiser le tableau de bord",
            tip="Recalculer les échéances de tous les dossiers.",
        )
        self.export_button = make.button(
            "Exporter l'agenda (.ics)…", name="Exporter l'agenda de tous les dossiers (.ics)",
            tip=EXPORT_TIP,
        )
        top = QHBoxLayout()
        top.addLayout(make.column(heading, self.today_label, margins=False), 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        return top

    def _build_banner(self) -> QFrame:
        """The 48-hour notice, hidden until something falls due."""
        self.banner = QFrame()
        theme.set_role(self.banner, "notice-frame")
        self.banner_label = make.label(role="warning-dark")
        self.dismiss_button = make.button(
            "Masquer", name="Masquer l'avis des 48 heures",
            tip="Masquer cet avis jusqu'à la prochaine échéance.",
        )
        layout = QHBoxLayout(self.banner)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.banner_label, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()
        return self.banner

    def _build_summary(self) -> QLayout:
        """The counts by section, then the legal warnings (hidden when there are none)."""
        self.counts_label = make.label(role="small")
        self.warnings_label = make.label(role="warning-box", selectable=True)
        self.warnings_label.hide()
        return make.column(self.counts_label, self.warnings_label, margins=False)

    def _build_dossiers(self) -> QGroupBox:
        self.model = DossierTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Dossiers et leur compte à rebours")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        # On a laptop the last columns fell off-screen: below this width « Date limite » and
        # « Acheteur » step aside (both stay in the Consultation cell's tooltip).
        self.table.installEventFilter(self)
        self.table.setToolTip(OPEN_TIP)
        self.empty_label = make.label(EMPTY_TEXT, role="empty-note")
        self.empty_label.hide()
        dossiers = QGroupBox("Vos dossiers")
        make.column(self.table, self.empty_label, parent=dossiers)
        return dossiers

    def _build_dates(self) -> QGroupBox:
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Échéances de tous les dossiers")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Date", "Étape", "Règle", "Consultation"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        for column, width in enumerate((270, 360, 110)):
            self.tree.setColumnWidth(column, width)
        self.tree.setToolTip(OPEN_TIP)
        dates = QGroupBox("Échéances")
        make.column(self.tree, parent=dates)
        return dates

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Fit the columns to the table's width."""
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        """Hide « Date limite » and « Acheteur » when the first six columns fill the room."""
        needed = sum(WIDTHS[c] for c in WIDE_COLUMNS)
        narrow = self.table.viewport().width() < needed + WIDTHS[COL_DEADLINE]
        for column in NARROW_HIDDEN:
            self.table.setColumnHidden(column, narrow)
