"""Use cases on structures: the profile of each structure a workspace holds."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..domain.common import InvalidInput, editable_dump, french_errors
from ..domain.errors import required
from ..domain.structure import Structure
from ..storage.listing import CURRENT_STRUCTURE_KEY
from .workspace import Session


class StructureService:
    """Read, validate and save structures; remember which one the user works on."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self) -> list[Structure]:
        """Every active structure of the workspace (not archived or deleted), oldest first."""
        return [s for s in self.session.structures.list() if not _hidden(self.session, s.id)]

    def get(self, structure_id: int) -> Structure:
        """The structure with this id; ``InvalidInput`` if there is none."""
        return required(
            self.session.structures.get(structure_id), "id",
            f"Aucune structure n° {structure_id} dans cet espace.",
        )

    def current(self) -> Structure:
        """The structure the user works on, creating a first one in an empty workspace
        (the rule: ``storage.listing.current_structure``, which the start-up list reads)."""
        found = self.session.structures.current_id()
        if found is not None:
            structure = self.session.structures.get(found)
            if structure is not None:
                return structure
        return self.session.structures.add(Structure(name="Ma structure"))

    def set_current(self, structure_id: int) -> None:
        """Remember the structure the user works on (stored in the workspace)."""
        self.get(structure_id)
        self.session.ws.set_setting(CURRENT_STRUCTURE_KEY, str(structure_id))

    def validate(self, data: dict[str, Any]) -> Structure:
        """A ``Structure`` from form or JSON data, or ``InvalidInput`` with French messages."""
        try:
            return Structure.model_validate(data)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc

    def save(self, data: dict[str, Any] | Structure) -> Structure:
        """Validate and store a structure (insert without id, update with one)."""
        structure = self.validate(
            editable_dump(data) if isinstance(data, Structure) else data
        )
        if structure.id is None:
            return self.session.structures.add(structure)
        return self.session.structures.update(structure)


def _hidden(session: Session, structure_id: int | None) -> bool:
    from .structure_admin import is_hidden  # late: structure_admin imports this module's peers

    return is_hidden(session, structure_id)
