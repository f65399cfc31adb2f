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


#: Below these sizes QLocale formats exactly: integers on 64 bits, cents in a double
#: (13 digits before the comma and 2 after fit in the 15 significant digits of a double).
_QT_INT_LIMIT = Decimal(10) ** 18
_QT_CENTS_LIMIT = Decimal(10) ** 13
#: Beyond this many integer digits a number is shown in scientific notation (« 1,000E+999999 »,
#: which :func:`parse_amount` reads back), so that a pasted « 1e999999 » does not turn into
#: a cell a million characters wide.
_MAX_DIGITS = 30


def _python_number(number: Decimal) -> str:
    """French text of a number QLocale cannot format (huge, or not finite); never raises."""
    if number.is_nan():
        return "non numérique"
    if number.is_infinite():
        return "−∞" if number.is_signed() else "∞"
    if number.adjusted() >= _MAX_DIGITS:
        return f"{number:.3E}".replace(".", ",")
    integral = number == number.to_integral_value()
    text = f"{number:,.0f}" if integral else f"{number:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def format_number(value: Decimal | int | float) -> str:
    """A number with French grouping and decimal comma (« 12 500,5 »); never raises.

    Amounts are bounded by the domain, but this also shows what the user has just typed
    (« 1e999999 ») before validation: it runs in Qt slots, where an exception aborts the app.
    """
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            return _python_number(number)
        if number == number.to_integral_value():
            if abs(number) >= _QT_INT_LIMIT:
                return _python_number(number)
            return FRENCH.toString(int(number))
        if abs(number) >= _QT_CENTS_LIMIT:
            return _python_number(number)
        return FRENCH.toString(float(number), "f", 2)
    except (ArithmeticError, ValueError, TypeError, OverflowError):
        return str(value)


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
        value = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return text.strip()
    # « nan » or « inf » stay text: the domain names the field and says a number is expected.
    return value if value.is_finite() else text.strip()
