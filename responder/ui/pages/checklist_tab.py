"""« Pièces »: the checklist of a dossier, grouped by phase, with the vault's verdict.

Every change goes through ``ChecklistService`` (the same one the CLI uses) via ``ctx.ops``,
which announces it on the change bus; questions and file choosers go through
``ctx.prompts``. The widgets are in ``checklist/view.py`` and ``checklist/tree.py``; the
words in ``domain/checklist_text.py``. A piece saved meanwhile in another window is
detected by the checklist's row version: the user chooses to reload or to overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTreeWidgetItem, QWidget

from ...domain.checklist import (
    STATUS_LABELS,
    ChecklistRow,
    ChecklistView,
    ItemStatus,
    Phase,
    french_date,
)
from ...domain.checklist_text import EXEMPTIONS, details_html, export_name
from ...services.changes import Changes, Topic
from ..failure_text import fields_text
from ..operations import Failure
from ..theme import color
from ..widgets import make
from .checklist.tree import COL_MEMBER, PHASE_ROLE
from .checklist.view import DETAILS_HINT, EMPTY_TEXT, ChecklistWidgets

if TYPE_CHECKING:
    from ...services.checklist import ChecklistService
    from ..context import UiContext


class ChecklistTab(ChecklistWidgets):
    """The « Pièces » tab of a dossier (loaded when first shown, not before)."""

    #: Emitted with the dossier's id after every change (the tender list recounts it).
    checklist_changed = Signal(int)
    #: The pieces follow the dossier, its groupement, the vault and the structure.
    topics = (Topic.CHECKLIST, Topic.DOCUMENTS, Topic.TENDERS, Topic.GROUPEMENT,
              Topic.STRUCTURE, Topic.PARTNERS)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service: ChecklistService | None = None
        self._view: ChecklistView | None = None
        self._rows: dict[str, ChecklistRow] = {}
        #: The checklist's row version when it was read (``None``: never saved).
        self._version: int | None = None
        self._loading = False
        self._build()
        self._connect()
        self._update_buttons()

    def _connect(self) -> None:
        for status, button in self.status_buttons.items():
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))
        self.tree.currentItemChanged.connect(lambda *_: self._on_current_changed())
        self.tree.status_key.connect(self.set_status)
        self.tree.files_dropped.connect(self._on_files_dropped)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        make.connect_clicks((self.attach_button, self.attach_selected),
                            (self.detach_button, self.detach_selected),
                            (self.add_button, self.add_custom),
                            (self.hide_button, self.toggle_hidden))
        self.show_hidden_check.toggled.connect(lambda _on: self.reload())
        self.export_docx_action.triggered.connect(lambda: self.export(".docx"))
        self.export_csv_action.triggered.connect(lambda: self.export(".csv"))
        self.note_edit.editingFinished.connect(self._save_note)
        self.due_edit.changed.connect(self._save_due)

    # --- loading ---------------------------------------------------------------------------
    @property
    def service(self) -> ChecklistService:
        """The checklist service, built on first use (it loads the catalogue)."""
        if self._service is None:
            from ...services.checklist import ChecklistService

            self._service = ChecklistService(self.session)
        return self._service

    def reload(self, select: str | None = None) -> None:
        """Read the checklist again through the service and rebuild the tree."""
        self._stale = False
        keep = select or self.current_uid()
        tender_id = self.tender_id()
        self._view = None
        if tender_id is not None:
            include_hidden = self.show_hidden_check.isChecked()
            read = self.ctx.ops.run(
                lambda: (self.service.view(tender_id, self.ctx.today(),
                                           include_hidden=include_hidden),
                         self._stored_version(tender_id)),
                on_failure=lambda f: self.error_label.show_message(fields_text(f)))
            if read is not None:
                self._view, self._version = read
        self._fill(keep)

    def _stored_version(self, tender_id: int) -> int | None:
        stored = self.service.stored(tender_id)
        return stored.row_version if stored is not None else None

    def _fill(self, select: str | None) -> None:
        self._loading = True
        self._rows = {}
        view = self._view
        if view is None:
            self.tree.clear()
            self.progress_label.setText(EMPTY_TEXT)
            self.deadline_label.setText("")
            self._loading = False
            self._on_current_changed()
            return
        self.progress_label.setText(view.progress.text)
        self.progress_label.setAccessibleName(f"Avancement : {view.progress.text}")
        award = (
            f"\nAttribution prévue vers le {french_date(view.award_date)}"
            if view.award_date else ""
        )
        self.deadline_label.setText(f"Date limite : {view.deadline_label}{award}")
        # Answering alone, every piece is the structure's own: the column would only repeat it.
        self.tree.setColumnHidden(COL_MEMBER, len(view.members) <= 1)
        self._rows = {row.item.uid: row for row in view.rows}
        target = self.tree.fill(view.rows, select)
        self._loading = False
        if target is not None:
            self.tree.setCurrentItem(target)
        self._on_current_changed()

    # --- selection and details -------------------------------------------------------------
    def current_uid(self) -> str | None:
        """``uid`` of the selected piece (``None`` on a phase heading or nothing)."""
        return self.tree.current_uid()

    def current_row(self) -> ChecklistRow | None:
        """The selected piece's row."""
        uid = self.current_uid()
        return self._rows.get(uid) if uid is not None else None

    def tree_item(self, uid: str) -> QTreeWidgetItem | None:
        """The tree item of piece ``uid`` (for tests and drag-and-drop)."""
        return self.tree.item_of(uid)

    def select_uid(self, uid: str) -> bool:
        """Select the piece ``uid``; False when it is not shown."""
        item = self.tree_item(uid)
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        return True

    def _on_current_changed(self) -> None:
        if self._loading:
            return
        row = self.current_row()
        self.details_label.setText(
            details_html(row, color("warning_cell_text").name()) if row is not None
            else DETAILS_HINT)
        self.note_edit.blockSignals(True)
        self.note_edit.setText(row.item.note if row else "")
        self.note_edit.blockSignals(False)
        self.due_edit.blockSignals(True)
        self.due_edit.set_value(row.item.due_on if row else None)
        self.due_edit.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current_row()
        has_row = row is not None
        for button in (*self.status_buttons.values(), self.attach_button, self.hide_button):
            button.setEnabled(has_row)
        self.note_edit.setEnabled(has_row)
        self.due_edit.setEnabled(has_row)
        self.detach_button.setEnabled(bool(row and row.item.file_hash))
        has_view = self._view is not None
        for button in (self.add_button, self.export_button):
            button.setEnabled(has_view)
        if row is not None and row.item.custom:
            text, name = "Supprimer", "Supprimer la pièce ajoutée"
        elif row is not None and row.item.hidden:
            text, name = "Réafficher", "Réafficher la pièce"
        else:
            text, name = "Masquer", "Masquer la pièce"
        self.hide_button.setText(text)
        self.hide_button.setAccessibleName(name)

    def _context_menu(self, pos: Any) -> None:
        if self.current_row() is None:
            return
        menu = QMenu(self)
        for number, status in enumerate(ItemStatus, start=1):
            action = QAction(f"{STATUS_LABELS[status]}\t{number}", menu)
            action.triggered.connect(lambda _c=False, s=status: self.set_status(s))
            menu.addAction(action)
        menu.addSeparator()
        for article, text in EXEMPTIONS.items():
            action = QAction(text, menu)
            action.triggered.connect(lambda _c=False, a=article: self.exempt_selected(a))
            menu.addAction(action)
        menu.addSeparator()
        for button in (self.attach_button, self.detach_button, self.hide_button):
            action = QAction(button.text(), menu)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
            menu.addAction(action)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    # --- changes ---------------------------------------------------------------------------
    def _fresh(self, tender_id: int) -> bool:
        """True when the checklist is still as read, or the user chooses to overwrite the
        version saved meanwhile elsewhere (another window, an import); « Recharger » shows
        the stored one."""
        if self._stored_version(tender_id) == self._version:
            return True
        title = self.tender.title if self.tender is not None else ""
        answer = self.ctx.prompts.ask_stale(f"Pièces à fournir — {title}")
        if answer == "reload":
            self.reload()
            self.status_message.emit("Pièces rechargées : version enregistrée.")
        return answer == "overwrite"

    def _refused(self, failure: Failure) -> None:
        text = fields_text(failure)
        self.error_label.show_message(text)
        self.status_message.emit(text)

    def _apply(self, action: Callable[[], object], done: str, select: str | None = None) -> bool:
        """Run a service call; on success reload and announce, on refusal show why."""
        tender_id = self.tender_id()
        if tender_id is None or not self._fresh(tender_id):
            return False
        result = self.ctx.ops.run(
            lambda: action() or True, on_failure=self._refused,
            changes=Changes.of(Topic.CHECKLIST, tender_id=tender_id, source=self))
        if result is None:
            return False
        self.error_label.clear_message()
        self.reload(select)
        self.status_message.emit(done)
        self.checklist_changed.emit(tender_id)
        return True

    def set_status(self, status: ItemStatus) -> bool:
        """Set the selected piece's status (« sans objet » asks why)."""
        row, tender_id = self.current_row(), self.tender_id()
        if row is None or tender_id is None:
            return False
        reason = ""
        if status == ItemStatus.SANS_OBJET:
            answer = self.ctx.prompts.ask_text(
                "Pièce sans objet", f"Pourquoi « {row.item.label} » est-elle sans objet ?")
            if answer is None:
                return False
            reason = answer
        uid = row.item.uid
        return self._apply(
            lambda: self.service.set_status(tender_id, uid, status, reason),
            f"« {row.item.label} » : {STATUS_LABELS[status].lower()}.",
        )

    def exempt_selected(self, article: str) -> bool:
        """Mark the selected piece « sans objet » because the buyer need not get it again
        (R2143-13: it can obtain it itself; R2143-14: it already holds it)."""
        row, tender_id = self.current_row(), self.tender_id()
        if row is None or tender_id is None:
            return False
        uid = row.item.uid
        return self._apply(
            lambda: self.service.exempt(tender_id, uid, article),
            f"« {row.item.label} » : dispensée ({article}).",
        )

    def attach_selected(self) -> bool:
        """Ask for a file and attach it to the selected piece."""
        row = self.current_row()
        if row is None:
            return False
        path = self.ctx.prompts.open_file("Joindre un fichier", "Tous les fichiers (*)")
        if not path:
            return False
        return self.attach(row.item.uid, path)

    def attach(self, uid: str, path: str | Path) -> bool:
        """Attach ``path`` to piece ``uid`` (bad files: a French message, nothing saved)."""
        tender_id = self.tender_id()
        row = self._rows.get(uid)
        if tender_id is None or row is None:
            return False
        name = Path(path).name
        return self._apply(
            lambda: self.service.attach_file(tender_id, uid, path),
            f"« {name} » joint à « {row.item.label} ».",
            select=uid,
        )

    def _on_files_dropped(self, uid: str, paths: list[str]) -> None:
        if len(paths) > 1:
            self.status_message.emit(
                "Une pièce reçoit un seul fichier : seul le premier a été joint."
            )
        self.select_uid(uid)
        self.attach(uid, paths[0])

    def detach_selected(self) -> bool:
        """Remove the file attached to the selected piece."""
        row, tender_id = self.current_row(), self.tender_id()
        if row is None or tender_id is None or not row.item.file_hash:
            return False
        uid = row.item.uid
        return self._apply(
            lambda: self.service.detach_file(tender_id, uid),
            f"Fichier retiré de « {row.item.label} ».",
        )

    def add_custom(self) -> bool:
        """Add a piece of the user's own, in the phase of the selection."""
        tender_id = self.tender_id()
        if tender_id is None:
            return False
        label = self.ctx.prompts.ask_text("Ajouter une pièce",
                                          "Intitulé de la pièce demandée par le RC :")
        if label is None:
            return False
        item = self.tree.currentItem()
        phase = Phase(item.data(0, PHASE_ROLE)) if item is not None else Phase.CANDIDATURE
        added: list[str] = []

        def action() -> None:
            added.append(self.service.add_custom(tender_id, label, phase).uid)

        done = self._apply(action, f"Pièce « {label.strip()} » ajoutée.")
        if done and added:
            self.select_uid(added[0])
        return done

    def toggle_hidden(self) -> bool:
        """Hide a standard piece, show it again, or delete a piece the user added."""
        row, tender_id = self.current_row(), self.tender_id()
        if row is None or tender_id is None:
            return False
        item = row.item
        if item.custom:
            if not self.ctx.prompts.ask_yes_no("Supprimer la pièce",
                                               f"Supprimer la pièce « {item.label} » ?"):
                return False
            return self._apply(
                lambda: self.service.remove_custom(tender_id, item.uid),
                f"Pièce « {item.label} » supprimée.",
            )
        hidden = not item.hidden
        return self._apply(
            lambda: self.service.hide(tender_id, item.uid, hidden),
            f"Pièce « {item.label} » {'masquée' if hidden else 'réaffichée'}.",
        )

    def _save_note(self) -> None:
        row, tender_id = self.current_row(), self.tender_id()
        if row is None or tender_id is None or self.note_edit.text() == row.item.note:
            return
        note = self.note_edit.text()
        self._apply(
            lambda: self.service.update_item(tender_id, row.item.uid, note=note),
            f"Note de « {row.item.label} » enregistrée.",
        )

    def _save_due(self) -> None:
        row, tender_id = self.current_row(), self.tender_id()
        if row is None or tender_id is None:
            return
        due = self.due_edit.value()
        if due == row.item.due_on:
            return
        uid = row.item.uid
        self._apply(
            lambda: self.service.update_item(tender_id, uid, due_on=due, clear_due=due is None),
            f"Échéance interne de « {row.item.label} » enregistrée.",
        )

    def export(self, suffix: str) -> Path | None:
        """Write the bordereau (``.docx``) or the CSV where the user chooses."""
        tender_id = self.tender_id()
        if tender_id is None:
            return None
        suggested, name_filter = export_name(tender_id, suffix)
        chosen = self.ctx.prompts.save_file("Exporter les pièces", suggested, name_filter)
        if not chosen:
            return None
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(suffix)
        written = self.ctx.ops.run(
            lambda: self.service.export(tender_id, target, self.ctx.today()),
            on_failure=self._refused)
        if written is None:
            return None
        self.error_label.clear_message()
        self.status_message.emit(f"Exporté : {written}")
        return written

