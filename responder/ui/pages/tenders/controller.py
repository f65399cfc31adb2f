"""« Consultations »: the list of dossiers (filter, sort) beside the editor of the selected one
and its dossier tabs.

Writes go through ``ctx.ops`` and are announced on the change bus (source: this page); the
list follows what other pages and the dossier tabs write (a veille « suivre », an RC or
dossier import, the Résultat tab's status) through a ``Refresher``. Questions go through
``ctx.prompts``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from ....domain.enums import TenderStatus
from ....domain.tender import Tender
from ....services.changes import Changes, Topic
from ...commands import DeleteTenderCommand
from ...context import UiContext
from ...models.tender_table import ID_ROLE, TenderTableModel
from ...operations import Refresher
from ...widgets.selection import select_row
from ...widgets.tender_editor import TenderEditor
from ..dossier_tabs import build_dossier_tabs
from ..rc_import_action import RcImporter
from .dossier_info import DossierInfo
from .saving import NEW_TITLE, SavingMixin
from .view import EMPTY_HINT_TEXT, EMPTY_TEXT, HINT_TEXT, SETTINGS_KEY, TendersView

NO_MATCH_TEXT = (
    "Aucune consultation ne correspond à la recherche. Effacez le texte ou choisissez "
    "« Tous les statuts »."
)
#: What other pages and tabs write that the list shows (status, deadlines, next step).
LIST_TOPICS = (Topic.TENDERS, Topic.OUTCOME, Topic.DEPOSIT, Topic.GONOGO)
#: What the « Pièces » column counts.
PIECES_TOPICS = (Topic.CHECKLIST, Topic.DOCUMENTS)


class TendersPage(SavingMixin, TendersView):
    """Lists the current structure's consultations and edits the selected one."""

    status_message = Signal(str)
    selection_changed = Signal(bool)
    tenders_changed = Signal()

    def __init__(self, ctx: UiContext, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(TenderEditor(), parent)
        self.ctx = ctx
        self.undo_stack = undo_stack
        self.info = DossierInfo(ctx)
        self._structure_id = ctx.current_structure_id()
        self._current_id: int | None = None
        self._switching = False
        self.model = TenderTableModel(ctx.today, self, pieces=self.info.pieces_count,
                                      next_step=self.info.next_step)
        self.proxy = self.show_list(self.model, ctx.settings)
        self.extra_tabs = build_dossier_tabs(ctx, self.dossier_tabs)
        self.rc_importer = RcImporter(self)  # « Importer un RC… » and drag-and-drop
        self._connect_tabs()
        self._connect()
        Refresher(self, ctx.bus, LIST_TOPICS, self._stored_changed)
        Refresher(self, ctx.bus, PIECES_TOPICS, self.model.invalidate_pieces)
        self.reload()

    def _connect_tabs(self) -> None:
        """The tabs' messages to the window; what they still signal (until they announce it
        on the change bus) to the list and the header."""
        slots: dict[str, Callable[..., object]] = {
            "status_message": self.status_message.emit,
            "decided": self._on_decided,
            "checklist_changed": self.model.invalidate_pieces,
            "status_changed": self._on_tab_status_changed,
        }
        for tab in self.extra_tabs:
            for name, slot in slots.items():
                signal = getattr(tab, name, None)
                if signal is not None:
                    signal.connect(slot)

    def _connect(self) -> None:
        self.find_action.triggered.connect(self.focus_search)
        self.new_button.clicked.connect(self.new_tender)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.search_edit.textChanged.connect(self._on_filter_changed)
        self.status_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.activated.connect(lambda _index: self.editor.focus_title())
        self.editor.save_requested.connect(self.save_current)
        self.editor.revert_requested.connect(self.revert_current)
        self.editor.warnings_for = self.info.date_warnings
        self.editor.eligibility_for = self.info.eligibility

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Recount the pieces when coming back: the vault may have changed meanwhile."""
        self.model.invalidate_pieces()
        super().showEvent(event)

    def _changes(self, tender_id: int | None) -> Changes:
        return Changes.of(Topic.TENDERS, tender_id=tender_id, source=self)

    # --- settings ------------------------------------------------------------------------
    def save_settings(self) -> None:
        """Remember the splitter sizes and the table's columns and sort."""
        self.ctx.settings.save_list_layout(*self._layout_parts())

    def _layout_parts(self) -> tuple[QSplitter, QHeaderView, str]:
        return self.splitter, self.table.horizontalHeader(), SETTINGS_KEY

    # --- list --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Reload the current structure's consultations from the workspace.

        Unsaved changes are asked about first, while the edited dossier is still known (so
        « Enregistrer » really saves it). When the user chooses to stay and the dossier is
        still listed, the editor keeps the unsaved changes.
        """
        keep = self._current_id
        stay = keep is not None and not self.maybe_leave()
        kept = False
        with self._programmatic(reselect=False):
            self.model.set_tenders(self.ctx.tenders.list(self._structure_id))
            if stay and keep is not None and self.model.row_of(keep) is not None:
                self._reselect_current()  # the editor keeps the unsaved changes
                kept = True
        self._update_empty_state()
        if kept:
            return
        # Shown again from the workspace: the stored dossier may have changed (import).
        self._current_id = None
        if keep is not None and self.model.row_of(keep) is not None:
            self.select_tender(keep)
        else:
            self._select_proxy_row(0)

    def _stored_changed(self) -> None:
        """Another page or a dossier tab wrote dossiers: list them as stored; the edited one
        stays in the editor (its stored status shown when it has unsaved changes)."""
        with self._programmatic():
            self.model.set_tenders(self.ctx.tenders.list(self._structure_id))
        self._update_empty_state()
        row = self.model.row_of(self._current_id) if self._current_id is not None else None
        if row is None:
            if self._current_id is not None:
                self._current_id = None
                self._select_proxy_row(0)
            return
        fresh = self.model.tender_at(row)
        if self.editor.is_dirty():
            self.editor.set_stored_status(fresh.status)
        else:
            self.editor.load(fresh)
        self.show_next_step(fresh)

    def _on_tab_status_changed(self, tender_id: int) -> None:
        """A dossier tab (« Résultat ») changed the stored status: show it in the list and in
        the editor, so saving the form later does not put the old status back."""
        fresh = self.ctx.tenders.get(tender_id)
        with self._programmatic():
            self.model.set_tenders(self.ctx.tenders.list(self._structure_id))
        if tender_id == self._current_id:
            self.editor.set_stored_status(fresh.status)

    def set_structure(self, structure_id: int) -> None:
        """Show another structure's consultations (call ``maybe_leave`` first)."""
        if structure_id == self._structure_id:
            return
        self._structure_id = structure_id
        self.reload()

    def _on_filter_changed(self) -> None:
        # Filtering must never switch the editor to another dossier: the one being edited
        # stays in the editor, and is selected again once the filter shows it.
        with self._programmatic():
            self.proxy.set_search(self.search_edit.text())
            self.proxy.set_status_filter(self.status_combo.currentData())
        self._update_empty_state()

    @contextmanager
    def _programmatic(self, *, reselect: bool = True) -> Iterator[None]:
        """Model or filter changes inside the block never switch the edited dossier."""
        self._switching = True
        try:
            yield
            if reselect:
                self._reselect_current()
        finally:
            self._switching = False

    def _reselect_current(self) -> None:
        selection = self.table.selectionModel()
        row = self.model.row_of(self._current_id) if self._current_id is not None else None
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
        if index is not None and index.isValid():
            self._set_current(index)
        else:
            selection.clearSelection()
            selection.clearCurrentIndex()

    def _update_empty_state(self) -> None:
        self.hint_label.setText(HINT_TEXT if self.model.rowCount() else EMPTY_HINT_TEXT)
        if self.model.rowCount() == 0:
            self.empty_label.setText(EMPTY_TEXT)
            self.list_stack.setCurrentWidget(self.empty_label)
        elif self.proxy.rowCount() == 0:
            self.empty_label.setText(NO_MATCH_TEXT)
            self.list_stack.setCurrentWidget(self.empty_label)
        else:
            self.list_stack.setCurrentWidget(self.table)

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def clear_filters(self) -> None:
        """Show every consultation again."""
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(0)

    # --- selection -----------------------------------------------------------------------
    def current_tender_id(self) -> int | None:
        """Id of the consultation shown in the editor."""
        return self._current_id

    def select_tender(self, tender_id: int) -> bool:
        """Select (and show) the consultation with this id; False if it is filtered out."""
        row = self.model.row_of(tender_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self._set_current(index)
        return self._current_id == tender_id

    def _select_proxy_row(self, row: int) -> None:
        if self.proxy.rowCount() == 0:
            self._show_tender(None)
            return
        row = max(0, min(row, self.proxy.rowCount() - 1))
        self._set_current(self.proxy.index(row, 0))

    def _set_current(self, index: QModelIndex) -> None:
        # When the current row does not change, Qt emits nothing: show the dossier ourselves.
        unchanged = select_row(self.table, index)
        if unchanged and not self._switching and index.data(ID_ROLE) != self._current_id:
            self._on_current_changed(index, QModelIndex())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._switching or not current.isValid():
            return
        new_id = current.data(ID_ROLE)
        if new_id == self._current_id:
            return
        if not self.maybe_leave():
            self._switching = True
            try:
                if self._current_id is not None:
                    self.select_tender(self._current_id)
            finally:
                self._switching = False
            return
        self._show_tender(new_id)

    def show_next_step(self, tender: Tender | None = None) -> str:
        """Put the dossier's single next action in its header; returns the text."""
        tender = tender or (self.ctx.tenders.get(self._current_id)
                            if self._current_id is not None else None)
        if tender is None or self.ctx.session is None:
            self.next_step_label.clear()
            return ""
        text = f"Prochaine étape : {self.info.next_step(tender)}"
        self.next_step_label.setText(text)
        return text

    def _on_decided(self, saved: Tender) -> None:
        """A go / no-go was recorded: the list, the header and (unless being edited) the
        Consultation tab show the dossier as stored (its status may have moved)."""
        with self._programmatic():
            self.model.upsert(saved)
        if not self.editor.is_dirty():
            self.editor.load(saved)
        self.show_next_step(saved)

    def _tabs_show(self, tender: Tender | None) -> None:
        """Tell every dossier tab which dossier is shown (``None``: none)."""
        for tab in self.extra_tabs:
            tab.set_tender(tender)

    def _show_tender(self, tender_id: int | None) -> None:
        self._current_id = tender_id
        row = self.model.row_of(tender_id) if tender_id is not None else None
        if row is None:
            self._current_id = None
            self.editor_stack.setCurrentWidget(self.hint_label)
            self._tabs_show(None)
        else:
            tender = self.model.tender_at(row)
            self.editor.load(tender)
            self.editor_stack.setCurrentWidget(self.dossier_holder)
            self._tabs_show(tender)
            self.show_next_step(tender)
        has = self._current_id is not None
        self.duplicate_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.selection_changed.emit(has)

    # --- actions -------------------------------------------------------------------------
    def new_tender(self) -> Tender | None:
        """Create « Nouvelle consultation » (veille), select it and focus its title."""
        if not self.maybe_leave():
            return None
        data = {"title": NEW_TITLE, "status": TenderStatus.VEILLE}
        created = self._write(lambda: self.ctx.tenders.save(data, self._structure_id))
        if created is None:
            return None
        self._added(created)
        # The hint of a new dossier points at its title: show the tab that has it.
        self.dossier_tabs.setCurrentIndex(0)
        self.editor.focus_title()
        self.status_message.emit("Nouvelle consultation créée : donnez-lui son objet.")
        return created

    def duplicate_selected(self) -> Tender | None:
        """Copy the selected consultation (back in veille) and select the copy."""
        if self._current_id is None or not self.maybe_leave():
            return None
        tender_id = self._current_id
        copy = self._write(lambda: self.ctx.tenders.duplicate(tender_id))
        if copy is None:
            return None
        self._added(copy)
        self.status_message.emit(f"Consultation dupliquée : « {copy.title} ».")
        return copy

    def delete_selected(self) -> bool:
        """Ask, then delete the selected consultation as an undoable command."""
        tender = self.editor.tender()
        if self._current_id is None or tender is None:
            return False
        question = (
            f"Supprimer la consultation « {tender.title} » ? "
            "Vous pourrez l'annuler avec Ctrl+Z."
        )
        if not self.ctx.prompts.ask_yes_no("Supprimer la consultation", question):
            return False
        self.editor.set_dirty(False)
        command = DeleteTenderCommand(
            self.ctx.tenders, tender, self._on_deleted, self._on_restored, self._on_error
        )
        self.undo_stack.push(command)
        if command.isObsolete():
            return False
        self.status_message.emit("Consultation supprimée — Ctrl+Z pour annuler")
        return True

    def _write(self, action: Callable[[], Tender]) -> Tender | None:
        return self.ctx.ops.run(action, changes=lambda t: self._changes(t.id),
                                on_failure=lambda failure: self._on_error(failure.text))

    def _on_error(self, message: str) -> None:
        self.status_message.emit(message)
        self.editor.show_errors({"": message})

    def _added(self, tender: Tender) -> None:
        self.model.upsert(tender)
        self._update_empty_state()
        assert tender.id is not None
        if not self.select_tender(tender.id):
            self.clear_filters()
            self.select_tender(tender.id)
        self.tenders_changed.emit()

    def _on_deleted(self, tender_id: int) -> None:
        proxy_row = self.table.currentIndex().row()
        with self._programmatic(reselect=self._current_id != tender_id):
            self.model.remove(tender_id)
        self._update_empty_state()
        if self._current_id == tender_id:
            self._current_id = None
            self._select_proxy_row(proxy_row)
        self.ctx.ops.announce(self._changes(tender_id))
        self.tenders_changed.emit()

    def _on_restored(self, tender: Tender) -> None:
        self.ctx.ops.announce(self._changes(tender.id))
        if tender.structure_id != self._structure_id:
            return
        self.model.upsert(tender)
        self._update_empty_state()
        assert tender.id is not None
        if not self.editor.is_dirty():
            self.select_tender(tender.id)
        self.status_message.emit(f"Consultation « {tender.title} » rétablie.")
        self.tenders_changed.emit()
