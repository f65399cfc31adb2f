"""The outcome of a dossier after the buyer's decision, per lot, and what it teaches.

One :class:`LotOutcome` per dossier and lot (``lot`` ``None`` for a dossier without lots or
decided as a whole): the result, the day the notice was received, and for a loss the rank,
the marks per criterion (ours and the winner's), the winner and its amount, the buyer's
stated reasons. The dossier's status follows its outcomes (:func:`dossier_status`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator

from .after_award import DecisionFacts
from .common import Amount, DomainModel, Entity, LocalDateTime
from .enums import OutcomeResult as OutcomeResult
from .enums import Procedure, TenderStatus
from .fields import unique_by
from .labelled import labels_of
from .text import normalized

RESULT_LABELS: dict[OutcomeResult, str] = labels_of(OutcomeResult)


class Mark(DomainModel):
    """The marks of one award criterion: ours and the winner's, out of ``out_of``."""

    criterion: str = Field(min_length=1, max_length=200)
    ours: Decimal | None = Field(default=None, ge=0)
    winner: Decimal | None = Field(default=None, ge=0)
    out_of: Decimal = Field(default=Decimal(20), gt=0, le=1000)

    @model_validator(mode="after")
    def _within(self) -> Mark:
        for who, value in (("notre note", self.ours), ("la note de l'attributaire", self.winner)):
            if value is not None and value > self.out_of:
                raise ValueError(
                    f"« {self.criterion} » : {who} ({_num(value)}) dépasse le barème "
                    f"({_num(self.out_of)}) : écrivez par exemple 14,5/20."
                )
        return self

    @property
    def text_fr(self) -> str:
        """« 14,5/20 (attributaire : 16/20) »."""
        scale = _num(self.out_of)
        ours = "—" if self.ours is None else f"{_num(self.ours)}/{scale}"
        if self.winner is None:
            return ours
        return f"{ours} (attributaire : {_num(self.winner)}/{scale})"

    def ratio(self, value: Decimal | None) -> float | None:
        """A mark as a share of its scale (0 to 1), ``None`` when not given."""
        return None if value is None else float(value / self.out_of)


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def parse_mark(text: str) -> Mark:
    """``"Valeur technique=14,5/20"`` (our mark) or ``"Prix=18/20;19,5/20"`` (ours; winner's).

    ``ValueError`` in French naming the expected form.
    """
    example = "écrivez par exemple « Valeur technique=14,5/20 » (ou « …=14,5/20;16/20 » avec la " \
        "note de l'attributaire)."
    name, sep, marks = text.partition("=")
    if not sep or not name.strip() or not marks.strip():
        raise ValueError(f"Note « {text} » illisible : {example}")
    parts = [p.strip() for p in marks.split(";")]
    if len(parts) > 2:
        raise ValueError(f"Note « {text} » : deux notes au plus (la nôtre ; celle de "
                         f"l'attributaire). {example}")
    values: list[Decimal | None] = []
    scale: Decimal | None = None
    for part in parts:
        match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+(?:[.,]\d+)?))?", part)
        if match is None:
            raise ValueError(f"Note « {text} » illisible : {example}")
        values.append(Decimal(match.group(1).replace(",", ".")))
        if match.group(2):
            scale = Decimal(match.group(2).replace(",", "."))
    return Mark(
        criterion=name.strip(), ours=values[0], winner=values[1] if len(values) > 1 else None,
        out_of=scale or Decimal(20),
    )


class LotOutcome(Entity):
    """The buyer's decision for one lot of one dossier (``lot`` ``None``: the whole dossier)."""

    tender_id: int
    structure_id: int | None = None
    lot: int | None = Field(default=None, ge=1)
    result: OutcomeResult = OutcomeResult.EN_ATTENTE
    #: The day the notice (rejection or award letter) was received.
    notified_on: date | None = None
    #: Whether the notice came electronically (R2182-1: 11 days of standstill, else 16).
    notice_electronic: bool = True
    #: A single tender was received (R2182-2: no standstill).
    single_tender: bool = False
    rank: int | None = Field(default=None, ge=1, le=1000)
    winner: str = Field(default="", max_length=300)
    winner_amount: Amount | None = None
    #: Our offer's amount (€ HT), kept for the reference when the lot is won.
    our_amount: Amount | None = None
    marks: Annotated[list[Mark], unique_by(
        lambda mark: normalized(mark.criterion),
        "Le même critère est noté deux fois : gardez une seule note par critère.")] = Field(
        default_factory=list)
    reasons: str = Field(default="", max_length=20_000)
    reasons_requested_on: date | None = None
    award_notice_on: date | None = None
    signed_on: date | None = None
    #: The reference created from this won lot (« Gagné → référence »).
    reference_id: int | None = None
    created_at: LocalDateTime | None = None
    updated_at: LocalDateTime | None = None

    @model_validator(mode="after")
    def _coherent(self) -> LotOutcome:
        if self.result == OutcomeResult.GAGNE and self.rank not in (None, 1):
            raise ValueError(f"Un lot gagné est classé 1er, pas {self.rank}e : corrigez le rang "
                             "ou le résultat.")
        if self.result == OutcomeResult.PERDU and self.rank == 1:
            raise ValueError("Un lot perdu ne peut pas être classé 1er : corrigez le rang ou le "
                             "résultat.")
        if self.signed_on and self.notified_on and self.signed_on < self.notified_on:
            raise ValueError("La date de signature est avant la notification : vérifiez les "
                             "deux dates.")
        if (self.reasons_requested_on and self.notified_on
                and self.reasons_requested_on < self.notified_on):
            raise ValueError("Les motifs sont demandés avant la notification du rejet : "
                             "vérifiez les deux dates.")
        return self

    @property
    def title(self) -> str:
        """Row title in the workspace."""
        return f"Résultat {self.tender_id}" + (f" lot {self.lot}" if self.lot else "")

    @property
    def result_fr(self) -> str:
        """« Perdu », « Gagné » …"""
        return RESULT_LABELS[self.result]

    def facts(self, procedure: Procedure) -> DecisionFacts:
        """What the after-award dates are computed from."""
        return DecisionFacts(
            procedure=procedure, notice_on=self.notified_on, electronic=self.notice_electronic,
            single_tender=self.single_tender, reasons_requested_on=self.reasons_requested_on,
            award_notice_on=self.award_notice_on, signed_on=self.signed_on,
            won=self.result == OutcomeResult.GAGNE,
        )


def dossier_status(outcomes: Iterable[LotOutcome], *, lots_awaited: bool = False
                   ) -> TenderStatus | None:
    """The dossier status its lots' outcomes give (``None`` without any outcome).

    One lot won makes the dossier won; otherwise any lot still awaited (``lots_awaited``: a
    lot with no outcome yet) keeps it « déposé »; then a loss on any lot makes it lost; then
    infructueux, then sans suite.
    """
    results = {o.result for o in outcomes}
    if not results:
        return None
    if lots_awaited:
        results.add(OutcomeResult.EN_ATTENTE)
    if OutcomeResult.GAGNE in results:
        return TenderStatus.GAGNE
    if OutcomeResult.EN_ATTENTE in results:
        return TenderStatus.DEPOSE
    if OutcomeResult.PERDU in results:
        return TenderStatus.PERDU
    if OutcomeResult.INFRUCTUEUX in results:
        return TenderStatus.INFRUCTUEUX
    return TenderStatus.SANS_SUITE


#: Themes of the buyers' stated reasons: folded word prefixes that point to each.
REASON_THEMES: dict[str, tuple[str, ...]] = {
    "Prix": ("prix", "tarif", "cout", "cher", "financ", "montant", "onereu"),
    "Méthodologie / valeur technique": ("methodolog", "technique", "memoire", "organisation",
                                        "planning", "comprehension"),
    "Moyens humains et matériels": ("moyens", "effectif", "encadrement", "personnel",
                                    "materiel", "equipe"),
    "Références / expérience": ("reference", "experience", "savoir-faire", "capacite"),
    "Insertion / performance sociale": ("insertion", "social", "sociale", "parcours",
                                        "accompagnement"),
    "Environnement": ("environnement", "carbone", "dechet", "ecolog", "durable"),
    "Délais": ("delai", "reactivite", "disponibilite"),
    "Offre irrégulière ou incomplète": ("irreguli", "incomplet", "manquant", "hors delai",
                                        "non conforme", "inacceptable", "anormalement basse"),
}


def reason_themes(text: str) -> list[str]:
    """The themes a stated reason touches (« Prix », « Moyens humains et matériels » …)."""
    folded = f" {normalized(text)} "
    return [theme for theme, words in REASON_THEMES.items()
            if any(f" {w}" in folded for w in words)]


def frequent_reasons(outcomes: Iterable[LotOutcome], top: int = 6) -> list[tuple[str, int]]:
    """The most frequent themes of the stated reasons of lost lots, most frequent first."""
    counter: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.result == OutcomeResult.PERDU and outcome.reasons.strip():
            counter.update(reason_themes(outcome.reasons))
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
