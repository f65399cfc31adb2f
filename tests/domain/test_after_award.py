"""After-decision dates by procedure, each with its article (LAW.md « After the decision »)."""

from __future__ import annotations

from datetime import date, datetime

from responder.domain.after_award import DecisionFacts, decision_dates, decision_notes
from responder.domain.deadlines import PlanInput, WorkingCalendar, build_plan
from responder.domain.enums import Procedure
from tests.helpers import shipped_rules

RULES = shipped_rules()
TODAY = date(2026, 6, 1)


def _by_kind(facts: DecisionFacts) -> dict[str, tuple[date, str]]:
    return {d.kind: (d.when, d.article) for d in decision_dates(RULES, facts)}


def test_formalised_electronic_notice_refere_by_day_10_standstill_day_11_r2182_1() -> None:
    """R2182-1: 11 days of standstill; the référé précontractuel at the latest notice + 10."""
    found = _by_kind(DecisionFacts(Procedure.AOO, notice_on=date(2026, 6, 1)))
    assert found["refere_precontractuel_limit"] == (date(2026, 6, 11), "R2182-1")
    assert found["standstill_end"] == (date(2026, 6, 12), "R2182-1")


def test_formalised_paper_notice_refere_by_day_15_standstill_day_16_r2182_1() -> None:
    """R2182-1: 16 days when the notice is not sent electronically."""
    found = _by_kind(DecisionFacts(Procedure.AOR, notice_on=date(2026, 6, 1), electronic=False))
    assert found["refere_precontractuel_limit"] == (date(2026, 6, 16), "R2182-1")
    assert found["standstill_end"] == (date(2026, 6, 17), "R2182-1")


def test_mapa_has_no_standstill_date_but_the_risk_is_said_r2182_1() -> None:
    """MAPA: no standstill (R2182-1 is for formalised procedures): a risk, no date."""
    facts = DecisionFacts(Procedure.MAPA, notice_on=date(2026, 6, 1))
    found = _by_kind(facts)
    assert "standstill_end" not in found and "refere_precontractuel_limit" not in found
    notes = decision_notes(RULES, facts, TODAY)
    risk = notes[0]
    assert risk.level == "alerte" and "no_standstill_mapa" in risk.rule_ids
    assert "pas de délai de suspension" in risk.message_fr
    assert "immédiatement" in risk.message_fr


def test_single_tenderer_exception_removes_the_standstill_r2182_2() -> None:
    """R2182-2: a single tenderer means no standstill, even in a formalised procedure."""
    facts = DecisionFacts(Procedure.AOO, notice_on=date(2026, 6, 1), single_tender=True)
    assert "standstill_end" not in _by_kind(facts)
    notes = decision_notes(RULES, facts, TODAY)
    assert notes[0].articles == ["R2182-2"] and notes[0].level == "alerte"


def test_reasons_answer_15_days_r2181_2_in_mapa_r2181_4_in_formalised() -> None:
    """MAPA: reasons within 15 days of the request (R2181-2); formalised: the winning
    offer's characteristics and advantages within 15 days of a written request (R2181-4)."""
    mapa = _by_kind(DecisionFacts(Procedure.MAPA, reasons_requested_on=date(2026, 6, 3)))
    assert mapa["rejection_reasons_due"] == (date(2026, 6, 18), "R2181-2")
    aoo = _by_kind(DecisionFacts(Procedure.AOO, reasons_requested_on=date(2026, 6, 3)))
    assert aoo["rejection_reasons_due"] == (date(2026, 6, 18), "R2181-4")


def test_formalised_notice_must_state_reasons_and_standstill_end_r2181_3() -> None:
    """R2181-3: the formalised notice states the reasons, the winner and the standstill end."""
    notes = decision_notes(RULES, DecisionFacts(Procedure.AOO, notice_on=TODAY), TODAY)
    assert any("R2181-3" in n.articles and "R2181-4" in n.articles for n in notes)


def test_refere_contractuel_31_days_after_the_award_notice_and_tarn_et_garonne_2_months() -> None:
    """CJA R551-7: 31 days from the award notice; Tarn-et-Garonne: 2 months (M guidance)."""
    dates = decision_dates(RULES, DecisionFacts(Procedure.MAPA, award_notice_on=date(2026, 7, 31)))
    found = {d.kind: d for d in dates}
    assert found["refere_contractuel_limit"].when == date(2026, 8, 31)
    assert found["refere_contractuel_limit"].confidence == "M"
    assert "à vérifier" in found["refere_contractuel_limit"].note
    assert found["tarn_et_garonne_limit"].when == date(2026, 9, 30)


def test_refere_contractuel_6_months_from_signature_without_award_notice() -> None:
    """CJA R551-7: 6 months from the signature when no award notice was published."""
    found = _by_kind(DecisionFacts(Procedure.AOO, signed_on=date(2026, 8, 31)))
    assert found["refere_contractuel_limit"] == (date(2027, 2, 28), "R551-7 CJA")


def test_build_plan_uses_the_procedure_no_standstill_row_in_a_mapa() -> None:
    """The deadline plan (dashboard, .ics) shows the standstill only in formalised procedures."""
    def plan(procedure: Procedure) -> set[str]:
        data = PlanInput(
            deadline=datetime(2026, 5, 12, 12), procedure=procedure, start=date(2026, 4, 1),
            rejection_notice_on=date(2026, 6, 1), reasons_requested_on=date(2026, 6, 2),
        )
        return {d.kind for d in build_plan(data, RULES, WorkingCalendar(), TODAY).dates}

    assert {"standstill_end", "refere_precontractuel_limit"} <= plan(Procedure.AOO)
    mapa = plan(Procedure.MAPA)
    assert "standstill_end" not in mapa and "refere_precontractuel_limit" not in mapa
    assert "rejection_reasons_due" in mapa


def test_outcome_facts_override_the_settings_in_the_plan() -> None:
    """A recorded outcome (DecisionFacts) replaces the decision dates typed in Échéances."""
    data = PlanInput(
        deadline=datetime(2026, 5, 12, 12), procedure=Procedure.AOO, start=date(2026, 4, 1),
        rejection_notice_on=date(2026, 6, 1),
        decision=DecisionFacts(Procedure.AOO, notice_on=date(2026, 6, 5), electronic=False),
    )
    found = build_plan(data, RULES, WorkingCalendar(), TODAY).get("refere_precontractuel_limit")
    assert found is not None and found.when == date(2026, 6, 20)


def test_a_won_lot_has_no_remedy_date_only_the_signature_after_the_standstill_r2182_1() -> None:
    """R2182-1: for the winner, the standstill end is the earliest signature; no référé."""
    found = _by_kind(DecisionFacts(Procedure.AOO, notice_on=date(2026, 6, 1), won=True))
    assert found == {"standstill_end": (date(2026, 6, 12), "R2182-1")}
    mapa = DecisionFacts(Procedure.MAPA, notice_on=date(2026, 6, 1), won=True)
    assert decision_dates(RULES, mapa) == []
    assert decision_notes(RULES, mapa, TODAY) == []
