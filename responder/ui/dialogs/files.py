"""Old entry points of the file choosers, now thin wrappers over ``Prompts``
(``ctx.prompts``): kept while some pages still call them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..prompts import Prompts


def choose_open_file(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    """Ask for an existing file; ``None`` when the user cancels."""
    return Prompts(parent).open_file(title, name_filter)


def choose_save_file(
    parent: QWidget | None, title: str, suggested: str, name_filter: str
) -> Path | None:
    """Ask where to write a file (suggesting ``suggested``); ``None`` when cancelled."""
    return Prompts(parent).save_file(title, suggested, name_filter)
