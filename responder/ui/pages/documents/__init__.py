"""« Documents administratifs »: the page (``controller.py``) and its widgets (``view.py``)."""

from __future__ import annotations

from .controller import DocumentsPage

__all__ = ["DocumentsPage"]
