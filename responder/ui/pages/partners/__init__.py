"""« Partenaires »: the page (``page.py``) and its widgets (``view.py``)."""

from __future__ import annotations

from .page import ID_ROLE, NEW_NAME, PartnersPage

__all__ = ["ID_ROLE", "NEW_NAME", "PartnersPage"]
