"""What an operation changed, so every screen can refresh itself (no Qt).

An operation (a save, an import, a generation) returns or declares a ``Changes`` value; the UI
announces it on its change bus and each page decides from its topics whether it is stale.
Topics are plain strings listed in ``Topic`` so a command-line or a test can build one too.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Topic:
    """The kinds of data a change can touch (one per aggregate or per dossier part)."""

    WORKSPACE = "workspace"  # everything may have changed (restore, import, new workspace)
    STRUCTURE = "structure"
    TENDERS = "tenders"
    REFERENCES = "references"
    BLOCKS = "blocks"
    PARTNERS = "partners"
    DOCUMENTS = "documents"  # the vault of administrative documents
    CHECKLIST = "checklist"
    GROUPEMENT = "groupement"
    MEMOIRE = "memoire"
    DEADLINES = "deadlines"
    DEPOSIT = "deposit"
    OUTCOME = "outcome"
    GONOGO = "gonogo"
    VEILLE = "veille"
    SETTINGS = "settings"

    ALL = frozenset({
        WORKSPACE, STRUCTURE, TENDERS, REFERENCES, BLOCKS, PARTNERS, DOCUMENTS, CHECKLIST,
        GROUPEMENT, MEMOIRE, DEADLINES, DEPOSIT, OUTCOME, GONOGO, VEILLE, SETTINGS,
    })


class OperationCancelled(Exception):
    """Raised by a progress callback when the user cancelled the operation."""


@dataclass(frozen=True)
class Changes:
    """The topics an operation touched, the dossier concerned (if one) and who made it.

    ``source`` is the object that announced the change (a page), so it can ignore its own
    announcement; ``tender_id`` narrows a dossier-part change to one dossier.
    """

    topics: frozenset[str] = field(default_factory=frozenset)
    tender_id: int | None = None
    source: object | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.topics) - Topic.ALL
        if unknown:
            raise ValueError(f"unknown change topics: {sorted(unknown)}")

    @classmethod
    def of(cls, *topics: str, tender_id: int | None = None,
           source: object | None = None) -> Changes:
        """``Changes.of(Topic.TENDERS, tender_id=3)``."""
        return cls(frozenset(topics), tender_id, source)

    @classmethod
    def everything(cls, source: object | None = None) -> Changes:
        """After a restore or a workspace switch: every screen reloads."""
        return cls(frozenset({Topic.WORKSPACE}), None, source)

    def __bool__(self) -> bool:
        return bool(self.topics)

    def touches(self, *topics: str) -> bool:
        """True when this change concerns any of ``topics`` (a workspace change, all)."""
        return Topic.WORKSPACE in self.topics or bool(self.topics.intersection(topics))

    def touches_tender(self, tender_id: int | None, *topics: str) -> bool:
        """True when it concerns ``topics`` of dossier ``tender_id`` (or of every dossier)."""
        if not self.touches(*topics):
            return False
        return self.tender_id is None or tender_id is None or self.tender_id == tender_id

    def merged(self, other: Changes) -> Changes:
        """Both changes as one (the dossier kept only when both name the same)."""
        tender = self.tender_id if self.tender_id == other.tender_id else None
        return Changes(self.topics | other.topics, tender, self.source or other.source)


NO_CHANGES = Changes()
