"""Combo boxes and spin boxes ignore the mouse wheel unless they have the keyboard focus, so
scrolling a long form never changes a value by accident (« MAPA » becoming « Procédure avec
négociation », an headcount 34 becoming 31). The wheel then scrolls the page instead."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


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
    if app.property("responder_wheel_guard"):
        return
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    app.setProperty("responder_wheel_guard", True)
