"""Working days, computed dates, retroplanning and the legal checks of a dossier's dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from responder.domain.deadlines import (
    DossierPlan,
    PlanInput,
    WorkingCalendar,
    add_working_days,
    build_plan,
    check_legal_minimum,
    countdown_text,
    french_date,
    milestone_offsets,
    rejection_reasons_due,
    standstill_end,
    subtract_working_days,
    working_days_between,
)
from responder.domain.enums import Procedure
from tests.helpers import shipped_rules

CAL = WorkingCalendar()
ALSACE = WorkingCalendar(alsace_moselle=True)
RULES = shipped_rules()
DEADLINE = datetime(2026, 5, 12, 14, 0)  # Tuesday 12 May 2026, 14 h


def plan(**overrides: Any) -> DossierPlan:
    data: dict[str, Any] = {
        "deadline": DEADLINE, "procedure": Procedure.AOO, "start": date(2026, 4, 1),
        "published_on": date(2026, 4, 1),
    }
    data.update(overrides)
    return build_plan(PlanInput(**data), RULES, CAL, date(2026, 4, 1))


# --- acceptance ---------------------------------------------------------------------------
def test_upload_two_working_days_before_12_may_is_thursday_7_may() -> None:
    """8 May (Victoire) is a public holiday, then a weekend: upload on Thursday 7 May."""
    assert subtract_working_days(CAL, date(2026, 5, 12), 2) == date(2026, 5, 7)
    upload = plan().get("upload")
    assert upload.when == date(2026, 5, 7)
    assert upload.when_fr == "jeudi 7 mai 2026"
    assert upload.rule_id == "upload_recommended"


def test_ascension_and_whit_monday_are_skipped() -> None:
    assert CAL.holiday_name(date(2026, 5, 14)) == "Ascension"
    assert CAL.is_holiday(date(2026, 5, 25))  # Lundi de Pentecôte
    # Wednesday 13 May + 1 working day: Thursday 14 is Ascension → Friday 15.
    assert add_working_days(CAL, date(2026, 5, 13), 1) == date(2026, 5, 15)
    # Friday 22 May + 1: weekend, then Whit Monday 25 → Tuesday 26.
    assert add_working_days(CAL, date(2026, 5, 22), 1) == date(2026, 5, 26)
    assert working_days_between(CAL, date(2026, 5, 1), date(2026, 5, 31)) == 17


def test_aoo_published_1_april_due_20_april_is_below_the_legal_minimum() -> None:
    """R2161-2 / R2161-3: 19 days is shorter than 30 days (electronic) for an AOO."""
    warnings = check_legal_minimum(
        RULES, Procedure.AOO, date(2026, 4, 1), datetime(2026, 4, 20, 12, 0)
    )
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.level == "alerte"
    assert warning.articles == ["R2161-2", "R2161-3"]
    assert "R2161-2 et R2161-3" in warning.message_fr
    assert "demandez un report" in warning.message_fr
    assert "19 jours" in warning.message_fr


def test_aoo_with_enough_time_has_no_warning() -> None:
    """R2161-2: 30 days from the notice is enough when answers are electronic."""
    assert check_legal_minimum(
        RULES, Procedure.AOO, date(2026, 4, 1), datetime(2026, 5, 1, 12, 0)
    ) == []


def test_aoo_under_15_days_is_below_even_the_reduced_delay() -> None:
    """R2161-3: even with urgency or a PIN the AOO delay is at least 15 days."""
    warnings = check_legal_minimum(
        RULES, Procedure.AOO, date(2026, 4, 1), datetime(2026, 4, 10), urgency=True
    )
    assert warnings and "même réduit" in warnings[0].message_fr
    assert check_legal_minimum(
        RULES, Procedure.AOO, date(2026, 4, 1), datetime(2026, 4, 20), urgency=True
    ) == []


def test_aor_19_days_from_the_notice_is_too_short_for_candidatures_r2161_6() -> None:
    """R2161-6 (H): with only the DLRO known, 19 days cannot hold the 30-day candidatures."""
    warnings = check_legal_minimum(
        RULES, Procedure.AOR, date(2026, 4, 1), datetime(2026, 4, 20)
    )
    assert [w.code for w in warnings] == ["aor_candidatures_too_short"]
    assert warnings[0].level == "alerte" and warnings[0].articles == ["R2161-6"]


def test_mapa_has_no_legal_minimum() -> None:
    assert check_legal_minimum(RULES, Procedure.MAPA, date(2026, 4, 1), datetime(2026, 4, 5)) == []


# --- computed dates -----------------------------------------------------------------------
def test_formalised_questions_answer_six_days_before_r2132_6() -> None:
    """R2132-6: the buyer answers at the latest 6 days (4 in urgency) before the deadline."""
    item = plan().get("questions_answer_limit")
    assert item is not None and item.when == date(2026, 5, 6)
    urgent = plan(urgency=True).get("questions_answer_limit")
    assert urgent.when == date(2026, 5, 8) and urgent.article == "R2132-6"
    assert plan(procedure=Procedure.MAPA).get("questions_answer_limit") is None


def test_questions_recommended_ten_working_days_unless_the_rc_sets_a_date() -> None:
    item = plan().get("questions_recommended")
    assert item.when == subtract_working_days(CAL, date(2026, 5, 12), 10) == date(2026, 4, 24)
    assert item.confidence == "M" and "à vérifier dans le RC" in item.note
    with_rc = plan(questions_deadline=datetime(2026, 5, 1, 12, 0))
    assert with_rc.get("questions_recommended") is None
    assert with_rc.get("questions_deadline").at.hour == 12


def test_every_date_cites_its_rule_and_dates_are_sorted() -> None:
    result = plan(site_visit_at=datetime(2026, 4, 15, 10, 0), site_visit_label="Obligatoire")
    dates = result.dates
    assert [d.moment for d in dates] == sorted(d.moment for d in dates)
    by_kind = {d.kind: d for d in dates}
    assert by_kind["deadline"].at == DEADLINE.time()
    assert by_kind["site_visit"].label_fr == "Visite de site (obligatoire)"
    for kind in ("questions_answer_limit", "questions_recommended", "upload"):
        assert by_kind[kind].rule_id and by_kind[kind].article


def test_retroplanning_defaults_scaled_to_available_time() -> None:
    offsets = milestone_offsets(25, upload=2, groupement=True)
    assert offsets == {"go_no_go": 21, "partners_confirmed": 16, "first_draft": 10,
                       "review": 5, "signatures": 3, "upload": 2}
    short = milestone_offsets(10, upload=2, groupement=False)
    assert list(short) == ["go_no_go", "first_draft", "review", "signatures", "upload"]
    assert all(v <= 10 for v in short.values())
    for available in range(0, 120):
        values = list(milestone_offsets(available, upload=2, groupement=True).values())
        assert values == sorted(values, reverse=True) and len(set(values)) == len(values)


def test_partners_milestone_only_in_groupement() -> None:
    assert plan().get("partners_confirmed") is None
    assert plan(groupement=True).get("partners_confirmed") is not None


def test_milestones_in_the_past_are_flagged_not_hidden() -> None:
    data = PlanInput(deadline=DEADLINE, procedure=Procedure.MAPA, start=date(2026, 5, 6))
    result = build_plan(data, RULES, CAL, date(2026, 5, 6))
    go = result.get("go_no_go")
    assert go is not None and go.in_past
    assert not result.get("deadline").in_past
    assert result.available_working_days == 3


def test_edited_milestone_keeps_the_proposed_date_in_its_note() -> None:
    result = plan(overrides={"review": date(2026, 5, 2)}, done=["go_no_go"])
    review = result.get("review")
    assert review.when == date(2026, 5, 2) and review.edited
    assert review.non_working  # a Saturday: shown, not refused
    assert "proposée : lundi 4 mai 2026" in review.note
    assert result.get("go_no_go").done


def test_attestation_expiring_before_the_deadline_is_listed() -> None:
    result = plan(expiries=[("attestation_1", "Attestation URSSAF", date(2026, 5, 1)),
                            ("attestation_2", "Kbis", date(2026, 6, 1))])
    item = result.get("attestation_1")
    assert item.label_fr == "Attestation URSSAF expire" and item.source == "attestation"
    assert result.get("attestation_2") is None


def test_standstill_11_days_or_16_on_paper_r2182_1() -> None:
    """R2182-1: 11 days from the rejection notice, 16 when not sent electronically."""
    assert standstill_end(RULES, date(2026, 6, 1)).when == date(2026, 6, 12)
    paper = standstill_end(RULES, date(2026, 6, 1), electronic=False)
    assert paper.when == date(2026, 6, 17) and paper.article == "R2182-1"


def test_rejection_reasons_within_15_days_of_the_request_r2181_2() -> None:
    """R2181-2: the buyer answers within 15 days of the candidate's request."""
    due = rejection_reasons_due(RULES, date(2026, 6, 3))
    assert due.when == date(2026, 6, 18) and due.article == "R2181-2"
    result = plan(rejection_notice_on=date(2026, 6, 1), reasons_requested_on=date(2026, 6, 3))
    assert result.get("rejection_reasons_due") is not None
    assert result.get("standstill_end") is not None


def test_alsace_moselle_adds_good_friday_and_26_december() -> None:
    for day in (date(2026, 4, 3), date(2026, 12, 26)):
        assert ALSACE.is_holiday(day) and not CAL.is_holiday(day)
    # Tuesday 7 April 2026, after Easter Monday: Good Friday is skipped only in Alsace-Moselle.
    assert subtract_working_days(CAL, date(2026, 4, 7), 2) == date(2026, 4, 2)
    assert subtract_working_days(ALSACE, date(2026, 4, 7), 2) == date(2026, 4, 1)


def test_countdown_text() -> None:
    assert countdown_text(CAL, DEADLINE, datetime(2026, 4, 30, 9, 0)) == "J-12 · 6 jours ouvrés"
    assert countdown_text(CAL, DEADLINE, datetime(2026, 5, 12, 9, 0)) == "Aujourd'hui à 14 h"
    assert countdown_text(CAL, DEADLINE, datetime(2026, 5, 12, 15, 0)) == (
        "Échue aujourd'hui à 14 h"
    )
    assert countdown_text(CAL, DEADLINE, datetime(2026, 5, 15, 9, 0)) == "Échue depuis 3 jours"
    assert countdown_text(CAL, DEADLINE, datetime(2026, 5, 11, 9, 0)) == "J-1 · 1 jour ouvré"


def test_french_date() -> None:
    assert french_date(date(2026, 5, 1)) == "vendredi 1er mai 2026"
    assert french_date(date(2026, 8, 15), weekday=False) == "15 août 2026"


# --- properties of the arithmetic ---------------------------------------------------------
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
counts = st.integers(min_value=1, max_value=300)
calendars = st.sampled_from([CAL, ALSACE])


@settings(max_examples=300, deadline=None)
@given(calendars, days, counts)
def test_add_then_subtract_returns_to_a_working_day_not_after_start(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    back = subtract_working_days(cal, add_working_days(cal, start, n), n)
    assert back <= start
    assert cal.is_working_day(back)
    # … and it is the latest working day on or before the start.
    assert back == subtract_working_days(cal, start, 0)


@settings(max_examples=300, deadline=None)
@given(calendars, days, st.integers(min_value=-300, max_value=300))
def test_computed_day_is_never_a_weekend_or_holiday(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    for day in (add_working_days(cal, start, n), subtract_working_days(cal, start, n)):
        assert day.weekday() < 5
        assert not cal.is_holiday(day)


@settings(max_examples=200, deadline=None)
@given(calendars, days, days, days)
def test_working_day_counts_are_additive(
    cal: WorkingCalendar, a: date, b: date, c: date
) -> None:
    assert working_days_between(cal, a, b) + working_days_between(cal, b, c) == (
        working_days_between(cal, a, c)
    )


@settings(max_examples=300, deadline=None)
@given(calendars, days, counts)
def test_count_matches_the_days_added(cal: WorkingCalendar, start: date, n: int) -> None:
    assert working_days_between(cal, start, add_working_days(cal, start, n)) == n
    assert working_days_between(cal, subtract_working_days(cal, start, n), start) == (
        n if cal.is_working_day(start) else n - 1
    )


def test_zero_rolls_to_the_nearest_working_day() -> None:
    saturday = date(2026, 5, 9)
    assert add_working_days(CAL, saturday, 0) == date(2026, 5, 11)
    assert subtract_working_days(CAL, saturday, 0) == date(2026, 5, 7)
    assert add_working_days(CAL, date(2026, 5, 11), -3) == subtract_working_days(
        CAL, date(2026, 5, 11), 3
    )
