"""The dated rules file: every rule parses, is dated, cites its article, and dates switch."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from responder.domain.common import InvalidInput
from responder.domain.law import RuleBook, RuleNotFound
from responder.paths import resources_dir

RULES_FILE = resources_dir() / "rules" / "rules.json"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.from_json(RULES_FILE.read_text(encoding="utf-8"))


ON = date(2026, 6, 1)

#: (rule id, article, value, unit, confidence) — one line per rule of LAW.md.
EXPECTED = [
    ("dlro_min_aoo", "R2161-2", 35, "calendar_days", "H"),
    ("dlro_min_aoo_electronic", "R2161-3 2°", 30, "calendar_days", "H"),
    ("dlro_min_aoo_reduced", "R2161-3", 15, "calendar_days", "H"),
    ("aor_candidatures_min", "R2161-6", 30, "calendar_days", "H"),
    ("aor_candidatures_min_urgency", "R2161-6", 15, "calendar_days", "H"),
    ("aor_offers_min", "R2161-8", 30, "calendar_days", "H"),
    ("aor_offers_min_electronic", "R2161-9", 25, "calendar_days", "H"),
    ("aor_offers_min_reduced", "R2161-9", 10, "calendar_days", "H"),
    ("negociee_candidatures_min", "R2161-12", 30, "calendar_days", "H"),
    ("negociee_offers_min", "R2161-14", 30, "calendar_days", "H"),
    ("mapa_sufficient_delay", "R2123-4", None, "calendar_days", "M"),
    ("late_offer_eliminated", "R2151-5", None, "calendar_days", "H"),
    ("questions_answer_min", "R2132-6", 6, "calendar_days", "H"),
    ("questions_answer_min_urgency", "R2132-6", 4, "calendar_days", "H"),
    ("questions_recommended", "pratique", 10, "working_days", "M"),
    ("upload_recommended", "pratique", 2, "working_days", "M"),
    ("standstill", "R2182-1", 11, "calendar_days", "H"),
    ("standstill_not_electronic", "R2182-1", 16, "calendar_days", "H"),
    ("rejection_reasons_answer", "R2181-2", 15, "calendar_days", "H"),
    ("urssaf_validity", "D8222-5", 6, "months", "H"),
    ("kbis_validity", "pratique", 3, "months", "M"),
    ("turnover_cap_ratio", "R2142-7", Decimal("1.5"), "ratio", "H"),
    ("subcontract_direct_payment", "R2193-10", 600, "eur_ttc", "H"),
    ("reserved_workers_min_ratio", "R2113-7", Decimal("0.5"), "ratio", "H"),
    ("reserved_ess_max_duration", "L2113-16", 36, "months", "M"),
    ("no_publicity_threshold_supplies_services", "R2122-8", 60000, "eur_ht", "H"),
    ("no_publicity_threshold_works", "R2122-8", 100000, "eur_ht", "H"),
    ("formalised_threshold_local_supplies_services", "seuils européens 2026-2027", 216000,
     "eur_ht", "H"),
    ("formalised_threshold_state_supplies_services", "seuils européens 2026-2027", 140000,
     "eur_ht", "M"),
    ("formalised_threshold_works", "seuils européens 2026-2027", 5404000, "eur_ht", "M"),
    # After the decision (LAW.md « After the decision »).
    ("rejection_notice", "R2181-1", None, "calendar_days", "H"),
    ("rejection_notice_content_formalised", "R2181-3", None, "calendar_days", "H"),
    ("rejection_further_information_answer", "R2181-4", 15, "calendar_days", "H"),
    ("standstill_exceptions", "R2182-2", None, "calendar_days", "H"),
    ("no_standstill_mapa", "R2182-1", None, "calendar_days", "H"),
    ("refere_precontractuel_latest", "R2182-1", 10, "calendar_days", "H"),
    ("refere_precontractuel_latest_not_electronic", "R2182-1", 15, "calendar_days", "H"),
    ("refere_contractuel_after_award_notice", "R551-7 CJA", 31, "calendar_days", "M"),
    ("refere_contractuel_without_notice", "R551-7 CJA", 6, "months", "M"),
    ("tarn_et_garonne_action", "CE 4 avr. 2014 n°358994", 2, "months", "M"),
    ("retenue_garantie_max_sme", "R2191-32", Decimal("0.03"), "ratio", "M"),
    # Rules added with the two-phase procedures, the attributaire pieces and reserved lots.
    ("late_candidature_eliminated", "R2143-2", None, "calendar_days", "H"),
    ("negociee_candidatures_min_urgency", "R2161-12", 15, "calendar_days", "H"),
    ("negociee_offers_min_electronic", "R2161-15", 25, "calendar_days", "H"),
    ("negociee_offers_min_reduced", "R2161-15", 10, "calendar_days", "H"),
    ("ea_candidatures_min", "R2161-21", 15, "calendar_days", "H"),
    ("ea_offers_min", "R2161-22", 10, "calendar_days", "H"),
    ("deadline_non_working_day", "Règlement 1182/71 art. 3(4)", None, "calendar_days", "H"),
    ("postponement_mandatory", "R2151-4", None, "calendar_days", "H"),
    ("award_delay_default", "pratique", 30, "calendar_days", "M"),
    ("attributaire_pieces", "R2144-4", None, "calendar_days", "H"),
    ("attributaire_pieces_missing", "R2144-7", None, "calendar_days", "H"),
    ("candidature_completion", "R2144-2", None, "calendar_days", "H"),
    ("piece_available_to_buyer", "R2143-13", None, "calendar_days", "H"),
    ("piece_already_held", "R2143-14", None, "calendar_days", "H"),
    ("reserved_joint", "L2113-14", None, "ratio", "M"),
    ("reserved_prison_work", "L2113-13-1", None, "ratio", "H"),
    ("reserved_members_eligible", "L2113-12 à L2113-15", None, "ratio", "M"),
    ("reserved_ess_conditions", "L2113-15", None, "ratio", "M"),
    ("esus_agrement_validity", "R3332-21-3 code du travail", 60, "months", "M"),
    ("formalised_threshold_entites_adjudicatrices", "seuils européens 2026-2027", 432000,
     "eur_ht", "H"),
    ("social_services_mapa", "R2123-1 3°", None, "eur_ht", "H"),
    ("social_services_eu_threshold", "seuils européens 2026-2027", 750000, "eur_ht", "M"),
    ("groupement_frozen_from_candidature", "R2142-26", None, "calendar_days", "H"),
    # Deposit (practice rules shown as advice; R2132-11 for the copie de sauvegarde).
    ("deposit_test_upload", "pratique", 3, "working_days", "M"),
    ("deposit_margin", "pratique", 24, "hours", "M"),
    ("deposit_max_file_size", "pratique", 50, "megabytes", "M"),
    ("deposit_file_name_max", "pratique", 60, "characters", "M"),
    ("backup_copy", "R2132-11", None, "calendar_days", "M"),
]

#: Rules whose first version starts after ``ON`` (checked on their own date).
LATER = [
    ("social_condition_mandatory", "L2112-2", "H", date(2026, 8, 22)),
    ("environmental_criterion_mandatory", "L2152-7", "M", date(2026, 8, 22)),
]


@pytest.mark.parametrize(("rule_id", "article", "confidence", "start"), LATER,
                         ids=[f"{e[1]}-{e[0]}" for e in LATER])
def test_climate_law_clauses_apply_from_22_august_2026_l2112_2_l2152_7(
    book: RuleBook, rule_id: str, article: str, confidence: str, start: date
) -> None:
    """L2112-2 / L2152-7 (loi Climat et résilience art. 35): in force from 22 August 2026."""
    assert book.find(rule_id, date(2026, 8, 21)) is None
    rule = book.get(rule_id, start)
    assert (rule.article, rule.confidence) == (article, confidence)


@pytest.mark.parametrize(
    ("rule_id", "article", "value", "unit", "confidence"),
    EXPECTED,
    ids=[f"{e[1]}-{e[0]}" for e in EXPECTED],
)
def test_rule_has_the_figure_and_article_of_the_law(
    book: RuleBook, rule_id: str, article: str, value: object, unit: str, confidence: str
) -> None:
    rule = book.get(rule_id, ON)
    assert rule.article == article
    assert rule.value == (None if value is None else Decimal(str(value)))
    assert rule.unit == unit
    assert rule.confidence == confidence
    assert rule.label_fr and rule.source


def test_every_rule_of_the_file_is_tested(book: RuleBook) -> None:
    assert set(book.ids()) == {e[0] for e in EXPECTED} | {e[0] for e in LATER}


def test_m_rules_are_guidance(book: RuleBook) -> None:
    assert book.get("kbis_validity", ON).is_guidance
    assert not book.get("standstill", ON).is_guidance
    assert book.get("upload_recommended", ON).citation() == "bonne pratique"


def test_r2122_8_threshold_switches_on_1_april_2026(book: RuleBook) -> None:
    """R2122-8: 40 000 € HT until 31 March 2026, 60 000 € HT from 1 April 2026."""
    before = book.get("no_publicity_threshold_supplies_services", date(2026, 3, 31))
    after = book.get("no_publicity_threshold_supplies_services", date(2026, 4, 1))
    assert before.value == 40000 and before.confidence == "M"
    assert after.value == 60000 and after.confidence == "H"
    assert len(book.versions("no_publicity_threshold_supplies_services")) == 2


def test_r2142_7_turnover_cap_is_1_5_from_2026_and_2_before_sauf_justifications(
    book: RuleBook,
) -> None:
    """R2142-7: 1.5× for consultations launched from 1 January 2026, 2× before, both
    « sauf justifications »."""
    before = book.get("turnover_cap_ratio", date(2025, 12, 31))
    after = book.get("turnover_cap_ratio", date(2026, 1, 1))
    assert before.value == 2 and after.value == Decimal("1.5")
    assert all("sauf justifications" in r.label_fr for r in (before, after))
    with pytest.raises(RuleNotFound):
        book.get("turnover_cap_ratio", date(2019, 3, 31))


def test_r2122_8_works_threshold_is_100k_from_1_january_2026(book: RuleBook) -> None:
    """R2122-8 (décret 2025-1386): works under 100 000 € HT without publicity from 1 Jan 2026."""
    rule = book.get("no_publicity_threshold_works", date(2026, 1, 1))
    assert rule.value == 100000 and "2025-1386" in rule.source
    assert book.find("no_publicity_threshold_works", date(2025, 12, 31)) is None


def test_r2151_5_late_offers_and_r2143_2_late_candidatures_are_distinct(book: RuleBook) -> None:
    """R2151-5 eliminates late offers; R2143-2 late candidatures."""
    assert "offre" in book.get("late_offer_eliminated", ON).label_fr
    assert "candidature" in book.get("late_candidature_eliminated", ON).label_fr


def test_docs_rules_table_is_up_to_date(book: RuleBook) -> None:
    """docs/rules.md lists every rule (id, article, value, dates, confidence) and is not stale:
    regenerate it with « python -m responder.services.rules_doc »."""
    from responder.services.rules_doc import docs_path, rules_table

    expected = rules_table(book)
    assert docs_path().read_text(encoding="utf-8") == expected, (
        "docs/rules.md est périmé : lancez « python -m responder.services.rules_doc »."
    )
    for rule in book.all():
        assert f"| `{rule.id}` | {rule.article.replace('|', '')} |" in expected


def test_formalised_thresholds_end_with_2027(book: RuleBook) -> None:
    assert book.find("formalised_threshold_works", date(2028, 1, 1)) is None


def test_unknown_rule_is_an_error(book: RuleBook) -> None:
    with pytest.raises(RuleNotFound):
        book.get("nope", ON)


def _rule(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "x", "article": "R1", "value": 1, "unit": "calendar_days",
        "valid_from": "2020-01-01", "valid_until": None, "confidence": "H",
        "label_fr": "Règle", "source": "test",
    }
    data.update(overrides)
    return data


def test_overlapping_versions_are_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        RuleBook.from_data([_rule(), _rule(valid_from="2021-01-01")])
    assert "rules.x" in err.value.messages


def test_bad_rule_gives_french_message_per_field() -> None:
    with pytest.raises(InvalidInput) as err:
        RuleBook.from_data({"rules": [_rule(unit="jours", valid_from="hier")]})
    assert err.value.messages["rules.0.valid_from"] == "date attendue au format AAAA-MM-JJ."
    assert "rules.0.unit" in err.value.messages


def test_newer_file_version_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        RuleBook.from_json(json.dumps({"schema_version": 99, "rules": []}))
    assert "mettez Responder à jour" in err.value.messages["schema_version"]
