"""Starter text blocks shipped with the app, offered to a structure whose library is new.

``resources/starter/blocks.json`` holds eight models (présentation, compréhension du besoin,
méthodologie, moyens humains, accompagnement socio-professionnel, qualité et sécurité,
démarche environnementale, clause d'insertion) written to be adapted: each keeps
« [à compléter] » markers that ``memoire check`` reports while they remain in a mémoire.
Added blocks are never marked reviewed, so the library lists them « à relire ».

Thread contract: use the session from one thread at a time.
"""

from __future__ import annotations

import json
from functools import lru_cache

from ..domain.library import TextBlock
from ..paths import resources_dir
from .workspace import Session


@lru_cache(maxsize=1)
def _starter_payload() -> tuple[dict[str, str], ...]:
    path = resources_dir() / "starter" / "blocks.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(dict(item) for item in data["blocks"])


def starter_blocks() -> list[TextBlock]:
    """The shipped starter blocks (not yet tied to a structure)."""
    return [TextBlock.model_validate(item) for item in _starter_payload()]


class StarterService:
    """Offer and add the starter blocks to one structure's library."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def missing(self, structure_id: int | None) -> list[TextBlock]:
        """Starter blocks whose title the structure's library does not have yet."""
        titles = {b.title for b in self.session.text_blocks.list(structure_id)}
        return [b for b in starter_blocks() if b.title not in titles]

    def add(self, structure_id: int | None) -> list[TextBlock]:
        """Add the missing starter blocks (one transaction) and return them, stored."""
        from .library import LibraryService

        library = LibraryService(self.session)
        added: list[TextBlock] = []
        with self.session.ws.transaction():
            for block in self.missing(structure_id):
                added.append(library.save_block(block, structure_id))
        return added


__all__ = ["StarterService", "starter_blocks"]
