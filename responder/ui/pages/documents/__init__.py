"""« Documents administratifs »: the page (``page.py``) and its widgets (``view.py``)."""

from __future__ import annotations

from .page import KIND_ROLE, DocumentsPage
from .view import (
    COL_DATED,
    COL_DOCUMENT,
    COL_EXPIRES,
    COL_FILE,
    COL_KIND,
    COL_RENEW,
    COL_STATE,
    COLUMN_WIDTHS,
    HEADERS,
)

__all__ = ["COLUMN_WIDTHS", "COL_DATED", "COL_DOCUMENT", "COL_EXPIRES", "COL_FILE", "COL_KIND",
           "COL_RENEW", "COL_STATE", "HEADERS", "KIND_ROLE", "DocumentsPage"]
