"""Validity of attestations: each rule of the catalogue, month ends and leap years included."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from responder.domain.checklist import Catalogue
from responder.domain.validity import (
    Confidence,
    RuleKind,
    ValidityRule,
    ValidityState,
    add_months,
    end_of_previous_month,
    expiry_date,
    policy_end,
    renew_by,
    state_at,
)

CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "resources/catalogue/requirements.json"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.from_json(CATALOGUE_FILE.read_text(encoding="utf-8"))


def rule(catalogue: Catalogue, key: str) -> ValidityRule:
    req = catalogue.get(key)
    assert req is not None and req.validity is not None
    return req.validity


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2026, 9, 15), 6, date(2027, 3, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=-36, max_value=36))
def test_add_months_lands_in_the_right_month(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    if result.day < start.day:  # clamped: the target month is shorter
        assert (result + timedelta(days=1)).day == 1


def test_urssaf_is_valid_six_months_from_the_certified_date(catalogue: Catalogue) -> None:
    """D8222-5 code du travail: attestation de vigilance « datant de moins de six mois »."""
    urssaf = rule(catalogue, "attestation_urssaf")
    assert urssaf.rule == RuleKind.MONTHS_FROM_DATE and urssaf.months == 6
    assert urssaf.confidence == Confidence.HIGH and "D8222-5" in urssaf.basis
    assert expiry_date(urssaf, date(2026, 9, 15)) == date(2027, 3, 15)


def test_urssaf_certified_on_31_august_runs_to_the_end_of_february(catalogue: Catalogue) -> None:
    """D8222-5: 31 August + 6 months is the last day of February, not early March."""
    urssaf = rule(catalogue, "attestation_urssaf")
    expires = expiry_date(urssaf, date(2026, 8, 31))
    assert expires == date(2027, 2, 28)
    assert state_at(expires, date(2027, 2, 28)) == ValidityState.VALIDE
    assert state_at(expires, date(2027, 3, 1)) == ValidityState.EXPIRE


def test_urssaf_in_a_leap_year_runs_to_29_february(catalogue: Catalogue) -> None:
    """D8222-5 across a leap year: 31 August 2027 → 29 February 2028."""
    urssaf = rule(catalogue, "attestation_urssaf")
    assert expiry_date(urssaf, date(2027, 8, 31)) == date(2028, 2, 29)


def test_urssaf_counts_from_the_certified_date_not_a_later_stated_one(
    catalogue: Catalogue,
) -> None:
    """D8222-5: a later end date typed by hand never extends the legal six months."""
    urssaf = rule(catalogue, "attestation_urssaf")
    assert expiry_date(urssaf, date(2026, 8, 31), date(2027, 8, 31)) == date(2027, 2, 28)


def test_kbis_is_three_months_as_guidance(catalogue: Catalogue) -> None:
    """Kbis « moins de 3 mois »: RC practice (confidence M), shown as guidance only."""
    kbis = rule(catalogue, "kbis")
    assert kbis.months == 3 and kbis.is_guidance
    assert "RC" in kbis.explanation
    assert expiry_date(kbis, date(2026, 11, 30)) == date(2027, 2, 28)
    assert expiry_date(kbis, date(2027, 11, 30)) == date(2028, 2, 29)


def test_association_statuts_do_not_expire(catalogue: Catalogue) -> None:
    """An association has no Kbis: its statuts and RNA récépissé carry no 3-month rule."""
    kbis = catalogue.get("kbis")
    assert kbis is not None
    assert kbis.rule_for(is_association=True) is None
    assert kbis.label_for(is_association=True).startswith("Statuts")
    assert expiry_date(kbis.rule_for(True), date(2024, 6, 20)) is None


def test_fiscal_reflects_the_end_of_the_previous_month(catalogue: Catalogue) -> None:
    """Attestation de régularité fiscale: situation at the end of the previous month (M)."""
    fiscal = rule(catalogue, "attestation_fiscale")
    assert fiscal.rule == RuleKind.MONTHS_FROM_END_OF_PREVIOUS_MONTH and fiscal.is_guidance
    assert end_of_previous_month(date(2026, 6, 10)) == date(2026, 5, 31)
    assert end_of_previous_month(date(2028, 3, 5)) == date(2028, 2, 29)
    assert expiry_date(fiscal, date(2026, 6, 10)) == date(2026, 11, 30)
    # Situation at the end of February: six months later is the end of August.
    assert expiry_date(fiscal, date(2027, 3, 15)) == date(2027, 8, 31)
    assert expiry_date(fiscal, date(2026, 1, 3)) == date(2026, 6, 30)


def test_insurance_is_valid_for_the_policy_year(catalogue: Catalogue) -> None:
    """Attestation d'assurance: per policy year, or up to the échéance printed on it (M)."""
    insurance = rule(catalogue, "attestation_assurance")
    assert insurance.rule == RuleKind.POLICY_YEAR and insurance.is_guidance
    assert expiry_date(insurance, date(2026, 4, 1)) == date(2027, 3, 31)
    assert expiry_date(insurance, date(2026, 4, 2), date(2027, 3, 31)) == date(2027, 3, 31)
    assert expiry_date(insurance, date(2026, 1, 1)) == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2028, 2, 29), date(2029, 2, 28)),
        (date(2027, 3, 1), date(2028, 2, 29)),
        (date(2026, 3, 1), date(2027, 2, 28)),
    ],
)
def test_policy_year_around_29_february(start: date, end: date) -> None:
    assert policy_end(start) == end


def test_documents_without_rule_use_their_own_end_date() -> None:
    assert expiry_date(None, date(2026, 1, 5), date(2028, 12, 31)) == date(2028, 12, 31)
    assert expiry_date(None, date(2026, 1, 5)) is None


def test_state_today_and_at_the_deadline() -> None:
    expires = date(2026, 12, 10)
    today = date(2026, 11, 29)
    assert state_at(expires, today, date(2026, 12, 18)) == ValidityState.EXPIRE_AVANT_DATE_LIMITE
    assert state_at(expires, today, date(2026, 12, 10)) == ValidityState.VALIDE
    assert state_at(expires, date(2026, 12, 11)) == ValidityState.EXPIRE
    assert state_at(None, today, date(2030, 1, 1)) == ValidityState.VALIDE
    assert state_at(None, today, present=False) == ValidityState.MANQUANT


def test_renew_by() -> None:
    today = date(2026, 11, 29)
    assert renew_by(ValidityState.MANQUANT, None, today) == today
    assert renew_by(ValidityState.EXPIRE, date(2026, 10, 1), today) == today
    assert renew_by(ValidityState.EXPIRE_AVANT_DATE_LIMITE, date(2026, 12, 10), today) == date(
        2026, 12, 10
    )
    assert renew_by(ValidityState.VALIDE, date(2027, 3, 1), today) is None
