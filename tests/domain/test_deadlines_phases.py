"""Two-phase procedures, deadlines on non-working days, MAPA questions, EU-threshold clauses.

Every figure comes from the rules file; each test names the article it checks.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from responder.domain.deadlines import (
    DossierPlan,
    PlanInput,
    WorkingCalendar,
    build_plan,
    check_phases,
)
from responder.domain.enums import MarketType, Procedure
from tests.helpers import shipped_rules

CAL = WorkingCalendar()
RULES = shipped_rules()


def plan(**overrides: Any) -> DossierPlan:
    data: dict[str, Any] = {
        "deadline": datetime(2026, 6, 16, 12, 0), "procedure": Procedure.AOR,
        "start": date(2026, 4, 1), "published_on": date(2026, 4, 1),
    }
    data.update(overrides)
    return build_plan(PlanInput(**data), RULES, CAL, date(2026, 4, 1))


def codes(p: DossierPlan) -> list[str]:
    return [w.code for w in p.warnings]


def test_aor_26_days_warns_candidatures_too_short_r2161_6() -> None:
    """R2161-6: 26 days from the notice to the DLRO cannot hold 30 days of candidatures."""
    warnings = check_phases(
        RULES, Procedure.AOR, date(2026, 4, 5), datetime(2026, 5, 1, 12, 0)
    )
    assert [w.code for w in warnings] == ["aor_candidatures_too_short"]
    assert warnings[0].level == "alerte"
    assert "26 jours" in warnings[0].message_fr and "R2161-6" in warnings[0].message_fr


def test_aor_with_urgency_20_days_is_enough_for_candidatures_r2161_6() -> None:
    """R2161-6: in justified urgency 15 days are the minimum, so 20 days raise nothing."""
    assert check_phases(
        RULES, Procedure.AOR, date(2026, 4, 5), datetime(2026, 4, 25, 12, 0), urgency=True
    ) == []


def test_aor_candidatures_deadline_is_checked_on_its_own_r2161_6() -> None:
    """R2161-6: the candidatures deadline itself, 29 days after the notice, is too short."""
    warnings = check_phases(
        RULES, Procedure.AOR, date(2026, 4, 1), datetime(2026, 6, 16, 12, 0),
        candidatures_deadline=datetime(2026, 4, 30, 12, 0),
    )
    assert [w.code for w in warnings] == ["aor_candidatures_too_short"]
    assert "date limite des candidatures" in warnings[0].message_fr


def test_aor_offers_25_days_from_the_invitation_r2161_8_r2161_9() -> None:
    """R2161-8/9: offers at least 25 days from the invitation (electronic), 10 in urgency."""
    base = {"candidatures_deadline": datetime(2026, 5, 4, 12, 0)}
    short = check_phases(RULES, Procedure.AOR, date(2026, 4, 1), datetime(2026, 6, 1, 12, 0),
                         invitation_on=date(2026, 5, 12), **base)
    assert [w.code for w in short] == ["aor_offers_too_short"]
    assert short[0].articles == ["R2161-8", "R2161-9"] and "20 jours" in short[0].message_fr
    assert "R2151-4" in short[0].message_fr  # the report the candidate asks for
    enough = check_phases(RULES, Procedure.AOR, date(2026, 4, 1), datetime(2026, 6, 8, 12, 0),
                          invitation_on=date(2026, 5, 12), **base)
    assert enough == []
    urgent = check_phases(RULES, Procedure.AOR, date(2026, 4, 1), datetime(2026, 5, 25, 12, 0),
                          invitation_on=date(2026, 5, 12), urgency=True, **base)
    assert urgent == []


def test_negociee_phases_r2161_12_r2161_14_r2161_15() -> None:
    """R2161-12 candidatures 30 days (15 urgency); R2161-14/15 offers from the invitation."""
    warnings = check_phases(
        RULES, Procedure.NEGOCIEE, date(2026, 4, 1), datetime(2026, 6, 1, 12, 0),
        candidatures_deadline=datetime(2026, 4, 20, 12, 0), invitation_on=date(2026, 5, 20),
    )
    assert [w.code for w in warnings] == [
        "negociee_candidatures_too_short", "negociee_offers_too_short"
    ]
    assert warnings[0].articles == ["R2161-12"]
    assert warnings[1].articles == ["R2161-14", "R2161-15"]
    assert check_phases(
        RULES, Procedure.NEGOCIEE, date(2026, 4, 1), datetime(2026, 6, 1, 12, 0),
        candidatures_deadline=datetime(2026, 4, 20, 12, 0), invitation_on=date(2026, 5, 20),
        urgency=True,
    ) == []


def test_plan_shows_both_phases_with_their_articles_r2143_2_r2151_5() -> None:
    """R2143-2 eliminates late candidatures, R2151-5 late offers: each row cites its own."""
    p = plan(candidatures_deadline=datetime(2026, 5, 4, 12, 0), invitation_on=date(2026, 5, 12))
    assert p.get("candidatures_deadline").article == "R2143-2"
    assert p.get("deadline").article == "R2151-5"
    assert p.get("invitation").when == date(2026, 5, 12)


def test_candidatures_only_plan_counts_down_to_the_candidatures_r2143_2() -> None:
    """Before the invitation the next deadline is the candidatures one (R2143-2)."""
    p = plan(deadline=datetime(2026, 5, 4, 12, 0), deadline_is_candidatures=True)
    row = p.get("deadline")
    assert row.label_fr == "Date limite de remise des candidatures"
    assert row.article == "R2143-2"
    assert p.get("questions_answer_limit") is None  # R2132-6 counts back from the offers


def test_dlro_on_1_may_2026_warns_non_working_day_reg_1182_71() -> None:
    """Reg. 1182/71 art. 3(4): a DLRO on Friday 1 May 2026 (Fête du Travail) is flagged."""
    p = plan(procedure=Procedure.MAPA, deadline=datetime(2026, 5, 1, 12, 0))
    warning = next(w for w in p.warnings if w.code == "dlro_non_working_day")
    assert "Fête du Travail" in warning.message_fr
    assert "lundi 4 mai 2026" in warning.message_fr
    assert warning.rule_ids == ["deadline_non_working_day"]
    assert "dlro_non_working_day" not in codes(
        plan(procedure=Procedure.MAPA, deadline=datetime(2026, 5, 4, 12, 0))
    )


def test_mapa_questions_date_never_before_publication() -> None:
    """MAPA (no legal rule, R2123-4): the advised questions date is never before publication."""
    p = plan(procedure=Procedure.MAPA, published_on=date(2026, 4, 20),
             start=date(2026, 4, 20), deadline=datetime(2026, 4, 30, 12, 0))
    item = p.get("questions_recommended")
    assert item is not None and item.when == date(2026, 4, 20)
    assert "questions_before_publication" in codes(p)
    normal = plan(procedure=Procedure.MAPA, deadline=datetime(2026, 5, 29, 12, 0))
    assert "questions_before_publication" not in codes(normal)


def test_eu_threshold_clauses_from_22_august_2026_l2112_2_l2152_7() -> None:
    """L2112-2 / L2152-7: above 216 000 € HT, published from 22 August 2026, tell the user."""
    above = plan(procedure=Procedure.AOO, published_on=date(2026, 9, 1), start=date(2026, 9, 1),
                 deadline=datetime(2026, 10, 13, 12, 0), market_type=MarketType.SERVICES,
                 estimated_total=Decimal(300000))
    warning = next(w for w in above.warnings if w.code == "eu_threshold_social_clause")
    assert warning.level == "conseil" and "L2112-2" in warning.articles
    before_law = plan(procedure=Procedure.AOO, published_on=date(2026, 6, 1),
                      start=date(2026, 6, 1), deadline=datetime(2026, 7, 15, 12, 0),
                      market_type=MarketType.SERVICES, estimated_total=Decimal(300000))
    assert "eu_threshold_social_clause" not in codes(before_law)
    works = plan(procedure=Procedure.AOO, published_on=date(2026, 9, 1), start=date(2026, 9, 1),
                 deadline=datetime(2026, 10, 13, 12, 0), market_type=MarketType.TRAVAUX,
                 estimated_total=Decimal(300000))
    assert "eu_threshold_social_clause" not in codes(works)  # works: 5 404 000 € HT


def test_questions_answer_limit_mentions_the_mandatory_postponement_r2151_4() -> None:
    """R2132-6 answer limit; R2151-4: late answers oblige the buyer to postpone."""
    item = plan(procedure=Procedure.AOO).get("questions_answer_limit")
    assert item is not None and "R2151-4" in item.note


def test_attestation_expiring_between_deadline_and_award_is_planned_r2144_4() -> None:
    """R2144-4: an attestation valid at the deadline but not at the expected award shows
    as a date to renew, saying the buyer asks it of the winner before awarding."""
    p = plan(procedure=Procedure.MAPA, deadline=datetime(2026, 6, 16, 12, 0),
             award_on=date(2026, 7, 16),
             expiries=[("attestation_1", "Attestation URSSAF", date(2026, 7, 1)),
                       ("attestation_2", "Kbis", date(2026, 8, 1))])
    row = p.get("attestation_1")
    assert row is not None and "R2144-4" in row.note and "attribution" in row.note
    assert p.get("attestation_2") is None


def test_eu_threshold_message_names_the_432k_and_750k_thresholds() -> None:
    """Entités adjudicatrices (432 000 € HT) and social services (750 000 € HT, R2123-1 3°)
    have their own thresholds: the advice names them."""
    above = plan(procedure=Procedure.AOO, published_on=date(2026, 9, 1), start=date(2026, 9, 1),
                 deadline=datetime(2026, 10, 13, 12, 0), market_type=MarketType.SERVICES,
                 estimated_total=Decimal(300000))
    warning = next(w for w in above.warnings if w.code == "eu_threshold_social_clause")
    assert "432\u202f000" in warning.message_fr and "750\u202f000" in warning.message_fr


def test_two_phase_go_no_go_and_partners_come_before_the_candidatures_r2142_26() -> None:
    """R2142-26: the groupement is frozen from the candidature, so go/no-go and partners
    confirmed fall before the candidatures deadline, not before the offers one."""
    p = plan(groupement=True, candidatures_deadline=datetime(2026, 4, 20, 12, 0),
             invitation_on=date(2026, 5, 4))
    go, partners = p.get("go_no_go"), p.get("partners_confirmed")
    assert go is not None and partners is not None
    assert go.when < partners.when < date(2026, 4, 20)
    assert "R2142-26" in partners.note
    aoo = plan(procedure=Procedure.AOO, groupement=True)
    assert aoo.get("partners_confirmed").when > date(2026, 4, 20)
