"""Windows and dialogs sized to the screen's available area (taskbar excluded), so nothing
opens off-screen on a 1366 × 768 laptop."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The available area of the widget's screen (or the primary screen)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:  # pragma: no cover - no screen at all
        return QRect(0, 0, 1366, 700)
    return screen.availableGeometry()


def fitted_size(preferred: QSize, available: QRect, margin: int = 0) -> QSize:
    """``preferred`` shrunk to fit ``available`` minus ``margin`` on each side."""
    return QSize(
        min(preferred.width(), available.width() - 2 * margin),
        min(preferred.height(), available.height() - 2 * margin),
    )


def fit_to_screen(widget: QWidget, preferred: QSize, margin: int = 0,
                  center: bool = True) -> None:
    """Resize ``widget`` to ``preferred`` or less so it fits the available screen area, and
    center it there. The frame (title bar) is counted when the platform reports it."""
    area = available_geometry(widget)
    frame = widget.frameGeometry().size() - widget.geometry().size()
    frame_h = max(frame.height(), 0)
    frame_w = max(frame.width(), 0)
    room = QRect(area.x(), area.y(), area.width() - frame_w, area.height() - frame_h)
    size = fitted_size(preferred, room, margin)
    widget.resize(size.expandedTo(widget.minimumSize()).boundedTo(room.size()))
    if center:
        x = area.x() + max(0, (area.width() - widget.width() - frame_w) // 2)
        y = area.y() + max(0, (area.height() - widget.height() - frame_h) // 2)
        widget.move(x, y)


def clamp_to_screen(widget: QWidget) -> None:
    """After restoring a saved geometry: bring a window that no longer fits back inside."""
    area = available_geometry(widget)
    geometry = widget.frameGeometry()
    if area.contains(geometry):
        return
    fit_to_screen(widget, widget.size())
