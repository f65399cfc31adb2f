"""Archive, delete and bring back a structure from « Ma structure » (with « Annuler »)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu

from ....services.structure_admin import StructureAdmin
from .view import StructureView

if TYPE_CHECKING:
    from ....domain.structure import Structure
    from ....services.changes import Changes
    from ...context import UiContext


class StructureArchive(StructureView):
    """Archiving and deleting; mixed into ``StructurePage`` (which provides the rest)."""

    ctx: UiContext
    status_message: Any
    structure_changed: Any
    before_switch: Callable[[], bool]
    _hidden_id: int | None
    # provided by the page (declared only: a method here would hide the page's own)
    maybe_leave: Callable[[], bool]
    _changes: Callable[[], Changes]
    _show: Callable[[Structure], None]

    def _admin(self) -> StructureAdmin | None:
        return StructureAdmin(self.ctx.session) if self.ctx.session is not None else None

    def hide_current(self, how: str) -> bool:
        """Archive (``"archive"``) or delete (``"delete"``) the structure shown, switch to
        another one and offer « Annuler »."""
        shown = self.form.structure()
        admin = self._admin()
        if shown is None or shown.id is None or admin is None:
            return False
        if not (self.maybe_leave() and self.before_switch()):
            return False
        shown_id = shown.id
        hidden = self.ctx.ops.run(
            lambda: admin.archive(shown_id) if how == "archive" else admin.delete(shown_id),
            changes=self._changes(), on_failure=lambda failure: self._hide_refused(failure.text))
        if hidden is None:
            return False
        self._hidden_id = hidden.id
        done = "archivée" if how == "archive" else "supprimée"
        self.undo_label.setText(f"Structure « {hidden.name} » {done}, avec ses dossiers.")
        self.undo_button.show()
        self.undo_bar.show()
        other = self.ctx.structures.current()
        assert other.id is not None
        self.ctx.structures.set_current(other.id)
        self._show(other)
        self.status_message.emit(f"Structure « {hidden.name} » {done}. Vous travaillez "
                                 f"maintenant pour « {other.name} ».")
        self.structure_changed.emit(other)
        return True

    def _hide_refused(self, text: str) -> None:
        self.undo_label.setText(text)
        self.undo_button.hide()
        self.undo_bar.show()
        self.status_message.emit(text)

    def undo_hide(self) -> Structure | None:
        """Bring back the structure just archived or deleted, and work on it again."""
        admin = self._admin()
        hidden_id = self._hidden_id
        if hidden_id is None or admin is None:
            return None
        restored = self.ctx.ops.run(lambda: admin.restore(hidden_id), changes=self._changes())
        if restored is None:
            return None
        self._hidden_id = None
        self.undo_bar.hide()
        assert restored.id is not None
        self._restore_and_switch(restored.id)
        return restored

    def _restore_and_switch(self, structure_id: int) -> None:
        self.ctx.structures.set_current(structure_id)
        structure = self.ctx.structures.get(structure_id)
        self._show(structure)
        self.status_message.emit(f"Structure « {structure.name} » rétablie.")
        self.structure_changed.emit(structure)

    def _show_archives(self) -> None:
        admin = self._admin()
        if admin is None:
            return
        menu = QMenu(self)
        archived = admin.archived()
        for structure in archived:
            action = menu.addAction(f"Ressortir « {structure.name} »")
            action.triggered.connect(
                lambda _c=False, sid=structure.id: self.unarchive(sid))
        if not archived:
            menu.addAction("Aucune structure archivée").setEnabled(False)
        menu.popup(self.archived_button.mapToGlobal(self.archived_button.rect().bottomLeft()))

    def unarchive(self, structure_id: int) -> None:
        """Bring an archived structure back and work on it."""
        admin = self._admin()
        if admin is None or not (self.maybe_leave() and self.before_switch()):
            return
        if self.ctx.ops.run(lambda: admin.restore(structure_id),
                            changes=self._changes()) is not None:
            self._restore_and_switch(structure_id)
