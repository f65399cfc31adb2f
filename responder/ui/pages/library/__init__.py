"""« Bibliothèque de textes »: the page (``controller.py``) and its widgets (``view.py``)."""

from __future__ import annotations

from .controller import LibraryPage

__all__ = ["LibraryPage"]
