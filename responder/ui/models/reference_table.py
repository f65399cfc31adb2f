"""Lazy table model of the references: ids from the search index, rows loaded on demand.

With 10,000 references, loading every ``Reference`` (JSON + pydantic) for each keystroke
would freeze the page. The model therefore holds only the ordered ids of the matches — the
first ``FIRST_BATCH`` of them, then all of them when the view scrolls to the end
(``canFetchMore``/``fetchMore``) — and loads the references of the visible rows in pages of
``PAGE_SIZE`` the first time they are drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from ...domain.enums import label
from ...domain.library import Reference
from ...fr import euros
from ..theme import color
from .base_table import RIGHT_ALIGNED, HeaderTableModel, Index

COL_TITLE, COL_BUYER, COL_YEAR, COL_AMOUNT, COL_ROLE, COL_FAMILIES = range(6)
HEADERS = ["Titre", "Acheteur", "Année", "Montant HT", "Rôle", "Familles"]
#: Role giving the reference id of a row.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Matches loaded by the first query (enough for several screens); the rest on scrolling.
FIRST_BATCH = 100
#: References loaded at once when a row not yet loaded is drawn.
PAGE_SIZE = 50
#: Written before the title of a confidential reference (text, not colour alone).
CONFIDENTIAL_PREFIX = "[Confidentielle] "
CONFIDENTIAL_TIP = "Référence confidentielle : jamais exportée ni proposée sans le dire."
#: ``search(limit)`` → ordered ids of the matches (``limit=None``: all of them).
IdSearch = Callable[[int | None], list[int]]
#: ``load(ids)`` → the references with these ids, in that order.
Loader = Callable[[list[int]], list[Reference]]


class ReferenceTableModel(HeaderTableModel):
    """One row per matching reference; only the ids are held, rows are loaded when drawn."""

    HEADERS = HEADERS

    def __init__(self, load: Loader, parent: Any = None) -> None:
        super().__init__(parent)
        self._load = load
        self._search: IdSearch = lambda _limit: []
        self._ids: list[int] = []
        self._complete = True
        self._cache: dict[int, Reference] = {}

    # --- content -------------------------------------------------------------------------
    def set_search(self, search: IdSearch) -> None:
        """Show the matches of ``search`` (its first batch; more on ``fetchMore``)."""
        self.beginResetModel()
        self._search = search
        self._ids = search(FIRST_BATCH)
        self._complete = len(self._ids) < FIRST_BATCH
        self._cache.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """Run the current search again (after an import, a save or a deletion)."""
        self.set_search(self._search)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        """True while only the first batch of matches is shown."""
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        """Append the remaining matches (one query; rows are still loaded lazily)."""
        if parent.isValid() or self._complete:
            return
        all_ids = self._search(None)
        known = set(self._ids)
        extra = [i for i in all_ids if i not in known]
        self._complete = True
        if extra:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(extra) - 1)
            self._ids.extend(extra)
            self.endInsertRows()

    def fetch_all(self) -> None:
        """Load every match id (tests, « select the new reference »)."""
        while self.canFetchMore():
            self.fetchMore()

    def ids(self) -> list[int]:
        """Ids of the rows, top to bottom (only those fetched so far)."""
        return list(self._ids)

    def row_of(self, reference_id: int) -> int | None:
        """Row of a reference among those fetched, or ``None``."""
        try:
            return self._ids.index(reference_id)
        except ValueError:
            return None

    def reference_at(self, row: int) -> Reference | None:
        """The reference of ``row``, loading its page when needed."""
        if not 0 <= row < len(self._ids):
            return None
        ref_id = self._ids[row]
        if ref_id not in self._cache:
            start = (row // PAGE_SIZE) * PAGE_SIZE
            page = [i for i in self._ids[start : start + PAGE_SIZE] if i not in self._cache]
            for ref in self._load(page):
                assert ref.id is not None
                self._cache[ref.id] = ref
        return self._cache.get(ref_id)

    def update_reference(self, ref: Reference) -> None:
        """Show the saved ``ref`` in its row (it stays where it is until the next search)."""
        if ref.id is None:
            return
        row = self.row_of(ref.id)
        self._cache[ref.id] = ref
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    # --- Qt model ------------------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, id, tooltip and the confidential marking of one cell."""
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == ID_ROLE:
            return self._ids[row] if row < len(self._ids) else None
        ref = self.reference_at(row)
        if ref is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(ref, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TITLE and ref.confidential:
                return f"{ref.title}\n{CONFIDENTIAL_TIP}"
            text = _display(ref, col)
            return text if col in (COL_TITLE, COL_BUYER, COL_FAMILIES) and text else None
        if role == Qt.ItemDataRole.ForegroundRole and ref.confidential:
            return color("confidential")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_YEAR, COL_AMOUNT):
            return RIGHT_ALIGNED
        return None


def _display(ref: Reference, col: int) -> str:
    if col == COL_TITLE:
        return f"{CONFIDENTIAL_PREFIX}{ref.title}" if ref.confidential else ref.title
    if col == COL_BUYER:
        return ref.buyer_name
    if col == COL_YEAR:
        return str(ref.year) if ref.year else ""
    if col == COL_AMOUNT:
        return euros(ref.amount_ht)
    if col == COL_ROLE:
        return label(ref.role)
    if col == COL_FAMILIES:
        return ", ".join(ref.families)
    return ""
