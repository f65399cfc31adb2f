"""« Bibliothèque de textes »: reusable paragraphs, searched as you type, kept fresh.

Each block shows whether it is « à relire » (never reviewed, or past its review interval)
in words, not only in colour, and how many times it was used in a tender.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput, editable_dump
from ...domain.enums import TextCategory, label
from ...domain.library import TextBlock
from ...services.library import LibraryService
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..dialogs.confirm import UnsavedAnswer, ask_unsaved, ask_yes_no
from ..formatting import format_date
from ..widgets.combos import enum_combo, set_combo_value
from ..widgets.editor_parts import DirtyFormMixin, heading_label, save_footer
from ..widgets.errors import ErrorLabel, FormErrors
from ..widgets.forms import add_row, new_form
from .editor_page import EditorPageMixin

SETTINGS_KEY = "library_page"
NEW_TITLE = "Nouveau bloc de texte"
DEBOUNCE_MS = 150
#: Blocks listed at most (a structure has a few hundred; the search narrows the rest).
LIST_LIMIT = 500
TO_REVIEW = "À relire"
HELP_TEXT = (
    "Mise en forme : une ligne commençant par « - » devient une puce, **gras** s'écrit "
    "entre deux astérisques doubles, *italique* entre deux astérisques simples. Elle est "
    "conservée dans le mémoire Word."
)
EMPTY_TEXT = (
    "Aucun bloc de texte pour l'instant.\n\nAjoutez vos paragraphes déjà écrits "
    "(présentation, méthodologie, démarche d'insertion…) avec « Nouveau bloc », ou partez "
    "des huit modèles de « Ajouter les textes de départ », à adapter."
)
NO_MATCH_TEXT = "Aucun bloc ne correspond. Effacez la recherche ou choisissez « Toutes »."
HINT_TEXT = "Choisissez un bloc dans la liste pour le lire et le modifier ici."
COL_TITLE, COL_CATEGORY, COL_REVIEW, COL_USES = range(4)
_DUE_COLOR = QColor("#9a5b00")


def review_text(block: TextBlock, today: date) -> str:
    """« À relire » or « relu le 12/03/2026 » (the list's « Relecture » column)."""
    if block.needs_review(today):
        return TO_REVIEW
    return f"relu le {format_date(block.last_reviewed)}"


def uses_text(count: int) -> str:
    """« jamais utilisé », « utilisé 1 fois », « utilisé 3 fois »."""
    return "jamais utilisé" if count == 0 else f"utilisé {count} fois"


class TextBlockEditor(DirtyFormMixin, QWidget):
    """Edits one ``TextBlock``: title, category, body, review interval."""

    save_requested = Signal()
    revert_requested = Signal()
    reviewed_requested = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._block: TextBlock | None = None
        self._dirty = False
        self._loading = False
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        self.heading = heading_label()
        self.review_status = QLabel()
        self.review_status.setWordWrap(True)
        self.review_status.setAccessibleName("État de relecture")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Par exemple : Notre démarche d'insertion")
        self.category_combo = enum_combo(TextCategory)
        self.body_edit = QPlainTextEdit()
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setPlaceholderText("Le paragraphe à réutiliser dans vos mémoires…")
        # It takes all the height left anyway; a 200 px floor made it cover the help text
        # below it in a 1024 × 700 window (the wrapped heading takes three lines there).
        self.body_edit.setMinimumHeight(120)
        self.help_label = QLabel(HELP_TEXT)
        self.help_label.setWordWrap(True)
        self.help_label.setStyleSheet("color: #555;")
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(1, 3650)
        self.interval_spin.setSingleStep(30)
        self.interval_spin.setSuffix(" jours")
        self.reviewed_button = QPushButton("Marquer comme &relu")
        self.reviewed_button.setAccessibleName("Marquer comme relu aujourd'hui")
        self.reviewed_button.setToolTip(
            "Vous avez relu ce texte et il est à jour : il quitte la liste « à relire »."
        )
        form = new_form(labels_above=True)
        e = self.errors
        add_row(form, "&Titre :", self.title_edit, e, "title")
        add_row(form, "&Catégorie :", self.category_combo, e, "category")
        # The text gets all the height left: it is what the user reads and writes.
        body_label = QLabel("Te&xte :")
        body_label.setBuddy(self.body_edit)
        self.body_edit.setAccessibleName("Texte")
        body_error = ErrorLabel()
        e.register("body", self.body_edit, body_error)
        interval_form = new_form(labels_above=True)
        add_row(interval_form, "Relire &tous les :", self.interval_spin, e,
                "review_interval_days",
                tooltip="Au-delà de ce délai depuis la dernière relecture, le bloc est "
                        "signalé « à relire ».")
        body_layout = QVBoxLayout()
        body_layout.setSpacing(4)
        body_layout.addWidget(body_label)
        body_layout.addWidget(self.body_edit, 1)
        body_layout.addWidget(body_error)
        body_layout.addWidget(self.help_label)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_status, 1)
        review_row.addWidget(self.reviewed_button)
        self.uses_label = QLabel()
        self.uses_label.setAccessibleName("Utilisations dans les consultations")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.general_error)
        layout.addLayout(review_row)
        layout.addWidget(self.uses_label)
        layout.addLayout(form)
        layout.addLayout(body_layout, 1)
        layout.addLayout(interval_form)
        layout.addWidget(self._build_footer())
        for signal, key in ((self.title_edit.textChanged, "title"),
                            (self.category_combo.currentIndexChanged, "category"),
                            (self.body_edit.textChanged, "body"),
                            (self.interval_spin.valueChanged, "review_interval_days")):
            signal.connect(lambda *_a, k=key: self._edited(k))
        self.title_edit.textChanged.connect(self._update_heading)
        self.reviewed_button.clicked.connect(self.reviewed_requested)

    def _build_footer(self) -> QWidget:
        footer = save_footer(self, "le bloc de texte", self.save_requested,
                             self.revert_requested, wrap=False)
        return self._use_footer(footer)

    def _update_heading(self) -> None:
        self.heading.setText(self.title_edit.text().strip() or "Bloc sans titre")

    def block(self) -> TextBlock | None:
        """The block as last loaded (or saved)."""
        return self._block

    def load(self, block: TextBlock) -> None:
        """Show ``block``, clearing messages and the unsaved flag."""
        self._loading = True
        try:
            self._block = block
            self.title_edit.setText(block.title)
            self.title_edit.setCursorPosition(0)
            set_combo_value(self.category_combo, block.category)
            self.body_edit.setPlainText(block.body)
            self.interval_spin.setValue(block.review_interval_days)
        finally:
            self._loading = False
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
        if block.needs_review(self._today()):
            when = (f"dernière relecture le {format_date(block.last_reviewed)}"
                    if block.last_reviewed else "jamais relu")
            self.review_status.setText(f"⚠ {TO_REVIEW} ({when}) : vérifiez qu'il est à jour.")
            self.review_status.setStyleSheet(f"color: {_DUE_COLOR.name()}; font-weight: bold;")
        else:
            self.review_status.setText(f"À jour : relu le {format_date(block.last_reviewed)}.")
            self.review_status.setStyleSheet("color: #2e7d32;")
        self.uses_label.setText(f"Dans vos consultations : {uses_text(block.use_count)}.")

    def focus_title(self) -> None:
        """Put the cursor in « Titre », text selected."""
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title_edit.selectAll()

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


class LibraryPage(EditorPageMixin[TextBlock], QWidget):
    """Lists, searches and edits the current structure's text blocks.

    Injectable hooks: ``confirm(title, text) -> bool`` and ``ask_unsaved(what)``.
    """

    status_message = Signal(str)
    editor: TextBlockEditor
    NEW_ITEM_TITLE = NEW_TITLE
    RESTORED_MESSAGE = "Bloc « {} » rétabli."

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the library page needs an open workspace"
        self.ctx = ctx
        self.library = LibraryService(ctx.session)
        self.confirm: Callable[[str, str], bool] = lambda t, x: ask_yes_no(self, t, x)
        self.ask_unsaved: Callable[[str], UnsavedAnswer] = lambda what: ask_unsaved(self, what)
        self._structure_id = ctx.current_structure_id()
        self._current_id: int | None = None
        self._switching = False
        self._local_undo: QUndoStack | None = None
        self._just_built = True
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(DEBOUNCE_MS)
        self.editor = TextBlockEditor(ctx.today)
        self._build()
        self._connect()
        self.run_search()
        self._show_block(None)
        first = self.tree.topLevelItem(0)
        if first is not None:  # open on the first block, like « Consultations »
            self.tree.setCurrentItem(first)
        self.ctx.settings.restore_splitter(self.splitter, SETTINGS_KEY)

    def _build(self) -> None:
        heading = QLabel("Bibliothèque de textes")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText("Rechercher dans les titres et les textes — Ctrl+F")
        self.search_edit.setAccessibleName("Rechercher dans les blocs de texte")
        self.category_filter = enum_combo(TextCategory, "Toutes les catégories")
        self.category_filter.setAccessibleName("Filtrer par catégorie")
        self.category_filter.setMinimumContentsLength(22)
        self.due_check = QCheckBox("À relire seulement")
        self.due_check.setAccessibleName("Afficher seulement les blocs à relire")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Nombre de blocs trouvés")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.search_edit, 1)
        category_label = QLabel("&Catégorie :")
        category_label.setBuddy(self.category_filter)
        filters = QHBoxLayout()
        filters.addWidget(category_label)
        filters.addWidget(self.category_filter)
        filters.addWidget(self.due_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.new_button = QPushButton("&Nouveau bloc")
        self.new_button.setAccessibleName("Nouveau bloc de texte")
        self.duplicate_button = QPushButton("D&upliquer")
        self.duplicate_button.setAccessibleName("Dupliquer le bloc de texte")
        self.delete_button = QPushButton("Supprimer")
        self.delete_button.setAccessibleName("Supprimer le bloc de texte")
        self.delete_button.setToolTip("Supprimer le bloc (Suppr) — Ctrl+Z pour annuler")
        # Offered while the structure's library is empty (a new structure).
        self.starter_button = QPushButton("Ajouter les &textes de départ")
        self.starter_button.setAccessibleName("Ajouter les textes de départ")
        self.starter_button.setToolTip(
            "Huit modèles à adapter (présentation, méthodologie, moyens humains, insertion…) "
            "avec des mentions « [à compléter] »")
        self.starter_button.hide()
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button,
                       self.starter_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Liste des blocs de texte")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 4px 2px; }")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels(["Titre", "Catégorie", "Relecture", "Utilisations"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_CATEGORY, 140), (COL_REVIEW, 135), (COL_USES, 95)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(col, width)
        self._build_list_and_editor(self.tree, HINT_TEXT)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        self._add_page_actions("Supprimer le bloc", self.tree)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_timer.timeout.connect(self.run_search)
        self.category_filter.currentIndexChanged.connect(lambda _i: self.run_search())
        self.due_check.toggled.connect(lambda _c: self.run_search())
        self.new_button.clicked.connect(self.new_block)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.starter_button.clicked.connect(self.add_starter_blocks)
        self.delete_action.triggered.connect(self.delete_selected)
        self.find_action.triggered.connect(self.focus_search)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.editor.save_requested.connect(self.save_current)
        self.editor.revert_requested.connect(self.revert_current)
        self.editor.reviewed_requested.connect(self.mark_reviewed)

    def save_settings(self) -> None:
        """Remember the splitter sizes."""
        self.ctx.settings.save_splitter(self.splitter, SETTINGS_KEY)

    # --- list ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the page is shown: review states depend on today's date."""
        if self._just_built:  # the constructor has just searched: do not do it twice
            self._just_built = False
            return
        structure_id = self.ctx.current_structure_id()
        if structure_id != self._structure_id and self.maybe_leave():
            self._structure_id = structure_id
            self._show_block(None)
        self.run_search()

    def run_search(self) -> None:
        """List the blocks matching the search box, the category and « à relire »."""
        self.search_timer.stop()
        category = self.category_filter.currentData()
        due_only = self.due_check.isChecked()
        blocks = self.library.search_blocks(
            self.search_edit.text(), structure_id=self._structure_id,
            category=str(category) if category else None,
            limit=None if due_only else LIST_LIMIT,  # the review filter comes after
        )
        today = self.ctx.today()
        if due_only:
            blocks = [b for b in blocks if b.needs_review(today)][:LIST_LIMIT]
        self._switching = True
        try:
            self.tree.clear()
            items = [self._item(block, today) for block in blocks]
            self.tree.addTopLevelItems(items)
            current = next((i for i in items if i.data(0, Qt.ItemDataRole.UserRole)
                            == self._current_id), None)
            if current is not None:
                self.tree.setCurrentItem(current)
        finally:
            self._switching = False
        count = len(blocks)
        more = f" (les {LIST_LIMIT} premiers)" if count >= LIST_LIMIT else ""
        self.count_label.setText(
            f"{count} bloc{'s' if count > 1 else ''}{more}" if count else "aucun bloc"
        )
        anything = bool(count) or self.library.session.text_blocks.count(self._structure_id) > 0
        self.starter_button.setVisible(not anything)
        if count:
            self.list_stack.setCurrentWidget(self.tree)
        else:
            self.empty_label.setText(NO_MATCH_TEXT if anything else EMPTY_TEXT)
            self.list_stack.setCurrentWidget(self.empty_label)

    @staticmethod
    def _item(block: TextBlock, today: date) -> QTreeWidgetItem:
        due = block.needs_review(today)
        item = QTreeWidgetItem([block.title, label(block.category), review_text(block, today),
                                uses_text(block.use_count)])
        item.setData(0, Qt.ItemDataRole.UserRole, block.id)
        item.setToolTip(0, block.title)
        if due:
            item.setForeground(COL_REVIEW, QBrush(_DUE_COLOR))
            font = QFont()
            font.setBold(True)
            item.setFont(COL_REVIEW, font)
        return item

    def shown_ids(self) -> list[int]:
        """Ids of the blocks listed, top to bottom."""
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in self._items()]

    def row_texts(self, column: int) -> list[str]:
        """What the list shows in ``column``, top to bottom."""
        return [item.text(column) for item in self._items()]

    def _items(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    # --- selection -----------------------------------------------------------------------
    def current_block_id(self) -> int | None:
        """Id of the block shown in the editor."""
        return self._current_id

    def select_block(self, block_id: int) -> bool:
        """Select and show a block; False when the list hides it."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == block_id:
                self.tree.setCurrentItem(item)
                if self._current_id != block_id and not self._switching:
                    self._on_current_changed(item, None)
                return self._current_id == block_id
        return False

    def _on_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if self._switching or current is None:
            return
        new_id = current.data(0, Qt.ItemDataRole.UserRole)
        # run_search() puts the selection back on the edited block.
        if not self._may_switch_to(new_id, self.run_search):
            return
        self._show_block(self.library.session.text_blocks.get(new_id))

    def _show_block(self, block: TextBlock | None) -> None:
        self._current_id = block.id if block is not None else None
        if block is None:
            self.editor_stack.setCurrentWidget(self.hint_label)
        else:
            self.editor.load(block)
            self.editor_stack.setCurrentWidget(self.editor)
        for widget in (self.duplicate_button, self.delete_button):
            widget.setEnabled(block is not None)
        self.delete_action.setEnabled(block is not None)

    # --- editor hooks (see EditorPageMixin) ----------------------------------------------
    def _edited_item(self) -> TextBlock | None:
        return self.editor.block()

    def _stored_item(self, item_id: int) -> TextBlock | None:
        return self.library.session.text_blocks.get(item_id)

    def _load_editor(self, item: TextBlock) -> None:
        self.editor.load(item)

    def _show_editor_errors(self, messages: dict[str, str]) -> None:
        self.editor.errors.show(messages)

    # --- saving --------------------------------------------------------------------------
    def save_current(self) -> bool:
        """Save the editor through the service; on refusal show the messages inline."""
        if self._current_id is None:
            return True
        try:
            saved = self.library.save_block(self.editor.to_data(), self._structure_id)
        except (InvalidInput, WorkspaceError) as exc:
            return self._save_refused(
                exc, "Bloc non enregistré : corrigez les champs signalés en rouge."
            )
        self.editor.load(saved)
        self.run_search()
        self.status_message.emit(f"Bloc « {saved.title} » enregistré.")
        return True

    def mark_reviewed(self) -> bool:
        """Record that the shown block was reread today (« Marquer comme relu »)."""
        if self._current_id is None:
            return False
        try:
            updated = self.library.mark_block_reviewed(self._current_id, self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self.editor.errors.show({"": str(exc)})
            return False
        self.editor.show_review(updated)
        self.run_search()
        self.status_message.emit(f"Bloc « {updated.title} » marqué comme relu.")
        return True

    # --- actions -------------------------------------------------------------------------
    def new_block(self) -> TextBlock | None:
        """Create « Nouveau bloc de texte » (counted as reviewed today) and show it."""
        if not self.maybe_leave():
            return None
        category = self.category_filter.currentData() or TextCategory.PRESENTATION
        data = {"title": NEW_TITLE, "category": category, "last_reviewed": self.ctx.today()}
        created = self._write(lambda: self.library.save_block(data, self._structure_id))
        if created is None:
            return None
        self._added(created)
        self.editor.focus_title()
        self.status_message.emit("Nouveau bloc créé : donnez-lui un titre et son texte.")
        return created

    def add_starter_blocks(self) -> list[TextBlock]:
        """Add the shipped starter texts to this structure's library and list them."""
        if not self.maybe_leave():
            return []
        from ...services.starter import StarterService

        added = self._write(lambda: StarterService(self.library.session).add(self._structure_id))
        if not added:
            return []
        self.run_search()
        self.status_message.emit(
            f"{len(added)} textes de départ ajoutés : adaptez chaque mention « [à compléter] »."
        )
        return list(added)

    def duplicate_selected(self) -> TextBlock | None:
        """Copy the shown block (« (copie) », never used yet) and show the copy."""
        if self._current_id is None or not self.maybe_leave():
            return None
        source = self.editor.block()
        if source is None:
            return None
        data = source.model_dump(exclude={"id", "created_at", "updated_at"})
        data.update(title=f"{source.title} (copie)", use_count=0)
        copy = self._write(lambda: self.library.save_block(data, self._structure_id))
        if copy is None:
            return None
        self._added(copy)
        self.status_message.emit(f"Bloc dupliqué : « {copy.title} ».")
        return copy

    def _added(self, block: TextBlock) -> None:
        assert block.id is not None
        self._current_id = None
        self.run_search()
        if not self.select_block(block.id):
            self._show_block(block)

    def delete_selected(self) -> bool:
        """Ask, then delete the shown block as an undoable command."""
        return self._delete_with_undo(
            "Supprimer le bloc de texte",
            "Supprimer le bloc « {} » ? Vous pourrez l'annuler avec Ctrl+Z.",
            self.library.delete_block, self.library.restore_block,
            "Bloc supprimé — Ctrl+Z pour annuler",
        )

    def _on_deleted(self, block_id: int) -> None:
        if self._current_id == block_id:
            self._show_block(None)
        self.run_search()
