"""The state of each item (validity of attestations), the rows shown and the progress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from pydantic import Field

from ..common import DomainModel, FileHash
from ..enums import Due, ItemStatus, LegalForm
from ..groupement import Groupement
from ..validity import STATE_LABELS, ValidityState
from .catalogue import (
    DUE_LABELS,
    PHASE_LABELS,
    STATUS_LABELS,
    Catalogue,
    Requirement,
    french_date,
)
from .items import Checklist, ChecklistItem, ChecklistMember


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
        parts = [
            f"{self.ready} / {self.total} {noun}",
            self.blocking and f"{self.blocking} bloquante{'s' if self.blocking > 1 else ''}",
            self.to_check and f"{self.to_check} à vérifier",
            self.at_award and f"{self.at_award} à préparer si retenu",
        ]
        return ", ".join(part for part in parts if part)


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
        alert = _expiry_alert(check, at_award, deadline, award_date)
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


def _expiry_alert(
    check: AttestationCheck, at_award: bool, deadline: date | None, award_date: date | None
) -> str:
    """What to do about an attestation expired, or expiring before the date that matters."""
    when = french_date(check.expires_on)
    if check.state == ValidityState.EXPIRE:
        return f"Expiré depuis le {when} : à renouveler dès maintenant."
    if at_award:
        return (
            f"Expire le {when}, avant l'attribution prévue vers le "
            f"{french_date(award_date or deadline)} : demandez-en une nouvelle pour la "
            "remettre si vous êtes retenu."
        )
    return (
        f"Expire le {when}, avant la date limite du {french_date(deadline)} : "
        f"à renouveler avant le {french_date(check.renew_by)}."
    )


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
