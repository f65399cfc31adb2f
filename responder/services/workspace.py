"""Finding, opening and wiring a workspace: the services a GUI or CLI session uses."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path

from ..storage.db import Workspace, open_workspace
from ..storage.files import FileStore
from ..storage.repositories import (
    AdminDocumentRepository,
    PartnerRepository,
    ReferenceRepository,
    StructureRepository,
    TenderRepository,
    TextBlockRepository,
)

APP_NAME = "Responder"
WORKSPACE_ENV = "RESPONDER_WORKSPACE"
DEFAULT_FILE = "espace-de-travail.responder"


def default_workspace_path() -> Path:
    """Default workspace file, in the user's data folder (platformdirs, no app author)."""
    return user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILE


def resolve_workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The workspace to use: ``--workspace``, else ``$RESPONDER_WORKSPACE``, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser()
    return default_workspace_path()


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


def open_session(path: Path | str, *, create: bool = True) -> Session:
    """Open the workspace at ``path`` (creating it when allowed) and wire its repositories."""
    return Session(open_workspace(path, create=create))
