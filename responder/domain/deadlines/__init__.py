"""Deadlines of a dossier: working-day arithmetic, computed dates, retroplanning, legal checks.

Pure functions: no I/O, no clock. « Today » is always passed in. Every figure comes from the
:class:`~responder.domain.law.RuleBook` (``resources/rules/rules.json``), and each computed date
carries the rule it comes from.

- :mod:`.calendar`: public holidays, working days, French dates and the countdown;
- :mod:`.models`: computed dates, warnings, milestones, the plan's input and result;
- :mod:`.checks`: the legal checks of the delays (phase minimums, non-working days, EU
  threshold clauses);
- :mod:`.plan`: :func:`build_plan`, the deposit steps, after-decision dates, award date.

Conventions of the arithmetic (checked by property tests):

- ``add_working_days(cal, d, n)`` with ``n ≥ 1`` is the n-th working day strictly after ``d``;
  ``subtract_working_days(cal, d, n)`` the n-th working day strictly before ``d``.
  With ``n = 0`` they roll ``d`` to the nearest working day after (add) or before (subtract).
- ``working_days_between(cal, a, b)`` counts the working days in ``(a, b]`` — negative when
  ``b < a`` — so counts are additive and ``working_days_between(cal, d, add(d, n)) == n``.
"""

from __future__ import annotations

from .calendar import (
    ALSACE_MOSELLE_DEPARTMENTS,
    WorkingCalendar,
    add_working_days,
    countdown_text,
    french_date,
    french_time,
    is_working_day,
    subtract_working_days,
    working_days_between,
)
from .checks import (
    check_eu_threshold_clauses,
    check_legal_minimum,
    check_non_working_day,
    check_phases,
)
from .models import (
    MILESTONE_KINDS,
    MILESTONES,
    ComputedDate,
    DeadlineWarning,
    DossierPlan,
    MilestoneSpec,
    PlanInput,
    Source,
    milestone_offsets,
)
from .plan import (
    DEPOSIT_KINDS,
    FORMALISED_PROCEDURES,
    build_plan,
    deposit_steps,
    expected_award_date,
    rejection_reasons_due,
    standstill_end,
    tender_award_date,
)

__all__ = [
    "ALSACE_MOSELLE_DEPARTMENTS",
    "DEPOSIT_KINDS",
    "FORMALISED_PROCEDURES",
    "MILESTONES",
    "MILESTONE_KINDS",
    "ComputedDate",
    "DeadlineWarning",
    "DossierPlan",
    "MilestoneSpec",
    "PlanInput",
    "Source",
    "WorkingCalendar",
    "add_working_days",
    "build_plan",
    "check_eu_threshold_clauses",
    "check_legal_minimum",
    "check_non_working_day",
    "check_phases",
    "countdown_text",
    "deposit_steps",
    "expected_award_date",
    "french_date",
    "french_time",
    "is_working_day",
    "milestone_offsets",
    "rejection_reasons_due",
    "standstill_end",
    "subtract_working_days",
    "tender_award_date",
    "working_days_between",
]
