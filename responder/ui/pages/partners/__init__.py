"""« Partenaires »: the page (``controller.py``) and its widgets (``view.py``)."""

from __future__ import annotations

from .controller import ID_ROLE, NEW_NAME, PartnersPage

__all__ = ["ID_ROLE", "NEW_NAME", "PartnersPage"]
