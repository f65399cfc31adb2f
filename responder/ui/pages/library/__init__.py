"""« Bibliothèque de textes »: the page (``page.py``) and its widgets (``view.py``)."""

from __future__ import annotations

from .page import LibraryPage

__all__ = ["LibraryPage"]
