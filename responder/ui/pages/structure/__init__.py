"""« Ma structure »: the page (``page.py``), its archive flow and its widgets (``view.py``)."""

from __future__ import annotations

from .page import NEW_NAME, StructurePage

__all__ = ["NEW_NAME", "StructurePage"]
