"""« Références » (the page lives in the package ``pages/references``; this path is kept for
the page registry and the callers that import it from here)."""

from __future__ import annotations

from ...services.reference_import import duplicate_key
from .page_flow import DEBOUNCE_MS
from .references.controller import (
    EMPTY_TEXT,
    HINT_TEXT,
    NEW_TITLE,
    NO_MATCH_TEXT,
    SETTINGS_KEY,
    ReferencesPage,
)

__all__ = ["DEBOUNCE_MS", "EMPTY_TEXT", "HINT_TEXT", "NEW_TITLE", "NO_MATCH_TEXT",
           "SETTINGS_KEY", "ReferencesPage", "duplicate_key"]
