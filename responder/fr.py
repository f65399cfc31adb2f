"""Every French format of the generated documents, in one place: dates, amounts, typography.

French typography (Lexique des règles typographiques de l'Imprimerie nationale) puts:

- a no-break space (U+00A0, « espace mot insécable ») before « : » and inside « … »;
- a narrow no-break space (U+202F, « espace fine insécable ») before « ; », « ! » and « ? »,
  and between groups of digits (« 12 345,50 »);
- a no-break space between a number and its unit or currency (« 64 200,00 € HT »,
  « 20 % », « 14 h 30 »), and after « n° ».

So a colon never starts a line, an amount is never cut in two and « 1er » is written with its
ordinal. Documents call these functions (directly, or as the Jinja filters of
``responder.documents.filters``) and the typography pass of ``responder.documents.finish``
applies :func:`typography` to every text of a rendered .docx. Plain functions, no Qt; babel
is imported here only.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

LOCALE = "fr_FR"
NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = " \u00a0\u202f\u2009"


def to_decimal(value: Any) -> Decimal | None:
    """A Decimal from a number or French text (« 12 345,50 »); ``None`` when it is none."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        found = Decimal(str(value).replace(NNBSP, "").replace(NBSP, "").replace(" ", "")
                        .replace(",", "."))
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def to_date(value: Any) -> date | None:
    """A date from a date, a datetime or an ISO text; ``None`` otherwise."""
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


# --- dates -------------------------------------------------------------------------------
def date_long(value: Any) -> str:
    """« 12 mai 2026 », « 1er mai 2026 »; a text that is no date is kept as it is."""
    day = to_date(value)
    if day is None:
        return "" if value is None else str(value)
    from babel.dates import format_date  # babel loads locale data: only when formatting

    text = str(format_date(day, "d MMMM y", locale=LOCALE))
    if day.day == 1:
        text = "1er" + text[1:]
    # The day stays with its month; the year may go to the next line.
    return text.replace(" ", NBSP, 1)


def date_short(value: Any) -> str:
    """« 12/05/2026 »."""
    day = to_date(value)
    return day.strftime("%d/%m/%Y") if day else ("" if value is None else str(value))


def time_fr(value: datetime) -> str:
    """« 14 h 00 » (no-break spaces: the hour is never split)."""
    return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"


def datetime_long(value: Any) -> str:
    """« 12 mai 2026 à 14 h 00 »; a date alone gives « 12 mai 2026 »."""
    if isinstance(value, str) and len(value) > 10:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return f"{date_long(value)} à{NBSP}{time_fr(value)}"
    return date_long(value)


# --- numbers -----------------------------------------------------------------------------
def number(value: Any, decimals: int = 0) -> str:
    """« 12 345 » or, with ``decimals``, « 12 345,50 » (narrow no-break spaces)."""
    amount = to_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return _formatted(str(amount), decimals)


@lru_cache(maxsize=4096)
def _formatted(amount: str, decimals: int) -> str:
    # Cached (keyed by the exact decimal text): babel's pattern formatting is slow and a
    # document repeats its figures.
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(Decimal(amount), format=pattern, locale=LOCALE))


def amount(value: Any, suffix: str = "HT") -> str:
    """« 12 345,50 € HT » (whole amounts keep their cents); ``suffix=""`` gives « … € »."""
    found = to_decimal(value)
    if found is None:
        return "" if value is None else str(value)
    text = f"{number(found, 2)}{NBSP}€"
    return f"{text}{NBSP}{suffix}" if suffix else text


def percent(value: Any, decimals: int | None = None) -> str:
    """« 30 % », « 12,5 % »; with ``decimals`` a fixed count (« 33,33 % »)."""
    found = to_decimal(value)
    if found is None:
        return "" if value is None else str(value)
    text = f"{found.normalize():f}" if decimals is None else f"{found:.{decimals}f}"
    return f"{text.replace('.', ',')}{NBSP}%"


def ordinal(n: int) -> str:
    """« 1er », « 2e », « 10e » (the French abbreviations, not « 1ème »)."""
    return "1er" if n == 1 else f"{n}e"


def plural(count: Any, singular: str, plural_form: str | None = None) -> str:
    """« 1 sortie », « 0 sortie », « 5 sorties », « 5 600 heures »: French agreement.

    In French the singular goes with 0 and 1 (and any value below 2).
    """
    found = to_decimal(count)
    if found is None:
        return ""
    word = singular if abs(found) < 2 else (plural_form or singular + "s")
    shown = number(found, 0 if found == found.to_integral_value() else 2)
    return f"{shown}{NBSP}{word}"


def siret(value: str | None) -> str:
    """« 899 123 459 00013 »: the SIREN by threes then the NIC, narrow no-break spaces.

    The one SIRET format of every document; anything that is not 14 digits is kept as is.
    """
    digits = re.sub(r"[\s.\-]", "", value or "")
    if len(digits) != 14 or not digits.isdigit():
        return value or ""
    return NNBSP.join((digits[:3], digits[3:6], digits[6:9], digits[9:]))


# --- typography --------------------------------------------------------------------------
_THIN_BEFORE = ";!?"
#: Every character some rule of typography_parts looks for: without one, nothing changes.
_TYPOGRAPHY_SIGNS = re.compile("[:;!?«»°]")


def typography(text: str) -> str:
    """``text`` with French spacing around punctuation, never changing its words.

    A space before « : » becomes a no-break space, before « ; ! ? » a narrow no-break space;
    the spaces inside « » become no-break spaces, and one is added when missing (« «mot» »).
    A signe with no space before it gets one only when it ends a word and is followed by a
    space or the end (« Note: » → « Note : »), so « 14:00 », « https://… » and « ?id=3 »
    are left alone. « n° 12 » keeps its number.
    """
    return "".join(typography_parts([text]))


def typography_parts(parts: list[str]) -> list[str]:
    """:func:`typography` over a text cut in pieces (the runs of a Word paragraph).

    The pieces are read as one text, so a colon in one run and its space in the previous one
    are handled; each piece gets back its own share of the result (a missing space is added
    to the piece holding the punctuation).
    """
    text = "".join(parts)
    if not text or _TYPOGRAPHY_SIGNS.search(text) is None:
        return list(parts)  # nothing the rules below can change (most Word paragraphs)
    out: list[str] = []  # one entry per character of ``text``
    n = len(text)
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if ch == " ":
            after = nxt
            if after == ":":
                out.append(NBSP)
            elif after and after in _THIN_BEFORE:
                out.append(NNBSP)
            elif after == "»" or prev == "«" or (
                prev == "°" and i >= 2 and text[i - 2] in "nN" and after.isdigit()
            ):
                out.append(NBSP)
            else:
                out.append(ch)
            continue
        if ch == ":" or ch in _THIN_BEFORE:
            ends_word = (not nxt or nxt in _SPACES or nxt in "»)\n")
            if prev and prev not in _SPACES and ends_word and (prev.isalnum() or prev in "»)"):
                if ch == ":" and prev.isdigit():
                    out.append(ch)  # « 14: » is more likely a time or a ratio
                else:
                    out.append((NBSP if ch == ":" else NNBSP) + ch)
                continue
            out.append(ch)
            continue
        if ch == "«" and nxt and nxt not in _SPACES:
            out.append(ch + NBSP)
            continue
        if ch == "»" and prev and prev not in _SPACES and i > 0:
            out.append(NBSP + ch)
            continue
        out.append(ch)
    result: list[str] = []
    start = 0
    for part in parts:
        result.append("".join(out[start:start + len(part)]))
        start += len(part)
    return result


__all__ = [
    "NBSP",
    "NNBSP",
    "amount",
    "date_long",
    "date_short",
    "datetime_long",
    "number",
    "ordinal",
    "percent",
    "plural",
    "siret",
    "time_fr",
    "to_date",
    "to_decimal",
    "typography",
    "typography_parts",
]


def datetime_short(value: Any) -> str:
    """« 18/12/2026 12:00 » (a screen's list or table), or empty text."""
    if not isinstance(value, datetime):
        return date_short(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d} {value.hour:02d}:{value.minute:02d}"


def datetime_iso_minutes(value: datetime | None) -> str | None:
    """« 2026-04-15T17:00 » (the extraction's own format), or ``None``."""
    return value.isoformat(timespec="minutes") if value else None


def amount_short(value: Any) -> str:
    """« 120 000 € », « 12 500,50 € » (cents only when there are some), or empty text."""
    found = to_decimal(value)
    if found is None:
        return "" if value is None else str(value)
    whole = found == found.to_integral_value()
    return f"{number(found, 0 if whole else 2)}{NBSP}€"
