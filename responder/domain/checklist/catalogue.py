"""The requirement catalogue: phases, providers, statuses and the standard pieces."""

from __future__ import annotations

import json
from datetime import date

from pydantic import Field, ValidationError, model_validator

from ... import fr
from ..common import DomainModel, InvalidInput, french_errors
from ..enums import Due, ItemStatus, Phase, Provider
from ..labelled import labels_of
from ..validity import ValidityRule


def due_of(phase: Phase) -> Due:
    """Pieces of the attributaire are due at the award; the others at the deposit."""
    return Due.ATTRIBUTION if phase == Phase.ATTRIBUTAIRE else Due.DEPOT


DUE_LABELS: dict[Due, str] = labels_of(Due)
PHASE_LABELS: dict[Phase, str] = labels_of(Phase)
STATUS_LABELS: dict[ItemStatus, str] = labels_of(ItemStatus)
PHASE_ORDER = {phase: index for index, phase in enumerate(Phase)}


def french_date(day: date | None) -> str:
    """``18/12/2026``; empty text for ``None``."""
    return fr.date_short(day)


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
