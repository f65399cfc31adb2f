"""``fr.number`` writes the French pattern itself; it must give what babel gives for
« #,##0 » and « #,##0.00 » in fr_FR (the formatter before December 2026, the oracle here)."""

from __future__ import annotations

import random
from decimal import Decimal

from babel.numbers import format_decimal

from responder import fr


def babel(value: Decimal, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale="fr_FR"))


def test_same_text_as_babel_on_random_figures() -> None:
    rng = random.Random(20261206)
    for _ in range(5_000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12)))
        exponent = rng.randint(-6, 3)
        value = Decimal(f"{rng.choice('-+')}{digits}E{exponent}")
        decimals = rng.choice((0, 1, 2, 3))
        fr._formatted.cache_clear()
        assert fr.number(value, decimals) == babel(value, decimals), (value, decimals)


def test_rounding_and_signs_like_babel() -> None:
    cases = ["0.005", "0.015", "2.5", "3.5", "-0.4", "-0", "1E+3", "999.995", "-1234.5"]
    for text in cases:
        for decimals in (0, 2):
            assert fr.number(Decimal(text), decimals) == babel(Decimal(text), decimals), text
    assert fr.number(Decimal("1234567.891"), 2) == "1\u202f234\u202f567,89"
