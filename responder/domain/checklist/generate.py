"""Generation of a dossier's items from the catalogue, and their merge with user edits."""

from __future__ import annotations

from collections.abc import Iterable

from ..common import InvalidInput
from ..enums import MarketType, Provider, SiteVisit
from ..tender import Tender
from .catalogue import PHASE_ORDER, Catalogue, Requirement
from .items import ChecklistItem, ChecklistMember, slug

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
            items += _member_items(key, req, members, lots, requested)
        else:
            items += _mandataire_items(key, req, members, mandataire, lots, all_lots)
    return items + subcontractor_items


def _member_items(
    key: str, req: Requirement, members: list[ChecklistMember], lots: list[int],
    requested: list[str],
) -> list[ChecklistItem]:
    """One item per member (a piece each member provides)."""
    return [
        ChecklistItem(
            uid=_item_uid(key, member.member_key),
            key=key,
            label=req.label_for(member.is_association),
            phase=req.phase,
            lots=lots,
            member=member.name,
            member_key=member.member_key,
        )
        for member in members
        if not (key == "attestation_handicap" and key not in requested and (
            member.headcount is None or member.headcount < HANDICAP_HEADCOUNT
        ))
    ]


def _mandataire_items(
    key: str, req: Requirement, members: list[ChecklistMember], mandataire: ChecklistMember,
    lots: list[int], all_lots: list[int],
) -> list[ChecklistItem]:
    """The item the mandataire provides (for the groupement), once per lot for the offer
    pieces of an allotted tender."""
    group_level = req.provider == Provider.GROUPEMENT
    owner = "groupement" if group_level else mandataire.member_key
    per_lot = key in PER_LOT_KEYS and len(all_lots) > 1
    return [
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
        for lot in (all_lots if per_lot else [None])
    ]


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
    return sorted(result, key=lambda i: (PHASE_ORDER[i.phase], i.custom, order[id(i)]))


def custom_uid(label: str, existing: Iterable[str]) -> str:
    """A new unique ``uid`` for a custom item titled ``label``."""
    taken = set(existing)
    base = f"custom:{slug(label)}"
    uid, n = base, 2
    while uid in taken:
        uid, n = f"{base}-{n}", n + 1
    return uid
