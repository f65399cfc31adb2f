"""« Aide et glossaire »: every term of the field in plain French, searched as you type, with
an example and the article; links between terms. F1 and the « ? » buttons open it here."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QWidget,
)

from ...services.help import Term, find_term, search_terms
from .. import theme
from ..context import UiContext
from ..widgets import make
from .layout import titled_page

TERM_ROLE = Qt.ItemDataRole.UserRole + 1


def term_page_html(term: Term) -> str:
    """The full entry as HTML, with « voir aussi » as links."""
    parts = [f"<h2>{escape(term.term)}</h2>"]
    if term.aliases:
        parts.append(f"<p style='color:{theme.COLOURS['text_muted']}'>Aussi : "
                     f"{escape(', '.join(term.aliases))}</p>")
    parts.append(f"<p style='font-size:12pt'>{escape(term.definition)}</p>")
    parts.append(f"<p><b>Exemple.</b> {escape(term.example)}</p>")
    if term.article:
        where = "" if "code" in term.article else " du code de la commande publique"
        parts.append(f"<p><b>Article :</b> {escape(term.article)}{where}</p>")
    if term.see_also:
        links = ", ".join(f"<a href='terme:{escape(name)}'>{escape(name)}</a>"
                          for name in term.see_also)
        parts.append(f"<p><b>Voir aussi :</b> {links}</p>")
    return "".join(parts)


class HelpPage(QWidget):
    """Glossary list on the left, the chosen entry on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = make.line_edit("Chercher dans le glossaire", clear=True,
                                     placeholder="Chercher un terme : DUME, mandataire, BPU…")
        self.search.textChanged.connect(self._fill)
        self.list = QListWidget()
        self.list.setAccessibleName("Termes du glossaire")
        self.list.currentItemChanged.connect(self._on_current)
        self.view = make.link_browser("Explication du terme", self._on_link)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(make.container(make.column(self.search, self.list,
                                                           margins=False)))
        self.splitter.addWidget(self.view)
        self.splitter.setSizes([300, 700])
        self.splitter.setChildrenCollapsible(False)
        titled_page(self, "Aide et glossaire",
                    "Les mots des marchés publics expliqués simplement, avec un exemple et "
                    "l'article du code quand il y en a un. Dans les écrans, le bouton « ? » ou "
                    "la touche F1 ouvrent directement le terme du champ.", self.splitter)
        self._fill("")
        if self.list.count():
            self.list.setCurrentRow(0)

    def _fill(self, text: str) -> None:
        current = self.current_term()
        self.list.blockSignals(True)
        self.list.clear()
        for term in search_terms(text):
            item = QListWidgetItem(term.term)
            item.setData(TERM_ROLE, term.term)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if current:
            self._select_in_list(current)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def _select_in_list(self, name: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(TERM_ROLE) == name:
                self.list.setCurrentRow(row)
                return True
        return False

    def _on_current(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        term = find_term(str(item.data(TERM_ROLE)))
        if term is not None:
            self.view.setHtml(term_page_html(term))

    def _on_link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("terme:"):
            self.select_term(text.removeprefix("terme:"))

    def current_term(self) -> str:
        """The term shown."""
        item = self.list.currentItem()
        return str(item.data(TERM_ROLE)) if item is not None else ""

    def select_term(self, name: str) -> bool:
        """Show ``name`` (a term or an alias); False when the glossary does not have it."""
        term = find_term(name)
        if term is None:
            self.search.setText(name)
            return False
        if not self._select_in_list(term.term):
            self.search.clear()
            self._select_in_list(term.term)
        self.view.setHtml(term_page_html(term))
        return True

    def refresh(self) -> None:
        """Nothing to reload: the glossary ships with the application."""
