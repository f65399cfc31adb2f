"""Table model of the consultations and its sort/filter proxy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from ... import fr
from ...domain.enums import Procedure, TenderStatus, label
from ...domain.tender_row import OPEN_STATUSES, TenderRow
from ...fr import fold
from ..theme import color

if TYPE_CHECKING:
    from ...domain.tender import Tender

COL_TITLE, COL_BUYER, COL_REFERENCE, COL_PROCEDURE, COL_DEADLINE, COL_DAYS, COL_STATUS = range(7)
#: « 14/19 · 2 bloquantes »: the dossier's checklist progress (open dossiers only).
COL_PIECES = 7
#: The dossier's single next action (services/next_step.py).
COL_NEXT = 8
HEADERS = [
    "Objet",
    "Acheteur",
    "Référence",
    "Procédure",
    "Date limite",
    "Jours restants",
    "Statut",
    "Pièces",
    "Prochaine étape",
]
#: ``(ready, total, blocking)`` of a dossier's checklist, or ``None`` when unknown.
PiecesCount = tuple[int, int, int]
#: Role giving the tender id of a row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Status filter value for « En cours » (veille + en préparation).
OPEN_FILTER = "open"
#: Short procedure names for the narrow column (the full label is the tooltip).
SHORT_PROCEDURES = {
    Procedure.AOO: "AO ouvert",
    Procedure.AOR: "AO restreint",
    Procedure.MAPA: "MAPA",
    Procedure.NEGOCIEE: "Négociée",
    Procedure.DIALOGUE: "Dialogue",
    Procedure.CONCOURS: "Concours",
}
_STATUS_ORDER = {status: i for i, status in enumerate(TenderStatus)}
_LATE = color("error")
_SOON = color("warning")
_CLOSED = color("text_closed")
Index = QModelIndex | QPersistentModelIndex
#: Columns that show a field of the dossier as typed.
_AS_TYPED = {COL_TITLE: "title", COL_BUYER: "buyer", COL_REFERENCE: "reference"}


class TenderTableModel(QAbstractTableModel):
    """One row per consultation; display text is French, sort keys are typed.

    Each line is drawn from a ``TenderRow``; the page's model also keeps the validated
    ``Tender`` of each (``tender_at``), the start-up's list only the rows (``set_rows``).
    """

    def __init__(
        self,
        today: Callable[[], date] = date.today,
        parent: Any = None,
        pieces: Callable[[int], PiecesCount | None] | None = None,
        next_step: Callable[[Tender], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[TenderRow] = []
        self._tenders: list[Tender | None] = []
        self._search: list[str] = []
        # Folded text of the text columns, the sort's keys (folding is per character: a
        # sort of 1,000 lines asks for 20,000 keys). Emptied whenever a line may change.
        self._folded: dict[tuple[int, int], str | None] = {}
        # Checklist progress is costly (the vault is read): computed only for the rows
        # actually painted, then cached until ``invalidate_pieces``.
        self._pieces_of = pieces
        self._pieces: dict[int, PiecesCount | None] = {}
        # Next steps read the checklist and the plan: same lazy cache as the pieces.
        self._next_of = next_step
        self._next: dict[int, str] = {}

    # --- content ------------------------------------------------------------------------------
    def set_tenders(self, tenders: list[Tender]) -> None:
        """Replace every row."""
        self._reset([TenderRow.of(t) for t in tenders], list(tenders))

    def set_rows(self, rows: list[TenderRow]) -> None:
        """Replace every row by lines read without their dossiers (``tender_at`` has none)."""
        self._reset(list(rows), [None] * len(rows))

    def _reset(self, rows: list[TenderRow], tenders: list[Tender | None]) -> None:
        self.beginResetModel()
        self._rows, self._tenders = rows, tenders
        self._search = [self._search_text(r) for r in rows]
        self._pieces.clear()
        self._next.clear()  # a stored change (deposit, outcome, go / no-go) moves it
        self._folded.clear()
        self.endResetModel()

    def upsert(self, tender: Tender) -> int:
        """Update the row of ``tender`` (same id) or append it; returns its row."""
        line = TenderRow.of(tender)
        row = self.row_of(tender.id)
        self._folded.clear()
        if row is None:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(line)
            self._tenders.append(tender)
            self._search.append(self._search_text(line))
            self.endInsertRows()
        else:
            self._rows[row], self._tenders[row] = line, tender
            self._search[row] = self._search_text(line)
            if tender.id is not None:
                self._pieces.pop(tender.id, None)  # lots or deadline may have changed
                self._next.pop(tender.id, None)
            last = self.index(row, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(row, 0), last)
        return row

    def remove(self, tender_id: int) -> None:
        """Remove the row of this tender, if shown."""
        row = self.row_of(tender_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._folded.clear()
        del self._rows[row]
        del self._tenders[row]
        del self._search[row]
        self.endRemoveRows()

    def row_of(self, tender_id: int | None) -> int | None:
        """Row of the tender with this id, or ``None``."""
        for row, line in enumerate(self._rows):
            if line.id == tender_id:
                return row
        return None

    def pieces(self, row: int) -> PiecesCount | None:
        """Checklist progress of the open dossier on ``row`` (computed once, then cached)."""
        line = self._rows[row]
        if self._pieces_of is None or not line.is_open:
            return None
        if line.id not in self._pieces:
            self._pieces[line.id] = self._pieces_of(line.id)
        return self._pieces[line.id]

    def invalidate_pieces(self, tender_id: int | None = None) -> None:
        """Forget the cached progress of one dossier (or all): recounted when next painted."""
        self._folded.clear()
        if tender_id is None:
            self._pieces.clear()
            self._next.clear()
            rows = range(len(self._rows))
        else:
            self._pieces.pop(tender_id, None)
            self._next.pop(tender_id, None)
            row = self.row_of(tender_id)
            rows = range(row, row + 1) if row is not None else range(0)
        if len(rows):
            self.dataChanged.emit(
                self.index(rows[0], COL_PIECES), self.index(rows[-1], COL_NEXT)
            )

    def next_step(self, row: int) -> str:
        """The next action of the dossier on ``row`` (computed once, then cached)."""
        tender = self._tenders[row]
        if self._next_of is None or tender is None or tender.id is None:
            return ""
        if tender.id not in self._next:
            self._next[tender.id] = self._next_of(tender)
        return self._next[tender.id]

    def tender_at(self, row: int) -> Tender:
        """The tender shown on ``row`` (a model filled by ``set_tenders``)."""
        tender = self._tenders[row]
        assert tender is not None, "a list read without its dossiers has no Tender"
        return tender

    def row_at(self, row: int) -> TenderRow:
        """The line shown on ``row``."""
        return self._rows[row]

    def tenders(self) -> list[Tender]:
        """Every tender shown, in model order (a model filled by ``set_tenders``)."""
        return [self.tender_at(row) for row in range(len(self._rows))]

    def search_text(self, row: int) -> str:
        """Folded objet, acheteur and référence of ``row`` (for the search box)."""
        return self._search[row]

    @staticmethod
    def _search_text(line: TenderRow) -> str:
        return fold(" ".join((line.title, line.buyer, line.reference)))

    # --- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of tenders."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles in French."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, alignment, colours and the tender id of a cell."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == ID_ROLE:
            return self._rows[row].id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_DAYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        return None

    def _display(self, row: int, column: int) -> str:
        tender = self._rows[row]
        if column in _AS_TYPED:
            return str(getattr(tender, _AS_TYPED[column]))
        if column == COL_PROCEDURE:
            return SHORT_PROCEDURES.get(tender.procedure, label(tender.procedure))
        if column == COL_DEADLINE:
            if tender.deadline is None and tender.candidatures_deadline is not None:
                return f"{fr.datetime_short(tender.candidatures_deadline)} (candidatures)"
            return fr.datetime_short(tender.deadline)
        if column == COL_DAYS:
            days = tender.days_to_next_deadline(self._today())
            if days is None:
                return ""
            return "dépassée" if days < 0 else str(days)
        if column == COL_PIECES:
            return pieces_text(self.pieces(row))
        if column == COL_NEXT:
            return self.next_step(row)
        return f"{label(tender.status)} · no-go" if tender.no_go else label(tender.status)

    def _tooltip(self, row: int, column: int) -> str | None:
        tender = self._rows[row]
        if column == COL_PROCEDURE:
            return label(tender.procedure)
        if column == COL_DAYS:
            days = tender.days_left(self._today())
            if days is not None and days < 0:
                return f"Date limite dépassée depuis {-days} jour{'s' if days < -1 else ''}."
            return None
        text = self._display(row, column)
        return text or None

    def _colour(self, row: int, column: int) -> QColor | None:
        tender = self._rows[row]
        if not tender.is_open:
            return _CLOSED
        if column == COL_PIECES:
            count = self.pieces(row)
            return _SOON if count is not None and count[2] else None
        if column in (COL_DEADLINE, COL_DAYS):
            days = tender.days_left(self._today())
            if days is not None and days < 0:
                return _LATE
            if days is not None and days <= 7:
                return _SOON
        return None

    def sort_key(self, row: int, column: int) -> Any:
        """Typed sort key of a cell (``None`` when empty: always listed last)."""
        tender = self._rows[row]
        if column == COL_DEADLINE:
            return tender.next_deadline
        if column == COL_DAYS:
            return tender.days_to_next_deadline(self._today())
        if column == COL_STATUS:
            return _STATUS_ORDER[tender.status]
        if column == COL_PIECES:
            count = self.pieces(row)
            # Most blocking first when sorted descending; then the least advanced.
            return None if count is None else (count[2], -(count[0] / max(count[1], 1)))
        if (row, column) not in self._folded:
            text = self._display(row, column)
            self._folded[row, column] = fold(text) if text else None
        return self._folded[row, column]


def pieces_text(count: PiecesCount | None) -> str:
    """« 14/19 · 2 bloquantes », « 19/19 » or empty text."""
    if count is None:
        return ""
    ready, total, blocking = count
    text = f"{ready}/{total}"
    if blocking:
        text += f" · {blocking} bloquante{'s' if blocking > 1 else ''}"
    return text


class TenderFilterProxy(QSortFilterProxyModel):
    """Filters by accent-insensitive words and by status; sorts on typed keys."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._status: str | TenderStatus | None = None
        self.setDynamicSortFilter(True)

    def source(self) -> TenderTableModel:
        """The table model being filtered."""
        model = self.sourceModel()
        assert isinstance(model, TenderTableModel)
        return model

    def set_search(self, text: str) -> None:
        """Keep rows whose objet, acheteur or référence contain every typed word."""
        words = fold(text).split()
        if words != self._words:
            self._refilter(lambda: setattr(self, "_words", words))

    def set_status_filter(self, status: str | TenderStatus | None) -> None:
        """``None``: all; ``OPEN_FILTER``: veille and en préparation; else one status."""
        if status != self._status:
            self._refilter(lambda: setattr(self, "_status", status))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt 6.7 / 6.8
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        """True when the row matches both the words and the status filter."""
        model = self.source()
        haystack = model.search_text(source_row)
        if any(word not in haystack for word in self._words):
            return False
        if self._status is None:
            return True
        status = model.row_at(source_row).status
        if self._status == OPEN_FILTER:
            return status in OPEN_STATUSES
        return status == self._status

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        """Compare typed keys; empty cells stay at the bottom in both orders."""
        model = self.source()
        lkey = model.sort_key(left.row(), left.column())
        rkey = model.sort_key(right.row(), right.column())
        if lkey is None or rkey is None:
            if lkey is None and rkey is None:
                return bool(left.row() < right.row())
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return (lkey is None) != ascending
        if lkey == rkey:
            return bool(left.row() < right.row())
        return bool(lkey < rkey)
