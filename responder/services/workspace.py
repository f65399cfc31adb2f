"""Finding, opening and wiring a workspace: the services a GUI or CLI session uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ..storage.db import Workspace, open_workspace
from ..storage.files import FileStore
from ..storage.repositories import (
    AdminDocumentRepository,
    PartnerRepository,
    ReferenceRepository,
    StructureRepository,
    TenderRepository,
    TextBlockRepository,
    purge_deleted_tenders,
)
from .locations import (
    APP_NAME,
    DEFAULT_FILE,
    WORKSPACE_ENV,
    default_workspace_path,
    resolve_workspace_path,
)

__all__ = [
    "APP_NAME",
    "DEFAULT_FILE",
    "WORKSPACE_ENV",
    "Session",
    "default_workspace_path",
    "open_session",
    "resolve_workspace_path",
]


@dataclass
class Session:
    """An open workspace with its repositories; what services and screens are given."""

    ws: Workspace
    structures: StructureRepository = field(init=False)
    tenders: TenderRepository = field(init=False)
    references: ReferenceRepository = field(init=False)
    text_blocks: TextBlockRepository = field(init=False)
    partners: PartnerRepository = field(init=False)
    documents: AdminDocumentRepository = field(init=False)
    files: FileStore = field(init=False)
    #: Views computed during this session, keyed by what they depend on; each entry holds
    #: the workspace ``version()`` it was computed at, so a write makes it stale.
    cache: dict[object, tuple[tuple[int, int], object]] = field(
        init=False, default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        self.structures = StructureRepository(self.ws)
        self.tenders = TenderRepository(self.ws)
        self.references = ReferenceRepository(self.ws)
        self.text_blocks = TextBlockRepository(self.ws)
        self.partners = PartnerRepository(self.ws)
        self.documents = AdminDocumentRepository(self.ws)
        self.files = FileStore(self.ws)

    @property
    def path(self) -> Path:
        """The workspace database file."""
        return self.ws.path

    def close(self) -> None:
        """Close the workspace (checkpointing the WAL)."""
        self.ws.close()


#: How long a deleted dossier stays in the workspace (undo, dossier restore) before purge.
KEEP_DELETED = timedelta(days=30)


def open_session(path: Path | str, *, create: bool = True) -> Session:
    """Open the workspace at ``path`` (creating it when allowed) and wire its repositories.

    Dossiers deleted more than ``KEEP_DELETED`` ago are removed for good in the session's
    first write transaction: a read-only command (``tender list``) never waits for the write
    lock, nor takes it from a window saving meanwhile.
    """
    session = Session(open_workspace(path, create=create))
    cutoff = (datetime.now() - KEEP_DELETED).isoformat()
    session.ws.on_first_write.append(lambda conn: purge_deleted_tenders(conn, cutoff))
    return session
