"""What every table model of the interface shares: French column titles from ``HEADERS``,
no child rows, and the right alignment of figures.

A model sets ``HEADERS`` and implements ``_row_count()`` and ``data()``; ``rowCount``,
``columnCount`` and ``headerData`` come from here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
#: The alignment of a column of figures (amounts, years, days).
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HeaderTableModel(QAbstractTableModel):
    """A flat table whose columns are ``HEADERS`` (French titles)."""

    HEADERS: ClassVar[list[str]] = []

    def _row_count(self) -> int:
        """How many rows the model shows."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of rows (none under a row: the table is flat)."""
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The French column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
