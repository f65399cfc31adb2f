"""A consultation (tender) and the dossier de réponse the structure builds for it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .common import Amount, DomainModel, Entity, LocalDateTime
from .deposit import Deposit
from .enums import (
    GroupementForm,
    MarketType,
    Procedure,
    Reservation,
    SiteVisit,
    TenderStatus,
    Variants,
    WeightUnit,
    label,
)
from .fields import not_blank, numbered_once
from .gonogo import GoNoGo
from .groupement import Groupement
from .identifiers import normalize_cpv
from .tender_row import OPEN_STATUSES, days_until

#: Statuses after the decision.
CLOSED_STATUSES = frozenset(
    {TenderStatus.GAGNE, TenderStatus.PERDU, TenderStatus.SANS_SUITE, TenderStatus.ABANDONNE,
     TenderStatus.INFRUCTUEUX}
)

_WEIGHT_TOLERANCE = Decimal("0.01")

#: Procedures in two phases: candidatures, then offers from the selected candidates.
TWO_PHASE_PROCEDURES = frozenset({Procedure.AOR, Procedure.NEGOCIEE, Procedure.DIALOGUE})


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def reservation_list(value: object) -> object:
    """The reservations of a lot as a list: ``None`` → ``[]``, « L2113-13 » → ``["L2113-13"]``.

    Dossiers saved before a lot could be reserved to several articles at once (joint
    L2113-12 + L2113-13 reservation) hold a single value or ``null``: they stay readable.
    """
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return value


def known_reservations(value: object) -> list[str]:
    """The known reservation articles of a value read from outside (an RC extraction, a
    notice): a list or an older single value; unknown articles are left out."""
    items = reservation_list(value)
    known = {r.value for r in Reservation}
    return [str(a) for a in items if str(a) in known] if isinstance(items, list) else []


def reservations_label(value: object) -> str:
    """French label of a lot's reservations, from a list or an old single value (« » if none)."""
    items = reservation_list(value)
    labels: list[str] = []
    for item in items if isinstance(items, list) else []:
        try:
            labels.append(label(Reservation(str(getattr(item, "value", item)))))
        except ValueError:
            labels.append(str(item))
    return " + ".join(labels)


class Lot(DomainModel):
    number: int = Field(ge=1)
    title: Annotated[str, not_blank("Chaque lot doit avoir un intitulé.")] = Field(min_length=1)
    estimated_amount: Amount | None = Field(default=None, description="€ HT")
    #: Articles the lot is reserved under (several for a joint reservation, L2113-14).
    reserved: list[Reservation] = Field(default_factory=list)

    @field_validator("reserved", mode="before")
    @classmethod
    def _reserved(cls, value: object) -> object:
        return reservation_list(value)

    @field_validator("reserved")
    @classmethod
    def _unique_reserved(cls, value: list[Reservation]) -> list[Reservation]:
        return list(dict.fromkeys(value))

    @property
    def reserved_label(self) -> str:
        """« L2113-12 + L2113-13 », or empty text for a lot open to all."""
        return " + ".join(r.value for r in self.reserved)


class Criterion(DomainModel):
    """An award criterion with its weight; sub-criteria weights sum to their parent's."""

    name: Annotated[str, not_blank("Chaque critère doit avoir un intitulé.")] = Field(min_length=1)
    weight: Decimal = Field(ge=0)
    sub_criteria: list[Criterion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sub_criteria_sum(self) -> Criterion:
        if self.sub_criteria:
            total = sum((c.weight for c in self.sub_criteria), Decimal(0))
            if abs(total - self.weight) > _WEIGHT_TOLERANCE:
                raise ValueError(
                    f"Les sous-critères de « {self.name} » totalisent {_fmt(total)} alors que le "
                    f"critère pèse {_fmt(self.weight)} : corrigez les pondérations pour que leur "
                    "somme soit égale à celle du critère."
                )
        return self

    @property
    def is_price(self) -> bool:
        """True for the price criterion (« prix », « coût », « valeur financière »)."""
        lowered = self.name.lower()
        return any(word in lowered for word in ("prix", "coût", "cout", "financi"))


def check_criteria_total(criteria: list[Criterion], unit: WeightUnit) -> None:
    """Raise ``ValueError`` (French) unless the criteria weights sum to 100 (% or points)."""
    if not criteria:
        return
    total = sum((c.weight for c in criteria), Decimal(0))
    if abs(total - 100) > _WEIGHT_TOLERANCE:
        suffix = " %" if unit == WeightUnit.PERCENT else " points"
        raise ValueError(
            f"La somme des pondérations des critères est de {_fmt(total)}{suffix} : elle doit "
            f"être égale à 100{suffix}. Corrigez les pondérations comme indiqué dans le "
            "règlement de consultation."
        )


#: The dates of a tender that must not fall before (« before ») or after (« after ») an
#: earlier field, with the message that says so.
_DATE_ORDER: dict[str, tuple[tuple[str, str, str], ...]] = {
    "deadline": (
        ("published_on", "before",
         "La date limite de remise des offres est avant la date de publication : "
         "vérifiez les deux dates dans l'avis de marché."),
    ),
    "questions_deadline": (
        ("deadline", "after",
         "La date limite des questions est après la date limite de remise des offres : "
         "vérifiez les deux dates dans le règlement de consultation."),
    ),
    "candidatures_deadline": (
        ("published_on", "before",
         "La date limite des candidatures est avant la date de publication : vérifiez "
         "les deux dates dans l'avis de marché."),
        ("deadline", "after",
         "La date limite des candidatures est après la date limite de remise des offres :"
         " les candidatures viennent d'abord ; vérifiez les deux dates."),
    ),
    "invitation_on": (
        ("candidatures_deadline", "before",
         "L'invitation à soumissionner est datée d'avant la date limite des "
         "candidatures : vérifiez la date de la lettre d'invitation."),
        ("deadline", "after",
         "L'invitation à soumissionner est datée d'après la date limite de remise des "
         "offres : vérifiez les deux dates."),
    ),
}


def _out_of_order(value: date, bound: date, side: str) -> bool:
    """True when ``value`` falls before (``side="before"``) or after ``bound``: two moments
    are compared as such, a day and a moment by their days."""
    if not (isinstance(value, datetime) and isinstance(bound, datetime)):
        value = value.date() if isinstance(value, datetime) else value
        bound = bound.date() if isinstance(bound, datetime) else bound
    return value < bound if side == "before" else value > bound


class Tender(Entity):
    """One consultation and its dossier de réponse."""

    structure_id: int | None = None
    title: Annotated[
        str, not_blank("L'objet de la consultation est obligatoire : donnez-lui un titre.")
    ] = Field(min_length=1)
    buyer: str = ""
    reference: str = ""
    procedure: Procedure = Procedure.MAPA
    market_type: MarketType = MarketType.SERVICES
    lots: Annotated[list[Lot], numbered_once(
        lambda lot: lot.number,
        "Deux lots portent le même numéro : chaque numéro de lot est unique.",
    )] = Field(default_factory=list)
    cpv_codes: list[str] = Field(default_factory=list)
    platform_url: str = ""
    published_on: date | None = None
    deadline: LocalDateTime | None = None
    questions_deadline: LocalDateTime | None = None
    #: Two-phase procedures (AOR, négociée, dialogue): date limite des candidatures (R2161-6,
    #: R2161-12) and the day the buyer sent the invitation to tender (offers delay runs from it).
    candidatures_deadline: LocalDateTime | None = None
    invitation_on: date | None = None
    #: Days the buyer needs from the deadline to the award (default: the rules file's
    #: « award_delay_default », never beyond the offers' validity).
    award_delay_days: int | None = Field(default=None, ge=0, le=730)
    site_visit: SiteVisit | None = None
    site_visit_at: LocalDateTime | None = None
    offer_validity_days: int | None = Field(default=None, ge=1, le=730)
    variants: Variants | None = None
    groupement_form: GroupementForm | None = None
    #: The groupement answering this tender (members, répartition …); None when alone.
    groupement: Groupement | None = None
    weight_unit: WeightUnit = WeightUnit.PERCENT
    criteria: list[Criterion] = Field(default_factory=list)
    page_limit: int | None = Field(default=None, ge=1)
    status: TenderStatus = TenderStatus.VEILLE
    notes: str = ""
    created_at: LocalDateTime | None = None
    updated_at: LocalDateTime | None = None
    #: Upload settings (limits, formats, naming) and the « Dépôt effectué » record.
    deposit: Deposit | None = None
    #: The go / no-go: the RC's minimum turnover and the decision taken (who, when, why).
    go_no_go: GoNoGo | None = None

    @field_validator("cpv_codes")
    @classmethod
    def _cpv(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(normalize_cpv(code) for code in value if code.strip()))

    @field_validator("platform_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValueError(
                "Adresse de la plateforme invalide : elle doit commencer par https:// "
                "(copiez-la depuis la barre d'adresse du navigateur)."
            )
        return value

    @field_validator("criteria")
    @classmethod
    def _criteria(cls, value: list[Criterion], info: ValidationInfo) -> list[Criterion]:
        unit = info.data.get("weight_unit", WeightUnit.PERCENT)
        check_criteria_total(value, unit)
        return value

    @field_validator("deadline", "questions_deadline", "candidatures_deadline", "invitation_on")
    @classmethod
    def _in_order(cls, value: date | None, info: ValidationInfo) -> date | None:
        for other, side, message in _DATE_ORDER[str(info.field_name)]:
            bound = info.data.get(other)
            if value and bound and _out_of_order(value, bound, side):
                raise ValueError(message)
        return value

    @property
    def two_phase(self) -> bool:
        """True for procedures with a candidatures phase before the offers (AOR, négociée …)."""
        return self.procedure in TWO_PHASE_PROCEDURES

    @property
    def is_open(self) -> bool:
        """True while the dossier is still being prepared (veille or en préparation)."""
        return self.status in OPEN_STATUSES

    def days_left(self, today: date) -> int | None:
        """Calendar days from ``today`` to the deadline (negative once it has passed)."""
        return days_until(self.deadline, today)

    @property
    def next_deadline(self) -> datetime | None:
        """The offers deadline, or the candidatures one of a two-phase dossier not yet invited."""
        return self.deadline or self.candidatures_deadline

    @property
    def offers_deposited(self) -> bool:
        """True once the recorded deposit is the offer's. In a two-phase procedure a deposit
        made by the candidatures deadline (or before any offers deadline is known) is the
        candidature's: the offers phase is still to come (R2161-6 to R2161-9)."""
        record = self.deposit.record if self.deposit is not None else None
        if record is None:
            return False
        if self.candidatures_deadline is None:
            return True
        if self.deadline is None:
            return False
        if self.invitation_on is not None:  # offers are made once invited
            return record.deposited_at.date() >= self.invitation_on
        return record.deposited_at > self.candidatures_deadline

    def days_to_next_deadline(self, today: date) -> int | None:
        """Calendar days from ``today`` to :attr:`next_deadline` (negative once passed)."""
        return days_until(self.next_deadline, today)

    def estimated_total(self) -> Decimal | None:
        """Sum of the lots' estimated amounts, or ``None`` when no lot has one."""
        amounts = [lot.estimated_amount for lot in self.lots if lot.estimated_amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None
