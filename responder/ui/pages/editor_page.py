"""The « list + editor » flow shared by the library pages (text blocks, references).

A page lists items on the left and edits the current one on the right. This mixin holds
what is the same on every such page: the page's header (title and search box), the item
buttons, asking about unsaved changes before leaving an item, dropping them, deleting with
Ctrl+Z to undo, a save refused because the item changed elsewhere, and following the
changes other pages announce on the bus. Questions go through ``ctx.prompts``, writes
through ``ctx.ops`` (announcing the page's topic).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLineEdit, QPushButton, QSplitter, QStackedWidget, QWidget

from ...domain.common import InvalidInput
from ...services.changes import Changes, Topic
from ...storage.db import WorkspaceError
from ...storage.repositories import StaleWrite
from ..library_commands import DeleteItemCommand
from ..operations import Refresher
from ..widgets import make
from .page_flow import debounce_timer, leave_or_stay, resolve_stale, run_save

if TYPE_CHECKING:
    from ..context import UiContext

QLabelAndEdit = tuple[QWidget, QLineEdit]


class _Titled(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def structure_id(self) -> int | None: ...


ItemT = TypeVar("ItemT", bound=_Titled)
StoredT = TypeVar("StoredT")


class EditorPageMixin(Generic[ItemT]):
    """Unsaved-changes, revert, delete-with-undo and error plumbing of a list + editor page.

    Mix it in before ``QWidget``. The page provides ``editor`` (with ``is_dirty()``,
    ``set_dirty()`` and ``save_action``), ``status_message``, ``save_current()``,
    ``run_search()``, ``_added(item)`` and ``_on_deleted(id)``, and overrides the hooks
    below; ``_start_editor_page`` sets the shared state, ``_build_list_and_editor`` builds
    ``editor_stack``.
    """

    #: The title offered in the unsaved-changes question when the editor shows nothing.
    NEW_ITEM_TITLE = ""
    #: Status message once an item is put back, « {} » being its title.
    RESTORED_MESSAGE = "« {} » rétabli."
    #: What the page's writes change (announced on the bus; other pages' changes reload it).
    TOPIC = Topic.REFERENCES
    #: Deleting: the question's title, the question (« {} » being the item's title) and the
    #: status message once deleted.
    DELETE_TEXTS = ("", "{}", "")

    ctx: UiContext
    editor: Any
    editor_stack: Any
    status_message: Any
    _current_id: int | None
    _switching: bool
    _structure_id: int
    _local_undo: QUndoStack | None
    search_edit: QLineEdit
    new_button: QPushButton
    duplicate_button: QPushButton
    delete_button: QPushButton

    # --- building ------------------------------------------------------------------------
    def _start_editor_page(self, ctx: UiContext) -> None:
        """The shared state: no item shown yet, the current structure, the search timer."""
        self.ctx = ctx
        self._local_undo = None
        self._structure_id = ctx.current_structure_id()
        self._current_id = None
        self._switching = False
        self._just_built = True
        self.search_timer = debounce_timer(self._as_widget(), self.run_search)
        self.refresher = Refresher(self._as_widget(), ctx.bus, (self.TOPIC, Topic.STRUCTURE),
                                   self._follow_changes)

    def current_id(self) -> int | None:
        """Id of the item shown in the editor (``None``: none)."""
        return self._current_id

    def _build_header(self, title: str, placeholder: str, name: str) -> QLabelAndEdit:
        """The page's title and its search box (Ctrl+F)."""
        heading = make.label(title, role="title", wrap=False)
        self.search_edit = make.line_edit(name, placeholder=placeholder, clear=True)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        return heading, self.search_edit

    def _build_item_buttons(self, new_text: str, new_name: str, noun: str,
                            delete_tip: str) -> list[QWidget]:
        """« Nouveau … », « Dupliquer » and « Supprimer » (``noun``: « la référence »)."""
        self.new_button = make.button(new_text, name=new_name)
        self.duplicate_button = make.button("D&upliquer", name=f"Dupliquer {noun}")
        self.delete_button = make.button("Supprimer", name=f"Supprimer {noun}", tip=delete_tip)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        return [self.new_button, self.duplicate_button, self.delete_button]

    def _build_list_and_editor(
        self, list_view: QWidget, hint: str, *, stretch: tuple[int, int] | None = None
    ) -> QSplitter:
        """The list (or its « empty » message) beside the editor (or ``hint``).

        Sets ``empty_label``, ``list_stack``, ``hint_label``, ``editor_stack`` and
        ``splitter``, and returns the splitter.
        """
        self.empty_label = make.label(role="empty-list")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(list_view)
        self.list_stack.addWidget(self.empty_label)
        self.hint_label = make.label(hint, role="hint")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        """Ctrl+F (search), Ctrl+S (save, from the list too) and Suppr on the list; the
        editor's « Enregistrer » and « Annuler les modifications »."""
        page = self._as_widget()
        self.find_action = QAction("Rechercher", page)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.focus_search)
        page.addAction(self.find_action)
        # Ctrl+S also works while the list has the focus (not only inside the editor).
        page.addAction(self.editor.save_action)
        self.delete_action = QAction(delete_text, page)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        list_view.addAction(self.delete_action)
        self.editor.save_requested.connect(self.save_current)
        self.editor.revert_requested.connect(self.revert_current)

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

    def duplicate_selected(self) -> ItemT | None:
        raise NotImplementedError

    def _delete_calls(self) -> tuple[Callable[[int], ItemT], Callable[[ItemT], ItemT]]:
        """The service calls that delete an item (by id) and put it back."""
        raise NotImplementedError

    def delete_selected(self) -> bool:
        """Ask, then delete the shown item as an undoable command (Ctrl+Z puts it back)."""
        title, question, done = self.DELETE_TEXTS
        item = self._edited_item()
        if self._current_id is None or item is None:
            return False
        if not self.ctx.prompts.ask_yes_no(title, question.format(item.title)):
            return False
        self.editor.set_dirty(False)
        delete, restore = self._delete_calls()
        command: DeleteItemCommand[ItemT] = DeleteItemCommand(
            f"la suppression de « {item.title} »", self._current_id, item,
            delete, restore, self._deleted, self._on_restored, self._on_error,
        )
        self.undo_stack().push(command)
        if command.isObsolete():
            return False
        self.status_message.emit(done)
        return True

    def _added(self, item: ItemT) -> None:
        raise NotImplementedError

    def _select_first(self) -> None:
        """Select the first item of the list (when there is one)."""
        raise NotImplementedError

    def _show_first(self) -> None:
        """Search, then open on the first item like « Consultations » (the hint if none)."""
        self.run_search()
        self._show_item(None)
        self._select_first()

    def _reload(self) -> None:
        """Read the list again (another page changed it, or the page is shown again)."""
        self.run_search()

    # --- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the page is shown: the structure, the list may differ."""
        self.refresher.stale = False  # reloaded now: not once more when shown
        if self._just_built:  # the constructor has just searched: do not do it twice
            self._just_built = False
            return
        self._follow_changes()

    def _follow_changes(self) -> None:
        structure_id = self.ctx.current_structure_id()
        if structure_id != self._structure_id and self.maybe_leave():
            self._structure_id = structure_id
            self._show_item(None)
        self._reload()

    def _show_item(self, item: ItemT | None) -> None:
        """Show ``item`` in the editor (the hint for ``None``); enable its buttons."""
        self._current_id = getattr(item, "id", None) if item is not None else None
        if item is None:
            self.editor_stack.setCurrentWidget(self.hint_label)
        else:
            self._load_editor(item)
            self.editor_stack.setCurrentWidget(self.editor)
        for widget in (self.duplicate_button, self.delete_button, self.delete_action):
            widget.setEnabled(item is not None)

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
        return leave_or_stay(self.ctx.prompts, item.title if item else self.NEW_ITEM_TITLE,
                             self.save_current, self.revert_current)

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

    def _changes(self) -> Changes:
        """What a write of this page changed (this page does not reload for it)."""
        return Changes.of(self.TOPIC, source=self)

    def _duplicate_data(self, source: ItemT) -> dict[str, Any]:
        """The copy of ``source`` to save: « (copie) » after its title, no id yet."""
        data: dict[str, Any] = source.model_dump(  # type: ignore[attr-defined]
            exclude={"id", "created_at", "updated_at"})
        data["title"] = f"{source.title} (copie)"
        return data

    def _deleted(self, item_id: int) -> None:
        self.ctx.ops.announce(self._changes())
        self._on_deleted(item_id)

    def _on_deleted(self, item_id: int) -> None:
        raise NotImplementedError

    def _on_restored(self, item: ItemT) -> None:
        self.ctx.ops.announce(self._changes())
        if item.structure_id != self._structure_id or not self.maybe_leave():
            self.run_search()
            return
        self._added(item)
        self.status_message.emit(self.RESTORED_MESSAGE.format(item.title))

    def _write(self, action: Callable[[], StoredT]) -> StoredT | None:
        """Run a write through ``ctx.ops``; a refusal goes to the status bar and the form."""
        return self.ctx.ops.run(action, changes=self._changes(),
                                on_failure=lambda failure: self._on_error(failure.text))

    def _add_item(self, save: Callable[[], ItemT], done: str, *,
                  focus: bool = False) -> ItemT | None:
        """Write a new item (a new one, a copy) and show it in the list and the editor;
        ``done`` (« {} » being its title) goes to the status bar."""
        added = self._write(save)
        if added is None:
            return None
        self._added(added)
        if focus:
            self.editor.focus_title()
        self.status_message.emit(done.format(added.title))
        return added

    def _on_error(self, message: str) -> None:
        self.status_message.emit(message)
        if self.editor_stack.currentWidget() is self.editor:
            self._show_editor_errors({"": message})

    def _save_item(self, save: Callable[[], ItemT], not_saved: str) -> ItemT | bool:
        """Save through ``ctx.ops``: the saved item, or False/True when refused (False) or
        saved again over a change made elsewhere (the result of that save)."""
        saved, refused = run_save(self.ctx.ops, save, self._changes())
        if saved is not None:
            return saved
        return self._save_refused(refused, not_saved) if refused is not None else False

    def _save_refused(self, exc: InvalidInput | WorkspaceError, not_saved: str) -> bool:
        """Show why a save failed inline; ``not_saved`` goes to the status bar for fields.

        A save refused because the item changed elsewhere (``StaleWrite``) asks the user:
        reload the stored item, or overwrite it with the editor's content.
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
        item = self._edited_item()

        def reload(stored: ItemT) -> None:
            self._load_editor(stored)
            self.status_message.emit(f"« {stored.title} » rechargé : version enregistrée.")

        def overwrite(stored: ItemT) -> bool:
            if item is None:
                self._show_editor_errors({"": str(exc)})
                return False
            item.row_version = stored.row_version  # type: ignore[attr-defined]
            return self.save_current()  # saved over the stored version

        return resolve_stale(
            self.ctx.prompts, item.title if item is not None else self.NEW_ITEM_TITLE,
            self._stored_item(exc.item_id), reload, overwrite,
            lambda: self._show_editor_errors({"": str(exc)}),
        )

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

