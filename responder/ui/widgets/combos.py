"""Combo boxes over our enumerations, showing the French labels."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from PySide6.QtWidgets import QComboBox, QWidget

from ...domain.enums import label


def enum_combo(
    values: Iterable[StrEnum], none_label: str | None = None, parent: QWidget | None = None
) -> QComboBox:
    """A combo listing ``values`` by French label; ``none_label`` adds an empty first choice."""
    combo = QComboBox(parent)
    # Long labels (« Conjoint avec mandataire solidaire ») must not widen the whole form.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    if none_label is not None:
        combo.addItem(none_label, None)
    for value in values:
        combo.addItem(label(value), value)
    return combo


def combo_value(combo: QComboBox) -> object:
    """The enumeration value of the current choice (``None`` for the empty choice)."""
    return combo.currentData()


def set_combo_value(combo: QComboBox, value: object) -> None:
    """Select the choice holding ``value`` (the first choice when absent)."""
    for row in range(combo.count()):
        if combo.itemData(row) == value:
            combo.setCurrentIndex(row)
            return
    combo.setCurrentIndex(0)
