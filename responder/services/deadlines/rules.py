"""The dated rules file shipped with Responder, read once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ...domain.law import RuleBook
from ...paths import resources_dir
from ...storage.db import WorkspaceError


def rules_file() -> Path:
    """The dated rules file shipped in ``resources/rules``."""
    return resources_dir() / "rules" / "rules.json"


@lru_cache(maxsize=4)
def _load(path: str) -> RuleBook:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise WorkspaceError(
            f"Le fichier de règles « {path} » est illisible : réinstallez Responder."
        ) from exc
    return RuleBook.from_json(text)


def load_rulebook(path: Path | None = None) -> RuleBook:
    """The rule book of ``path`` (default: the shipped rules file), read once and cached."""
    return _load(str(path or rules_file()))
