"""« Ma structure »: the page (``controller.py``), its archive flow, its widgets (``view.py``)."""

from __future__ import annotations

from .controller import NEW_NAME, StructurePage

__all__ = ["NEW_NAME", "StructurePage"]
