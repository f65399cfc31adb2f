"""Old entry point of the « modifié ailleurs » question, now a thin wrapper over ``Prompts``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..prompts import Prompts, StaleAnswer

__all__ = ["StaleAnswer", "ask_stale"]


def ask_stale(parent: QWidget | None, what: str) -> StaleAnswer:
    """« Recharger / Écraser / Annuler » for ``what``, modifié ailleurs depuis son ouverture."""
    return Prompts(parent).ask_stale(what)
