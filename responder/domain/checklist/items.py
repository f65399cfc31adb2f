"""A dossier's checklist: its members and its items, as the user edits them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from ..common import DomainModel, Entity, FileHash, LocalDateTime
from ..enums import Due, ItemStatus, Phase
from ..fields import check_unique, not_blank
from .catalogue import due_of


class ChecklistMember(DomainModel):
    """A structure that owes pieces: the candidate alone, or a member of the groupement.

    ``structure_id`` links to a structure of the workspace (its vault feeds the attestations);
    a partner outside the workspace has none.
    """

    name: Annotated[str, not_blank("Chaque membre doit avoir un nom.")] = Field(min_length=1)
    siret: str | None = None
    is_mandataire: bool = False
    structure_id: int | None = None
    is_association: bool = False
    headcount: int | None = Field(default=None, ge=0)

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
    label: Annotated[str, not_blank("Donnez un intitulé à la pièce.")] = Field(min_length=1)
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
        check_unique(
            (item.uid for item in value), "Deux pièces de la liste ont le même identifiant."
        )
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
