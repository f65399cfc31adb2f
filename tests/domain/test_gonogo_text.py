"""The go / no-go tab's sentences, built without Qt."""

from __future__ import annotations

from datetime import datetime

from responder.domain.gonogo import Assessment, Check, Decision, GoNoGo
from responder.domain.gonogo_text import (
    NO_CHOICE_TEXT,
    NO_DECISION_TEXT,
    checks_text,
    decision_text,
    reasons_text,
    refusal_text,
    summary_text,
    time_left_text,
)


def _assessment(days_left: int | None) -> Assessment:
    return Assessment(tender_id=1, title="Espaces verts", blocking=[], warnings=[], grid=[],
                      score=62, recommendation="a_etudier",
                      recommendation_fr="À étudier avant de décider", reasons=[],
                      working_days_left=days_left, effort_days=9)


def test_time_left_says_unknown_past_or_counts_working_days() -> None:
    assert time_left_text(None) == "date limite inconnue"
    assert time_left_text(-1) == "date limite passée"
    assert time_left_text(0) == "0 jours ouvrés restants"
    assert time_left_text(12) == "12 jours ouvrés restants"


def test_summary_puts_recommendation_score_time_and_effort_in_one_line() -> None:
    assert summary_text(_assessment(12)) == (
        "Recommandation : À étudier avant de décider — 62 / 100 (12 jours ouvrés restants, "
        "9 jours ouvrés de travail prévus)")


def test_checks_are_listed_with_their_article_when_they_have_one() -> None:
    checks = [Check(code="a", severity="bloquant", title="Chiffre d'affaires",
                    detail="trop bas", article="R2142-7"),
              Check(code="b", severity="bloquant", title="Délai", detail="trop court")]
    assert checks_text("Points bloquants :", "✖", checks) == (
        "Points bloquants :\n✖ Chiffre d'affaires (R2142-7) — trop bas\n✖ Délai — trop court")


def test_reasons_are_bulleted_and_absent_without_reasons() -> None:
    assert reasons_text([]) == ""
    assert reasons_text(["Acheteur connu", "Trois références"]) == (
        "Pourquoi :\n• Acheteur connu\n• Trois références")


def test_decision_says_who_and_when_or_that_none_was_taken() -> None:
    assert decision_text(None) == NO_DECISION_TEXT
    assert decision_text(GoNoGo()) == NO_DECISION_TEXT
    taken = GoNoGo(decision=Decision.GO, decided_by="Lucas", reasons="Acheteur connu",
                   decided_at=datetime(2026, 12, 6, 14, 30))
    assert decision_text(taken) == "Décidé : On y va (go), par Lucas, le 06/12/2026 à 14:30."


def test_a_refusal_without_choice_asks_to_choose_first() -> None:
    assert refusal_text("go", ["Indiquez qui prend la décision."]) == (
        "Indiquez qui prend la décision.")
    text = refusal_text("", ["decision : choisissez « go » ou « no_go ».", "Qui ?"])
    assert text.startswith(NO_CHOICE_TEXT) and "no_go" not in text and text.endswith("Qui ?")
