"""« Bibliothèque de textes » (the page lives in the package ``pages/library``; this path is
kept for the page registry and the callers that import it from here)."""

from __future__ import annotations

from ...services.block_texts import TO_REVIEW, review_text, uses_text
from ..widgets.text_block_editor import HELP_TEXT, TextBlockEditor
from .library.controller import (
           EMPTY_TEXT,
           HINT_TEXT,
           LIST_LIMIT,
           NEW_TITLE,
           NO_MATCH_TEXT,
           LibraryPage,
)
from .library.view import COL_CATEGORY, COL_REVIEW, COL_TITLE, COL_USES
from .page_flow import DEBOUNCE_MS

__all__ = ["COL_CATEGORY", "COL_REVIEW", "COL_TITLE", "COL_USES", "DEBOUNCE_MS", "EMPTY_TEXT",
           "HELP_TEXT", "HINT_TEXT", "LIST_LIMIT", "NEW_TITLE", "NO_MATCH_TEXT", "TO_REVIEW",
           "LibraryPage", "TextBlockEditor", "review_text", "uses_text"]
