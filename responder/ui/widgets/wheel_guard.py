"""Combo boxes and spin boxes ignore the mouse wheel unless they have the keyboard focus, so
scrolling a long form never changes a value by accident (« MAPA » becoming « Procédure avec
négociation », an headcount 34 becoming 31). The wheel then scrolls the page instead.

Cheap by design: the application style guards each combo and spin box once, when Qt polishes
it (focus policy, and an event filter on that widget only); no Python code runs for the
events of the other widgets (an application-wide filter cost ~40 ms at start-up).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QProxyStyle, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Event filter of a guarded widget: an unfocused wheel goes to the page, not the value."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Pass unfocused wheel events up to the first parent that is no guarded widget."""
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) \
                and not watched.hasFocus():
            parent = watched.parentWidget()
            # The line edit inside a spin box, then the form, then the scroll area.
            while parent is not None and isinstance(parent, GUARDED):
                parent = parent.parentWidget()
            if parent is not None:
                QCoreApplication.sendEvent(parent, event)
            return True
        return False


def guard(widget: QWidget, wheel_guard: WheelGuard) -> None:
    """Guard one combo or spin box (idempotent)."""
    # Without this, Qt gives the focus on a wheel event before anyone can filter it.
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.removeEventFilter(wheel_guard)
    widget.installEventFilter(wheel_guard)


class WheelGuardStyle(QProxyStyle):
    """The application style (Fusion) that guards combo and spin boxes as it polishes them."""

    def __init__(self, base: str) -> None:
        super().__init__(base)
        self.wheel_guard = WheelGuard(self)

    def polish(self, target: Any) -> Any:
        """Polish as the base style does; guard a combo or spin box."""
        result = super().polish(target)
        if isinstance(target, GUARDED):
            guard(target, self.wheel_guard)
        return result


def install_wheel_guard(app: QCoreApplication) -> None:
    """Install the guard once on ``app`` (its style becomes a guarding proxy of itself)."""
    if app.property("responder_wheel_guard") or not isinstance(app, QApplication):
        return
    style = WheelGuardStyle(app.style().name())
    app.setStyle(style)
    app.setProperty("responder_wheel_guard", True)
