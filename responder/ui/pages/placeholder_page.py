"""Pages still to come: a friendly French note on what they will hold; the dashboard's summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ...domain.tender import Tender
from ..context import UiContext
from ..formatting import format_datetime

SOON = "Cette page arrive dans une prochaine version de Responder."


class PlaceholderPage(QWidget):
    """A title and a short description of what the page will hold."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        text = QLabel(description)
        text.setWordWrap(True)
        text.setStyleSheet("font-size: 12pt;")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        soon = QLabel(SOON)
        soon.setStyleSheet("color: #555;")
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


def _days_text(days: int) -> str:
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    return f"dans {days} jours"


class DashboardPage(PlaceholderPage):
    """Placeholder plus a live summary: dossiers en préparation and the next deadline."""

    def __init__(self, ctx: UiContext, description: str, parent: QWidget | None = None):
        super().__init__("Tableau de bord", description, parent)
        self.ctx = ctx
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("font-size: 13pt; padding: 12px;")
        self.summary.setFrameShape(QFrame.Shape.StyledPanel)
        self.summary.setAccessibleName("Résumé des consultations")
        self.body.addSpacing(12)
        self.body.addWidget(self.summary)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Refresh the summary each time the page is shown."""
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Recount the open dossiers and find the next deadline."""
        tenders = self.ctx.tenders.list(self.ctx.current_structure_id())
        self.summary.setText(summary_text(tenders, self.ctx.today))


def summary_text(tenders: list[Tender], today: Callable[[], date]) -> str:
    """« 3 dossiers en cours. Prochaine date limite : … » in French."""
    day = today()
    open_tenders = [t for t in tenders if t.is_open]
    count = len(open_tenders)
    lines = [
        "Aucun dossier en cours."
        if count == 0
        else f"{count} dossier{'s' if count > 1 else ''} en cours (veille ou en préparation)."
    ]
    upcoming = [
        (days, t)
        for t in open_tenders
        if (days := t.days_left(day)) is not None and days >= 0
    ]
    if upcoming:
        days, first = min(upcoming, key=lambda pair: (pair[1].deadline, pair[1].id or 0))
        lines.append(
            f"Prochaine date limite : « {first.title} », le {format_datetime(first.deadline)} "
            f"({_days_text(days)})."
        )
    elif open_tenders:
        lines.append("Aucune date limite à venir parmi les dossiers en cours.")
    return "\n".join(lines)
