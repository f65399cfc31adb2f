"""The refusal ``responder submit pack`` prints when blocking points remain: how many, the
first twenty, and how to see them all or go on anyway."""

from __future__ import annotations

from responder.domain.deposit_check import DepositIssue
from responder.services.deposit.checks import refusal_text


def missing(n: int) -> DepositIssue:
    return DepositIssue(code="missing_file", level="bloquant",
                        message_fr=f"Pièce n° {n} sans fichier joint.", piece=f"Pièce {n}")


def test_a_few_blocking_points_are_all_listed() -> None:
    text = refusal_text([missing(1), missing(2)])
    first, *lines = text.splitlines()
    assert first == ("Pli non préparé : 2 point(s) bloquant(s) à corriger d'abord (« responder "
                     "submit check » les liste ; --force prépare le pli quand même).")
    assert lines == ["- Pièce n° 1 sans fichier joint.", "- Pièce n° 2 sans fichier joint."]


def test_beyond_twenty_the_rest_is_counted() -> None:
    lines = refusal_text([missing(n) for n in range(1, 26)]).splitlines()
    assert lines[0].startswith("Pli non préparé : 25 point(s) bloquant(s)")
    assert len(lines) == 22 and lines[20] == "- Pièce n° 20 sans fichier joint."
    assert lines[-1] == "- … et 5 autre(s)."
