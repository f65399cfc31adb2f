"""« Ma structure »: the profile of the structure the user works on, and switching structure.

Saves, switches, archiving and deleting go through ``ctx.ops`` and announce STRUCTURE (the
other pages follow); questions go through ``ctx.prompts``. ``before_switch()`` (the
Consultations page's own unsaved-changes check) is wired by the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ....domain.common import InvalidInput
from ....domain.structure import Structure
from ....services.changes import Changes, Topic
from ....storage.db import WorkspaceError
from ....storage.repositories import StaleWrite
from ...context import UiContext
from ...operations import Refresher
from ...widgets.editor_parts import DIRTY_TEXT
from ..page_flow import leave_or_stay, resolve_stale, run_save
from .archive import StructureArchive

NEW_NAME = "Nouvelle structure"


class StructurePage(StructureArchive):
    """Edits the current structure; a combo switches structure when there are several."""

    structure_changed = Signal(object)
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(self.save, self.revert, parent)
        self.ctx = ctx
        self.before_switch: Callable[[], bool] = lambda: True
        self._dirty = False
        self._hidden_id: int | None = None
        self.form.edited.connect(lambda: self.set_dirty(True))
        self.structure_combo.activated.connect(self._on_combo_activated)
        self.new_button.clicked.connect(self.new_structure)
        self.archive_button.clicked.connect(lambda: self.hide_current("archive"))
        self.delete_button.clicked.connect(lambda: self.hide_current("delete"))
        self.archived_button.clicked.connect(self._show_archives)
        self.undo_button.clicked.connect(self.undo_hide)
        self.refresher = Refresher(self, ctx.bus, (Topic.STRUCTURE,),
                                   lambda: self.show_structure(ctx.structures.current()))
        self._show(ctx.structures.current())

    def _changes(self) -> Changes:
        return Changes.of(Topic.STRUCTURE, source=self)

    # --- state -------------------------------------------------------------------------------
    def _show(self, structure: Structure) -> None:
        self.form.load(structure)
        self.set_dirty(False)
        self._fill_combo(structure.id)

    def _fill_combo(self, current_id: int | None) -> None:
        structures = self.ctx.structures.list()
        self.structure_combo.blockSignals(True)
        self.structure_combo.clear()
        for structure in structures:
            self.structure_combo.addItem(structure.name, structure.id)
            if structure.id == current_id:
                self.structure_combo.setCurrentIndex(self.structure_combo.count() - 1)
        self.structure_combo.blockSignals(False)
        several = len(structures) > 1
        self.structure_combo.setVisible(several)
        self.combo_label.setVisible(several)

    def show_structure(self, structure: Structure) -> None:
        """Show ``structure`` (made current elsewhere, e.g. by importing one of its dossiers).

        Unsaved changes to the structure shown are kept (the window asks before switching).
        """
        shown = self.form.structure()
        if self._dirty and shown is not None and shown.id == structure.id:
            self._fill_combo(structure.id)
            return
        self._show(structure)

    def is_dirty(self) -> bool:
        """True when the form holds changes not yet saved."""
        return self._dirty

    def set_dirty(self, dirty: bool) -> None:
        """Flag (or clear) unsaved changes."""
        self._dirty = dirty
        self.dirty_label.setText(DIRTY_TEXT if dirty else "")
        self.revert_button.setEnabled(dirty)

    def current(self) -> Structure | None:
        """The structure shown."""
        return self.form.structure()

    # --- actions -----------------------------------------------------------------------------
    def save(self) -> bool:
        """Save through ``StructureService``; on refusal show each message under its field."""
        saved, refused = run_save(
            self.ctx.ops, lambda: self.ctx.structures.save(self.form.to_data()), self._changes())
        if saved is None:
            return self._refused(refused) if refused is not None else False
        self._show(saved)
        self.status_message.emit(f"Structure « {saved.name} » enregistrée.")
        self.structure_changed.emit(saved)
        return True

    def _refused(self, exc: InvalidInput | WorkspaceError) -> bool:
        if isinstance(exc, InvalidInput):
            self.form.errors.show(exc.messages)
            self.status_message.emit(
                "Structure non enregistrée : corrigez les champs signalés en rouge."
            )
            return False
        if isinstance(exc, StaleWrite):
            return self._resolve_stale(exc)
        self.form.errors.show({"": str(exc)})
        return False

    def _resolve_stale(self, exc: StaleWrite) -> bool:
        """Saved elsewhere since it was opened: reload the structure, or overwrite it."""
        held = self.form.structure()

        def overwrite(stored: Structure) -> bool:
            if held is None:
                self.form.errors.show({"": str(exc)})
                return False
            held.row_version = stored.row_version  # saved over the stored version
            return self.save()

        return resolve_stale(self.ctx.prompts, held.name if held is not None else "",
                             self.ctx.structures.get(exc.item_id), self._show, overwrite,
                             lambda: self.form.errors.show({"": str(exc)}))

    def revert(self) -> None:
        """Drop unsaved changes."""
        structure = self.form.structure()
        if structure is not None:
            self.form.load(structure)
        self.set_dirty(False)

    def maybe_leave(self) -> bool:
        """Ask about unsaved changes before they would be lost; False to stay."""
        if not self._dirty:
            return True
        structure = self.form.structure()
        return leave_or_stay(self.ctx.prompts, structure.name if structure else NEW_NAME,
                             self.save, self.revert)

    def switch_to(self, structure_id: int) -> bool:
        """Work on another structure: refreshes this page, the title and the consultations."""
        current = self.form.structure()
        if current is not None and current.id == structure_id:
            return True
        if not (self.maybe_leave() and self.before_switch()):
            self._fill_combo(current.id if current else None)
            return False
        structure = self._make_current(structure_id)
        if structure is None:
            return False
        self.status_message.emit(f"Vous travaillez maintenant pour « {structure.name} ».")
        self.structure_changed.emit(structure)
        return True

    def _make_current(self, structure_id: int) -> Structure | None:
        """Work on ``structure_id`` from now on (announced) and show it."""

        def work() -> Structure:
            self.ctx.structures.set_current(structure_id)
            return self.ctx.structures.get(structure_id)

        structure = self.ctx.ops.run(work, changes=self._changes())
        if structure is not None:
            self._show(structure)
        return structure

    def _on_combo_activated(self, index: int) -> None:
        structure_id = self.structure_combo.itemData(index)
        if isinstance(structure_id, int):
            self.switch_to(structure_id)

    def new_structure(self) -> Structure | None:
        """Add « Nouvelle structure », switch to it and put the cursor in its name."""
        if not (self.maybe_leave() and self.before_switch()):
            return None
        created = self.ctx.ops.run(
            lambda: self.ctx.structures.save({"name": NEW_NAME}), changes=self._changes(),
            on_failure=lambda failure: self.form.errors.show({"": failure.text}))
        if created is None:
            return None
        assert created.id is not None
        self.switch_to(created.id)
        self.form.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form.name_edit.selectAll()
        return created
