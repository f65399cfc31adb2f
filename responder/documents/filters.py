"""French formatting for documents: dates « 12 mai 2026 », amounts « 12 345,50 € HT ».

Outputs use the typographic spaces of French: U+202F (narrow no-break space) between groups
of digits, U+00A0 (no-break space) before « € » and « HT », so an amount never breaks across
lines. Registered as Jinja filters by ``responder.documents.memoire``; plain functions, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "fr_FR"
NBSP = "\u00a0"
NNBSP = "\u202f"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).replace(NNBSP, "").replace(NBSP, "").replace(" ", "")
                       .replace(",", "."))
    except InvalidOperation:
        return None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date_fr(value: Any) -> str:
    """« 12 mai 2026 » (« 1er mai 2026 » on the first); a text that is no date is kept as is."""
    day = _date(value)
    if day is None:
        return "" if value is None else str(value)
    text = format_date(day, "d MMMM y", locale=LOCALE)
    if day.day == 1:
        text = "1er" + text[1:]
    return text.replace(" ", NBSP, 1)


def date_short(value: Any) -> str:
    """« 12/05/2026 »."""
    day = _date(value)
    return day.strftime("%d/%m/%Y") if day else ("" if value is None else str(value))


def number_fr(value: Any, decimals: int = 0) -> str:
    """« 12 345 » or, with ``decimals``, « 12 345,50 » (narrow no-break spaces)."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(amount, format=pattern, locale=LOCALE)


def amount_fr(value: Any, suffix: str = "HT") -> str:
    """« 12 345,50 € HT » (whole amounts keep their cents: « 64 200,00 € HT »)."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    text = f"{number_fr(amount, 2)}{NBSP}€"
    return f"{text}{NBSP}{suffix}" if suffix else text


def percent_fr(value: Any) -> str:
    """« 30 % », « 12,5 % » (no-break space before the sign)."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    text = f"{amount.normalize():f}".replace(".", ",")
    return f"{text}{NBSP}%"


#: The filters a template may use: name → function (documented in docs/templates.md).
FILTERS: dict[str, Callable[..., str]] = {
    "date_fr": date_fr,
    "date_courte": date_short,
    "nombre": number_fr,
    "montant": amount_fr,
    "pourcentage": percent_fr,
}
