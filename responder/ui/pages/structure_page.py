"""« Ma structure »: the profile of the structure the user works on, and switching structure."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.structure import Structure
from ...storage.db import WorkspaceError
from ...storage.repositories import StaleWrite
from ..context import UiContext
from ..dialogs.confirm import UnsavedAnswer, ask_unsaved
from ..widgets.editor_parts import form_scroll_area, save_footer
from ..widgets.structure_form import StructureForm
from ..widgets.tender_editor import DIRTY_TEXT

NEW_NAME = "Nouvelle structure"


class StructurePage(QWidget):
    """Edits the current structure; a combo switches structure when there are several.

    ``ask_unsaved(what)`` (``"save" | "discard" | "cancel"``) and ``before_switch()`` (the
    Consultations page's own unsaved-changes check, wired by the window) are injectable.
    """

    structure_changed = Signal(object)
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ask_unsaved: Callable[[str], UnsavedAnswer] = lambda what: ask_unsaved(self, what)
        self.before_switch: Callable[[], bool] = lambda: True
        self._dirty = False
        self.form = StructureForm()
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        layout.addWidget(self._build_undo_bar())
        self._hidden_id: int | None = None
        self.scroll_area = form_scroll_area(self.form)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self._build_footer())
        self.form.edited.connect(lambda: self.set_dirty(True))
        self.structure_combo.activated.connect(self._on_combo_activated)
        self.new_button.clicked.connect(self.new_structure)
        self._show(ctx.structures.current())

    # --- building --------------------------------------------------------------------------
    def _build_header(self) -> QHBoxLayout:
        heading = QLabel("Ma structure")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.structure_combo = QComboBox()
        self.structure_combo.setAccessibleName("Structure affichée")
        self.structure_combo.setToolTip("Choisissez la structure pour laquelle vous travaillez.")
        self.structure_combo.setMinimumWidth(260)
        self.combo_label = QLabel("Structure affichée :")
        self.combo_label.setBuddy(self.structure_combo)
        self.new_button = QPushButton("Nouvelle structure")
        self.new_button.setAccessibleName("Nouvelle structure")
        self.new_button.setToolTip(
            "Ajouter une autre structure à cet espace (pour accompagner plusieurs structures)."
        )
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch(1)
        row.addWidget(self.combo_label)
        row.addWidget(self.structure_combo)
        row.addWidget(self.new_button)
        self.archive_button = QPushButton("Archiver")
        self.archive_button.setAccessibleName("Archiver cette structure")
        self.archive_button.setToolTip(
            "Ranger cette structure (vous ne l'accompagnez plus) : elle et ses dossiers "
            "quittent les listes, et peuvent être ressortis.")
        self.delete_button = QPushButton("Supprimer")
        self.delete_button.setAccessibleName("Supprimer cette structure")
        self.delete_button.setToolTip(
            "Supprimer cette structure et tout ce qui la concerne (annulable).")
        self.archived_button = QPushButton("Archives")
        self.archived_button.setAccessibleName("Ressortir une structure archivée")
        self.archived_button.setToolTip("Ressortir une structure archivée.")
        self.archive_button.clicked.connect(lambda: self.hide_current("archive"))
        self.delete_button.clicked.connect(lambda: self.hide_current("delete"))
        self.archived_button.clicked.connect(self._show_archives)
        row.addWidget(self.archive_button)
        row.addWidget(self.delete_button)
        row.addWidget(self.archived_button)
        return row

    def _build_undo_bar(self) -> QFrame:
        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undoBar")
        self.undo_bar.setStyleSheet(
            "#undoBar { background: #fff4ce; border: 1px solid #9a5b00; border-radius: 4px; }")
        self.undo_label = QLabel()
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton("Annuler")
        self.undo_button.setAccessibleName("Annuler l'archivage ou la suppression")
        self.undo_button.clicked.connect(self.undo_hide)
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.hide()
        return self.undo_bar

    def _build_footer(self) -> QFrame:
        footer = save_footer(self, "la structure", self.save, self.revert,
                             shortcut_context=Qt.ShortcutContext.WindowShortcut)
        self.dirty_label = footer.dirty_label
        self.revert_button = footer.revert_button
        self.save_button = footer.save_button
        self.save_action = footer.save_action
        return footer.frame

    # --- state -------------------------------------------------------------------------------
    def _resolve_stale(self, exc: StaleWrite) -> bool:
        """Saved elsewhere since it was opened: reload the structure, or overwrite it."""
        from ..dialogs.stale import ask_stale

        ask = getattr(self, "ask_stale", None) or (lambda what: ask_stale(self, what))
        held = self.form.structure()
        answer = ask(held.name if held is not None else "")
        stored = self.ctx.structures.get(exc.item_id)
        if answer == "reload":
            self._show(stored)
            return False
        if answer == "overwrite" and held is not None:
            held.row_version = stored.row_version  # saved over the stored version
            return self.save()
        self.form.errors.show({"": str(exc)})
        return False

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
        try:
            saved = self.ctx.structures.save(self.form.to_data())
        except InvalidInput as exc:
            self.form.errors.show(exc.messages)
            self.status_message.emit(
                "Structure non enregistrée : corrigez les champs signalés en rouge."
            )
            return False
        except StaleWrite as exc:
            return self._resolve_stale(exc)
        except WorkspaceError as exc:
            self.form.errors.show({"": str(exc)})
            return False
        self._show(saved)
        self.status_message.emit(f"Structure « {saved.name} » enregistrée.")
        self.structure_changed.emit(saved)
        return True

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
        answer = self.ask_unsaved(structure.name if structure else NEW_NAME)
        if answer == "cancel":
            return False
        if answer == "save":
            return self.save()
        self.revert()
        return True

    def switch_to(self, structure_id: int) -> bool:
        """Work on another structure: refreshes this page, the title and the consultations."""
        current = self.form.structure()
        if current is not None and current.id == structure_id:
            return True
        if not (self.maybe_leave() and self.before_switch()):
            self._fill_combo(current.id if current else None)
            return False
        self.ctx.structures.set_current(structure_id)
        structure = self.ctx.structures.get(structure_id)
        self._show(structure)
        self.status_message.emit(f"Vous travaillez maintenant pour « {structure.name} ».")
        self.structure_changed.emit(structure)
        return True

    def _on_combo_activated(self, index: int) -> None:
        structure_id = self.structure_combo.itemData(index)
        if isinstance(structure_id, int):
            self.switch_to(structure_id)

    # --- archive and delete -----------------------------------------------------------------
    def hide_current(self, how: str) -> bool:
        """Archive (``"archive"``) or delete (``"delete"``) the structure shown, switch to
        another one and offer « Annuler »."""
        from ...services.structure_admin import StructureAdmin

        shown = self.form.structure()
        session = self.ctx.session
        if shown is None or shown.id is None or session is None:
            return False
        if not (self.maybe_leave() and self.before_switch()):
            return False
        admin = StructureAdmin(session)
        try:
            hidden = admin.archive(shown.id) if how == "archive" else admin.delete(shown.id)
        except (InvalidInput, WorkspaceError) as exc:
            text = " ".join(exc.messages.values()) if isinstance(exc, InvalidInput) else str(exc)
            self.undo_label.setText(text)
            self.undo_button.hide()
            self.undo_bar.show()
            self.status_message.emit(text)
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

    def undo_hide(self) -> Structure | None:
        """Bring back the structure just archived or deleted, and work on it again."""
        from ...services.structure_admin import StructureAdmin

        if self._hidden_id is None or self.ctx.session is None:
            return None
        restored = StructureAdmin(self.ctx.session).restore(self._hidden_id)
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
        from PySide6.QtWidgets import QMenu

        from ...services.structure_admin import StructureAdmin

        if self.ctx.session is None:
            return
        menu = QMenu(self)
        archived = StructureAdmin(self.ctx.session).archived()
        for structure in archived:
            action = menu.addAction(f"Ressortir « {structure.name} »")
            action.triggered.connect(
                lambda _c=False, sid=structure.id: self.unarchive(sid))
        if not archived:
            menu.addAction("Aucune structure archivée").setEnabled(False)
        menu.popup(self.archived_button.mapToGlobal(self.archived_button.rect().bottomLeft()))

    def unarchive(self, structure_id: int) -> None:
        """Bring an archived structure back and work on it."""
        from ...services.structure_admin import StructureAdmin

        if self.ctx.session is None or not (self.maybe_leave() and self.before_switch()):
            return
        StructureAdmin(self.ctx.session).restore(structure_id)
        self._restore_and_switch(structure_id)

    def new_structure(self) -> Structure | None:
        """Add « Nouvelle structure », switch to it and put the cursor in its name."""
        if not (self.maybe_leave() and self.before_switch()):
            return None
        try:
            created = self.ctx.structures.save({"name": NEW_NAME})
        except (InvalidInput, WorkspaceError) as exc:
            self.form.errors.show({"": str(exc)})
            return None
        assert created.id is not None
        self.switch_to(created.id)
        self.form.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form.name_edit.selectAll()
        return created
