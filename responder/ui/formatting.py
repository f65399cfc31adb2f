"""French display helpers for widgets: dates, amounts, accent-insensitive search text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale

FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def fold(text: str) -> str:
    """Lower-case text without accents, for searching (« Pêche » → « peche »)."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def format_date(value: date | None) -> str:
    """« 18/12/2026 », or empty text."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_datetime(value: datetime | None) -> str:
    """« 18/12/2026 12:00 », or empty text."""
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def format_number(value: Decimal | int | float) -> str:
    """A number with French grouping and decimal comma (« 12 500,5 »)."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return FRENCH.toString(int(number))
    return FRENCH.toString(float(number), "f", 2)


def format_amount(value: Decimal | int | float | None) -> str:
    """« 120 000 € » (French grouping), or empty text."""
    if value is None:
        return ""
    return f"{format_number(value)}\u00a0€"


def parse_amount(text: str) -> Decimal | str | None:
    """Decimal from a typed amount (« 120 000 », « 12500,50 € »); ``None`` when empty.

    Text that is not a number is returned unchanged so that validation names the field.
    """
    cleaned = _SPACES.sub("", text).replace("€", "").replace("HT", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return text.strip()
