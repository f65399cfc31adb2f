"""« Références »: the page (``controller.py``), its widgets (``view.py``), its CSV flow."""

from __future__ import annotations

from .controller import (
           EMPTY_TEXT,
           HINT_TEXT,
           NEW_TITLE,
           NO_MATCH_TEXT,
           SETTINGS_KEY,
           ReferencesPage,
)

__all__ = ["EMPTY_TEXT", "HINT_TEXT", "NEW_TITLE", "NO_MATCH_TEXT", "SETTINGS_KEY",
           "ReferencesPage"]
