"""The « Groupement » tab of a dossier: ``view.py`` (widgets), ``controller.py`` (behaviour),
``tables.py`` (tables ↔ data), ``editing.py`` and ``documents.py`` (the tab's actions)."""

from __future__ import annotations

from .controller import GroupementTab

__all__ = ["GroupementTab"]
