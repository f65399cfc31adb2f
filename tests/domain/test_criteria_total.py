"""The live total of a criteria form gives the verdict the save gives: 100 (% or points)
within the domain's tolerance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from responder.domain.criteria_total import total_is_off, weights_total
from responder.domain.enums import WeightUnit
from responder.domain.tender import Criterion, check_criteria_total


@pytest.mark.parametrize(("total", "off"), [
    ("100", False), ("100.01", False), ("99.99", False), ("100.02", True), ("110", True),
    ("0", True),
])
def test_the_form_and_the_save_agree(total: str, off: bool) -> None:
    for unit in WeightUnit:
        assert total_is_off(Decimal(total), unit) is off
        criteria = [Criterion(name="Prix", weight=Decimal(total))]
        if off:
            with pytest.raises(ValueError):
                check_criteria_total(criteria, unit)
        else:
            check_criteria_total(criteria, unit)


def test_weights_total() -> None:
    assert weights_total([Decimal("60"), Decimal("40.5")]) == Decimal("100.5")
    assert weights_total([]) == 0
