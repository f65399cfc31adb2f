"""« Partenaires » (the page lives in the package ``pages/partners``; this path is kept for
the page registry and the callers that import it from here)."""

from __future__ import annotations

from .partners import ID_ROLE, NEW_NAME, PartnersPage

__all__ = ["ID_ROLE", "NEW_NAME", "PartnersPage"]
