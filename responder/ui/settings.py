"""Remembered window geometry, window state, splitter and header sizes (QSettings).

The application uses the default ``QSettings()`` (organisation and application « Responder »);
tests inject a ``QSettings`` on a temporary INI file.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter


class UiSettings:
    """Small typed facade over ``QSettings`` for what the screens remember."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None

    # --- main window ------------------------------------------------------------------
    def save_window(self, window: QMainWindow, key: str) -> None:
        """Store the window's geometry and toolbar/dock state under ``key``."""
        self.qsettings.setValue(f"{key}/geometry", window.saveGeometry())
        self.qsettings.setValue(f"{key}/state", window.saveState())

    def restore_window(self, window: QMainWindow, key: str) -> bool:
        """Restore what ``save_window`` stored; False when nothing was stored."""
        geometry = self._bytes(f"{key}/geometry")
        state = self._bytes(f"{key}/state")
        if state is not None:
            window.restoreState(state)
        return geometry is not None and window.restoreGeometry(geometry)

    # --- splitters and table headers ------------------------------------------------------
    def save_splitter(self, splitter: QSplitter, key: str) -> None:
        """Store a splitter's sizes under ``key``."""
        self.qsettings.setValue(f"{key}/splitter", splitter.saveState())

    def restore_splitter(self, splitter: QSplitter, key: str) -> bool:
        """Restore a splitter's sizes; False when nothing was stored."""
        state = self._bytes(f"{key}/splitter")
        return state is not None and splitter.restoreState(state)

    def save_header(self, header: QHeaderView, key: str) -> None:
        """Store a table header's column widths, order and sort indicator."""
        self.qsettings.setValue(f"{key}/header", header.saveState())

    def restore_header(self, header: QHeaderView, key: str) -> bool:
        """Restore a table header; False when nothing was stored."""
        state = self._bytes(f"{key}/header")
        return state is not None and header.restoreState(state)

    def save_list_layout(self, splitter: QSplitter, header: QHeaderView, key: str) -> None:
        """Store a list-and-editor page's splitter and its table's columns under ``key``."""
        self.save_splitter(splitter, key)
        self.save_header(header, key)

    def restore_list_layout(self, splitter: QSplitter, header: QHeaderView, key: str) -> None:
        """Restore what ``save_list_layout`` stored (each part only if it was stored)."""
        self.restore_splitter(splitter, key)
        self.restore_header(header, key)

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self.qsettings.sync()
