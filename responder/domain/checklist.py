"""The requirement catalogue and a dossier's checklist of pieces (pure rules, no I/O).

The catalogue (``resources/catalogue/requirements.json``) describes each standard piece once:
stable key, French label, phase, who provides it in a groupement, explanation, legal basis,
and for attestations a validity rule. A ``Checklist`` is generated from a tender and its
members (the structure alone until the groupement builder feeds more), then edited by the
user; regeneration keeps every user edit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from pydantic import Field, ValidationError, field_validator, model_validator

from .common import (
    DomainModel,
    Entity,
    FileHash,
    InvalidInput,
    LocalDateTime,
    french_errors,
)
from .enums import LegalForm, MarketType, SiteVisit
from .groupement import Groupement
from .tender import Tender
from .validity import STATE_LABELS, ValidityRule, ValidityState


class Phase(StrEnum):
    """When a piece is handed in: with the candidature, the offer, or by the winner."""

    CANDIDATURE = "candidature"
    OFFRE = "offre"
    ATTRIBUTAIRE = "attributaire"


class Due(StrEnum):
    """When a piece must be in the buyer's hands.

    ``depot``: with the candidature or the offer, before the deadline (a missing one can
    eliminate the answer). ``attribution``: only if you win — the buyer asks the candidate
    ranked first before the award (R2144-4) and discards it if they are not given in time
    (R2144-7).
    """

    DEPOT = "depot"
    ATTRIBUTION = "attribution"


def due_of(phase: Phase) -> Due:
    """Pieces of the attributaire are due at the award; the others at the deposit."""
    return Due.ATTRIBUTION if phase == Phase.ATTRIBUTAIRE else Due.DEPOT


DUE_LABELS: dict[Due, str] = {
    Due.DEPOT: "À remettre au dépôt",
    Due.ATTRIBUTION: "Si vous êtes retenu",
}


class Provider(StrEnum):
    """Who provides a piece in a groupement."""

    EACH_MEMBER = "each_member"
    MANDATAIRE = "mandataire"
    GROUPEMENT = "groupement"


class ItemStatus(StrEnum):
    """Where a piece stands."""

    A_FAIRE = "a_faire"
    EN_COURS = "en_cours"
    PRET = "pret"
    SANS_OBJET = "sans_objet"


PHASE_LABELS: dict[Phase, str] = {
    Phase.CANDIDATURE: "Candidature",
    Phase.OFFRE: "Offre",
    Phase.ATTRIBUTAIRE: "Pièces de l'attributaire",
}
PROVIDER_LABELS: dict[Provider, str] = {
    Provider.EACH_MEMBER: "Chaque membre",
    Provider.MANDATAIRE: "Le mandataire",
    Provider.GROUPEMENT: "Le groupement",
}
STATUS_LABELS: dict[ItemStatus, str] = {
    ItemStatus.A_FAIRE: "À faire",
    ItemStatus.EN_COURS: "En cours",
    ItemStatus.PRET: "Prêt",
    ItemStatus.SANS_OBJET: "Sans objet",
}
_PHASE_ORDER = {phase: index for index, phase in enumerate(Phase)}


def french_date(day: date | None) -> str:
    """``18/12/2026``; empty text for ``None``."""
    return day.strftime("%d/%m/%Y") if day else ""


# --- the catalogue ----------------------------------------------------------------------------
class Requirement(DomainModel):
    """One standard piece of the catalogue."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    association_label: str = ""
    phase: Phase
    provider: Provider
    explanation: str = Field(min_length=1)
    where: str = ""
    legal_basis: str | None = None
    vault: bool = False
    validity: ValidityRule | None = None
    association_validity: ValidityRule | None = None
    aliases: list[str] = Field(default_factory=list)

    def label_for(self, is_association: bool = False) -> str:
        """The label to show, « Statuts et récépissé (RNA) » for an association's Kbis."""
        if is_association and self.association_label:
            return self.association_label
        return self.label

    def rule_for(self, is_association: bool = False) -> ValidityRule | None:
        """The validity rule for this holder; an association's statuts do not expire."""
        if is_association and "association_validity" in self.model_fields_set:
            return self.association_validity
        return self.validity


class Catalogue(DomainModel):
    """The requirement catalogue: dated, one entry per key, aliases resolved to keys."""

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"updated"})

    updated: date
    source_note: str = ""
    requirements: list[Requirement]

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        seen: set[str] = set()
        for req in self.requirements:
            for name in (req.key, *req.aliases):
                if name in seen:
                    raise ValueError(f"Clé « {name} » en double dans le catalogue des pièces.")
                seen.add(name)
        return self

    @classmethod
    def from_json(cls, text: str) -> Catalogue:
        """Parse the catalogue file; ``InvalidInput`` (French) when it is damaged."""
        try:
            return cls.model_validate(json.loads(text))
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                {"": f"Le catalogue des pièces n'est pas un JSON valide (ligne {exc.lineno})."}
            ) from exc
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc

    def resolve(self, key: str) -> str | None:
        """The catalogue key for ``key`` or one of its aliases (« dc2 », « rne »), or ``None``."""
        wanted = key.strip().lower()
        for req in self.requirements:
            if wanted == req.key or wanted in req.aliases:
                return req.key
        return None

    def get(self, key: str) -> Requirement | None:
        """The entry for ``key`` (or an alias), or ``None``."""
        canonical = self.resolve(key)
        if canonical is None:
            return None
        return next(req for req in self.requirements if req.key == canonical)

    def require(self, key: str, field: str = "kind") -> Requirement:
        """The entry for ``key``; ``InvalidInput`` on ``field`` listing the keys otherwise."""
        found = self.get(key)
        if found is None:
            raise InvalidInput(
                {field: f"pièce « {key} » inconnue du catalogue. Clés possibles : "
                 f"{', '.join(self.keys())}."}
            )
        return found

    def keys(self) -> list[str]:
        """Every key, in catalogue order."""
        return [req.key for req in self.requirements]

    def vault_keys(self) -> list[str]:
        """Keys of the documents kept in the vault (attestations and standing documents)."""
        return [req.key for req in self.requirements if req.vault]


# --- members and items ------------------------------------------------------------------------
class ChecklistMember(DomainModel):
    """A structure that owes pieces: the candidate alone, or a member of the groupement.

    ``structure_id`` links to a structure of the workspace (its vault feeds the attestations);
    a partner outside the workspace has none.
    """

    name: str = Field(min_length=1)
    siret: str | None = None
    is_mandataire: bool = False
    structure_id: int | None = None
    is_association: bool = False
    headcount: int | None = Field(default=None, ge=0)

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("Chaque membre doit avoir un nom.")
        return value

    @property
    def member_key(self) -> str:
        """Stable identity of the member inside a checklist: SIRET, else the folded name."""
        return self.siret or slug(self.name)


def slug(text: str) -> str:
    """Lower-case ASCII identifier from French text (« Jardins & Cie » → ``jardins-cie``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


class ChecklistItem(DomainModel):
    """One piece to hand in, owed by one member (or the groupement), for some lots."""

    uid: str = Field(min_length=1)
    key: str = Field(min_length=1)
    label: str = Field(min_length=1)
    phase: Phase
    lots: list[int] = Field(default_factory=list)
    member: str = ""
    member_key: str = ""
    for_groupement: bool = False
    status: ItemStatus = ItemStatus.A_FAIRE
    reason: str = ""
    required: bool = True
    custom: bool = False
    hidden: bool = False
    file_hash: FileHash | None = None
    file_name: str = ""
    note: str = ""
    due_on: date | None = None

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("Donnez un intitulé à la pièce.")
        return value

    @model_validator(mode="after")
    def _reason(self) -> ChecklistItem:
        if self.status == ItemStatus.SANS_OBJET and not self.reason.strip():
            raise ValueError(
                "Indiquez pourquoi cette pièce est sans objet (par exemple « moins de 20 "
                "salariés » ou « pas de sous-traitant »)."
            )
        return self

    @property
    def touched(self) -> bool:
        """True once the user has put something in the item (status, file, note, date)."""
        return bool(
            self.status != ItemStatus.A_FAIRE or self.file_hash or self.note or self.due_on
        )

    @property
    def counted(self) -> bool:
        """Whether the item counts in the progress (not hidden, not « sans objet »)."""
        return not self.hidden and self.status != ItemStatus.SANS_OBJET

    @property
    def due(self) -> Due:
        """``depot`` (candidature, offre) or ``attribution`` (pièces de l'attributaire)."""
        return due_of(self.phase)


class Checklist(Entity):
    """The checklist of one dossier: its members, what the RC asks for, and the items."""

    tender_id: int
    structure_id: int | None = None
    title: str = ""
    members: list[ChecklistMember] = Field(default_factory=list)
    requested_keys: list[str] = Field(default_factory=list)
    use_dume: bool = False
    items: list[ChecklistItem] = Field(default_factory=list)
    created_at: LocalDateTime | None = None
    updated_at: LocalDateTime | None = None

    @field_validator("members")
    @classmethod
    def _one_mandataire(cls, value: list[ChecklistMember]) -> list[ChecklistMember]:
        keys = [m.member_key for m in value]
        if len(set(keys)) != len(keys):
            raise ValueError(
                "Deux membres du groupement ont le même SIRET ou le même nom : chaque membre "
                "ne figure qu'une fois."
            )
        mandataires = [m for m in value if m.is_mandataire]
        if len(mandataires) > 1:
            raise ValueError("Un seul membre peut être mandataire du groupement.")
        if value and not mandataires:
            value = [value[0].model_copy(update={"is_mandataire": True}), *value[1:]]
        return value

    @field_validator("items")
    @classmethod
    def _unique_items(cls, value: list[ChecklistItem]) -> list[ChecklistItem]:
        uids = [item.uid for item in value]
        if len(set(uids)) != len(uids):
            raise ValueError("Deux pièces de la liste ont le même identifiant.")
        return value

    @property
    def mandataire(self) -> ChecklistMember | None:
        """The mandataire (the structure itself when it answers alone)."""
        return next((m for m in self.members if m.is_mandataire), None)

    @property
    def is_groupement(self) -> bool:
        """True with two members or more."""
        return len(self.members) > 1

    def item(self, uid: str) -> ChecklistItem | None:
        """The item with this ``uid``, or ``None``."""
        return next((i for i in self.items if i.uid == uid), None)


# --- generation -------------------------------------------------------------------------------
#: Candidature pieces every dossier gets (besides DC1/DC2 or the DUME).
BASE_CANDIDATURE = (
    "pouvoir_signataire",
    "capacite_financiere",
    "references",
    "moyens_humains",
    "moyens_materiels",
)
#: Pieces the winner hands in before award (R2144-7: missing ones eliminate the offer).
BASE_ATTRIBUTAIRE = (
    "kbis",
    "attestation_urssaf",
    "attestation_fiscale",
    "attestation_assurance",
    "liste_salaries_etrangers",
    "rib",
)
PRICE_KEYS = frozenset({"bpu", "dpgf", "dqe", "devis"})
#: Offer pieces drawn up once per lot when the tender has lots.
PER_LOT_KEYS = frozenset({"acte_engagement", "memoire_technique", *PRICE_KEYS})
#: Headcount from which the obligation to employ disabled workers applies (L5212-1).
HANDICAP_HEADCOUNT = 20


def standard_keys(
    tender: Tender, requested: Iterable[str] = (), use_dume: bool = False
) -> list[str]:
    """Catalogue keys a dossier needs, from the tender and the pieces the RC asks for.

    DUME or DC1 + DC2; agrément when a lot is reserved; attestation de visite only when the
    visit is obligatoire; DPGF for travaux, BPU + DQE otherwise unless the RC names its price
    pieces; fiches techniques for fournitures; then anything else the RC asks for.
    """
    asked = list(dict.fromkeys(requested))
    keys: list[str] = []
    if use_dume or "dume" in asked:
        keys.append("dume")
    else:
        keys += ["lettre_candidature", "declaration_candidat"]
    keys += BASE_CANDIDATURE
    if any(lot.reserved for lot in tender.lots):
        keys.append("agrement_structure")
    keys += ["acte_engagement", "memoire_technique"]
    asked_prices = [k for k in asked if k in PRICE_KEYS]
    if asked_prices:
        keys += asked_prices
    elif tender.market_type == MarketType.TRAVAUX:
        keys.append("dpgf")
    else:
        keys += ["bpu", "dqe"]
    if tender.market_type == MarketType.FOURNITURES:
        keys.append("fiches_techniques")
    if tender.site_visit == SiteVisit.OBLIGATOIRE:
        keys.append("attestation_visite")
    keys += BASE_ATTRIBUTAIRE
    keys.append("attestation_handicap")
    for key in asked:
        if key not in keys and key not in ("lettre_candidature", "declaration_candidat"):
            keys.append(key)
    return keys


def _item_uid(key: str, owner: str, lot: int | None = None) -> str:
    return f"{key}@{owner}" + (f"#lot{lot}" if lot is not None else "")


def generate_items(
    tender: Tender,
    catalogue: Catalogue,
    members: list[ChecklistMember],
    requested: Iterable[str] = (),
    use_dume: bool = False,
) -> list[ChecklistItem]:
    """The standard items of a dossier, before any user edit.

    Member-owned pieces (DC2, attestations …) appear once per member; groupement pieces
    (DC1, acte d'engagement, mémoire) once, owned by the mandataire, and once per lot for
    offer pieces when the tender has lots.
    """
    if not members:
        raise InvalidInput({"members": "Le dossier doit avoir au moins un membre qui répond."})
    requested = [catalogue.resolve(k) or k for k in requested]
    mandataire = next((m for m in members if m.is_mandataire), members[0])
    all_lots = [lot.number for lot in tender.lots]
    reserved_lots = [lot.number for lot in tender.lots if lot.reserved]
    solidaire = tender.groupement_form is not None and tender.groupement_form.value == "solidaire"
    items: list[ChecklistItem] = []
    subcontractor_items = _subcontractor_items(tender, catalogue, members)
    for key in standard_keys(tender, requested, use_dume):
        req = catalogue.get(key)
        if req is None or (key == SUBCONTRACT_KEY and subcontractor_items):
            continue
        lots = reserved_lots if key == "agrement_structure" else []
        if req.provider == Provider.EACH_MEMBER and not (key == "rib" and solidaire):
            for member in members:
                if key == "attestation_handicap" and key not in requested and (
                    member.headcount is None or member.headcount < HANDICAP_HEADCOUNT
                ):
                    continue
                items.append(
                    ChecklistItem(
                        uid=_item_uid(key, member.member_key),
                        key=key,
                        label=req.label_for(member.is_association),
                        phase=req.phase,
                        lots=lots,
                        member=member.name,
                        member_key=member.member_key,
                    )
                )
            continue
        group_level = req.provider == Provider.GROUPEMENT
        owner = "groupement" if group_level else mandataire.member_key
        per_lot = key in PER_LOT_KEYS and len(all_lots) > 1
        for lot in all_lots if per_lot else [None]:
            items.append(
                ChecklistItem(
                    uid=_item_uid(key, owner, lot),
                    key=key,
                    label=req.label_for(mandataire.is_association and not group_level),
                    phase=req.phase,
                    lots=[lot] if lot is not None else lots,
                    member=mandataire.name,
                    member_key=mandataire.member_key,
                    for_groupement=group_level and len(members) > 1,
                )
            )
    return items + subcontractor_items


#: The catalogue piece « Déclaration de sous-traitance (DC4) ».
SUBCONTRACT_KEY = "sous_traitance"


def _subcontractor_items(
    tender: Tender, catalogue: Catalogue, members: list[ChecklistMember]
) -> list[ChecklistItem]:
    """One DC4 per sub-contractor of the groupement, owed by the member who declares it."""
    req = catalogue.get(SUBCONTRACT_KEY)
    groupement = tender.groupement
    if req is None or groupement is None or not members:
        return []
    by_key = {m.member_key: m for m in members}
    fallback = next((m for m in members if m.is_mandataire), members[0])
    items: list[ChecklistItem] = []
    for sub in groupement.subcontractors:
        declaring = groupement.member(sub.member)
        owner = by_key.get((declaring.siret or slug(declaring.name)) if declaring else "",
                           fallback)
        items.append(ChecklistItem(
            uid=_item_uid(SUBCONTRACT_KEY, f"{owner.member_key}:{slug(sub.name)}"),
            key=SUBCONTRACT_KEY,
            label=f"{req.label} – {sub.name}",
            phase=req.phase,
            lots=[sub.lot] if sub.lot else [],
            member=owner.name,
            member_key=owner.member_key,
        ))
    return items


_USER_FIELDS = ("status", "reason", "file_hash", "file_name", "note", "due_on", "hidden")


def merge_items(
    existing: list[ChecklistItem], generated: list[ChecklistItem]
) -> list[ChecklistItem]:
    """Regenerated items with the user's edits carried over (by ``uid``).

    Custom items are kept. A standard item that is no longer generated is dropped, unless the
    user put something in it: then it is kept as a custom item, so no file or note is lost.
    """
    previous = {item.uid: item for item in existing}
    result: list[ChecklistItem] = []
    for new in generated:
        old = previous.pop(new.uid, None)
        if old is not None and not old.custom:
            new = new.model_copy(update={name: getattr(old, name) for name in _USER_FIELDS})
        result.append(new)
    for old in existing:
        if old.uid not in previous:
            continue
        if old.custom:
            result.append(old)
        elif old.touched:
            result.append(old.model_copy(update={"custom": True}))
    order = {id(item): index for index, item in enumerate(result)}
    return sorted(result, key=lambda i: (_PHASE_ORDER[i.phase], i.custom, order[id(i)]))


def custom_uid(label: str, existing: Iterable[str]) -> str:
    """A new unique ``uid`` for a custom item titled ``label``."""
    taken = set(existing)
    base = f"custom:{slug(label)}"
    uid, n = base, 2
    while uid in taken:
        uid, n = f"{base}-{n}", n + 1
    return uid


# --- state of each item and progress ----------------------------------------------------------
class AttestationCheck(DomainModel):
    """What the vault says about the document matching an item, at the dossier's deadline."""

    document_id: int | None = None
    document_label: str = ""
    file_hash: FileHash | None = None
    file_name: str = ""
    dated: date | None = None
    expires_on: date | None = None
    state: ValidityState = ValidityState.MANQUANT
    renew_by: date | None = None
    guidance: bool = False
    rule_text: str = ""

    #: Computed from a stored vault document, which may predate the date bounds.
    OWN_DATE_CHECK = frozenset({"dated", "expires_on", "renew_by"})


class ChecklistRow(DomainModel):
    """An item with everything a screen, the CLI or the bordereau shows (French strings)."""

    #: Computed from the stored dossier (its deadline may predate the date bounds).
    OWN_DATE_CHECK = frozenset({"deadline", "award_date"})

    item: ChecklistItem
    requirement: Requirement | None = None
    number: int = 0
    is_attestation: bool = False
    check: AttestationCheck | None = None
    ready: bool = False
    blocking: bool = False
    to_check: bool = False
    alert: str = ""
    status_label: str = ""
    phase_label: str = ""
    lots_label: str = ""
    owner_label: str = ""
    deadline: date | None = None
    award_date: date | None = None

    @property
    def due(self) -> Due:
        """When the piece is due: at the deposit or, for the winner, at the award."""
        return self.item.due

    @property
    def due_label(self) -> str:
        """« À remettre au dépôt » or « Si vous êtes retenu »."""
        return DUE_LABELS[self.item.due]

    def valid_on(self, day: date | None) -> bool | None:
        """For attestations: a document is on file, not expired today, and valid on ``day``."""
        if not self.is_attestation:
            return None
        check = self.check
        if check is None or check.document_id is None or check.state == ValidityState.EXPIRE:
            return False
        if day is None or check.expires_on is None:
            return True
        return check.expires_on >= day

    @property
    def valid_at_deadline(self) -> bool | None:
        """For attestations: valid on the deadline day (``None`` for other pieces)."""
        if self.deadline is None and self.is_attestation and self.check is not None:
            return self.check.state == ValidityState.VALIDE and self.check.document_id is not None
        return self.valid_on(self.deadline)

    @property
    def valid_at_award(self) -> bool | None:
        """For attestations: still valid on the expected award date (``None`` when unknown)."""
        if self.award_date is None:
            return None if not self.is_attestation else self.valid_at_deadline
        return self.valid_on(self.award_date)

    @property
    def expires_on(self) -> date | None:
        """For attestations: last valid day of the matching vault document."""
        return self.check.expires_on if self.check else None


class Progress(DomainModel):
    """« 14 / 19 pièces prêtes, 2 bloquantes »."""

    ready: int = 0
    total: int = 0
    #: Pieces due at the deposit that are not ready (only those can eliminate the answer).
    blocking: int = 0
    to_check: int = 0
    #: Pieces of the attributaire (due only if you win) not ready yet.
    at_award: int = 0

    @property
    def text(self) -> str:
        """The progress sentence shown above the checklist."""
        noun = "pièce prête" if self.total <= 1 else "pièces prêtes"  # « 1 / 3 pièces »
        text = f"{self.ready} / {self.total} {noun}"
        if self.blocking:
            text += f", {self.blocking} bloquante{'s' if self.blocking > 1 else ''}"
        if self.to_check:
            text += f", {self.to_check} à vérifier"
        if self.at_award:
            text += f", {self.at_award} à préparer si retenu"
        return text


def owner_label(item: ChecklistItem) -> str:
    """Who owes the piece, in French (« Groupement (mandataire : X) » for group pieces)."""
    if item.for_groupement:
        return f"Groupement (mandataire : {item.member})"
    return item.member


def lots_label(lots: list[int]) -> str:
    """« Lot 1 », « Lots 1, 3 » or « Tous les lots »."""
    if not lots:
        return "Tous les lots"
    if len(lots) == 1:
        return f"Lot {lots[0]}"
    return "Lots " + ", ".join(str(n) for n in lots)


def assess(
    item: ChecklistItem,
    requirement: Requirement | None,
    check: AttestationCheck | None,
    deadline: date | None,
    award_date: date | None = None,
) -> tuple[bool, bool, bool, str]:
    """(ready, blocking, to_check, alert) for one item.

    A matching vault document valid at the date that matters makes the piece ready: the
    deadline for pieces due at the deposit, the expected award for the attributaire's pieces
    (the ``check`` is then computed at ``award_date``). Only pieces due at the deposit can
    block: the attributaire's are asked of the winner after ranking (R2144-4), so an expiry
    there is a renewal to plan, not a reason to miss the deadline. An attestation expired or
    expiring before its date blocks when its rule is an article (« H »); under a usage (« M »)
    it is only flagged « à vérifier dans le RC ».
    """
    if item.status == ItemStatus.SANS_OBJET or item.hidden:
        return False, False, False, ""
    at_award = item.due == Due.ATTRIBUTION
    has_doc = check is not None and check.document_id is not None
    valid = has_doc and check is not None and check.state == ValidityState.VALIDE
    ready = item.status == ItemStatus.PRET or valid
    blocking = item.required and not ready and not at_award
    to_check = False
    alert = ""
    if (valid and not at_award and item.status != ItemStatus.PRET and not item.file_hash
            and check is not None and check.file_hash is None):
        # A vault record without its file cannot go into the pack (the final check blocks
        # on it): the checklist must not call the piece ready meanwhile.
        ready = False
        blocking = item.required
        alert = ("Enregistré dans les documents administratifs sans son fichier : ajoutez-y "
                 "le fichier (ou joignez-le ici) pour qu'il entre dans le pli.")
        return ready, blocking, to_check, alert
    if check is not None and has_doc and check.state in (
        ValidityState.EXPIRE,
        ValidityState.EXPIRE_AVANT_DATE_LIMITE,
    ):
        when = french_date(check.expires_on)
        if check.state == ValidityState.EXPIRE:
            alert = f"Expiré depuis le {when} : à renouveler dès maintenant."
        elif at_award:
            alert = (
                f"Expire le {when}, avant l'attribution prévue vers le "
                f"{french_date(award_date or deadline)} : demandez-en une nouvelle pour la "
                "remettre si vous êtes retenu."
            )
        else:
            alert = (
                f"Expire le {when}, avant la date limite du {french_date(deadline)} : "
                f"à renouveler avant le {french_date(check.renew_by)}."
            )
        if check.guidance:
            alert += " Durée d'usage, à vérifier dans le RC."
            to_check = item.status == ItemStatus.PRET
        else:
            ready = False
            blocking = not at_award
    elif (
        check is not None
        and not has_doc
        and requirement is not None
        and requirement.vault
        and item.status != ItemStatus.PRET
    ):
        alert = "Aucun document enregistré : ajoutez-le aux documents administratifs."
    return ready, blocking, to_check, alert


def build_rows(
    checklist: Checklist,
    catalogue: Catalogue,
    checks: Mapping[str, AttestationCheck | None],
    deadline: date | None,
    *,
    include_hidden: bool = False,
    award_date: date | None = None,
) -> list[ChecklistRow]:
    """Display rows of the checklist, numbered, with readiness and alerts.

    ``checks`` maps item ``uid`` to the vault's answer (absent for pieces the vault does not
    hold).
    """
    rows: list[ChecklistRow] = []
    number = 0
    for item in checklist.items:
        if item.hidden and not include_hidden:
            continue
        requirement = None if item.custom else catalogue.get(item.key)
        check = checks.get(item.uid)
        ready, blocking, to_check, alert = assess(
            item, requirement, check, deadline, award_date
        )
        if item.counted:
            number += 1
        rows.append(
            ChecklistRow(
                item=item,
                requirement=requirement,
                number=number if item.counted else 0,
                is_attestation=requirement is not None and requirement.vault,
                check=check,
                ready=ready,
                blocking=blocking,
                to_check=to_check,
                alert=alert or (f"Sans objet : {item.reason}" if item.reason else ""),
                status_label=_status_label(item, ready),
                phase_label=PHASE_LABELS[item.phase],
                lots_label=lots_label(item.lots),
                owner_label=owner_label(item),
                deadline=deadline,
                award_date=award_date,
            )
        )
    return rows


def _status_label(item: ChecklistItem, ready: bool) -> str:
    if ready and item.status != ItemStatus.PRET:
        return "Prêt (documents administratifs)"
    return STATUS_LABELS[item.status]


def progress(rows: Iterable[ChecklistRow]) -> Progress:
    """Count ready, blocking and « à vérifier » pieces among the counted rows."""
    result = Progress()
    for row in rows:
        if not row.item.counted:
            continue
        result.total += 1
        result.ready += int(row.ready)
        result.blocking += int(row.blocking and row.due == Due.DEPOT)
        result.to_check += int(row.to_check)
        result.at_award += int(row.due == Due.ATTRIBUTION and not row.ready)
    return result


def state_label(state: ValidityState) -> str:
    """French label of a validity state."""
    return STATE_LABELS[state]


class ChecklistView(DomainModel):
    """Everything a checklist screen, the CLI or the bordereau shows for one dossier."""

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"deadline", "today", "award_date"})

    tender_id: int
    title: str
    buyer: str = ""
    reference: str = ""
    deadline: date | None = None
    #: ``deadline`` is the candidatures deadline (two phases, no invitation yet).
    deadline_is_candidatures: bool = False
    #: Expected award date (deadline + the dossier's award delay, within the offers' validity).
    award_date: date | None = None
    today: date
    members: list[ChecklistMember] = Field(default_factory=list)
    rows: list[ChecklistRow] = Field(default_factory=list)
    progress: Progress = Field(default_factory=Progress)

    @property
    def deadline_label(self) -> str:
        """« 18/12/2026 », « 18/12/2026 (candidatures) » or « non fixée »."""
        if self.deadline is None:
            return "non fixée"
        suffix = " (candidatures)" if self.deadline_is_candidatures else ""
        return french_date(self.deadline) + suffix


def members_of_groupement(groupement: Groupement) -> list[ChecklistMember]:
    """The groupement's members as the checklist knows them (mandataire first).

    The checklist needs exactly one mandataire even while the groupement is still wrong
    (none or two: a groupement check reports it), so only the first one listed keeps the flag.
    """
    ordered = sorted(groupement.members, key=lambda m: not m.is_mandataire)
    return [
        ChecklistMember(
            name=m.name,
            siret=m.siret or None,
            is_mandataire=index == 0,
            structure_id=m.structure_id,
            is_association=m.legal_form == LegalForm.ASSOCIATION,
            headcount=m.headcount,
        )
        for index, m in enumerate(ordered)
    ]
