"""Combo boxes and spin boxes ignore the mouse wheel unless they have the keyboard focus, so
scrolling a long form never changes a value by accident (« MAPA » becoming « Procédure avec
négociation », an headcount 34 becoming 31). The wheel then scrolls the page instead.

The guard is an application-wide event filter, so every combo and spin box is covered
wherever it is built. A Python filter on the application sees every event of every widget,
which made building a page about 40 % slower: ``paused`` lifts it while a handler builds
and shows a page (no user event can arrive meanwhile), then guards the widgets it made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)
_PROPERTY = "responder_wheel_guard"


class WheelGuard(QObject):
    """Application-wide event filter: see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Take the wheel focus away when polished; pass unfocused wheel events up."""
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            # Without this, Qt gives the focus on a wheel event before anyone can filter it.
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(watched, GUARDED):
            widget = watched
            if isinstance(widget, QWidget) and not widget.hasFocus():
                parent = widget.parentWidget()
                # The line edit inside a spin box, then the form, then the scroll area.
                while parent is not None and isinstance(parent, GUARDED):
                    parent = parent.parentWidget()
                if parent is not None:
                    QCoreApplication.sendEvent(parent, event)
                return True
        return False


def install_wheel_guard(app: QCoreApplication) -> None:
    """Install the guard once on ``app``."""
    if app.property(_PROPERTY):
        return
    guard = WheelGuard(app)
    guard.setObjectName(_PROPERTY)
    app.installEventFilter(guard)
    app.setProperty(_PROPERTY, True)


@contextmanager
def paused(root: QWidget) -> Iterator[None]:
    """Run the block without the guard's per-event cost, then guard every combo and spin
    box under ``root``. For a handler that builds widgets: no user event is handled while it
    runs (a modal message box it might open blocks the wheel to every other window)."""
    app = QCoreApplication.instance()
    guard = app.findChild(WheelGuard, _PROPERTY) if app is not None else None
    if app is None or guard is None:
        yield
        return
    app.removeEventFilter(guard)
    try:
        yield
    finally:
        app.installEventFilter(guard)
        for kind in GUARDED:
            for widget in root.findChildren(kind):
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
