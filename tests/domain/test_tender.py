"""Tender validation: what a user typing a consultation is refused, and why (in French)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from responder.domain.common import french_errors
from responder.domain.tender import Criterion, Tender
from tests.helpers import tender_data


def errors_of(**overrides: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        Tender.model_validate(tender_data(**overrides))
    return french_errors(info.value)


def test_complete_tender_is_valid_and_normalised() -> None:
    tender = Tender.model_validate(tender_data())
    assert tender.cpv_codes == ["90511000-2", "90514000"]
    assert tender.lots[1].estimated_amount == Decimal("40000.5")
    assert tender.estimated_total() == Decimal("125000.5")
    assert tender.is_open


def test_criteria_summing_to_110_percent_are_refused_in_french() -> None:
    errors = errors_of(criteria=[{"name": "Valeur technique", "weight": 70},
                                 {"name": "Prix", "weight": 40}])
    assert "110 %" in errors["criteria"]
    assert "égale à 100" in errors["criteria"]


def test_criteria_in_points_say_points() -> None:
    errors = errors_of(weight_unit="points", criteria=[{"name": "Technique", "weight": 50},
                                                       {"name": "Prix", "weight": 30}])
    assert "80 points" in errors["criteria"]


def test_sub_criteria_must_sum_to_their_parent() -> None:
    errors = errors_of(criteria=[
        {"name": "Valeur technique", "weight": 60,
         "sub_criteria": [{"name": "A", "weight": 30}, {"name": "B", "weight": 20}]},
        {"name": "Prix", "weight": 40},
    ])
    message = errors["criteria.0"]
    assert "Valeur technique" in message and "50" in message and "60" in message


def test_empty_title_is_refused() -> None:
    assert "obligatoire" in errors_of(title="   ")["title"]


def test_questions_after_deadline_is_refused() -> None:
    errors = errors_of(questions_deadline="2026-12-20T12:00:00")
    assert "questions" in errors["questions_deadline"]


def test_bad_cpv_names_the_code() -> None:
    assert "« 9051 »" in errors_of(cpv_codes=["9051"])["cpv_codes"]


def test_duplicate_lot_numbers_are_refused() -> None:
    lots = [{"number": 1, "title": "A"}, {"number": 1, "title": "B"}]
    assert "même numéro" in errors_of(lots=lots)["lots"]


def test_unknown_enum_value_is_refused() -> None:
    assert "procedure" in errors_of(procedure="gré à gré")


def test_assignment_is_validated() -> None:
    tender = Tender.model_validate(tender_data())
    with pytest.raises(ValidationError):
        tender.criteria = [Criterion(name="Prix", weight=Decimal(90))]


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=6))
def test_criteria_accepted_iff_they_sum_to_100(weights: list[int]) -> None:
    criteria = [{"name": f"Critère {i}", "weight": w} for i, w in enumerate(weights)]
    try:
        Tender(title="x", criteria=criteria)  # type: ignore[arg-type]
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == (sum(weights) == 100)
