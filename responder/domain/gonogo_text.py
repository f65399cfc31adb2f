"""The go / no-go assessment in French sentences, as the « Go / no-go » tab shows it (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable

from ..fr import datetime_at
from .gonogo import DECISION_LABELS, Assessment, Check, GoNoGo

#: The service's message when no decision is chosen, replaced by the tab's own wording.
_NO_CHOICE_MESSAGE = "decision : choisissez « go » ou « no_go »."
NO_CHOICE_TEXT = "Choisissez « on y va » ou « on ne répond pas ». "
NO_DECISION_TEXT = "Pas encore de décision."


def time_left_text(working_days_left: int | None) -> str:
    """« 12 jours ouvrés restants », « date limite passée » or « date limite inconnue »."""
    if working_days_left is None:
        return "date limite inconnue"
    if working_days_left < 0:
        return "date limite passée"
    return f"{working_days_left} jours ouvrés restants"


def summary_text(assessment: Assessment) -> str:
    """The recommendation, the score, the time left and the work planned, in one line."""
    left = time_left_text(assessment.working_days_left)
    return (f"Recommandation : {assessment.recommendation_fr} — {assessment.score} / 100 "
            f"({left}, {assessment.effort_days} jours ouvrés de travail prévus)")


def checks_text(heading: str, sign: str, checks: Iterable[Check]) -> str:
    """« Points bloquants : » then one line per check: sign, title (article) — detail."""
    return heading + "\n" + "\n".join(
        f"{sign} {c.title}{f' ({c.article})' if c.article else ''} — {c.detail}"
        for c in checks)


def reasons_text(reasons: list[str]) -> str:
    """« Pourquoi : » then one bullet per reason; empty without reasons."""
    return "Pourquoi :\n" + "\n".join(f"• {reason}" for reason in reasons) if reasons else ""


def decision_text(decision: GoNoGo | None) -> str:
    """« Décidé : on y va, par le bureau, le 06/12/2026 à 14:30. » or « Pas encore … »."""
    if decision is None or decision.decision is None:
        return NO_DECISION_TEXT
    return (f"Décidé : {DECISION_LABELS[decision.decision]}, par {decision.decided_by}, "
            f"le {datetime_at(decision.decided_at)}.")


def refusal_text(choice: str, messages: Iterable[str]) -> str:
    """Why a decision was refused; without a choice, says to choose first."""
    text = " ".join(messages)
    if not choice:
        text = NO_CHOICE_TEXT + text.replace(_NO_CHOICE_MESSAGE, "")
    return text
