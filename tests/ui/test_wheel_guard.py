"""The wheel guard stays in force for widgets built while it is paused (page builds)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox, QVBoxLayout, QWidget

from responder.ui.widgets.wheel_guard import paused


def _wheel(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(0, 0),
        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(widget, event)


def test_widgets_built_and_shown_while_paused_are_guarded(qtbot: Any) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    with paused(form):
        combo = QComboBox()
        combo.addItems(["MAPA", "Appel d'offres ouvert", "Procédure avec négociation"])
        spin = QSpinBox()
        spin.setValue(34)
        layout = QVBoxLayout(form)
        layout.addWidget(combo)
        layout.addWidget(spin)
        form.show()  # polished here, with the application's filter lifted
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    _wheel(combo)
    _wheel(spin)
    assert combo.currentText() == "MAPA"
    assert spin.value() == 34


def test_the_guard_is_back_after_the_pause(qtbot: Any) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    with paused(form):
        pass
    combo = QComboBox(form)  # built after the pause: the application's filter guards it
    combo.addItems(["MAPA", "Appel d'offres ouvert"])
    form.show()
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    _wheel(combo)
    assert combo.currentText() == "MAPA"
