"""Small pieces the « Groupement » tab builds its tables from (layout only, no behaviour)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...widgets.combos import set_combo_value

UID_ROLE = Qt.ItemDataRole.UserRole + 1
R_PRESTATION, R_MEMBER, R_AMOUNT, R_SHARE = range(4)
S_NAME, S_SIRET, S_MEMBER, S_LOT, S_PRESTATIONS, S_AMOUNT, S_DIRECT = range(7)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@contextmanager
def signals_blocked(widget: QWidget) -> Iterator[None]:
    """Block ``widget``'s signals inside the block, and always unblock them after."""
    was = widget.blockSignals(True)
    try:
        yield
    finally:
        widget.blockSignals(was)


def item(text: str, *, editable: bool = True, tip: str = "",
         right: bool = False) -> QTableWidgetItem:
    """A table cell (read-only unless ``editable``; right-aligned for a number)."""
    cell = QTableWidgetItem(text)
    if not editable:
        cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        cell.setToolTip(tip)
    if right:
        cell.setTextAlignment(RIGHT)
    return cell


def table(headers: list[str], name: str) -> QTableWidget:
    """An editable table of whole-row selection that Tab leaves (to reach the buttons)."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setAccessibleName(name)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.verticalHeader().setVisible(False)
    widget.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users reach the buttons
    widget.setMinimumHeight(120)
    return widget


def member_combo(members: list[tuple[str, str]], uid: str, name: str) -> QComboBox:
    """A combo of the members (name, uid) in a table cell, ``uid`` chosen."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, value in members:
        combo.addItem(text, value)
    set_combo_value(combo, uid)
    return combo


def cell_text(widget: QTableWidget, row: int, col: int) -> str:
    """The text of a cell, stripped ("" for no cell)."""
    cell = widget.item(row, col)
    return cell.text().strip() if cell is not None else ""


def combo_data(widget: QTableWidget, row: int, col: int) -> str:
    """The data chosen in the combo of a cell ("" when there is none)."""
    combo = widget.cellWidget(row, col)
    return str(combo.currentData()) if isinstance(combo, QComboBox) else ""
