"""Where the workspace lives; light on purpose (no pydantic), the window's startup needs it."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Responder"
WORKSPACE_ENV = "RESPONDER_WORKSPACE"
DEFAULT_FILE = "espace-de-travail.responder"


def default_workspace_path() -> Path:
    """Default workspace file, in the user's data folder (platformdirs, no app author;
    imported here, as the window's first frame does not need it when a file is given)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILE


def resolve_workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The workspace to use: ``--workspace``, else ``$RESPONDER_WORKSPACE``, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser()
    return default_workspace_path()
