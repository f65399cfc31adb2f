"""« Documents administratifs » (the page lives in the package ``pages/documents``; this path
is kept for the page registry and the callers that import it from here)."""

from __future__ import annotations

from ...services.vault_texts import state_text
from .documents.controller import KIND_ROLE, DocumentsPage
from .documents.view import (
    COL_DATED,
    COL_DOCUMENT,
    COL_EXPIRES,
    COL_FILE,
    COL_KIND,
    COL_RENEW,
    COL_STATE,
    COLUMNS,
)

__all__ = ["COLUMNS", "COL_DATED", "COL_DOCUMENT", "COL_EXPIRES", "COL_FILE", "COL_KIND",
           "COL_RENEW", "COL_STATE", "KIND_ROLE", "DocumentsPage", "state_text"]
