"""Amounts and shares of a groupement: rounding to the cent, French formats and input.

Amounts are kept to the cent and shares to the hundredth of a percent; a share and its amount
are kept consistent both ways by :func:`share_of` and :func:`amount_of`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ... import fr
from ..common import MAX_AMOUNT

CENT = Decimal("0.01")
#: Shares are percentages with two decimals; they must total 100 within this tolerance.
SHARE_TOLERANCE = Decimal("0.005")
HUNDRED = Decimal(100)


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to the cent (half up, as on an invoice)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def share_of(amount: Decimal, total: Decimal) -> Decimal:
    """The share (in %, two decimals) that ``amount`` is of ``total``; 0 when total is 0."""
    if total <= 0:
        return Decimal("0.00")
    return cents(amount * HUNDRED / total)


def amount_of(share: Decimal, total: Decimal) -> Decimal:
    """The amount (to the cent) that ``share`` % of ``total`` represents."""
    return cents(total * share / HUNDRED)


def format_eur(amount: Decimal | None, suffix: str = "") -> str:
    """French amount « 12 345,50 € » (narrow no-break spaces; see ``responder.fr``)."""
    if amount is None:
        return ""
    return fr.amount(cents(amount), suffix)


def format_share(share: Decimal) -> str:
    """French percentage « 33,33 % »."""
    return fr.percent(cents(share), 2)


def parse_amount(text: str) -> Decimal:
    """A Decimal from French input (« 12 345,50 », « 12345.5 € »); ``ValueError`` (French)."""
    cleaned = (
        text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        .replace("€", "").replace("%", "").replace(",", ".").strip()
    )
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(
            f"« {text} » n'est pas un nombre : écrivez par exemple 12500,50."
        ) from None
    if not value.is_finite():
        raise ValueError(f"« {text} » n'est pas un nombre : écrivez par exemple 12500,50.")
    if abs(value) > MAX_AMOUNT:
        # Beyond this, rounding to the cent leaves the decimal context (InvalidOperation).
        raise ValueError(f"« {text} » : montant trop grand, 1 000 milliards d'euros au plus.")
    return value
