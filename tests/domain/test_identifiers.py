"""SIRET and CPV codes as people type them in the structure form or copy them from a notice."""

from __future__ import annotations

import pytest

from responder.domain.identifiers import normalize_cpv, normalize_siret, siren_of


@pytest.mark.parametrize(
    "typed",
    ["356-000-000-00048", "356 000 000 00048", "356.000.000.00048", "35600000000048",
     "356\u00a0000\u00a0000\u00a000048", "356\u202f000\u202f000\u202f00048", " 356000000-00048 "],
)
def test_a_siret_keeps_its_14_digits_whatever_the_separators(typed: str) -> None:
    # Dashes were refused as « only digits » although the docstring accepts them.
    assert normalize_siret(typed) == "35600000000048"


def test_a_dashed_siret_with_a_wrong_digit_is_refused_for_its_key() -> None:
    # Before, « 123-456-789-00012 » was said to hold other signs than digits: the user looked
    # for a letter that was not there instead of the wrong digit.
    with pytest.raises(ValueError, match="clé de contrôle"):
        normalize_siret("123-456-789-00012")


def test_a_siret_with_a_letter_or_a_digit_missing_says_which_fault() -> None:
    with pytest.raises(ValueError, match="que des chiffres"):
        normalize_siret("356 000 000 0004B")
    with pytest.raises(ValueError, match="13 caractère"):
        normalize_siret("356-000-000-0004")


def test_the_siren_is_the_first_nine_digits() -> None:
    assert siren_of(normalize_siret("784 671 695 00087")) == "784671695"


def test_a_cpv_code_keeps_its_check_digit_when_given() -> None:
    assert normalize_cpv(" 77310000-6 ") == "77310000-6"
    assert normalize_cpv("7731 0000") == "77310000"
    with pytest.raises(ValueError, match="8 chiffres attendus"):
        normalize_cpv("773100")
