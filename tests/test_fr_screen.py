"""The figures the screens show and read back (``fr.grouped``, ``fr.euros``,
``fr.parse_amount``): French grouping, never an exception, even for what a user pastes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from responder.fr import euros, grouped, parse_amount


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(
    "value",
    [2**63, 2**64 + 1, 10**20, Decimal("1" * 20), Decimal("1E+999999"), Decimal("-1E+999999"),
     Decimal("Infinity"), Decimal("NaN"), Decimal("sNaN"), float("inf"), float("nan"), 1e300,
     Decimal("123456789012345678.456")],
)
def test_an_amount_never_raises_and_stays_short(value: Any) -> None:
    text = euros(value)
    assert text.endswith("€") and len(text) < 60


def test_big_numbers_keep_french_grouping_and_read_back() -> None:
    assert _plain(grouped(2**63)) == "9 223 372 036 854 775 808"
    assert _plain(euros(Decimal("1" * 20))) == "11 111 111 111 111 111 111 €"
    shown = euros(Decimal("1E+999999"))
    assert parse_amount(shown) == Decimal("1E+999999")  # short, and what it says
    assert parse_amount("nan") == "nan"  # left as text: validation names the field


def test_cents_only_when_there_are_some() -> None:
    assert grouped(Decimal("120000")) == "120\u202f000"
    assert grouped(Decimal("12500.5")) == "12\u202f500,50"
    assert grouped(-3) == "-3"
    assert euros(None) == "" and euros(0) == "0\u00a0€"


def test_typed_amounts_are_read_with_spaces_commas_and_units() -> None:
    assert parse_amount(" 120 000 ") == Decimal("120000")
    assert parse_amount("12500,50 €") == Decimal("12500.50")
    assert parse_amount("45\u202f000 HT") == Decimal("45000")
    assert parse_amount("") is None
    assert parse_amount("beaucoup") == "beaucoup"
