"""« Documents administratifs »: the page (``page.py``) and its widgets (``view.py``)."""

from __future__ import annotations

from .page import DocumentsPage

__all__ = ["DocumentsPage"]
