"""Old entry point of the information box, now a thin wrapper over ``Prompts``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..prompts import Prompts


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    """An information box with a single « OK » (why an import did nothing, …)."""
    Prompts(parent).inform(title, text)
