"""« Bibliothèque de textes »: reusable paragraphs, searched as you type, kept fresh.

Each block shows whether it is « à relire » (never reviewed, or past its review interval)
in words, not only in colour, and how many times it was used in a tender. The editor is
``widgets/text_block_editor``; questions go through ``ctx.prompts``, writes through
``ctx.ops`` (topic BLOCKS).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QTreeWidgetItem,
    QWidget,
)

from ....domain.enums import TextCategory, label
from ....domain.library import TextBlock
from ....services.block_texts import review_text, uses_text
from ....services.changes import Topic
from ....services.library import LibraryService
from ...context import UiContext
from ...theme import color
from ...widgets import make
from ...widgets.combos import enum_combo
from ...widgets.text_block_editor import TextBlockEditor
from ..editor_page import EditorPageMixin
from .view import COL_REVIEW, blocks_tree, due_check, starter_button

SETTINGS_KEY = "library_page"
NEW_TITLE = "Nouveau bloc de texte"
#: Blocks listed at most (a structure has a few hundred; the search narrows the rest).
LIST_LIMIT = 500
EMPTY_TEXT = (
    "Aucun bloc de texte pour l'instant.\n\nAjoutez vos paragraphes déjà écrits "
    "(présentation, méthodologie, démarche d'insertion…) avec « Nouveau bloc », ou partez "
    "des huit modèles de « Ajouter les textes de départ », à adapter."
)
NO_MATCH_TEXT = "Aucun bloc ne correspond. Effacez la recherche ou choisissez « Toutes »."
HINT_TEXT = "Choisissez un bloc dans la liste pour le lire et le modifier ici."


class LibraryPage(EditorPageMixin[TextBlock], QWidget):
    """Lists, searches and edits the current structure's text blocks."""

    status_message = Signal(str)
    editor: TextBlockEditor
    NEW_ITEM_TITLE = NEW_TITLE
    RESTORED_MESSAGE = "Bloc « {} » rétabli."
    TOPIC = Topic.BLOCKS
    DELETE_TEXTS = ("Supprimer le bloc de texte",
                    "Supprimer le bloc « {} » ? Vous pourrez l'annuler avec Ctrl+Z.",
                    "Bloc supprimé — Ctrl+Z pour annuler")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the library page needs an open workspace"
        self.library = LibraryService(ctx.session)
        self._start_editor_page(ctx)
        self.editor = TextBlockEditor(ctx.today)
        self._build()
        self._connect()
        self._show_first()
        self.ctx.settings.restore_splitter(self.splitter, SETTINGS_KEY)

    def _select_first(self) -> None:
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _build(self) -> None:
        heading, search = self._build_header(
            "Bibliothèque de textes", "Rechercher dans les titres et les textes — Ctrl+F",
            "Rechercher dans les blocs de texte")
        self.category_filter = enum_combo(TextCategory, "Toutes les catégories")
        self.category_filter.setAccessibleName("Filtrer par catégorie")
        self.category_filter.setMinimumContentsLength(22)
        self.due_check = due_check()
        self.count_label = make.label(name="Nombre de blocs trouvés", wrap=False)
        category_label = make.buddy("&Catégorie :", self.category_filter)
        items = self._build_item_buttons("&Nouveau bloc", "Nouveau bloc de texte",
                                         "le bloc de texte",
                                         "Supprimer le bloc (Suppr) — Ctrl+Z pour annuler")
        self.starter_button = starter_button()  # while the library is empty
        self.tree = blocks_tree()
        self._build_list_and_editor(self.tree, HINT_TEXT)
        top = make.row(heading, 12, search, margins=True)
        top.setStretchFactor(search, 1)
        make.column(
            top,
            make.row(category_label, self.category_filter, self.due_check, None,
                     self.count_label, margins=True),
            make.row(*items, self.starter_button, None, margins=True),
            self.splitter, parent=self,
        ).setStretchFactor(self.splitter, 1)
        self._add_page_actions("Supprimer le bloc", self.tree)

    def _connect(self) -> None:
        self.category_filter.currentIndexChanged.connect(lambda _i: self.run_search())
        self.due_check.toggled.connect(lambda _c: self.run_search())
        self.new_button.clicked.connect(self.new_block)
        self.starter_button.clicked.connect(self.add_starter_blocks)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.editor.reviewed_requested.connect(self.mark_reviewed)

    def save_settings(self) -> None:
        """Remember the splitter sizes."""
        self.ctx.settings.save_splitter(self.splitter, SETTINGS_KEY)

    # --- list ----------------------------------------------------------------------------
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
            item.setForeground(COL_REVIEW, QBrush(color("warning")))
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
    #: Id of the block shown in the editor.
    current_block_id = EditorPageMixin.current_id

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
        self._show_item(self.library.session.text_blocks.get(new_id))

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
        saved = self._save_item(
            lambda: self.library.save_block(self.editor.to_data(), self._structure_id),
            "Bloc non enregistré : corrigez les champs signalés en rouge.")
        if isinstance(saved, bool):
            return saved
        self.editor.load(saved)
        self.run_search()
        self.status_message.emit(f"Bloc « {saved.title} » enregistré.")
        return True

    def mark_reviewed(self) -> bool:
        """Record that the shown block was reread today (« Marquer comme relu »)."""
        if self._current_id is None:
            return False
        block_id = self._current_id
        updated = self.ctx.ops.run(
            lambda: self.library.mark_block_reviewed(block_id, self.ctx.today()),
            changes=self._changes(),
            on_failure=lambda failure: self.editor.errors.show({"": failure.text}))
        if updated is None:
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
        return self._add_item(lambda: self.library.save_block(data, self._structure_id),
                              "Nouveau bloc créé : donnez-lui un titre et son texte.", focus=True)

    def add_starter_blocks(self) -> list[TextBlock]:
        """Add the shipped starter texts to this structure's library and list them."""
        if not self.maybe_leave():
            return []
        from ....services.starter import StarterService

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
        data = self._duplicate_data(source)
        data["use_count"] = 0
        return self._add_item(lambda: self.library.save_block(data, self._structure_id),
                              "Bloc dupliqué : « {} ».")

    def _added(self, block: TextBlock) -> None:
        assert block.id is not None
        self._current_id = None
        self.run_search()
        if not self.select_block(block.id):
            self._show_item(block)

    def _delete_calls(self) -> tuple[Callable[[int], TextBlock],
                                     Callable[[TextBlock], TextBlock]]:
        return self.library.delete_block, self.library.restore_block

    def _on_deleted(self, block_id: int) -> None:
        if self._current_id == block_id:
            self._show_item(None)
        self.run_search()
