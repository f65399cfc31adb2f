"""The dashboard's table of dossiers (a Qt model) and its tree of dated items.

Urgency is never shown by colour alone: each row and section says it in words
(« En retard », « Cette semaine » …) with a symbol; the tints (Okabe-Ito hues) only help.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from ....services.dashboard import DashboardData
from ....services.deadlines import DossierRow
from ....services.urgency import CLOSED, LATER, MONTH, NO_DATE, OVERDUE, WEEK
from ... import theme

#: Role giving the tender id of a row or an item.
TENDER_ROLE = Qt.ItemDataRole.UserRole + 1

URGENCY_TEXT = {
    OVERDUE: "⚠ En retard",
    WEEK: "● Cette semaine",
    MONTH: "○ Dans les 30 jours",
    LATER: "Plus tard",
    CLOSED: "Clos",
    NO_DATE: "Sans date limite",
}
# Colour-blind-safe tints (vermillion, orange, sky blue of the Okabe-Ito palette), light
# enough for black text; the words above carry the meaning. Names of ``theme.COLOURS``.
URGENCY_TINT = {OVERDUE: "urgency_overdue", WEEK: "urgency_week", MONTH: "urgency_month"}
SECTION_TITLES = (
    (OVERDUE, "⚠ En retard"),
    (WEEK, "● Cette semaine"),
    (MONTH, "○ 30 prochains jours"),
)

# Most useful first, so that the narrow window still shows urgency, countdown and next step.
(
    COL_URGENCY, COL_COUNTDOWN, COL_TITLE, COL_NEXT, COL_PIECES, COL_ALERT, COL_DEADLINE,
    COL_BUYER,
) = range(8)
HEADERS = [
    "Urgence", "Compte à rebours", "Consultation", "Prochaine étape", "Pièces prêtes",
    "Alertes", "Date limite", "Acheteur",
]
WIDTHS = {
    COL_URGENCY: 135, COL_COUNTDOWN: 150, COL_TITLE: 200, COL_NEXT: 300, COL_PIECES: 95,
    COL_ALERT: 180, COL_DEADLINE: 200,
}
#: Always shown; below their width plus « Date limite », the narrow-window columns step aside.
WIDE_COLUMNS = (COL_URGENCY, COL_COUNTDOWN, COL_TITLE, COL_NEXT, COL_PIECES, COL_ALERT)
NARROW_HIDDEN = (COL_DEADLINE, COL_BUYER)
Index = QModelIndex | QPersistentModelIndex


class DossierTableModel(QAbstractTableModel):
    """One row per dossier: urgency in words, countdown, checklist progress, next step."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._data: DashboardData | None = None
        self._rows: list[DossierRow] = []
        self._urgency: list[int] = []

    def set_data(self, data: DashboardData) -> None:
        """Replace every row (most urgent first, then by deadline)."""
        self.beginResetModel()
        self._data = data
        pairs = [(data.urgency(r), i, r) for i, r in enumerate(data.dashboard.rows)]
        pairs.sort(key=lambda p: (p[0], p[1]))
        self._rows = [p[2] for p in pairs]
        self._urgency = [p[0] for p in pairs]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Number of dossiers."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """French column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def tender_id(self, row: int) -> int:
        """Tender id of ``row``."""
        return self._rows[row].tender_id

    def urgency_at(self, row: int) -> int:
        """Urgency level of ``row``."""
        return self._urgency[row]

    def _text(self, row: DossierRow, urgency: int, column: int) -> str:
        if column == COL_URGENCY:
            text = URGENCY_TEXT[urgency]
            return f"{text} ({row.status_fr})" if urgency == CLOSED else text
        if column == COL_TITLE:
            return row.title
        if column == COL_BUYER:
            return row.buyer
        if column == COL_DEADLINE:
            return row.deadline_fr
        if column == COL_COUNTDOWN:
            return row.countdown_fr
        if column == COL_PIECES:
            assert self._data is not None
            return self._data.progress_text.get(row.tender_id, "—")
        if column == COL_NEXT:
            assert self._data is not None
            return self._data.next_steps.get(row.tender_id, row.next_fr)
        if column == COL_ALERT:
            assert self._data is not None
            alerts = self._data.badges(row)
            if any(w.level == "alerte" for w in row.warnings):
                alerts.insert(0, "⚠ Délai plus court que le minimum légal : demandez un report")
            elif row.warnings:
                alerts.insert(0, "Délai court : à vérifier dans le RC")
            return " · ".join(alerts)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, tooltips (full warnings), tints and the tender id."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        urgency = self._urgency[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, urgency, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_ALERT and row.warnings:
                return "\n\n".join(w.message_fr for w in row.warnings)
            if column == COL_PIECES and self._data is not None:
                return self._data.progress_tip.get(row.tender_id, "Liste des pièces non établie")
            if column == COL_NEXT and row.next_date is not None:
                return row.next_date.rule_text or row.next_fr
            if column == COL_TITLE:  # what the hidden columns of a narrow window hold
                return f"{row.title}\nAcheteur : {row.buyer or '—'}\nDate limite : " \
                    f"{row.deadline_fr}"
            return self._text(row, urgency, column) or None
        if role == TENDER_ROLE:
            return row.tender_id
        if role == Qt.ItemDataRole.BackgroundRole and column in (COL_URGENCY, COL_COUNTDOWN):
            tint = URGENCY_TINT.get(urgency)
            return theme.color(tint) if tint else None
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_ALERT and row.warnings:
            return theme.color(URGENCY_TINT[OVERDUE])
        if role == Qt.ItemDataRole.ForegroundRole and urgency == CLOSED:
            return theme.color("text_muted")
        if role == Qt.ItemDataRole.FontRole and urgency == OVERDUE and column == COL_URGENCY:
            font = QFont()
            font.setBold(True)
            return font
        return None


def fill_tree(tree: QTreeWidget, data: DashboardData) -> None:
    """The dated items by section (most urgent first), each section expanded."""
    tree.clear()
    bold = QFont(tree.font())
    bold.setBold(True)
    for level, title in SECTION_TITLES:
        entries = dict(data.sections())[level]
        section = QTreeWidgetItem([f"{title} ({len(entries)})"])
        section.setFirstColumnSpanned(True)
        section.setFont(0, bold)
        section.setBackground(0, theme.color(URGENCY_TINT[level]))
        section.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        tree.addTopLevelItem(section)
        section.setFirstColumnSpanned(True)
        if not entries:
            none = QTreeWidgetItem(["Rien à signaler."])
            none.setForeground(0, theme.color("text_muted"))
            section.addChild(none)
            none.setFirstColumnSpanned(True)
        for entry in entries:
            item = QTreeWidgetItem([
                entry.when_fr, entry.date.label_fr, entry.date.article, entry.tender_title,
            ])
            item.setData(0, TENDER_ROLE, entry.tender_id)
            tip = entry.date.rule_text or entry.date.label_fr
            for column in range(4):
                item.setToolTip(column, tip)
            section.addChild(item)
        section.setExpanded(True)
