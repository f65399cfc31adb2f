"""Dossiers published before the code of 1 April 2019: a rule not in force is not an error."""

from __future__ import annotations

from datetime import date, datetime

from responder.domain.deadlines import (
    PlanInput,
    WorkingCalendar,
    build_plan,
    check_legal_minimum,
)
from responder.domain.enums import Procedure
from tests.helpers import shipped_rules

CAL = WorkingCalendar()
RULES = shipped_rules()


def test_plan_of_a_2018_notice_skips_the_rules_not_yet_in_force() -> None:
    data = PlanInput(
        deadline=datetime(2018, 2, 15, 12, 0), procedure=Procedure.AOO,
        start=date(2018, 1, 2), published_on=date(2018, 1, 2),
        rejection_notice_on=date(2018, 3, 1), reasons_requested_on=date(2018, 3, 2),
    )
    plan = build_plan(data, RULES, CAL, date(2026, 11, 29))
    kinds = {d.kind for d in plan.dates}
    assert "deadline" in kinds and "upload" in kinds  # the user's own retroplanning stays
    # Dates whose rule did not exist on the publication day are left out, not guessed.
    assert "questions_answer_limit" not in kinds
    assert "questions_recommended" not in kinds
    assert "standstill_end" not in kinds and "rejection_reasons_due" not in kinds
    assert plan.warnings == []


def test_legal_minimum_of_a_2018_notice_gives_no_warning() -> None:
    deadline = datetime(2018, 1, 10, 12, 0)  # 8 days: far below today's minimum
    for procedure in (Procedure.AOO, Procedure.AOR, Procedure.NEGOCIEE):
        assert check_legal_minimum(RULES, procedure, date(2018, 1, 2), deadline) == []
    # The same delay under the current code is still flagged.
    assert check_legal_minimum(
        RULES, Procedure.AOO, date(2026, 1, 2), datetime(2026, 1, 10, 12, 0)
    )
