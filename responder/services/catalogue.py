"""The requirement catalogue shipped in ``resources/catalogue/requirements.json``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..domain.checklist import Catalogue
from ..paths import resources_dir


def catalogue_file() -> Path:
    """Where the catalogue lives (development tree or frozen bundle)."""
    return resources_dir() / "catalogue" / "requirements.json"


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The catalogue, read and validated once per process (it is read-only data)."""
    return Catalogue.from_json(catalogue_file().read_text(encoding="utf-8"))
