"""The « list + editor » flow shared by the library pages (text blocks, references).

A page lists items on the left and edits the current one on the right. This mixin holds
what is the same on every such page: asking about unsaved changes before leaving an item,
dropping them, deleting with Ctrl+Z to undo, and showing write errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QLineEdit, QSplitter, QStackedWidget, QWidget

from ...domain.common import InvalidInput
from ...storage.db import WorkspaceError
from ...storage.repositories import StaleWrite
from ..dialogs.confirm import UnsavedAnswer
from ..library_commands import DeleteItemCommand


class _Titled(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def structure_id(self) -> int | None: ...


ItemT = TypeVar("ItemT", bound=_Titled)


class EditorPageMixin(Generic[ItemT]):
    """Unsaved-changes, revert, delete-with-undo and error plumbing of a list + editor page.

    Mix it in before ``QWidget``. The page provides ``editor`` (with ``is_dirty()``,
    ``set_dirty()`` and ``save_action``), ``search_edit``, ``status_message``, ``confirm``,
    ``ask_unsaved``, ``_current_id``, ``_structure_id``, ``_switching``, ``_local_undo``,
    ``save_current()``, ``run_search()``, ``_added(item)`` and ``_on_deleted(id)``, and
    overrides the hooks below; ``_build_list_and_editor`` builds ``editor_stack``.
    """

    #: The title offered in the unsaved-changes question when the editor shows nothing.
    NEW_ITEM_TITLE = ""
    #: Status message once an item is put back, « {} » being its title.
    RESTORED_MESSAGE = "« {} » rétabli."

    editor: Any
    editor_stack: Any
    status_message: Any
    confirm: Callable[[str, str], bool]
    ask_unsaved: Callable[[str], UnsavedAnswer]
    _current_id: int | None
    _switching: bool
    _structure_id: int
    _local_undo: QUndoStack | None
    search_edit: QLineEdit

    # --- building ------------------------------------------------------------------------
    def _build_list_and_editor(
        self, list_view: QWidget, hint: str, *, stretch: tuple[int, int] | None = None
    ) -> QSplitter:
        """The list (or its « empty » message) beside the editor (or ``hint``).

        Sets ``empty_label``, ``list_stack``, ``hint_label``, ``editor_stack`` and
        ``splitter``, and returns the splitter.
        """
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; font-size: 11pt; padding: 24px;")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(list_view)
        self.list_stack.addWidget(self.empty_label)
        self.hint_label = QLabel(hint)
        self.hint_label.setWordWrap(True)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setStyleSheet("color: #555; padding: 24px;")
        self.editor_stack = QStackedWidget()
        self.editor_stack.addWidget(self.hint_label)
        self.editor_stack.addWidget(self.editor)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list_stack)
        self.splitter.addWidget(self.editor_stack)
        if stretch is not None:
            self.splitter.setStretchFactor(0, stretch[0])
            self.splitter.setStretchFactor(1, stretch[1])
        self.splitter.setCollapsible(1, False)
        # The editor's form needs about 340 px: at 1024 px it gets them, no side scrolling.
        self.splitter.setSizes([620, 480])
        return self.splitter

    def _add_page_actions(self, delete_text: str, list_view: QWidget) -> None:
        """Ctrl+F (search), Ctrl+S (save, from the list too) and Suppr on the list."""
        page = self._as_widget()
        self.find_action = QAction("Rechercher", page)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page.addAction(self.find_action)
        # Ctrl+S also works while the list has the focus (not only inside the editor).
        page.addAction(self.editor.save_action)
        self.delete_action = QAction(delete_text, page)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        list_view.addAction(self.delete_action)

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # --- hooks ---------------------------------------------------------------------------
    def _edited_item(self) -> ItemT | None:
        """The item as last loaded in the editor."""
        raise NotImplementedError

    def _stored_item(self, item_id: int) -> ItemT | None:
        """The item as stored in the workspace."""
        raise NotImplementedError

    def _load_editor(self, item: ItemT) -> None:
        """Show ``item`` in the editor (clears its unsaved flag)."""
        raise NotImplementedError

    def _show_editor_errors(self, messages: dict[str, str]) -> None:
        """Show ``messages`` (field key → text, "" for the whole form) in the editor."""
        raise NotImplementedError

    def save_current(self) -> bool:
        raise NotImplementedError

    def run_search(self) -> None:
        raise NotImplementedError

    def _added(self, item: ItemT) -> None:
        raise NotImplementedError

    # --- shared flow ---------------------------------------------------------------------
    def _may_switch_to(self, new_id: int | None, reselect: Callable[[], None]) -> bool:
        """True when the editor may show ``new_id`` instead of the shown item.

        False when it is already shown, or when the user stays on unsaved changes: then
        ``reselect()`` puts the list's selection back on the edited item.
        """
        if new_id == self._current_id:
            return False
        if not self.maybe_leave():
            self._switching = True
            try:
                reselect()
            finally:
                self._switching = False
            return False
        return True

    def maybe_leave(self) -> bool:
        """Before leaving the shown item: ask about unsaved changes; False to stay."""
        if not self.editor.is_dirty():
            return True
        item = self._edited_item()
        answer = self.ask_unsaved(item.title if item else self.NEW_ITEM_TITLE)
        if answer == "cancel":
            return False
        if answer == "save":
            return self.save_current()
        self.revert_current()
        return True

    def revert_current(self) -> None:
        """Drop unsaved changes: show the stored item again."""
        if self._current_id is None:
            return
        stored = self._stored_item(self._current_id)
        if stored is not None:
            self._load_editor(stored)

    def undo_stack(self) -> QUndoStack:
        """The window's undo stack (Édition › Annuler, Ctrl+Z); a page-local one otherwise."""
        page = self._as_widget()
        stack = getattr(page.window(), "undo_stack", None)
        if isinstance(stack, QUndoStack):
            return stack
        if self._local_undo is None:
            self._local_undo = QUndoStack(page)
            undo = self._local_undo.createUndoAction(page, "Annuler")
            undo.setShortcut(QKeySequence.StandardKey.Undo)
            undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            page.addAction(undo)
        return self._local_undo

    def _delete_with_undo(
        self,
        confirm_title: str,
        question: str,
        delete: Callable[[int], ItemT],
        restore: Callable[[ItemT], ItemT],
        done: str,
    ) -> bool:
        """Ask, then delete the shown item as an undoable command; ``done`` on success."""
        item = self._edited_item()
        if self._current_id is None or item is None:
            return False
        if not self.confirm(confirm_title, question.format(item.title)):
            return False
        self.editor.set_dirty(False)
        command: DeleteItemCommand[ItemT] = DeleteItemCommand(
            f"la suppression de « {item.title} »", self._current_id, item,
            delete, restore, self._on_deleted, self._on_restored, self._on_error,
        )
        self.undo_stack().push(command)
        if command.isObsolete():
            return False
        self.status_message.emit(done)
        return True

    def _on_deleted(self, item_id: int) -> None:
        raise NotImplementedError

    def _on_restored(self, item: ItemT) -> None:
        if item.structure_id != self._structure_id or not self.maybe_leave():
            self.run_search()
            return
        self._added(item)
        self.status_message.emit(self.RESTORED_MESSAGE.format(item.title))

    def _write(self, action: Callable[[], ItemT]) -> ItemT | None:
        try:
            return action()
        except (InvalidInput, WorkspaceError) as exc:
            self._on_error(str(exc))
            return None

    def _on_error(self, message: str) -> None:
        self.status_message.emit(message)
        if self.editor_stack.currentWidget() is self.editor:
            self._show_editor_errors({"": message})

    def _save_refused(self, exc: InvalidInput | WorkspaceError, not_saved: str) -> bool:
        """Show why a save failed inline; ``not_saved`` goes to the status bar for fields.

        A save refused because the item changed elsewhere (``StaleWrite``) asks the user:
        reload the stored item, or overwrite it with the editor's content. The question goes
        through ``self.ask_stale(title)`` when the page has one (tests), else a message box.
        """
        if isinstance(exc, StaleWrite):
            return self._resolve_stale(exc)
        if isinstance(exc, InvalidInput):
            self._show_editor_errors(exc.messages)
            self.status_message.emit(not_saved)
        else:
            self._show_editor_errors({"": str(exc)})
        return False

    def _resolve_stale(self, exc: StaleWrite) -> bool:
        from ..dialogs.stale import ask_stale

        ask = getattr(self, "ask_stale", None) or (lambda what: ask_stale(self._as_widget(), what))
        item = self._edited_item()
        answer = ask(item.title if item is not None else self.NEW_ITEM_TITLE)
        stored = self._stored_item(exc.item_id)
        if answer == "reload" and stored is not None:
            self._load_editor(stored)
            self.status_message.emit(f"« {stored.title} » rechargé : version enregistrée.")
            return False
        if answer == "overwrite" and item is not None and stored is not None:
            item.row_version = stored.row_version  # take the stored version: saved over it
            return self.save_current()
        self._show_editor_errors({"": str(exc)})
        return False

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
