"""The typography of generated documents, found by regex, is the one of ``fr.typography_parts``."""

from __future__ import annotations

import random

from responder.fr import typography_parts, typography_runs


def test_same_result_as_typography_parts_on_random_runs() -> None:
    rng = random.Random(20261206)
    alphabet = list("ab Z  nN°:;!?«»)(12²\n.,-'") + ["\u00a0", "\u202f", "\u2009", "é"]
    for _ in range(30_000):
        parts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
                 for _ in range(rng.randint(1, 4))]
        assert typography_runs(parts) == typography_parts(parts), parts


def test_french_spacing_kept_run_by_run() -> None:
    parts = ["Délai", " : 48 h ; le n° ", "3 «", "oui» ! À 14:00"]
    assert typography_runs(parts) == typography_parts(parts)
    assert typography_runs(parts)[0] == "Délai"
    assert typography_runs(parts)[1].startswith("\u00a0:")
