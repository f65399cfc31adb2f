"""« What the losses teach »: the figures of the « Bilan » across dossiers (and structures).

Pure computation from dossiers and their recorded outcomes: won / lost / no bid per year, by
buyer, by market type; mean marks per criterion against the winners' where known; the most
frequent themes of the stated reasons. The Bilan page and the .docx report show the same
:class:`Bilan`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .enums import MarketType, TenderStatus, label
from .outcome import LotOutcome, OutcomeResult, frequent_reasons
from .tender import Tender
from .text import normalized

#: Buckets of a dossier in the Bilan.
WON, LOST, NO_BID, OTHER, PENDING = "gagne", "perdu", "non_depose", "autre", "en_cours"
BUCKET_LABELS = {
    WON: "Gagnés", LOST: "Perdus", NO_BID: "Non déposés", OTHER: "Infructueux / sans suite",
    PENDING: "En cours",
}


@dataclass
class Counts:
    """Dossiers of one group by bucket."""

    won: int = 0
    lost: int = 0
    no_bid: int = 0
    other: int = 0
    pending: int = 0

    def add(self, bucket: str) -> None:
        """Count one dossier in ``bucket``."""
        name = {WON: "won", LOST: "lost", NO_BID: "no_bid", OTHER: "other",
                PENDING: "pending"}[bucket]
        setattr(self, name, getattr(self, name) + 1)

    @property
    def decided(self) -> int:
        """Dossiers won or lost."""
        return self.won + self.lost

    @property
    def success_rate(self) -> float | None:
        """Won out of won + lost, ``None`` when nothing was decided."""
        return self.won / self.decided if self.decided else None


@dataclass
class CriterionMarks:
    """Mean marks of one criterion, on 20: ours and the winners' (where given)."""

    criterion: str
    ours: float | None
    winners: float | None
    count: int


@dataclass
class Bilan:
    """Everything the Bilan page and report show."""

    year: int | None
    total: Counts = field(default_factory=Counts)
    by_year: dict[int, Counts] = field(default_factory=dict)
    by_buyer: list[tuple[str, Counts]] = field(default_factory=list)
    by_market: dict[str, Counts] = field(default_factory=dict)
    by_structure: list[tuple[str, Counts]] = field(default_factory=list)
    marks: list[CriterionMarks] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)
    amount_won: Decimal = Decimal(0)
    dossiers: int = 0


def dossier_bucket(tender: Tender, today: date) -> str:
    """Where a dossier counts: won, lost, no bid (abandoned, or never deposited before its
    deadline), other (infructueux, sans suite) or still pending."""
    status = tender.status
    if status == TenderStatus.GAGNE:
        return WON
    if status == TenderStatus.PERDU:
        return LOST
    if status == TenderStatus.ABANDONNE:
        return NO_BID
    if status in (TenderStatus.INFRUCTUEUX, TenderStatus.SANS_SUITE):
        return OTHER
    if status in (TenderStatus.VEILLE, TenderStatus.EN_PREPARATION) and (
            tender.deadline is not None and tender.deadline.date() < today):
        return NO_BID
    return PENDING


def dossier_year(tender: Tender) -> int | None:
    """The year a dossier counts in: its deadline's, else its creation's."""
    if tender.deadline is not None:
        return tender.deadline.year
    return tender.created_at.year if tender.created_at else None


def compute_bilan(
    tenders: Iterable[Tender],
    outcomes: Iterable[LotOutcome],
    today: date,
    *,
    year: int | None = None,
    structure_names: Mapping[int, str] | None = None,
    top_buyers: int = 8,
    top_criteria: int = 8,
) -> Bilan:
    """The Bilan of ``tenders`` (of ``year`` when given), with their ``outcomes``.

    ``structure_names`` (id → name) adds one row per structure (for a support worker).
    """
    kept = [t for t in tenders if year is None or dossier_year(t) == year]
    kept_ids = {t.id for t in kept}
    outcome_list = [o for o in outcomes if o.tender_id in kept_ids]
    bilan = Bilan(year=year, dossiers=len(kept))
    buyers: dict[str, tuple[str, Counts]] = {}
    structures: dict[int, Counts] = defaultdict(Counts)
    for tender in kept:
        bucket = dossier_bucket(tender, today)
        bilan.total.add(bucket)
        when = dossier_year(tender)
        if when is not None:
            bilan.by_year.setdefault(when, Counts()).add(bucket)
        buyer = tender.buyer.strip() or "Acheteur non renseigné"
        key = normalized(buyer)
        buyers.setdefault(key, (buyer, Counts()))[1].add(bucket)
        bilan.by_market.setdefault(label(tender.market_type), Counts()).add(bucket)
        if tender.structure_id is not None:
            structures[tender.structure_id].add(bucket)
    for market in MarketType:
        bilan.by_market.setdefault(label(market), Counts())
    bilan.by_year = dict(sorted(bilan.by_year.items()))
    ranked = sorted((bc for bc in buyers.values() if bc[1].decided),
                    key=lambda bc: (-bc[1].decided, bc[0]))
    bilan.by_buyer = ranked[:top_buyers]
    if structure_names:
        bilan.by_structure = sorted(
            ((structure_names.get(sid, f"Structure {sid}"), counts)
             for sid, counts in structures.items()), key=lambda sc: sc[0])
    bilan.marks = mean_marks(outcome_list)[:top_criteria]
    bilan.reasons = frequent_reasons(outcome_list)
    # A won lot's « montant retenu » is our own offer: it counts when only that was entered.
    won = (o.our_amount if o.our_amount is not None else o.winner_amount
           for o in outcome_list if o.result == OutcomeResult.GAGNE)
    bilan.amount_won = sum((a for a in won if a is not None), Decimal(0))
    return bilan


def mean_marks(outcomes: Iterable[LotOutcome]) -> list[CriterionMarks]:
    """Mean marks per criterion on 20 (ours, the winners' where known), most marked first.

    Criteria are grouped by their folded name (« Valeur technique » = « valeur technique »).
    """
    ours: dict[str, list[float]] = defaultdict(list)
    theirs: dict[str, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    for outcome in outcomes:
        for mark in outcome.marks:
            key = normalized(mark.criterion)
            names.setdefault(key, mark.criterion)
            mine = mark.ratio(mark.ours)
            if mine is not None:
                ours[key].append(mine * 20)
            winner = mark.ratio(mark.winner)
            if winner is not None:
                theirs[key].append(winner * 20)
    found = [
        CriterionMarks(
            criterion=names[key],
            ours=sum(ours[key]) / len(ours[key]) if ours[key] else None,
            winners=sum(theirs[key]) / len(theirs[key]) if theirs[key] else None,
            count=max(len(ours[key]), len(theirs[key])),
        )
        for key in names
    ]
    return sorted(found, key=lambda m: (-m.count, m.criterion))
