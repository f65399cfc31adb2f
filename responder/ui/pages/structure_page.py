"""« Ma structure » (the page lives in the package ``pages/structure``; this path is kept for
the window and the callers that import it from here)."""

from __future__ import annotations

from .structure import NEW_NAME, StructurePage

__all__ = ["NEW_NAME", "StructurePage"]
