"""A groupement momentané d'entreprises: members, répartition des prestations, checks.

Rounding rule (documented in docs/formats.md): amounts are kept to the cent and shares to
the hundredth of a percent. A lot's shares must total 100 % within 0.005 — so 99,99 % and
100,01 % are refused — and its amounts must add up to the lot total to the cent. A share and
its amount are kept consistent both ways by :func:`share_of` and :func:`amount_of`.

The RC-imposed form is ``Tender.groupement_form``; the direct-payment threshold of
sub-contractors (R2193-10) comes from the rules file and is passed in, never hard-coded here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator

from .. import fr
from .common import MAX_AMOUNT, Amount, DomainModel
from .enums import EssStatus, GroupementForm, LegalForm, label
from .errors import InvalidInput
from .identifiers import normalize_siret
from .structure import Address, Contact

if TYPE_CHECKING:
    from .tender import Tender

CENT = Decimal("0.01")
#: Shares are percentages with two decimals; they must total 100 within this tolerance.
SHARE_TOLERANCE = Decimal("0.005")
HUNDRED = Decimal(100)
_UID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to the cent (half up, as on an invoice)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def share_of(amount: Decimal, total: Decimal) -> Decimal:
    """The share (in %, two decimals) that ``amount`` is of ``total``; 0 when total is 0."""
    if total <= 0:
        return Decimal("0.00")
    return cents(amount * HUNDRED / total)


def amount_of(share: Decimal, total: Decimal) -> Decimal:
    """The amount (to the cent) that ``share`` % of ``total`` represents."""
    return cents(total * share / HUNDRED)


def format_eur(amount: Decimal | None, suffix: str = "") -> str:
    """French amount « 12 345,50 € » (narrow no-break spaces; see ``responder.fr``)."""
    if amount is None:
        return ""
    return fr.amount(cents(amount), suffix)


def format_share(share: Decimal) -> str:
    """French percentage « 33,33 % »."""
    return fr.percent(cents(share), 2)


def parse_amount(text: str) -> Decimal:
    """A Decimal from French input (« 12 345,50 », « 12345.5 € »); ``ValueError`` (French)."""
    cleaned = (
        text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        .replace("€", "").replace("%", "").replace(",", ".").strip()
    )
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(
            f"« {text} » n'est pas un nombre : écrivez par exemple 12500,50."
        ) from None
    if not value.is_finite():
        raise ValueError(f"« {text} » n'est pas un nombre : écrivez par exemple 12500,50.")
    if abs(value) > MAX_AMOUNT:
        # Beyond this, rounding to the cent leaves the decimal context (InvalidOperation).
        raise ValueError(f"« {text} » : montant trop grand, 1 000 milliards d'euros au plus.")
    return value


class PaymentMode(StrEnum):
    """How the buyer pays the groupement."""

    COMPTE_UNIQUE = "compte_unique"
    PAR_MEMBRE = "par_membre"


PAYMENT_LABELS: dict[PaymentMode, str] = {
    PaymentMode.COMPTE_UNIQUE: "Compte unique tenu par le mandataire",
    PaymentMode.PAR_MEMBRE: "Paiement séparé de chaque membre pour sa part",
}

#: Where each form's payment goes when the members say nothing (LAW.md « Groupements », M):
#: a conjoint groupement's members are each paid for their own share unless the CCAP says
#: otherwise; a solidaire groupement is paid on one account held by the mandataire unless the
#: members ask for separate payment.
DEFAULT_PAYMENT: dict[GroupementForm, PaymentMode] = {
    GroupementForm.CONJOINT: PaymentMode.PAR_MEMBRE,
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: PaymentMode.PAR_MEMBRE,
    GroupementForm.SOLIDAIRE: PaymentMode.COMPTE_UNIQUE,
}

#: The authorities behind the répartition checks: a conjoint member answers only for the
#: share set in a document signed by the buyer (CE 29 sept. 2010 n° 332068); solidaire
#: members represent one another before the buyer (CE 19 mai 2022 n° 454637).
REPARTITION_AUTHORITY: dict[GroupementForm, str] = {
    GroupementForm.CONJOINT: "R2142-20 ; CE 29 sept. 2010 n° 332068",
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: "R2142-20 ; CE 29 sept. 2010 n° 332068",
    GroupementForm.SOLIDAIRE: "R2142-20 ; CE 19 mai 2022 n° 454637",
}

#: Legal forms that make their holder a merchant (sociétés commerciales par la forme): only
#: between merchants does a clause choosing a court bind (art. 48 code de procédure civile).
MERCHANT_FORMS = frozenset({LegalForm.SARL, LegalForm.SAS, LegalForm.SA})

FORM_LABELS: dict[GroupementForm, str] = {
    GroupementForm.CONJOINT: "Groupement conjoint",
    GroupementForm.SOLIDAIRE: "Groupement solidaire",
    GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE: "Groupement conjoint avec mandataire solidaire",
    GroupementForm.LIBRE: "Forme libre",
}


def form_label(form: GroupementForm | None) -> str:
    """French name of a groupement form (« Groupement solidaire »); empty for ``None``."""
    return FORM_LABELS.get(form, label(form)) if form is not None else ""


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
    name: str = Field(min_length=1)
    siret: str = ""
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

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("Chaque membre du groupement doit avoir un nom.")
        return value

    @field_validator("siret", mode="before")
    @classmethod
    def _siret(cls, value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, str):
            return re.sub(r"[\s.\-]", "", value)
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

    prestation: str = Field(min_length=1)
    member: str = Field(min_length=1, description="uid du membre")
    amount_ht: Amount
    share: Decimal = Field(ge=0, le=100, description="part du lot, en %")

    @field_validator("prestation", mode="before")
    @classmethod
    def _prestation(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("Chaque ligne de la répartition doit décrire la prestation.")
        return value

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

    name: str = Field(min_length=1)
    siret: str = ""
    member: str = Field(min_length=1, description="uid du membre qui sous-traite")
    lot: int = Field(default=0, ge=0)
    prestations: str = ""
    amount_ttc: Amount

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("Donnez le nom du sous-traitant.")
        return value

    @field_validator("siret", mode="before")
    @classmethod
    def _siret(cls, value: object) -> object:
        if isinstance(value, str):
            return re.sub(r"[\s.\-]", "", value)
        return "" if value is None else value

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
    repartition: list[LotRepartition] = Field(default_factory=list)
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

    @field_validator("repartition")
    @classmethod
    def _lots(cls, value: list[LotRepartition]) -> list[LotRepartition]:
        numbers = [r.lot for r in value]
        if len(set(numbers)) != len(numbers):
            raise ValueError("La répartition d'un même lot figure deux fois : fusionnez-les.")
        return sorted(value, key=lambda r: r.lot)

    @model_validator(mode="after")
    def _references(self) -> Groupement:
        uids = [m.uid for m in self.members]
        if len(set(uids)) != len(uids):
            raise ValueError("Deux membres portent le même identifiant.")
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


# --- checks --------------------------------------------------------------------------------
class Severity(StrEnum):
    """An error blocks document generation; a warning or a reminder does not."""

    ERROR = "erreur"
    WARNING = "avertissement"
    INFO = "rappel"


SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "Erreur",
    Severity.WARNING: "Attention",
    Severity.INFO: "Rappel",
}


@dataclass(frozen=True)
class Check:
    """One finding about a groupement, with the article that grounds it."""

    severity: Severity
    code: str
    message_fr: str
    article: str
    member: str = ""
    lot: int | None = None

    @property
    def is_error(self) -> bool:
        """True when the finding blocks document generation."""
        return self.severity == Severity.ERROR

    def text(self) -> str:
        """« Erreur — message (R2142-24) »: the finding on one line."""
        return f"{SEVERITY_LABELS[self.severity]} — {self.message_fr} ({self.article})"


def lot_name(number: int) -> str:
    """« lot 2 », or « marché » for an unallotted contract (lot 0)."""
    return f"lot {number}" if number else "marché (non alloti)"


def _siret_checks(members: Sequence[Member]) -> list[Check]:
    found: list[Check] = []
    seen: dict[str, str] = {}
    for m in members:
        if not m.siret:
            found.append(Check(
                Severity.ERROR, "siret_manquant",
                f"« {m.name} » n'a pas de SIRET : renseignez-le (fiche du partenaire ou « Ma "
                "structure »), il figure au DC1 pour chaque membre.",
                "R2143-3 ; DC1 rubrique E", m.uid))
            continue
        try:
            siret = normalize_siret(m.siret)
        except ValueError as exc:
            found.append(Check(
                Severity.ERROR, "siret_invalide", f"« {m.name} » : {exc}",
                "R2143-3 ; DC1 rubrique E", m.uid))
            continue
        if siret in seen:
            found.append(Check(
                Severity.ERROR, "siret_double",
                f"« {m.name} » et « {seen[siret]} » ont le même SIRET {siret} : chaque membre "
                "est une entreprise distincte, corrigez le numéro de l'un d'eux.",
                "R2142-19", m.uid))
        else:
            seen[siret] = m.name
    return found


def _form_checks(groupement: Groupement, rc_form: GroupementForm | None) -> list[Check]:
    if rc_form is None or rc_form == GroupementForm.LIBRE or rc_form == groupement.form:
        return []
    form = form_label(groupement.form).lower()
    if (
        rc_form == GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE
        and groupement.form == GroupementForm.CONJOINT
    ):
        return [Check(
            Severity.ERROR, "forme_interdite",
            "Le règlement de consultation exige que le mandataire d'un groupement conjoint soit "
            "solidaire des autres membres : choisissez « conjoint avec mandataire solidaire » "
            "ou « solidaire ».",
            "R2142-24")]
    if rc_form == GroupementForm.SOLIDAIRE:
        return [Check(
            Severity.WARNING, "forme_apres_attribution",
            f"Le RC demande un groupement solidaire et vous déclarez un {form} : l'acheteur ne "
            "peut pas imposer de forme pour la candidature, mais peut exiger la "
            "transformation en groupement solidaire après l'attribution. Prévoyez-le.",
            "R2142-22")]
    return []


def check_groupement(
    groupement: Groupement,
    tender: Tender,
    *,
    direct_payment_threshold: Decimal,
    missing_pieces: Mapping[str, Sequence[str]] | None = None,
) -> list[Check]:
    """Every finding about ``groupement`` for ``tender``, errors first.

    ``direct_payment_threshold`` is the R2193-10 threshold read from the rules file;
    ``missing_pieces`` maps a member uid to the pieces of the checklist it still owes.
    """
    found: list[Check] = []
    members = groupement.members
    if len(members) < 2:
        found.append(Check(
            Severity.ERROR, "membres_insuffisants",
            "Un groupement réunit au moins deux opérateurs économiques : ajoutez un partenaire "
            "depuis le carnet « Partenaires ».",
            "R2142-19"))
    mandataires = [m for m in members if m.is_mandataire]
    if len(mandataires) != 1:
        found.append(Check(
            Severity.ERROR, "mandataire",
            "Aucun mandataire n'est désigné : choisissez le membre qui représente le "
            "groupement." if not mandataires else
            f"{len(mandataires)} membres sont désignés mandataires "
            f"({', '.join(m.name for m in mandataires)}) : un seul membre peut l'être.",
            "R2142-24"))
    found.extend(_siret_checks(members))
    found.extend(_form_checks(groupement, tender.groupement_form))

    authority = REPARTITION_AUTHORITY.get(groupement.form, "R2142-20")
    tender_lots = [lot.number for lot in tender.lots] or [0]
    applied = sorted({n for m in members for n in m.lots} & set(tender_lots))
    for m in members:
        unknown = [n for n in m.lots if n not in tender_lots]
        if unknown:
            found.append(Check(
                Severity.ERROR, "lot_inconnu",
                f"« {m.name} » se présente au lot {', '.join(map(str, unknown))}, qui n'existe "
                "pas dans cette consultation : corrigez ses lots.",
                "DC1 rubrique C", m.uid))
        if not m.lots:
            found.append(Check(
                Severity.ERROR, "membre_sans_lot",
                f"« {m.name} » ne se présente à aucun lot : cochez au moins un lot ou "
                "retirez-le du groupement.", "DC1 rubrique C", m.uid))
        if not groupement.rows_of(m.uid):
            found.append(Check(
                Severity.ERROR, "membre_sans_prestation",
                f"« {m.name} » n'a aucune prestation dans la répartition : seule une "
                "répartition signée par l'acheteur limite l'engagement de chaque membre à sa "
                "part ; attribuez-lui ses prestations.",
                authority, m.uid))

    for number in applied:
        lot = groupement.lot(number)
        if lot is None or not lot.rows:
            found.append(Check(
                Severity.ERROR, "lot_sans_repartition",
                f"La répartition des prestations du {lot_name(number)} est vide : "
                "détaillez qui fait quoi et pour quel montant.",
                authority, lot=number))
    for lot in groupement.repartition:
        where = lot_name(lot.lot)
        if lot.lot not in tender_lots:
            found.append(Check(
                Severity.ERROR, "repartition_lot_inconnu",
                f"Une répartition porte sur le {where}, qui n'existe pas dans la consultation : "
                "supprimez-la.", "DC1 rubrique C", lot=lot.lot))
            continue
        if not lot.rows:
            continue
        shares = lot.shares_total()
        if abs(shares - HUNDRED) > SHARE_TOLERANCE:
            found.append(Check(
                Severity.ERROR, "parts_total",
                f"Les parts du {where} totalisent {format_share(shares)} au lieu de 100 % : "
                "corrigez-les pour que leur somme fasse exactement 100,00 %.",
                authority, lot=lot.lot))
        amounts = lot.amounts_total()
        if amounts != lot.total_ht:
            found.append(Check(
                Severity.ERROR, "montants_total",
                f"Les montants du {where} totalisent {format_eur(amounts, 'HT')} alors que le "
                f"lot vaut {format_eur(lot.total_ht, 'HT')} : l'écart est de "
                f"{format_eur(abs(lot.total_ht - amounts))}.",
                authority, lot=lot.lot))
        for row in lot.rows:
            member = groupement.member(row.member)
            if member is not None and lot.lot not in member.lots and lot.lot != 0:
                found.append(Check(
                    Severity.ERROR, "membre_hors_lot",
                    f"« {member.name} » réalise « {row.prestation} » au {where} mais ne se "
                    "présente pas à ce lot : cochez le lot pour ce membre.",
                    "DC1 rubrique E", member.uid, lot.lot))
            # A share rounded to 0,01 % moves its amount by up to 0,005 % of the lot.
            slack = cents(lot.total_ht * SHARE_TOLERANCE / HUNDRED) + CENT
            if lot.total_ht > 0 and abs(
                amount_of(row.share, lot.total_ht) - row.amount_ht
            ) > slack:
                found.append(Check(
                    Severity.WARNING, "part_montant",
                    f"« {row.prestation} » ({where}) : {format_share(row.share)} du lot font "
                    f"{format_eur(amount_of(row.share, lot.total_ht))}, pas "
                    f"{format_eur(row.amount_ht)}. Retapez le montant ou la part.",
                    authority, row.member, lot.lot))

    for sub in groupement.subcontractors:
        owner = groupement.member(sub.member)
        owner_name = owner.name if owner else sub.member
        if sub.siret:
            try:
                normalize_siret(sub.siret)
            except ValueError as exc:
                found.append(Check(
                    Severity.ERROR, "sous_traitant_siret", f"Sous-traitant « {sub.name} » : {exc}",
                    "DC4", sub.member))
        if sub.direct_payment(direct_payment_threshold):
            found.append(Check(
                Severity.INFO, "paiement_direct",
                f"« {sub.name} », sous-traitant de « {owner_name} » pour "
                f"{format_eur(sub.amount_ttc, 'TTC')}, sera payé directement par l'acheteur "
                f"(dès {format_eur(direct_payment_threshold, 'TTC')}) : joignez son DC4.",
                "R2193-10", sub.member))
        else:
            found.append(Check(
                Severity.INFO, "sous_traitant_dc4",
                f"« {sub.name} » ({format_eur(sub.amount_ttc, 'TTC')}) reste payé par "
                f"« {owner_name} » : déclarez-le tout de même par un DC4.", "R2193-10",
                sub.member))

    payment = groupement.payment_mode
    if payment == PaymentMode.COMPTE_UNIQUE and not groupement.powers.receive_payments:
        found.append(Check(
            Severity.WARNING, "paiement_pouvoir",
            "Le paiement se fait sur le compte unique du mandataire, mais il n'a pas le pouvoir "
            "de recevoir les paiements : cochez ce pouvoir ou choisissez un paiement séparé.",
            "R2142-24"))
    if groupement.form != GroupementForm.SOLIDAIRE and payment == PaymentMode.COMPTE_UNIQUE:
        found.append(Check(
            Severity.WARNING, "paiement_conjoint",
            "En groupement conjoint, chaque membre est payé séparément pour sa part, sauf "
            "stipulation contraire du CCAP (à vérifier) : un compte unique tenu par le "
            "mandataire suppose l'accord écrit de tous les membres.", "R2142-20"))
    for m in members:
        if m.is_esat and not m.managing_body.strip():
            found.append(Check(
                Severity.WARNING, "esat_gestionnaire",
                f"« {m.name} » est un ESAT : il n'a pas la personnalité morale, c'est son "
                "organisme gestionnaire (association, établissement public…) qui signe la "
                "convention et le marché. Indiquez-le (« Organisme gestionnaire » sous la "
                "liste des membres).",
                "L344-2 CASF ; R2142-19", m.uid))

    for m in members:
        pieces = list((missing_pieces or {}).get(m.uid, ()))
        if pieces:
            shown = ", ".join(pieces[:2]) + (" …" if len(pieces) > 2 else "")
            found.append(Check(
                Severity.WARNING, "pieces_membre",
                f"« {m.name} » doit encore fournir {len(pieces)} pièce(s) ({shown}) : voir "
                "l'onglet « Pièces ».", "R2143-3 ; R2144-7", m.uid))

    found.append(Check(
        Severity.INFO, "composition_figee",
        "La composition du groupement est figée du dépôt de la candidature à la signature du "
        "marché : vérifiez maintenant que chaque partenaire s'engage.", "R2142-26"))
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found, key=lambda c: order[c.severity])


def blocking(checks: Sequence[Check]) -> list[Check]:
    """The checks that block document generation."""
    return [c for c in checks if c.is_error]


__all__ = [
    "DEFAULT_PAYMENT",
    "REPARTITION_AUTHORITY",
    "Check",
    "Groupement",
    "LotRepartition",
    "MandatairePowers",
    "Member",
    "PaymentMode",
    "RepartitionRow",
    "Severity",
    "SubContractor",
    "amount_of",
    "blocking",
    "check_groupement",
    "share_of",
]
