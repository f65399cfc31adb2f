"""Archiving and deleting structures, with undo. A structure is never removed at once: its
state (« archived », « deleted on … ») is a workspace setting, so undo brings it back with
all its dossiers, references and documents; hidden structures leave every list."""

from __future__ import annotations

from datetime import datetime

from ..domain.common import InvalidInput
from ..domain.errors import required
from ..domain.structure import Structure
from ..storage.listing import STRUCTURE_STATE_PREFIX as STATE_PREFIX
from .workspace import Session

ARCHIVED = "archived"
DELETED = "deleted"


def structure_state(session: Session, structure_id: int) -> str:
    """``""`` (active), ``"archived"`` or ``"deleted"``."""
    raw = session.ws.setting(f"{STATE_PREFIX}{structure_id}") or ""
    return raw.split(":", 1)[0]


def is_hidden(session: Session, structure_id: int | None) -> bool:
    """True for an archived or deleted structure."""
    return structure_id is not None and structure_state(session, structure_id) != ""


class StructureAdmin:
    """Archive, delete and bring back structures of a workspace."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _get(self, structure_id: int) -> Structure:
        return required(
            self.session.structures.get(structure_id), "id",
            f"Aucune structure n° {structure_id} dans cet espace.",
        )

    def _active_others(self, structure_id: int) -> list[Structure]:
        return [s for s in self.session.structures.list()
                if s.id != structure_id and not is_hidden(self.session, s.id)]

    def _hide(self, structure_id: int, state: str) -> Structure:
        structure = self._get(structure_id)
        if not self._active_others(structure_id):
            raise InvalidInput({"id": "C'est la seule structure active de cet espace : créez-en "
                                "une autre avant de ranger celle-ci."})
        self.session.ws.set_setting(f"{STATE_PREFIX}{structure_id}", state)
        return structure

    def archive(self, structure_id: int) -> Structure:
        """Hide a structure the user no longer follows (kept, can be brought back)."""
        return self._hide(structure_id, ARCHIVED)

    def delete(self, structure_id: int, now: datetime | None = None) -> Structure:
        """Mark a structure deleted (hidden everywhere; ``restore`` undoes it)."""
        stamp = (now or datetime.now()).replace(microsecond=0).isoformat()
        return self._hide(structure_id, f"{DELETED}:{stamp}")

    def restore(self, structure_id: int) -> Structure:
        """Bring an archived or deleted structure back."""
        structure = self._get(structure_id)
        self.session.ws.set_setting(f"{STATE_PREFIX}{structure_id}", "")
        return structure

    def archived(self) -> list[Structure]:
        """The archived structures (not the deleted ones)."""
        return [s for s in self.session.structures.list()
                if s.id is not None and structure_state(self.session, s.id) == ARCHIVED]
