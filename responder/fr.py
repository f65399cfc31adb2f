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
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
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

    text = _first_of_month(str(format_date(day, "d MMMM y", locale=LOCALE)), day)
    # The day stays with its month; the year may go to the next line.
    return text.replace(" ", NBSP, 1)


def _first_of_month(text: str, day: date) -> str:
    """babel's ``text`` for ``day`` with « 1 » written « 1er » on the first of the month."""
    return re.sub(r"\b1\b", "1er", text, count=1) if day.day == 1 else text


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
    # Cached (keyed by the exact decimal text): a document repeats its figures.
    # The French pattern « #,##0.00 » written directly (babel's pattern machinery took
    # 30 µs a figure): half-even rounding, groups of three joined by a narrow no-break
    # space, a decimal comma, « -0 » kept as babel writes it. A test compares both.
    value = Decimal(amount)
    # The context holds every digit of the figure (28 by default: a longer figure raised).
    digits = max(28, value.adjusted() + decimals + 2)
    if digits > 400:  # no real figure: shown as written rather than a page of digits
        return amount
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN,
                             context=Context(prec=digits))
    whole, _, cents = f"{rounded.copy_abs():f}".partition(".")
    groups = [whole[max(0, end - 3):end] for end in range(len(whole), 0, -3)][::-1]
    text = NNBSP.join(groups) + ("," + cents if decimals else "")
    return "-" + text if rounded.is_signed() else text


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


def joined(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »: a French enumeration."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


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
#: The signs French typography spaces (a text without any is left as it is).
TYPOGRAPHY_SIGNS = ":;!?«»°"
_TYPOGRAPHY_SIGNS = re.compile(f"[{TYPOGRAPHY_SIGNS}]")


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
    "NBSP", "NNBSP", "amount", "date_long", "date_short", "datetime_long", "joined",
    "number", "ordinal", "percent", "plural", "siret", "time_fr", "to_date", "to_decimal",
    "typography", "typography_parts",
]


# --- numeric forms of tables, records and file names ---------------------------------------
def datetime_at(value: datetime | None) -> str:
    """« 06/12/2026 à 14:30 » (a moment in a sentence); ``""`` for none."""
    return value.strftime("%d/%m/%Y à %H:%M") if value else ""


def iso_date(value: date) -> str:
    """« 2026-12-06 » (the date fields of a JSON)."""
    return value.strftime("%Y-%m-%d")


def iso_minute(value: datetime | None) -> str | None:
    """« 2026-12-06T14:30 » (the date-and-time fields of a JSON); ``None`` for none."""
    return value.strftime("%Y-%m-%dT%H:%M") if value else None


def file_stamp(value: datetime) -> str:
    """« 20261206-143000 »: a moment in a file name, sorting in time order."""
    return value.strftime("%Y%m%d-%H%M%S")


def date_full(value: date) -> str:
    """« mardi 14 juillet 2026 » (babel's full French form: the self-test checks the locale
    data loads with it)."""
    from babel.dates import format_date

    return _first_of_month(str(format_date(value, format="full", locale=LOCALE)), value)


def libraries() -> tuple[str, ...]:
    """The third-party modules this module imports (the self-test checks they are bundled)."""
    return ("babel",)


# --- typography, found by regex (appended: the same rules as ``typography_parts``) --------
#: Where ``typography_parts`` may change something: a sign, or a space next to one.
_TYPOGRAPHY_SPOTS = re.compile("[:;!?«»]| (?=[:;!?»])|(?<=[«°]) ")


def _typography_at(text: str, i: int) -> str:
    """What ``typography_parts`` writes for the character ``text[i]`` (one of its spots)."""
    ch = text[i]
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch == " ":
        if nxt == ":":
            return NBSP
        if nxt and nxt in _THIN_BEFORE:
            return NNBSP
        if nxt == "»" or prev == "«" or (
            prev == "°" and i >= 2 and text[i - 2] in "nN" and nxt.isdigit()
        ):
            return NBSP
        return ch
    if ch == ":" or ch in _THIN_BEFORE:
        ends_word = (not nxt or nxt in _SPACES or nxt in "»)\n")
        if prev and prev not in _SPACES and ends_word and (prev.isalnum() or prev in "»)"):
            if ch == ":" and prev.isdigit():
                return ch  # « 14: » is more likely a time or a ratio
            return (NBSP if ch == ":" else NNBSP) + ch
        return ch
    if ch == "«" and nxt and nxt not in _SPACES:
        return ch + NBSP
    if ch == "»" and prev and prev not in _SPACES and i > 0:
        return NBSP + ch
    return ch


def typography_runs(parts: list[str]) -> list[str]:
    """:func:`typography_parts`, visiting only the signs and the spaces next to them.

    Same result (a test compares both on random text); several times faster on long
    paragraphs, which is what the last pass over a generated .docx (``documents.finish``)
    spends its time on.
    """
    text = "".join(parts)
    if not text or _TYPOGRAPHY_SIGNS.search(text) is None:
        return list(parts)
    edits: dict[int, str] = {}
    for match in _TYPOGRAPHY_SPOTS.finditer(text):
        i = match.start()
        written = _typography_at(text, i)
        if written != text[i]:
            edits[i] = written
    if not edits:
        return list(parts)
    spots = list(edits)  # in order: ``edits`` was filled left to right
    result: list[str] = []
    start = k = 0
    for part in parts:
        end = start + len(part)
        if k == len(spots) or spots[k] >= end:
            result.append(part)  # no spot in this run (most runs of a long paragraph)
        else:
            pieces, position = [], start
            while k < len(spots) and spots[k] < end:
                i = spots[k]
                pieces += [text[position:i], edits[i]]
                position, k = i + 1, k + 1
            pieces.append(text[position:end])
            result.append("".join(pieces))
        start = end
    return result


# --- screens (the widgets' short formats) --------------------------------------------------


def fold(text: str) -> str:
    """Lower-case text without accents, for searching (« Pêche » → « peche »)."""
    import unicodedata

    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


#: Beyond this many integer digits a number on screen is shown in scientific notation
#: (« 1,000E+999999 », which :func:`parse_amount` reads back), so that a pasted « 1e999999 »
#: does not turn into a cell a million characters wide.
_SCREEN_MAX_DIGITS = 30
#: Below this size a number with cents goes through a float exactly (15 significant digits).
_SCREEN_CENTS_LIMIT = Decimal(10) ** 13


def screen_number(value: Decimal | int | float) -> str:
    """A number on screen: French grouping (narrow no-break spaces) and decimal comma,
    whole numbers without decimals, others with two (« 12 500 », « 12 500,50 »); never raises.

    It also shows what the user has just typed (« 1e999999 ») before validation: it runs in
    Qt slots, where an exception aborts the application.
    """
    try:
        found = Decimal(str(value))
        if found.is_nan():
            return "non numérique"
        if found.is_infinite():
            return "−∞" if found.is_signed() else "∞"
        if found.adjusted() >= _SCREEN_MAX_DIGITS:
            return f"{found:.3E}".replace(".", ",")
        if found == found.to_integral_value():
            text = f"{int(found):,}"
        elif abs(found) < _SCREEN_CENTS_LIMIT:
            text = f"{float(found):,.2f}"  # rounded as the binary value, like Qt did
        else:
            text = f"{found:,.2f}"
        return text.replace(",", NNBSP).replace(".", ",")
    except (ArithmeticError, ValueError, TypeError, OverflowError):
        return str(value)


def screen_amount(value: Decimal | int | float | None) -> str:
    """« 120 000 € » on screen (no « HT »), or empty text."""
    return "" if value is None else f"{screen_number(value)}{NBSP}€"


_AMOUNT_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_amount(text: str) -> Decimal | str | None:
    """The amount a user typed (« 120 000 », « 12500,50 € », « 1 200 € HT »).

    The one error contract: this never raises. It returns ``None`` for empty text, the
    ``Decimal`` for a finite number, and otherwise the text itself (stripped), so that the
    domain's validation rejects it with the field's name and a French message (« nan »,
    « inf » and « douze » all stay text).
    """
    cleaned = _AMOUNT_SPACES.sub("", text).replace("€", "").replace("HT", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return text.strip()
    return value if value.is_finite() else text.strip()


# --- numbers as the user types them back (appended: issue #19) ----------------------------
def decimal_input(value: Any, decimals: int = 2) -> str:
    """« 62000,00 »: a number as typed in a field (no grouping space, decimal comma)."""
    found = to_decimal(value)
    if found is None:
        return "" if value is None else str(value)
    return f"{found:.{decimals}f}".replace(".", ",")


def decimal_plain(value: Any) -> str:
    """« 7,5 », « 15 »: a number without trailing zeros (``None`` gives "")."""
    found = to_decimal(value)
    if found is None:
        return "" if value is None else str(value)
    return f"{found.normalize():f}".replace(".", ",")


def amount_brief(value: Any) -> str:
    """« 120 000 € », « 12 500,50 € »: cents only when there are some; "" for none."""
    found = to_decimal(value)
    if found is None:
        return ""
    return f"{number(found, 0 if found == found.to_integral_value() else 2)}{NBSP}€"


_WEEKDAYS_SHORT = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def date_short_weekday(value: date) -> str:
    """« ven. 18/12/2026 » (a narrow column; the long form goes in a tooltip)."""
    return f"{_WEEKDAYS_SHORT[value.weekday()]} {date_short(value)}"


#: « 120 000 », « 120 000 € » under the names the library pages use (same output).
grouped = screen_number
euros = screen_amount
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
