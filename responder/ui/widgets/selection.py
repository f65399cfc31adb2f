"""Selecting a row of a list by program (after a save, a filter, an undo)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView

_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


def select_row(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Make ``index``'s row the selected, current and visible one. True when the current row
    was already that one: Qt then emits nothing, and the caller shows the row itself."""
    selection = view.selectionModel()
    unchanged = selection.currentIndex().row() == index.row()
    selection.setCurrentIndex(index, _ROW)
    view.scrollTo(index)
    return unchanged
