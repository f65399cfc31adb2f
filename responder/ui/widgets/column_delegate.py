"""One item delegate for the editable tables and trees: a column edited with its own widget."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex


class ColumnDelegate(QStyledItemDelegate):
    """Edits ``column`` with the widget of ``make_editor``; every other column keeps Qt's
    default editor. A subclass says how its widget is built, shows a cell and stores it back:
    it deals with its own widget only, never with Qt's four-argument signatures."""

    def __init__(self, column: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.column = column

    def make_editor(self, parent: QWidget) -> QWidget:
        """The editing widget of the column (a spin box, a combo …)."""
        raise NotImplementedError

    def show_value(self, editor: QWidget, index: Index) -> None:
        """Show the cell in ``editor`` (Qt's default: the editor's user property)."""
        super().setEditorData(editor, index)

    def store_value(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Write what ``editor`` holds back into the cell."""
        super().setModelData(editor, model, index)

    def _ours(self, index: Index) -> bool:
        return index.column() == self.column

    def createEditor(  # noqa: N802 - Qt naming
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        """The column's own editor, the default one elsewhere."""
        if self._ours(index):
            return self.make_editor(parent)
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt naming
        """Show the cell in the editor."""
        if self._ours(index):
            self.show_value(editor, index)
        else:
            super().setEditorData(editor, index)

    def setModelData(  # noqa: N802 - Qt naming
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        """Store the editor's value in the cell."""
        if self._ours(index):
            self.store_value(editor, model, index)
        else:
            super().setModelData(editor, model, index)
