"""« Références »: the page (``controller.py``), its widgets (``view.py``), its CSV flow."""

from __future__ import annotations

from .controller import ReferencesPage

__all__ = ["ReferencesPage"]
