"""Cleaning of the values found in procurement open-data files (BOAMP, DECP).

These files are read by spreadsheets and scripts that type codes as numbers, so a SIRET loses
its leading zero, a CPV code its check digit, a department is written « 7 ». Amounts hold
placeholders (9 999 999) and times are UTC. Each helper here takes the raw text and returns a
clean value or ``None``; nothing raises for a merely odd value. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .eligibility import QUALIFYING
from .enums import EssStatus, Reservation


class RowError(ValueError):
    """A line of an open-data file that cannot be used; the message is French (the reason)."""


_NON_DIGITS = re.compile(r"[\s.\-_/]")


def _digits(value: object) -> str:
    text = str(value).strip() if value is not None else ""
    if text.endswith(".0"):  # a code a spreadsheet read as a float: « 7328293200074.0 »
        text = text[:-2]
    return _NON_DIGITS.sub("", text)


def clean_siret(value: object) -> str | None:
    """14 digits of a SIRET, its lost leading zeros put back (« 7328293200074 » → 14 digits).

    ``None`` for an empty or non-numeric identifier (a foreign company, a TVA number).
    """
    text = _digits(value)
    if not text.isdigit() or not 9 <= len(text) <= 14:
        return None
    return text.zfill(14)


def clean_cpv(value: object) -> str | None:
    """The 8 digits of a CPV code without its check digit (« 7731000-6 » → « 07731000 »…).

    A code read as a number loses its leading zero (« 3192000 » for 03192000): put back.
    """
    text = str(value).strip() if value is not None else ""
    text = text.split("-", 1)[0].strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or not 6 <= len(text) <= 8:
        return None
    return text.zfill(8)


def clean_department(value: object) -> str | None:
    """A department code as people write it: « 7 » → « 07 », « 2a » → « 2A », « 974 » kept."""
    text = str(value).strip().upper() if value is not None else ""
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and 1 <= len(text) <= 3:
        return text.zfill(2)
    if text in ("2A", "2B"):
        return text
    return None


def department_of_place(code: object) -> str | None:
    """Department of a postcode or INSEE commune code (« 30100 » → « 30 », « 97411 » → « 974 »)."""
    text = _digits(code)
    if len(text) == 4 and text.isdigit():  # a postcode that lost its leading zero
        text = "0" + text
    if len(text) == 5:
        return text[:3] if text.startswith("97") else text[:2]
    raw = str(code or "").strip().upper()
    if len(raw) == 5 and raw[:2] in ("2A", "2B"):
        return raw[:2]
    return clean_department(raw)


# --- times --------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def paris_offset(moment_utc: datetime) -> timedelta:
    """UTC offset of Europe/Paris at a UTC instant: +2 h from the last Sunday of March 01:00
    UTC to the last Sunday of October 01:00 UTC (EU rule since 1996), +1 h otherwise."""
    naive = moment_utc.replace(tzinfo=None)
    start, end = _summer_time(naive.year)
    return _SUMMER if start <= naive < end else _WINTER


_SUMMER, _WINTER = timedelta(hours=2), timedelta(hours=1)


@lru_cache(maxsize=256)
def _summer_time(year: int) -> tuple[datetime, datetime]:
    """UTC start and end of summer time in Paris in ``year``."""
    one = timedelta(hours=1)
    return (datetime.combine(_last_sunday(year, 3), datetime.min.time()) + one,
            datetime.combine(_last_sunday(year, 10), datetime.min.time()) + one)


#: Years outside this range are typos (BOAMP has a deadline in 7017).
MIN_YEAR, MAX_YEAR = 1995, 2100


def to_paris(value: object) -> datetime | None:
    """A BOAMP date-time (ISO 8601, UTC unless it says otherwise) as Paris wall-clock time.

    « 2026-12-16T23:00:00+00:00 » is the 17th at midnight in Paris. A value without offset is
    taken as UTC (how the portal exports). ``None`` for an empty or implausible value.
    """
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc + paris_offset(utc)


def local_datetime(day: object, time: object = None) -> datetime | None:
    """A date and time written with their own offset (eForms ``EndDate`` « 2026-12-17+01:00 »,
    ``EndTime`` « 12:00:00+01:00 »), as Paris wall-clock time."""
    day_text = str(day or "").strip()[:10]
    time_text = str(time or "").strip()
    if not day_text:
        return None
    offset = ""
    match = re.search(r"(Z|[+-]\d\d:\d\d)$", time_text)
    if match:
        offset = match.group(1)
        time_text = time_text[: match.start()]
    return to_paris(f"{day_text}T{time_text or '00:00:00'}{offset or '+00:00'}")


def parse_date(value: object) -> date | None:
    """``YYYY-MM-DD`` (time part ignored) or ``None`` for an empty or implausible value."""
    text = str(value or "").strip()[:10]
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


# --- amounts ------------------------------------------------------------------------------
#: Amounts from this value are bulk-conversion artefacts (« 12311111111 »), never real.
AMOUNT_ARTEFACT = Decimal("10000000000")


def parse_open_amount(value: object) -> Decimal | None:
    """An amount as the files write it (« 85000.0 », « 85000 », « 85 000,50 »), or ``None``."""
    text = str(value or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return amount


def is_placeholder_amount(amount: Decimal | None) -> bool:
    """True for amounts buyers type when they do not know (9 999 999, 1 111 111, 0) and for
    conversion artefacts of 11 digits or more: such amounts are shown flagged, never summed."""
    if amount is None:
        return False
    if amount == 0 or amount >= AMOUNT_ARTEFACT:
        return True
    whole = str(int(amount))
    return len(whole) >= 6 and len(set(whole)) == 1


# --- reserved contracts -------------------------------------------------------------------
# L2113-12: ESAT and entreprises adaptées; L2113-13: the four kinds of SIAE; L2113-15: ESS
# enterprises (associations, coopératives, ESUS), under the conditions of L2113-16.
def eligible_for(
    statuses: list[EssStatus] | frozenset[EssStatus], reservation: Reservation
) -> bool:
    """True when a structure with ``statuses`` may answer a lot reserved under ``reservation``.

    The statuses that qualify come from the eligibility rules (``domain/eligibility``); the
    watch list judges statuses only (proofs and the 50 % share are checked once followed).
    """
    return bool(QUALIFYING.get(reservation, frozenset()) & set(statuses))
