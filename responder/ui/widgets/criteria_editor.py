"""Award criteria and sub-criteria with their weights, and a live total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ... import fr
from ...domain.criteria_total import total_is_off, weights_total
from ...domain.enums import WeightUnit
from ...domain.tender import Criterion
from ..theme import set_role
from .column_delegate import ColumnDelegate, Index
from .combos import enum_combo, set_combo_value
from .make import buddy, button, column, row

COL_NAME, COL_WEIGHT = 0, 1
_ROLE = Qt.ItemDataRole.EditRole
_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
)


class WeightDelegate(ColumnDelegate):
    """Edits weights with a spin box from 0 to 1 000, two decimals, French comma."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COL_WEIGHT, parent)

    def make_editor(self, parent: QWidget) -> QWidget:
        """A spin box for the weight column."""
        spin = QDoubleSpinBox(parent)
        spin.setRange(0, 1000)
        spin.setDecimals(2)
        spin.setAccessibleName("Pondération")
        return spin

    def store_value(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the weight as a number."""
        if not isinstance(editor, QDoubleSpinBox):
            return
        editor.interpretText()
        model.setData(index, float(editor.value()), _ROLE)


def _weight(item: QTreeWidgetItem) -> Decimal:
    value = item.data(COL_WEIGHT, _ROLE)
    try:
        return Decimal(str(round(float(value), 2)))
    except (TypeError, ValueError):
        return Decimal(0)


class CriteriaEditor(QWidget):
    """Tree of criteria (Critère, Pondération), add/remove buttons, unit and total."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Critère", "Pondération"])
        self.tree.setAccessibleName("Critères d'attribution")
        self.tree.setAccessibleDescription(
            "Un critère par ligne, ses sous-critères en dessous ; F2 pour modifier."
        )
        self.tree.setItemDelegate(WeightDelegate(self.tree))
        self.tree.setMinimumHeight(140)
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_WEIGHT, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = button("Ajouter un critère", clicked=self._add_clicked)
        self.add_sub_button = button("Ajouter un sous-critère",
                                     name="Ajouter un sous-critère au critère sélectionné",
                                     clicked=self._add_sub_clicked)
        self.remove_button = button("Retirer le critère", name="Retirer le critère sélectionné",
                                    clicked=self.remove_selected)
        self.unit_combo = enum_combo(WeightUnit)
        self.unit_combo.setAccessibleName("Unité des pondérations")
        self.unit_combo.setToolTip("Pondérations en pourcentage ou en points, comme dans le RC.")
        unit_label = buddy("Unité :", self.unit_combo)
        self.total_label = QLabel()
        self.total_label.setAccessibleName("Total des pondérations")
        self.total_label.setWordWrap(True)
        footer = row(unit_label, self.unit_combo, 12, self.total_label, margins=True)
        footer.setStretchFactor(self.total_label, 1)
        column(self.tree, row(self.add_button, self.add_sub_button, self.remove_button, None,
                              margins=True), footer, parent=self, margins=False)
        self.setFocusProxy(self.tree)
        self.unit_combo.currentIndexChanged.connect(self._on_changed)
        self.tree.itemChanged.connect(self._on_changed)
        self.tree.currentItemChanged.connect(self._update_buttons)
        self._update_total()
        self._update_buttons()

    # --- editing --------------------------------------------------------------------------
    # Bound methods, not lambdas, for the buttons: a lambda holding ``self`` kept an editor
    # without a parent alive until the interpreter exit, after the QApplication was gone.
    def _add_clicked(self) -> None:
        self.add_criterion()

    def _add_sub_clicked(self) -> None:
        self.add_sub_criterion()

    def _new_item(self, name: str, weight: Decimal | float) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name, ""])
        item.setToolTip(COL_NAME, name)
        item.setFlags(_FLAGS)
        item.setData(COL_WEIGHT, _ROLE, float(weight))
        item.setTextAlignment(COL_WEIGHT, Qt.AlignmentFlag.AlignRight)
        return item

    def add_criterion(self, name: str = "Nouveau critère", weight: float = 0) -> QTreeWidgetItem:
        """Append a top-level criterion, select it and start editing its name."""
        item = self._new_item(name, weight)
        self.tree.addTopLevelItem(item)
        self._start_editing(item)
        return item

    def add_sub_criterion(
        self, name: str = "Nouveau sous-critère", weight: float = 0
    ) -> QTreeWidgetItem | None:
        """Add a sub-criterion under the selected criterion (or beside a selected one)."""
        current = self.tree.currentItem()
        if current is None:
            return None
        parent = current.parent() or current
        item = self._new_item(name, weight)
        parent.addChild(item)
        parent.setExpanded(True)
        self._start_editing(item)
        return item

    def select_criterion(self, index: int) -> None:
        """Make the top-level criterion ``index`` current (a message is about it)."""
        item = self.tree.topLevelItem(index)
        if item is not None:
            self.tree.setCurrentItem(item, COL_NAME)

    def _start_editing(self, item: QTreeWidgetItem) -> None:
        self.tree.setCurrentItem(item, COL_NAME)
        if self.isVisible():
            self.tree.editItem(item, COL_NAME)
        self._on_changed()

    def remove_selected(self) -> None:
        """Remove the selected criterion with its sub-criteria."""
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)
        self._on_changed()

    def _on_changed(self, *_args: object) -> None:
        self._update_total()
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self, *_args: object) -> None:
        has_current = self.tree.currentItem() is not None
        self.add_sub_button.setEnabled(has_current)
        self.remove_button.setEnabled(has_current)

    def _top_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def total(self) -> Decimal:
        """Sum of the top-level weights."""
        return weights_total(_weight(item) for item in self._top_items())

    def _update_total(self) -> None:
        suffix = "\u00a0%" if self.unit() == WeightUnit.PERCENT else " points"
        if self.tree.topLevelItemCount() == 0:
            self.total_label.setText("Aucun critère saisi.")
            set_role(self.total_label, None)
            return
        total = self.total()
        whole = total == total.to_integral_value()
        text = f"Total : {fr.number(total, 0 if whole else 2)}{suffix}"
        off = total_is_off(total, self.unit())
        if off:
            text += f" — doit être égal à 100{suffix}"
        set_role(self.total_label, "error-strong" if off else None)
        self.total_label.setText(text)

    # --- data -------------------------------------------------------------------------------
    def unit(self) -> WeightUnit:
        """The unit of the weights."""
        value = self.unit_combo.currentData()
        return value if isinstance(value, WeightUnit) else WeightUnit.PERCENT

    def set_criteria(self, criteria: list[Criterion], unit: WeightUnit) -> None:
        """Show ``criteria`` without emitting ``changed``."""
        self.blockSignals(True)
        self.tree.blockSignals(True)
        self.unit_combo.blockSignals(True)
        self.tree.clear()
        set_combo_value(self.unit_combo, unit)

        def fill(parent: QTreeWidgetItem | None, items: list[Criterion]) -> None:
            for criterion in items:
                item = self._new_item(criterion.name, criterion.weight)
                if parent is None:
                    self.tree.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                fill(item, criterion.sub_criteria)
                item.setExpanded(True)

        fill(None, criteria)
        self.unit_combo.blockSignals(False)
        self.tree.blockSignals(False)
        self.blockSignals(False)
        self._update_total()
        self._update_buttons()

    def criteria_data(self) -> list[dict[str, Any]]:
        """The tree as nested dicts for ``TenderService.save``."""

        def dump(item: QTreeWidgetItem) -> dict[str, Any]:
            return {
                "name": item.text(COL_NAME),
                "weight": _weight(item),
                "sub_criteria": [
                    dump(child)
                    for i in range(item.childCount())
                    if (child := item.child(i)) is not None
                ],
            }

        return [dump(item) for item in self._top_items()]
