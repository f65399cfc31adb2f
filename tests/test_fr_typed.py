"""Numbers as the user types them back, and short amounts (``responder.fr``, no Qt)."""

from __future__ import annotations

from decimal import Decimal

from responder import fr


def test_numbers_are_shown_as_the_user_types_them() -> None:
    assert fr.decimal_input(Decimal("62000")) == "62000,00"
    assert fr.decimal_input(Decimal("33.333"), 1) == "33,3"
    assert fr.decimal_input(None) == ""
    assert fr.decimal_plain(Decimal("7.50")) == "7,5"
    assert fr.decimal_plain(Decimal("15.0")) == "15"


def test_amounts_show_cents_only_when_there_are_some() -> None:
    assert fr.amount_brief(Decimal("120000")) == "120\u202f000\u00a0€"
    assert fr.amount_brief(Decimal("12500.5")) == "12\u202f500,50\u00a0€"
    assert fr.amount_brief(None) == ""
