"""Whether award criteria add up, asked before they are saved (a form's live total).

The rule itself is ``tender.check_criteria_total`` (the weights sum to 100, % or points,
within its tolerance): this module only asks it about a total, so a form shows the same
verdict the save will give.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .enums import WeightUnit
from .tender import Criterion, check_criteria_total


def weights_total(weights: Iterable[Decimal]) -> Decimal:
    """The sum of the top-level weights."""
    return sum(weights, Decimal(0))


def total_is_off(total: Decimal, unit: WeightUnit) -> bool:
    """True when criteria weighing ``total`` in all would be refused on save."""
    # A stand-in criterion carrying the total: the rule only reads the weights.
    whole = Criterion.model_construct(name="total", weight=total, sub_criteria=[])
    try:
        check_criteria_total([whole], unit)
    except ValueError:
        return True
    return False
