"""« ? » buttons beside the fields that use a term of the field (DUME, mandataire…): a click
shows the glossary's plain-French explanation; F1 on the field opens it in the Aide page."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWhatsThis, QWidget

from ..theme import set_role

#: Dynamic property naming the glossary term of a widget (read by F1).
HELP_PROPERTY = "help_term"


def term_html(name: str) -> str:
    """The glossary entry as short HTML (name, definition, example, article)."""
    from ...services.help import find_term

    term = find_term(name)
    if term is None:
        return f"<b>{escape(name)}</b>"
    parts = [f"<b>{escape(term.term)}</b>", f"<p>{escape(term.definition)}</p>",
             f"<p><i>Exemple :</i> {escape(term.example)}</p>"]
    if term.article:
        parts.append(f"<p><i>Article :</i> {escape(term.article)}</p>")
    parts.append("<p style='color:#555'>F1 : tout le glossaire.</p>")
    return "".join(parts)


def set_help_term(widget: QWidget, term: str) -> QWidget:
    """Mark ``widget`` so F1 on it opens ``term`` in the glossary; returns it."""
    widget.setProperty(HELP_PROPERTY, term)
    return widget


class HelpButton(QToolButton):
    """A small « ? » that explains ``term`` in a popup (not modal)."""

    def __init__(self, term: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.term = term
        self.setText("?")
        self.setAutoRaise(True)
        self.setAccessibleName(f"Aide : {term}")
        self.setToolTip(f"Qu'est-ce que « {term} » ?")
        set_role(self, "link-button")
        set_help_term(self, term)
        self.clicked.connect(self.show_help)

    def show_help(self) -> None:
        """Show the explanation under the button."""
        QWhatsThis.showText(self.mapToGlobal(QPoint(0, self.height())), term_html(self.term),
                            self)


def with_help(field: QWidget, term: str) -> QWidget:
    """``field`` followed by a « ? » button for ``term`` (F1 on the field works too)."""
    set_help_term(field, term)
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field, 1)
    layout.addWidget(HelpButton(term))
    return box


def help_line(*terms: str) -> QWidget:
    """A row of « ? Terme » buttons, right-aligned (above a table that uses those terms)."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addStretch(1)
    for term in terms:
        button = HelpButton(term)
        button.setText(f"? {term}")
        layout.addWidget(button)
    return box
