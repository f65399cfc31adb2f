"""How long an attestation stays valid, and its state at a date (pure functions, no I/O).

The rules themselves (6 months for URSSAF, « moins de 3 mois » for a Kbis …) are data in the
requirement catalogue (``resources/catalogue/requirements.json``), each with its basis and a
confidence: « H » when an article says it, « M » for a usage shown as guidance only.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum

from pydantic import Field

from .common import DomainModel
from .enums import ValidityState as ValidityState
from .labelled import labels_of


class RuleKind(StrEnum):
    """How an expiry date is computed from the date a document certifies."""

    #: N months from the certified date (URSSAF D8222-5: 6; Kbis in RC practice: 3).
    MONTHS_FROM_DATE = "months_from_date"
    #: N months from the last day of the month before the date (fiscal: situation at month end).
    MONTHS_FROM_END_OF_PREVIOUS_MONTH = "months_from_end_of_previous_month"
    #: The policy year: until the stated échéance, else N months from the period start, less a day.
    POLICY_YEAR = "policy_year"


class Confidence(StrEnum):
    """« H »: article text; « M »: consistent secondary sources, shown as guidance."""

    HIGH = "H"
    MEDIUM = "M"


class ValidityRule(DomainModel):
    """The validity rule of one kind of attestation, as the catalogue states it."""

    rule: RuleKind
    months: int = Field(ge=1, le=120)
    basis: str = Field(min_length=1)
    confidence: Confidence
    date_hint: str = ""
    explanation: str = ""

    @property
    def is_guidance(self) -> bool:
        """True for a usage (« M »): say « à vérifier dans le RC », never block on it."""
        return self.confidence == Confidence.MEDIUM


STATE_LABELS: dict[ValidityState, str] = labels_of(ValidityState)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the end of the target month.

    31 August + 6 months is 28 February (29 in a leap year), not 3 March. Beyond the years a
    ``date`` can hold, the result is clamped to ``date.max`` (or ``date.min``): a stored
    document dated 9999 must show as « valide jusqu'au 31/12/9999 », never crash a listing.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def end_of_previous_month(day: date) -> date:
    """The last day of the month before ``day`` (what a fiscal attestation certifies).

    In January of year 1 (no earlier month exists) it is ``date.min``.
    """
    first = day.replace(day=1)
    return first - timedelta(days=1) if first > date.min else date.min


def end_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def policy_end(start: date, months: int = 12) -> date:
    """Last day of a policy period starting on ``start``: the day before its anniversary.

    A period starting on 29 February ends on 28 February (the anniversary does not exist).
    """
    anniversary = add_months(start, months)
    if anniversary.day < start.day or anniversary == date.min:
        return anniversary
    return anniversary - timedelta(days=1)


def certified_date(rule: ValidityRule, dated: date) -> date:
    """The date whose situation the document certifies, from the date printed on it."""
    if rule.rule == RuleKind.MONTHS_FROM_END_OF_PREVIOUS_MONTH:
        return end_of_previous_month(dated)
    return dated


def expiry_date(
    rule: ValidityRule | None, dated: date | None, stated_until: date | None = None
) -> date | None:
    """Last day the document is valid (inclusive), or ``None`` when it does not expire.

    ``dated`` is the date entered for the document (see ``ValidityRule.date_hint``);
    ``stated_until`` an end date printed on it (insurance échéance, agrément end). When both the
    rule and the document give an end, the earlier one wins: a document never outlives its rule.
    """
    computed: date | None = None
    if rule is not None and dated is not None:
        if rule.rule == RuleKind.POLICY_YEAR:
            computed = policy_end(dated, rule.months)
        elif rule.rule == RuleKind.MONTHS_FROM_END_OF_PREVIOUS_MONTH:
            computed = end_of_month(add_months(end_of_previous_month(dated), rule.months))
        else:
            computed = add_months(dated, rule.months)
    if computed is None:
        return stated_until
    if stated_until is None:
        return computed
    return min(computed, stated_until)


def state_at(
    expires_on: date | None, today: date, deadline: date | None = None, *, present: bool = True
) -> ValidityState:
    """State of a document today and, when given, at a dossier's ``deadline``.

    A document with no expiry (statuts, RIB) stays valid. « Expire avant la date limite » means
    valid today but no longer on the deadline day.
    """
    if not present:
        return ValidityState.MANQUANT
    if expires_on is None:
        return ValidityState.VALIDE
    if expires_on < today:
        return ValidityState.EXPIRE
    if deadline is not None and expires_on < deadline:
        return ValidityState.EXPIRE_AVANT_DATE_LIMITE
    return ValidityState.VALIDE


def renew_by(state: ValidityState, expires_on: date | None, today: date) -> date | None:
    """The date by which to get a new document, or ``None`` when nothing needs doing.

    Missing or expired: today. Expiring before the deadline: its last valid day, so that a
    new one is in hand before there is a gap.
    """
    if state in (ValidityState.MANQUANT, ValidityState.EXPIRE):
        return today
    if state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
        return expires_on
    return None
