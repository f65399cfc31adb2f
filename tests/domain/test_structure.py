"""Structure profile validation: SIRET, headcounts, turnover."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from responder.domain.common import french_errors
from responder.domain.structure import Partner, Structure


def test_siret_is_normalised() -> None:
    assert Structure(name="A", siret="732 829 320 00074").siret == "73282932000074"


@pytest.mark.parametrize(
    ("siret", "expected"),
    [
        ("73282932000075", "clé de contrôle"),
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "chiffres"),
    ],
)
def test_invalid_siret_explains_the_fix(siret: str, expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        Structure(name="A", siret=siret)
    message = french_errors(info.value)["siret"]
    assert message.startswith("SIRET invalide")
    assert expected in message


def test_partner_siret_is_validated_too() -> None:
    with pytest.raises(ValidationError):
        Partner(name="ESAT", siret="12345678901234")


def test_headcount_parts_cannot_exceed_total() -> None:
    with pytest.raises(ValidationError) as info:
        Structure.model_validate({"name": "A", "headcount": {"total": 5, "insertion": 9}})
    assert "Effectifs incohérents" in next(iter(french_errors(info.value).values()))


def test_turnover_years_are_unique_and_sorted() -> None:
    s = Structure.model_validate({"name": "A", "turnover": [
        {"year": 2025, "amount": 3}, {"year": 2023, "amount": 1}]})
    assert [t.year for t in s.turnover] == [2023, 2025]
    with pytest.raises(ValidationError):
        Structure.model_validate({"name": "A", "turnover": [
            {"year": 2025, "amount": 3}, {"year": 2025, "amount": 1}]})


def test_bad_email_and_postcode_are_named() -> None:
    with pytest.raises(ValidationError) as info:
        Structure.model_validate({"name": "A", "contact": {"email": "lucas.fr"},
                                  "address": {"postcode": "300"}})
    errors = french_errors(info.value)
    assert "e-mail" in errors["contact.email"]
    assert "Code postal" in errors["address.postcode"]
