"""Old entry points of the questions, now thin wrappers over ``Prompts`` (``ctx.prompts``):
kept while some pages still call them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..prompts import Prompts, UnsavedAnswer

__all__ = ["UnsavedAnswer", "ask_unsaved", "ask_yes_no", "show_error"]


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A « Oui / Non » question box; True for Oui (Non is the default button)."""
    return Prompts(parent).ask_yes_no(title, text)


def ask_unsaved(parent: QWidget | None, what: str) -> UnsavedAnswer:
    """« Enregistrer / Ne pas enregistrer / Annuler » for unsaved changes to ``what``."""
    return Prompts(parent).ask_unsaved(what)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A critical message box (used for workspace errors: disk full, file locked …)."""
    Prompts(parent).error(title, text)
