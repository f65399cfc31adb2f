"""The one place that knows where resources and templates are, in development and frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def base_dir() -> Path:
    """Root holding ``resources/`` and ``templates/``: the repository, or the bundle folder."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The ``resources/`` folder (rules, catalogue, demo data)."""
    return base_dir() / "resources"


def templates_dir() -> Path:
    """The ``templates/`` folder (mémoire, groupement and letter templates)."""
    return base_dir() / "templates"
