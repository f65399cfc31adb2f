"""The groupement model: members, répartition by lot, sub-contractors, mandataire's powers."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from ..common import Amount, DomainModel
from ..enums import EssStatus, GroupementForm, LegalForm
from ..errors import InvalidInput
from ..fields import SiretText, check_unique, not_blank, numbered_once
from ..structure import Address, Contact
from .amounts import cents
from .forms import DEFAULT_PAYMENT, MERCHANT_FORMS, PaymentMode

_UID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class MandatairePowers(DomainModel):
    """What the other members empower the mandataire to do (habilitation, DC1 rubrique G)."""

    sign_candidature: bool = True
    sign_offer: bool = True
    negotiate: bool = True
    coordinate_execution: bool = True
    receive_payments: bool = True

    def labels(self) -> list[str]:
        """French text of every power granted, in the order of the convention."""
        return [text for key, text in POWER_LABELS.items() if getattr(self, key)]


POWER_LABELS: dict[str, str] = {
    "sign_candidature": "signer la candidature au nom de tous les membres",
    "sign_offer": "signer l'offre et ses modifications au nom de tous les membres",
    "negotiate": "mener la négociation avec l'acheteur",
    "coordinate_execution": "coordonner l'exécution des prestations et représenter le "
    "groupement auprès de l'acheteur",
    "receive_payments": "recevoir les paiements sur le compte unique du groupement",
}


class Member(DomainModel):
    """A member of the groupement: the user's structure or a partner of the partner book.

    Name, SIRET, address and contact are copied when the member is added, so the tender JSON
    stays complete on its own; ``uid`` identifies the member inside the groupement.
    The SIRET is checked by :func:`check_groupement` (not refused here) so a typo shows as a
    check, with its fix, instead of making the whole dossier unreadable.
    """

    uid: str = Field(min_length=1)
    name: Annotated[str, not_blank("Chaque membre du groupement doit avoir un nom.")] = Field(
        min_length=1
    )
    siret: SiretText = ""
    structure_id: int | None = None
    partner_id: int | None = None
    legal_form: LegalForm = LegalForm.ASSOCIATION
    address: Address = Field(default_factory=Address)
    contact: Contact = Field(default_factory=Contact)
    is_mandataire: bool = False
    lots: list[int] = Field(default_factory=list)
    headcount: int | None = Field(default=None, ge=0)
    ess_statuses: list[EssStatus] = Field(default_factory=list)
    #: For an ESAT: the organisme gestionnaire (association…), the legal person that signs.
    managing_body: str = ""
    #: Where the signatory's power comes from (statuts, délibération, délégation …).
    authority: str = ""

    @field_validator("uid")
    @classmethod
    def _uid(cls, value: str) -> str:
        if not _UID.match(value):
            raise ValueError("Identifiant de membre invalide : minuscules, chiffres et tirets.")
        return value


    @field_validator("lots")
    @classmethod
    def _lots(cls, value: list[int]) -> list[int]:
        return sorted(set(value))

    @property
    def role(self) -> str:
        """« Mandataire » or « Cotraitant »."""
        return "Mandataire" if self.is_mandataire else "Cotraitant"

    @property
    def is_esat(self) -> bool:
        """True for an ESAT, which has no legal personality of its own (LAW.md)."""
        return EssStatus.ESAT in self.ess_statuses or self.name.upper().startswith("ESAT ")

    @property
    def is_merchant(self) -> bool:
        """True when the member is a commercial company (art. 48 code de procédure civile)."""
        return self.legal_form in MERCHANT_FORMS and not self.is_esat


class RepartitionRow(DomainModel):
    """One prestation of a lot, the member who performs it, its amount HT and its share."""

    prestation: Annotated[
        str, not_blank("Chaque ligne de la répartition doit décrire la prestation.")
    ] = Field(min_length=1)
    member: str = Field(min_length=1, description="uid du membre")
    amount_ht: Amount
    share: Decimal = Field(ge=0, le=100, description="part du lot, en %")

    @field_validator("amount_ht", "share")
    @classmethod
    def _round(cls, value: Decimal) -> Decimal:
        return cents(value)


class LotRepartition(DomainModel):
    """The répartition of one lot (0 = marché non alloti) and the groupement's price for it."""

    lot: int = Field(ge=0)
    total_ht: Amount = Field(description="montant de l'offre du groupement, € HT")
    rows: list[RepartitionRow] = Field(default_factory=list)

    @field_validator("total_ht")
    @classmethod
    def _round(cls, value: Decimal) -> Decimal:
        return cents(value)

    def amounts_total(self) -> Decimal:
        """Sum of the rows' amounts HT."""
        return sum((r.amount_ht for r in self.rows), Decimal("0.00"))

    def shares_total(self) -> Decimal:
        """Sum of the rows' shares, in %."""
        return sum((r.share for r in self.rows), Decimal("0.00"))


class SubContractor(DomainModel):
    """A sub-contractor declared by a member (one DC4 each)."""

    name: Annotated[str, not_blank("Donnez le nom du sous-traitant.")] = Field(min_length=1)
    siret: SiretText = ""
    member: str = Field(min_length=1, description="uid du membre qui sous-traite")
    lot: int = Field(default=0, ge=0)
    prestations: str = ""
    amount_ttc: Amount


    @field_validator("amount_ttc")
    @classmethod
    def _round(cls, value: Decimal) -> Decimal:
        return cents(value)

    def direct_payment(self, threshold: Decimal) -> bool:
        """True when the sub-contract reaches the direct-payment threshold (R2193-10)."""
        return self.amount_ttc >= threshold


class Groupement(DomainModel):
    """The groupement answering one tender (stored inside the tender)."""

    form: GroupementForm = GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE
    members: list[Member] = Field(default_factory=list)
    repartition: Annotated[list[LotRepartition], numbered_once(
        lambda r: r.lot, "La répartition d'un même lot figure deux fois : fusionnez-les."
    )] = Field(default_factory=list)
    subcontractors: list[SubContractor] = Field(default_factory=list)
    powers: MandatairePowers = Field(default_factory=MandatairePowers)
    #: ``None``: the default of the form (:data:`DEFAULT_PAYMENT`), see :attr:`payment_mode`.
    payment: PaymentMode | None = None
    duration: str = Field(
        default="la durée du marché, garanties comprises",
        description="durée de la convention, en toutes lettres",
    )
    court: str = ""

    @field_validator("form")
    @classmethod
    def _form(cls, value: GroupementForm) -> GroupementForm:
        if value == GroupementForm.LIBRE:
            raise ValueError(
                "Choisissez la forme du groupement : conjoint, solidaire, ou conjoint avec "
                "mandataire solidaire (« forme libre » ne vaut que pour le RC)."
            )
        return value

    @model_validator(mode="after")
    def _references(self) -> Groupement:
        uids = [m.uid for m in self.members]
        check_unique(uids, "Deux membres portent le même identifiant.")
        known = set(uids)
        for lot in self.repartition:
            for row in lot.rows:
                if row.member not in known:
                    raise ValueError(
                        f"La prestation « {row.prestation} » est attribuée à un membre qui "
                        "n'est plus dans le groupement : attribuez-la à un autre membre."
                    )
        for sub in self.subcontractors:
            if sub.member not in known:
                raise ValueError(
                    f"Le sous-traitant « {sub.name} » dépend d'un membre qui n'est plus dans "
                    "le groupement : rattachez-le à un autre membre."
                )
        return self

    # --- reading -------------------------------------------------------------------------
    @property
    def payment_mode(self) -> PaymentMode:
        """How the buyer pays: the members' choice, else the default of the form."""
        return self.payment or DEFAULT_PAYMENT.get(self.form, PaymentMode.PAR_MEMBRE)

    @property
    def payment_is_default(self) -> bool:
        """True when no choice was made and the form's default applies."""
        return self.payment is None

    @property
    def all_merchants(self) -> bool:
        """True when every member is a merchant, so a court clause could bind them."""
        return bool(self.members) and all(m.is_merchant for m in self.members)

    @property
    def bidder_alone(self) -> bool:
        """True for a bidder answering alone, which keeps its sub-contractors here: a single
        member is no groupement (R2142-19), but it declares them (DC4) all the same."""
        return len(self.members) < 2

    def member(self, uid: str) -> Member | None:
        """The member with this uid, or ``None``."""
        return next((m for m in self.members if m.uid == uid), None)

    @property
    def mandataire(self) -> Member | None:
        """The (first) member flagged mandataire."""
        return next((m for m in self.members if m.is_mandataire), None)

    def lot(self, number: int) -> LotRepartition | None:
        """The répartition of lot ``number``, or ``None``."""
        return next((r for r in self.repartition if r.lot == number), None)

    def rows_of(self, uid: str) -> list[tuple[int, RepartitionRow]]:
        """Every (lot, row) performed by member ``uid``."""
        return [(lot.lot, row) for lot in self.repartition for row in lot.rows if row.member == uid]

    def member_totals(self) -> dict[str, Decimal]:
        """Amount HT per member uid, over every lot (members without rows at 0)."""
        totals = {m.uid: Decimal("0.00") for m in self.members}
        for lot in self.repartition:
            for row in lot.rows:
                totals[row.member] = totals.get(row.member, Decimal("0.00")) + row.amount_ht
        return totals

    def total_ht(self) -> Decimal:
        """Sum of the lots' totals HT."""
        return sum((r.total_ht for r in self.repartition), Decimal("0.00"))

    def new_uid(self, name: str) -> str:
        """A uid for a new member named ``name``, unused in this groupement."""
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        base = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:30].strip("-") or "membre"
        uid, n = base, 2
        taken = {m.uid for m in self.members}
        while uid in taken:
            uid, n = f"{base}-{n}", n + 1
        return uid

    # --- changing (each returns a new, validated groupement) -----------------------------
    def _changed(self, **changes: object) -> Groupement:
        payload = self.model_dump()
        payload.update(changes)
        return Groupement.model_validate(payload)

    def with_member(self, member: Member) -> Groupement:
        """A copy with ``member`` added; refused if the same structure is already a member."""
        for existing in self.members:
            same_ref = (
                member.partner_id is not None and existing.partner_id == member.partner_id
            ) or (
                member.structure_id is not None and existing.structure_id == member.structure_id
            )
            if same_ref or (member.siret and existing.siret == member.siret):
                raise InvalidInput(
                    {"members": f"« {member.name} » fait déjà partie du groupement."}
                )
        if member.uid in {m.uid for m in self.members}:
            member = member.model_copy(update={"uid": self.new_uid(member.name)})
        return self._changed(members=[*(m.model_dump() for m in self.members), member.model_dump()])

    def without_member(self, uid: str) -> Groupement:
        """A copy without member ``uid``; refused while it holds prestations or sub-contractors."""
        member = self.member(uid)
        if member is None:
            raise InvalidInput({"members": "Ce membre ne fait plus partie du groupement."})
        held = self.rows_of(uid)
        if held:
            lots = sorted({lot for lot, _row in held})
            where = ", ".join(f"lot {n}" if n else "marché" for n in lots)
            raise InvalidInput(
                {"members": f"Impossible de retirer « {member.name} » : ce membre réalise "
                 f"encore {len(held)} prestation(s) de la répartition ({where}). Attribuez-les "
                 "à un autre membre ou supprimez ces lignes, puis retirez-le."}
            )
        subs = [s.name for s in self.subcontractors if s.member == uid]
        if subs:
            raise InvalidInput(
                {"members": f"Impossible de retirer « {member.name} » : il déclare le ou les "
                 f"sous-traitants {', '.join(subs)}. Rattachez-les à un autre membre d'abord."}
            )
        return self._changed(members=[m.model_dump() for m in self.members if m.uid != uid])

    def with_mandataire(self, uid: str) -> Groupement:
        """A copy where member ``uid`` is the only mandataire."""
        if self.member(uid) is None:
            raise InvalidInput({"members": "Ce membre ne fait plus partie du groupement."})
        return self._changed(
            members=[{**m.model_dump(), "is_mandataire": m.uid == uid} for m in self.members]
        )

