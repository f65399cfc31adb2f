"""Default « for your information » box of the pages; tests replace it with a function."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    """An information box with a single « OK » (why an import did nothing, …)."""
    QMessageBox.information(parent, title, text)
