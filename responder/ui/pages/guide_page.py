"""« Guide de la réponse »: the journey's eight steps, what to do, why, and where in the app;
each term links to the glossary."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from ...services.help import guide
from .. import theme
from ..context import UiContext
from ..widgets import make
from .layout import titled_page


def guide_html() -> str:
    """The eight steps as HTML, terms as ``terme:`` links."""
    parts = []
    for step in guide():
        links = ", ".join(f"<a href='terme:{escape(t)}'>{escape(t)}</a>" for t in step.terms)
        parts.append(
            f"<h3>{step.number}. {escape(step.title)}</h3>"
            f"<p><b>Que faire :</b> {escape(step.what)}</p>"
            f"<p><b>Pourquoi :</b> {escape(step.why)}</p>"
            f"<p><b>Où :</b> {escape(step.where)}</p>"
            f"<p style='color:{theme.COLOURS['text_soft']}'><b>Les mots de l'étape :</b> "
            f"{links}</p>"
        )
    return "".join(parts)


class GuidePage(QWidget):
    """The guide, in one scrolling text with links to the glossary."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = make.link_browser("Étapes de la réponse", self._on_link, guide_html())
        titled_page(self, "Guide de la réponse",
                    "Une réponse à un marché public en huit étapes. Cliquez sur un mot pour son "
                    "explication dans le glossaire.", self.view)

    def _on_link(self, url: QUrl) -> None:
        text = url.toString()
        if not text.startswith("terme:"):
            return
        from ..window_extras import show_help

        window = self.window()
        if hasattr(window, "page"):
            show_help(window, text.removeprefix("terme:"))  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Nothing to reload: the guide ships with the application."""
