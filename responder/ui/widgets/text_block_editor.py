"""The editor of one text block of the « Bibliothèque de textes »: title, category, body,
review interval, review state and use count."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from ...domain.common import editable_dump
from ...domain.enums import TextCategory
from ...domain.library import TextBlock
from ...services.block_texts import review_status, uses_text
from ..theme import set_role
from . import make
from .combos import enum_combo, set_combo_value
from .editor_parts import DirtyFormMixin, connect_edits, heading_label, save_footer
from .errors import ErrorLabel, FormErrors
from .forms import add_row, new_form
from .make import line_edit

HELP_TEXT = (
    "Mise en forme : une ligne commençant par « - » devient une puce, **gras** s'écrit "
    "entre deux astérisques doubles, *italique* entre deux astérisques simples. Elle est "
    "conservée dans le mémoire Word."
)


class TextBlockEditor(DirtyFormMixin, QWidget):
    """Edits one ``TextBlock``: title, category, body, review interval."""

    save_requested = Signal()
    revert_requested = Signal()
    reviewed_requested = Signal()
    dirty_changed = Signal(bool)
    UNTITLED = "Bloc sans titre"

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._block: TextBlock | None = None
        self._dirty = False
        self._loading = False
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        self.heading = heading_label()
        self.review_status = make.label(name="État de relecture")
        self.uses_label = make.label(name="Utilisations dans les consultations", wrap=False)
        self.reviewed_button = make.button(
            "Marquer comme &relu", name="Marquer comme relu aujourd'hui",
            tip="Vous avez relu ce texte et il est à jour : il quitte la liste « à relire ».",
            clicked=self.reviewed_requested)
        review_row = make.row(self.review_status, self.reviewed_button, margins=True)
        review_row.setStretch(0, 1)
        layout = make.column(
            self.heading, self.general_error, review_row,
            self.uses_label, self._build_form(), self._build_body(), self._build_interval(),
            self._build_footer(), parent=self, margins=False,
        )
        layout.setStretch(5, 1)
        connect_edits(self.errors.fields(), self._edited)
        self.title_edit.textChanged.connect(self._update_heading)

    def _build_form(self) -> Any:
        self.title_edit = line_edit(placeholder="Par exemple : Notre démarche d'insertion")
        self.category_combo = enum_combo(TextCategory)
        form = new_form(labels_above=True)
        add_row(form, "&Titre :", self.title_edit, self.errors, "title")
        add_row(form, "&Catégorie :", self.category_combo, self.errors, "category")
        return form

    def _build_body(self) -> QVBoxLayout:
        # The text gets all the height left: it is what the user reads and writes.
        self.body_edit = QPlainTextEdit()
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setPlaceholderText("Le paragraphe à réutiliser dans vos mémoires…")
        # It takes all the height left anyway; a 200 px floor made it cover the help text
        # below it in a 1024 × 700 window (the wrapped heading takes three lines there).
        self.body_edit.setMinimumHeight(120)
        self.body_edit.setAccessibleName("Texte")
        body_label = make.buddy("Te&xte :", self.body_edit)
        body_error = ErrorLabel()
        self.errors.register("body", self.body_edit, body_error)
        self.help_label = make.label(HELP_TEXT, role="muted")
        body = make.column(body_label, self.body_edit, body_error, self.help_label)
        body.setSpacing(4)
        body.setStretch(1, 1)
        return body

    def _build_interval(self) -> Any:
        self.interval_spin = make.spin_box(3650, minimum=1, step=30, suffix=" jours")
        form = new_form(labels_above=True)
        add_row(form, "Relire &tous les :", self.interval_spin, self.errors,
                "review_interval_days",
                tooltip="Au-delà de ce délai depuis la dernière relecture, le bloc est "
                        "signalé « à relire ».")
        return form

    def _build_footer(self) -> QWidget:
        footer = save_footer(self, "le bloc de texte", self.save_requested,
                             self.revert_requested, wrap=False)
        return self._use_footer(footer)

    def block(self) -> TextBlock | None:
        """The block as last loaded (or saved)."""
        return self._block

    def load(self, block: TextBlock) -> None:
        """Show ``block``, clearing messages and the unsaved flag."""
        with self._filling():
            self._block = block
            self.title_edit.setText(block.title)
            self.title_edit.setCursorPosition(0)
            set_combo_value(self.category_combo, block.category)
            self.body_edit.setPlainText(block.body)
            self.interval_spin.setValue(block.review_interval_days)
        self.show_review(block)
        self._update_heading()
        self.errors.clear_all()
        self.set_dirty(False)

    def show_review(self, block: TextBlock) -> None:
        """Show the review state and use count of ``block`` (keeps unsaved edits)."""
        if self._block is not None and block.id == self._block.id:
            self._block = self._block.model_copy(
                update={"last_reviewed": block.last_reviewed, "use_count": block.use_count,
                        "row_version": block.row_version}
            )
        text, due = review_status(block, self._today())
        self.review_status.setText(text)
        set_role(self.review_status, "warning" if due else "ok")
        self.uses_label.setText(f"Dans vos consultations : {uses_text(block.use_count)}.")

    def to_data(self) -> dict[str, Any]:
        """The form as a dict for ``LibraryService.save_block`` (hidden fields kept)."""
        data: dict[str, Any] = editable_dump(self._block) if self._block else {}
        data.update(
            title=self.title_edit.text().strip(),
            category=self.category_combo.currentData(),
            body=self.body_edit.toPlainText(),
            review_interval_days=self.interval_spin.value(),
        )
        return data
