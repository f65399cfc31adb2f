"""The French messages every form shows under a field, made from pydantic's errors: each
bound says its limit in French figures, and amounts, dates and pasted text are checked
before anything else can break on them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError

from responder.domain.common import Amount, check_date, check_file_hash, clean_text, french_errors


class Lot(BaseModel):
    """Fields bounded as the models bound them."""

    number: int = Field(default=1, ge=1)
    mark_weight: Decimal = Field(default=Decimal(1), gt=Decimal("0.5"))
    headcount: int = Field(default=1, le=10000)
    days: int = Field(default=1, lt=366)
    title: str = Field(default="", max_length=5)
    cpv_codes: list[str] = Field(default_factory=list, max_length=2)
    amount: Amount = Decimal(0)


def message(**values: Any) -> str:
    with pytest.raises(ValidationError) as info:
        Lot(**values)
    [(field, text)] = french_errors(info.value).items()
    assert field == next(iter(values))
    return text


@pytest.mark.parametrize(("values", "text"), [
    ({"number": 0}, "la valeur doit être au moins 1."),
    ({"mark_weight": "0.2"}, "la valeur doit dépasser 0,5."),
    ({"headcount": 20000}, "la valeur est trop grande : 10\u202f000 au plus."),
    ({"days": 400}, "la valeur est trop grande : moins de 366."),
    ({"title": "Tonte des stades"}, "trop long : 5 caractères au plus."),
    ({"cpv_codes": ["77310000", "77311000", "90511000"]}, "trop long : 2 éléments au plus."),
    ({"number": "deux"}, "un nombre entier est attendu."),
])
def test_each_bound_is_said_with_its_limit(values: dict[str, Any], text: str) -> None:
    assert message(**values) == text


@pytest.mark.parametrize(("typed", "text"), [
    ("-5", "la valeur ne peut pas être négative."),
    ("2e12", "montant trop grand : 1 000 milliards d'euros au plus."),
    ("1e999999", "montant trop grand : 1 000 milliards d'euros au plus."),
])
def test_amounts_are_refused_before_rounding_can_fail(typed: str, text: str) -> None:
    assert message(amount=typed) == text


def test_a_date_outside_1990_2100_is_a_typo_unless_the_field_bounds_itself() -> None:
    with pytest.raises(ValueError, match=r"date hors limites \(0001\) : l'année doit être "
                                         r"comprise entre 1990 et 2100"):
        check_date(date(1, 1, 1))
    assert check_date(date(1950, 3, 1), min_year=0) == date(1950, 3, 1)


def test_pasted_control_characters_go_and_line_breaks_stay() -> None:
    assert clean_text("Tonte\x0bTaille\x00 des haies\x0cfin") == "Tonte\nTaille des haies\nfin"
    same = "Entretien des espaces verts"
    assert clean_text(same) is same


def test_a_file_hash_that_could_be_a_path_is_refused() -> None:
    assert check_file_hash("") == ""
    with pytest.raises(ValueError, match="empreinte de fichier invalide"):
        check_file_hash("../../.ssh/id_rsa")
