"""Pages still to come: a friendly French note on what they will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..theme import set_role

SOON = "Cette page arrive dans une prochaine version de Responder."


class PlaceholderPage(QWidget):
    """A title and a short description of what the page will hold."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        set_role(heading, "title")
        text = QLabel(description)
        text.setWordWrap(True)
        set_role(text, "lead")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        soon = QLabel(SOON)
        set_role(soon, "muted")
        self.body = QVBoxLayout()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 16, 24, 16)
        self._layout.addWidget(heading)
        self._layout.addSpacing(8)
        self._layout.addWidget(text)
        self._layout.addLayout(self.body)
        self._layout.addSpacing(16)
        self._layout.addWidget(soon)
        self._layout.addStretch(1)
        self.setAccessibleName(title)
