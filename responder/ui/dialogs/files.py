"""Default file choosers of the pages; tests replace them with plain functions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def choose_open_file(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    """Ask for an existing file; ``None`` when the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, _documents(), name_filter)
    return Path(chosen) if chosen else None


def choose_save_file(
    parent: QWidget | None, title: str, suggested: str, name_filter: str
) -> Path | None:
    """Ask where to write a file (suggesting ``suggested``); ``None`` when cancelled."""
    start = str(Path(_documents()) / suggested)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start, name_filter)
    return Path(chosen) if chosen else None
