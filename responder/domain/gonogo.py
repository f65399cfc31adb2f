"""Go / no-go: should the structure answer this tender? Blocking checks, a scored grid, the
recommendation with its reasons, and the decision the user records (who, when, why).

The figures of the grid (effort per step, time to obtain a piece, weights) come from
``resources/gonogo/gonogo.json``; the legal ones (turnover cap R2142-7) from the rules file.
The decision is stored in the tender (``Tender.go_no_go``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator

from .common import Amount, DomainModel, LocalDateTime


class Decision(StrEnum):
    """What the user decided."""

    GO = "go"
    NO_GO = "no_go"


DECISION_LABELS: dict[Decision, str] = {
    Decision.GO: "On y va (go)",
    Decision.NO_GO: "On ne répond pas (no-go)",
}

Recommendation = Literal["go", "a_etudier", "no_go"]
RECOMMENDATION_LABELS: dict[str, str] = {
    "go": "Répondre (go)",
    "a_etudier": "À étudier avant de décider",
    "no_go": "Ne pas répondre (no-go), sauf à lever les blocages",
}
Severity = Literal["bloquant", "attention", "ok"]


class GoNoGo(DomainModel):
    """What is stored in the tender: an input of the RC and the decision, once taken."""

    #: Minimum annual turnover the RC asks for (€ HT), when it asks for one.
    min_turnover: Amount | None = None
    decision: Decision | None = None
    decided_by: str = ""
    decided_at: LocalDateTime | None = None
    reasons: str = ""

    @field_validator("decided_by", "reasons")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class Step(DomainModel):
    """A step of the answer and the working days the structure needs for it."""

    key: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=1)
    days: int = Field(ge=0, le=200)


class GridLine(DomainModel):
    """A line of the scored grid: its weight in the data file."""

    key: str
    label: str
    points: int = Field(ge=0, le=100)


class GoNoGoSettings(DomainModel):
    """The contents of ``resources/gonogo/gonogo.json``."""

    comment: str = ""
    reviewed_on: date | None = None
    steps: list[Step]
    groupement_extra_days: int = Field(default=0, ge=0)
    lead_times: dict[str, int] = Field(default_factory=dict)
    grid: list[GridLine]
    thresholds: dict[str, int]

    @field_validator("grid")
    @classmethod
    def _hundred(cls, value: list[GridLine]) -> list[GridLine]:
        total = sum(line.points for line in value)
        if total != 100:
            raise ValueError(f"La grille go / no-go totalise {total} points au lieu de 100.")
        return value


class Check(DomainModel):
    """One check: a stable code (for scripts), how serious it is, and what to do."""

    code: str
    severity: Severity
    title: str
    detail: str = ""
    article: str = ""


class Score(DomainModel):
    """One line of the grid as scored for this tender."""

    key: str
    label: str
    points: int
    max_points: int
    reason: str


class Assessment(DomainModel):
    """Everything the go / no-go tab and ``responder gonogo`` show."""

    tender_id: int
    title: str
    blocking: list[Check]
    warnings: list[Check]
    grid: list[Score]
    score: int
    recommendation: Recommendation
    recommendation_fr: str
    reasons: list[str]
    working_days_left: int | None
    effort_days: int
    decision: GoNoGo | None = None

    @property
    def is_blocked(self) -> bool:
        """At least one blocking check."""
        return bool(self.blocking)


def recommend(blocking: list[Check], score: int, thresholds: dict[str, int]) -> Recommendation:
    """Go at or above the « go » threshold, study between, no-go below or when blocked."""
    if blocking:
        return "no_go"
    if score >= thresholds.get("go", 60):
        return "go"
    if score >= thresholds.get("study", 40):
        return "a_etudier"
    return "no_go"


def capacity_points(amount: Decimal | None, turnover: Decimal | None, max_points: int) -> int:
    """Points for the size of the contract against the yearly turnover (half the points when
    either is unknown: nothing to say either way)."""
    if amount is None or turnover is None or turnover <= 0:
        return max_points // 2
    ratio = amount / turnover
    if ratio <= Decimal("0.5"):
        return max_points
    if ratio <= 1:
        return round(max_points * 2 / 3)
    if ratio <= 2:
        return round(max_points / 3)
    return 0


def references_points(count: int, max_points: int) -> int:
    """0 reference → 0; 1 → half; 2 → three quarters; 3 or more → all the points."""
    share = {0: 0.0, 1: 0.5, 2: 0.75}.get(count, 1.0)
    return round(max_points * share)


def chances_points(won: int, lost: int, max_points: int) -> int:
    """From past results: no history gives half the points; otherwise the share won, with a
    floor of a fifth so one early loss does not condemn every tender."""
    if won + lost == 0:
        return max_points // 2
    share = max(won / (won + lost), 0.2)
    return round(max_points * share)
