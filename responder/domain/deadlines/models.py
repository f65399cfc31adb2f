"""The values of the deadline computations: computed dates, warnings, milestones, plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ..common import DomainModel
from ..enums import MarketType, Procedure
from ..law import Rule, RuleBook, RuleNotFound
from .calendar import french_date, french_time

if TYPE_CHECKING:
    from ..after_award import DecisionFacts

# --- computed dates -----------------------------------------------------------------------
Source = Literal["rc", "loi", "conseil", "retroplanning", "attestation", "decision"]


class ComputedDate(DomainModel):
    """One date of a dossier, with where it comes from and the rule behind it.

    ``kind`` is a stable identifier (``deadline``, ``upload``, ``attestation_3`` …) used for
    calendar UIDs and retroplanning edits; ``label_fr`` is what the user reads.
    """

    kind: str
    label_fr: str
    when: date
    at: time | None = None
    source: Source
    rule_id: str | None = None
    article: str = ""
    confidence: Literal["H", "M"] | None = None
    note: str = ""
    editable: bool = False
    edited: bool = False
    in_past: bool = False
    done: bool = False
    non_working: bool = False

    #: Computed from a dossier's dates, not typed: a date 10 working days before a deadline of
    #: early January 1990 may fall in 1989 (the dossier's own dates are bounded).
    OWN_DATE_CHECK = frozenset({"when"})

    @property
    def moment(self) -> datetime:
        """The date at its time (midnight when no time is known)."""
        return datetime.combine(self.when, self.at or time(0, 0))

    @property
    def when_fr(self) -> str:
        """« mardi 12 mai 2026 à 14 h » or « jeudi 7 mai 2026 »."""
        text = french_date(self.when)
        return f"{text} à {french_time(self.at)}" if self.at else text

    @property
    def rule_text(self) -> str:
        """The rule as a sentence for tooltips and calendar descriptions."""
        parts: list[str] = []
        if self.article:
            parts.append(self.article)
        if self.note:
            parts.append(self.note)
        return " — ".join(parts)


class DeadlineWarning(DomainModel):
    """A finding about a dossier's dates: ``alerte`` (H rule) or ``conseil`` (M rule).

    ``code`` is a stable identifier scripts and screens rely on (``dlro_non_working_day``,
    ``aor_candidatures_too_short`` …, listed in docs/deadlines.md); the message may change.
    """

    level: Literal["alerte", "conseil"]
    message_fr: str
    articles: list[str]
    rule_ids: list[str]
    code: str = ""


@dataclass(frozen=True)
class MilestoneSpec:
    """A default retroplanning milestone: ``fraction`` of the available working days before
    the deadline, at least ``floor`` and at most ``cap`` working days before it."""

    kind: str
    label_fr: str
    fraction: float
    floor: int
    cap: int | None = None
    groupement_only: bool = False


#: Default retroplanning, in working days before the deadline, scaled to the time available.
#: With W working days from the start to the deadline, a milestone falls
#: ``clamp(round(fraction × W), floor, cap)`` working days before the deadline; the upload
#: is the « upload_recommended » rule (2 working days). For W = 25 (five weeks) this gives
#: go/no-go J-21, partners J-16, first draft J-10, review J-5, signatures J-3, upload J-2.
#: The floors are the least time each step needs: with too little time a milestone falls
#: before the start and is flagged ``in_past`` rather than squeezed or hidden.
MILESTONES: tuple[MilestoneSpec, ...] = (
    MilestoneSpec("go_no_go", "Décision d'y aller ou non (go / no-go)", 0.85, 8),
    MilestoneSpec(
        "partners_confirmed",
        "Partenaires du groupement confirmés et pièces demandées",
        0.65, 7, groupement_only=True,
    ),
    MilestoneSpec("first_draft", "Premier jet du mémoire technique", 0.40, 6, 15),
    MilestoneSpec("review", "Relecture du dossier complet", 0.20, 4, 8),
    MilestoneSpec("signatures", "Signatures (DC1, acte d'engagement, pouvoirs)", 0.12, 3, 4),
)
MILESTONE_KINDS = frozenset({m.kind for m in MILESTONES} | {"upload"})


def milestone_offsets(available: int, *, upload: int, groupement: bool) -> dict[str, int]:
    """Working days before the deadline of each default milestone, for ``available`` days.

    Offsets strictly decrease from go/no-go to upload.
    """
    offsets: dict[str, int] = {}
    for spec in MILESTONES:
        if spec.groupement_only and not groupement:
            continue
        offset = max(spec.floor, round(spec.fraction * max(available, 0)))
        if spec.cap is not None:
            offset = min(offset, max(spec.cap, spec.floor))
        offsets[spec.kind] = offset
    offsets["upload"] = upload
    # Keep the order strict (rounding and caps could tie two milestones).
    kinds = list(offsets)
    for i in range(len(kinds) - 2, -1, -1):
        later = offsets[kinds[i + 1]]
        if offsets[kinds[i]] <= later:
            offsets[kinds[i]] = later + 1
    return offsets


@dataclass
class PlanInput:
    """What the deadline computations need to know about a dossier (plain values).

    ``start`` is when work starts (dossier creation, or today): the retroplanning is scaled to
    the working days between it and the deadline. ``overrides`` are the user's milestone edits,
    ``done`` the kinds the user ticked off.
    """

    deadline: datetime
    procedure: Procedure
    start: date
    published_on: date | None = None
    questions_deadline: datetime | None = None
    site_visit_at: datetime | None = None
    site_visit_label: str = ""
    groupement: bool = False
    urgency: bool = False
    overrides: Mapping[str, date] = field(default_factory=dict)
    done: Iterable[str] = ()
    rejection_notice_on: date | None = None
    rejection_notice_electronic: bool = True
    reasons_requested_on: date | None = None
    expiries: Iterable[tuple[str, str, date]] = ()
    #: The recorded outcome's facts (after_award.DecisionFacts); overrides the three above.
    decision: DecisionFacts | None = None
    #: Two-phase procedures: the candidatures deadline and the invitation to tender.
    candidatures_deadline: datetime | None = None
    invitation_on: date | None = None
    #: True when ``deadline`` is the candidatures deadline (no offers deadline known yet).
    deadline_is_candidatures: bool = False
    market_type: MarketType | None = None
    estimated_total: Decimal | None = None
    #: Expected award date: the attributaire's attestations must still be valid then (R2144-4).
    award_on: date | None = None
    #: When the deposit was recorded (« Dépôt effectué »), if it was.
    deposited_at: datetime | None = None


class DossierPlan(DomainModel):
    """Every date of a dossier in chronological order, with warnings and available time."""

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"deadline"})

    dates: list[ComputedDate]
    warnings: list[DeadlineWarning]
    available_working_days: int
    deadline: datetime

    def get(self, kind: str) -> ComputedDate | None:
        """The date of this kind, if any."""
        return next((d for d in self.dates if d.kind == kind), None)

    def next_after(self, today: date) -> ComputedDate | None:
        """The first date not done on or after ``today`` (the « prochaine étape »)."""
        return next((d for d in self.dates if d.when >= today and not d.done), None)


def rule_fields(rule: Rule, *, check: str = "à vérifier dans le RC") -> dict[str, Any]:
    """The fields of a :class:`ComputedDate` that name its rule; a guidance rule's note
    says ``check`` in brackets."""
    note = rule.label_fr
    if rule.is_guidance:
        note = f"{note} ({check})"
    return {
        "rule_id": rule.id,
        "article": rule.citation(),
        "confidence": rule.confidence,
        "note": note,
    }


def earliest_rule(rules: RuleBook, rule_id: str) -> Rule:
    """The first version of ``rule_id``; ``RuleNotFound`` when the rules file lacks it."""
    versions = rules.versions(rule_id)
    if not versions:
        raise RuleNotFound(f"Règle inconnue : « {rule_id} ».")
    return versions[0]
