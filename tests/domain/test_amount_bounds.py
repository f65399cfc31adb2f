"""Money amounts are finite and at most 1 000 milliards d'euros; errors on numbers are French."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from responder.domain.common import MAX_AMOUNT, french_errors
from responder.domain.groupement import (
    LotRepartition,
    Member,
    RepartitionRow,
    SubContractor,
    parse_amount,
)
from responder.domain.library import Reference, ReferenceFilters, SocialImpact, TextBlock
from responder.domain.tender import Criterion, Lot, Tender

TOO_BIG = "montant trop grand : 1 000 milliards d'euros au plus."

#: (model, a valid payload, the money field)
AMOUNT_FIELDS: list[tuple[type[BaseModel], dict[str, Any], str]] = [
    (Lot, {"number": 1, "title": "Tonte"}, "estimated_amount"),
    (Reference, {"title": "Tonte du parc"}, "amount_ht"),
    (ReferenceFilters, {}, "amount_min"),
    (ReferenceFilters, {}, "amount_max"),
    (LotRepartition, {"lot": 1, "total_ht": 0}, "total_ht"),
    (RepartitionRow, {"prestation": "Tonte", "member": "a", "amount_ht": 0, "share": 0},
     "amount_ht"),
    (SubContractor, {"name": "Élagage Sud", "member": "a", "amount_ttc": 0}, "amount_ttc"),
]
AMOUNT_IDS = [f"{model.__name__}.{field}" for model, _, field in AMOUNT_FIELDS]

#: Other numeric fields a user types into (counts, lot numbers, years, weights, shares).
NUMBER_FIELDS: list[tuple[type[BaseModel], dict[str, Any], str]] = [
    *AMOUNT_FIELDS,
    (Lot, {"number": 1, "title": "Tonte"}, "number"),
    (Tender, {"title": "Entretien"}, "offer_validity_days"),
    (Tender, {"title": "Entretien"}, "page_limit"),
    (Criterion, {"name": "Prix", "weight": 40}, "weight"),
    (Reference, {"title": "Tonte du parc"}, "team_size"),
    (ReferenceFilters, {}, "year_from"),
    (SocialImpact, {}, "insertion_hours"),
    (TextBlock, {"title": "Présentation"}, "review_interval_days"),
    (RepartitionRow, {"prestation": "Tonte", "member": "a", "amount_ht": 0, "share": 0},
     "share"),
    (SubContractor, {"name": "Élagage Sud", "member": "a", "amount_ttc": 0}, "lot"),
    (LotRepartition, {"lot": 1, "total_ht": 0}, "lot"),
    (Member, {"uid": "a", "name": "Verts Chemins"}, "headcount"),
]
NUMBER_IDS = [f"{model.__name__}.{field}" for model, _, field in NUMBER_FIELDS]

#: What users paste into number fields: not numbers, infinities, 20 digits, huge exponents,
#: negative values, decimals where integers are expected, wrong types from a JSON file.
BAD_VALUES: list[Any] = [
    "nan", "NaN", "inf", "-inf", "Infinity", float("nan"), float("inf"), float("-inf"),
    "abc", "", "douze mille", -1, "-0.01", "1e999999", "1" * 20, "9" * 5000, 10**400, 1e300,
    1.5, "1.5", "1,5", [], {}, None, "1e99999999999999999999", 1_000_000_000_000.01,
]
ENGLISH = re.compile(r"\b(Input|should|valid|Value error|number|greater|less|than)\b")


def _errors(model: type[BaseModel], payload: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(payload)
    return french_errors(caught.value)


@pytest.mark.parametrize(("model", "base", "field"), AMOUNT_FIELDS, ids=AMOUNT_IDS)
@pytest.mark.parametrize(
    "value", ["1" * 20, "1e999999", Decimal("1E+999999"), 2**63, "1000000000000.01", 1e300]
)
def test_amount_above_a_thousand_billion_is_refused_in_french(
    model: type[BaseModel], base: dict[str, Any], field: str, value: Any
) -> None:
    assert _errors(model, {**base, field: value}) == {field: TOO_BIG}


@pytest.mark.parametrize(("model", "base", "field"), AMOUNT_FIELDS, ids=AMOUNT_IDS)
@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity", float("nan"), float("inf")])
def test_amount_must_be_finite(
    model: type[BaseModel], base: dict[str, Any], field: str, value: Any
) -> None:
    message = _errors(model, {**base, field: value})[field]
    assert "nombre est attendu" in message
    assert "Input should" not in message


@pytest.mark.parametrize(("model", "base", "field"), AMOUNT_FIELDS, ids=AMOUNT_IDS)
def test_a_thousand_billion_itself_is_accepted(
    model: type[BaseModel], base: dict[str, Any], field: str
) -> None:
    saved = model.model_validate({**base, field: "1000000000000"})
    assert getattr(saved, field) == MAX_AMOUNT


@pytest.mark.parametrize(("model", "base", "field"), NUMBER_FIELDS, ids=NUMBER_IDS)
def test_every_error_on_numeric_input_is_french(
    model: type[BaseModel], base: dict[str, Any], field: str
) -> None:
    for value in BAD_VALUES:
        try:
            model.model_validate({**base, field: value})
        except ValidationError as exc:
            for path, message in french_errors(exc).items():
                assert not ENGLISH.search(message), (field, value, path, message)
        # An ArithmeticError (decimal.InvalidOperation …) escaping here is the bug itself.


def test_lower_bound_other_than_zero_is_named() -> None:
    message = _errors(Lot, {"number": 0, "title": "Tonte"})["number"]
    assert message == "la valeur doit être au moins 1."
    assert "négative" not in message
    message = _errors(Tender, {"title": "Entretien", "offer_validity_days": 1000})
    assert message["offer_validity_days"] == "la valeur est trop grande : 730 au plus."


@pytest.mark.parametrize("text", ["1e999999", "1" * 20, "1 000 000 000 000,01"])
def test_groupement_amount_parsing_refuses_huge_values(text: str) -> None:
    with pytest.raises(ValueError, match="trop grand") as caught:
        parse_amount(text)
    assert not isinstance(caught.value, ArithmeticError)
    assert parse_amount("1 000 000 000 000") == MAX_AMOUNT
