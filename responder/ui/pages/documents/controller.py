"""« Documents administratifs »: the vault of the current structure, today and at each deadline.

The top table lists each kind of document the vault holds (catalogue order) with the current
document, the date it certifies, its computed expiry and its state today. The tree below
judges the documents at the deadline of every open dossier. The form at the bottom adds a
document, or replaces the current one of its kind (every dossier sees the new one at once).

The file chooser and opening a file go through ``ctx.prompts``; a save goes through
``ctx.ops`` and announces DOCUMENTS; the page reloads when another page changes the vault,
the structure or the dossiers.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QStyle, QTableWidgetItem, QTreeWidgetItem, QWidget

from ....domain.enums import LegalForm
from ....domain.validity import ValidityState
from ....fr import date_short
from ....services import vault_texts as texts
from ....services.changes import Changes, Topic
from ...operations import Failure, Refresher
from ...theme import color
from .view import COL_STATE, COLUMNS, DocumentsView

if TYPE_CHECKING:
    from ....domain.checklist import Requirement
    from ....domain.vault import AdminDocument, VaultEntry
    from ....services.vault import VaultService
    from ...context import UiContext

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
FILE_FILTER = "Documents (*.pdf *.jpg *.jpeg *.png);;Tous (*)"
Item = QTableWidgetItem | QTreeWidgetItem


def _bold(item: Item, column: int) -> None:
    if isinstance(item, QTableWidgetItem):
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    else:
        font = QFont(item.font(column))
        font.setBold(True)
        item.setFont(column, font)


class DocumentsPage(DocumentsView):
    """The vault of the current structure (refreshed each time the page is shown)."""

    status_message = Signal(str)
    #: Emitted after a document is added or replaced (checklists and progress change).
    vault_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._entries: dict[str, VaultEntry] = {}
        self._is_association = False
        for req in self._kinds():
            self.kind_combo.addItem(req.label, req.key)
        self._connect()
        self.refresher = Refresher(self, ctx.bus,
                                   (Topic.DOCUMENTS, Topic.STRUCTURE, Topic.TENDERS),
                                   self.refresh)
        self.refresh()

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind_changed())
        self.table.currentCellChanged.connect(lambda *_: self._on_row_changed())
        self.table.cellActivated.connect(lambda *_: self.open_selected())
        self.browse_button.clicked.connect(self._browse)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_selected)
        self.file_edit.textEdited.connect(lambda _t: self.errors.clear("file"))

    # --- data ------------------------------------------------------------------------------
    @cached_property
    def service(self) -> VaultService:
        """The vault service, built on first use (it loads the catalogue)."""
        from ....services.vault import VaultService

        assert self.ctx.session is not None
        return VaultService(self.ctx.session)

    def _kinds(self) -> list[Requirement]:
        return self.service.kinds()

    def refresh(self) -> None:
        """Read the vault again (called each time the page is shown)."""
        if hasattr(self, "refresher"):
            self.refresher.stale = False  # read now: not once more when shown
        today = self.ctx.today()
        structure_id = self.ctx.current_structure_id()
        structure = self.ctx.structures.get(structure_id)
        self.structure_label.setText(f"— {structure.name} · au {date_short(today)}")
        keep = self.current_kind()
        self._is_association = structure.legal_form == LegalForm.ASSOCIATION
        for index in range(self.kind_combo.count()):
            self.kind_combo.setItemText(index, self._kind_label(self.kind_combo.itemData(index)))
        self._entries = {
            req.key: self.service.entry(structure_id, req.key, today) for req in self._kinds()
        }
        self._fill_table(keep)
        self._fill_dossiers(today, structure_id)
        self._on_kind_changed()

    def _fill_table(self, keep: str | None) -> None:
        self.table.setRowCount(len(self._entries))
        for row, (kind, entry) in enumerate(self._entries.items()):
            optional = texts.is_optional(kind, entry)
            for column, text in enumerate(texts.row_texts(self._kind_label(kind), kind, entry)):
                item = QTableWidgetItem(text)
                item.setData(KIND_ROLE, kind)
                item.setToolTip(entry.advice or entry.rule_text or text)
                if optional:
                    item.setForeground(QBrush(color("closed")))
                self.table.setItem(row, column, item)
            if not optional:
                self._decorate(self.table.item(row, COL_STATE), entry)
        if keep is not None:
            self.select_kind(keep)
        elif self.table.rowCount():
            self.table.setCurrentCell(0, 0)

    def _kind_label(self, kind: str) -> str:
        req = self.service.catalogue.get(kind)
        return req.label_for(self._is_association) if req else kind

    def _decorate(self, item: Item | None, entry: VaultEntry, column: int = 0) -> None:
        """Icon, colour and bold text for a state (never colour alone: the text says it)."""
        if item is None:
            return
        state = entry.state
        table = isinstance(item, QTableWidgetItem)
        if state == ValidityState.VALIDE or (
            table and state == ValidityState.EXPIRE_AVANT_DATE_LIMITE
        ):
            self._paint(item, column, None, "ok_dark", None)
        elif state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
            self._paint(item, column, "warning_soft", "warning_deep",
                        QStyle.StandardPixmap.SP_MessageBoxWarning)
        else:
            self._paint(item, column, "error_soft", "error",
                        QStyle.StandardPixmap.SP_MessageBoxCritical)

    def _paint(self, item: Item, column: int, background: str | None, foreground: str,
               icon: QStyle.StandardPixmap | None) -> None:
        if isinstance(item, QTableWidgetItem):
            if background is not None:
                item.setBackground(QBrush(color(background)))
            item.setForeground(QBrush(color(foreground)))
            if icon is not None:
                item.setIcon(self.style().standardIcon(icon))
        else:
            if background is not None:
                item.setBackground(column, QBrush(color(background)))
            item.setForeground(column, QBrush(color(foreground)))
            if icon is not None:
                item.setIcon(column, self.style().standardIcon(icon))
        if icon is not None:
            _bold(item, column)

    def _fill_dossiers(self, today: date, structure_id: int) -> None:
        self.dossiers_tree.clear()
        statuses = self.service.dossiers_status(today, structure_id)
        if not statuses:
            empty = QTreeWidgetItem([texts.NO_DOSSIER])
            empty.setForeground(0, QBrush(color("closed")))
            self.dossiers_tree.addTopLevelItem(empty)
            return
        for status in statuses:
            top = QTreeWidgetItem(texts.dossier_texts(status))
            _bold(top, 0)
            top.setToolTip(0, top.text(0))
            self.dossiers_tree.addTopLevelItem(top)
            for entry in status.entries:
                child = QTreeWidgetItem(texts.deadline_texts(entry))
                child.setData(0, KIND_ROLE, entry.kind)
                child.setToolTip(1, entry.advice or entry.state_label)
                self._decorate(child, entry, 1)
                top.addChild(child)
            top.setExpanded(bool(status.problems))

    # --- selection -------------------------------------------------------------------------
    def current_kind(self) -> str | None:
        """Kind of the document selected in the table."""
        item = self.table.item(self.table.currentRow(), 0) if self.table.rowCount() else None
        kind = item.data(KIND_ROLE) if item is not None else None
        return kind if isinstance(kind, str) else None

    def _row_of(self, kind: str) -> int | None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(KIND_ROLE) == kind:
                return row
        return None

    def select_kind(self, kind: str) -> bool:
        """Select the row of ``kind`` (and put it in the form)."""
        row = self._row_of(kind)
        if row is None:
            return False
        self.table.setCurrentCell(row, 0)
        return True

    def row_texts(self, kind: str) -> list[str]:
        """What the table shows for ``kind`` (for tests and screen readers)."""
        row = self._row_of(kind)
        if row is None:
            return []
        return [cell.text() if (cell := self.table.item(row, c)) is not None else ""
                for c in range(len(COLUMNS))]

    def _on_row_changed(self) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        index = self.kind_combo.findData(kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
        entry = self._entries.get(kind)
        self.open_button.setEnabled(bool(entry and entry.document and entry.document.file_hash))

    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        req = self.service.catalogue.get(kind) if isinstance(kind, str) else None
        entry = self._entries.get(kind) if isinstance(kind, str) else None
        replacing = entry is not None and entry.document is not None
        self.save_button.setText("Remplacer le document" if replacing else "Ajouter le document")
        self.date_hint.setText(texts.kind_hint(req, entry, self._is_association))
        self.errors.clear_all()

    # --- actions ---------------------------------------------------------------------------
    def _browse(self) -> None:
        path = self.ctx.prompts.open_file("Choisir le document", FILE_FILTER)
        if path is not None:
            self.file_edit.setText(str(path))
            self.errors.clear("file")

    def save(self) -> bool:
        """Add the document, or replace the current one of its kind; errors shown inline."""
        kind = self.kind_combo.currentData()
        qdate = self.date_edit.date()
        dated = date(qdate.year(), qdate.month(), qdate.day())
        path = self.file_edit.text().strip()
        if not path:
            self.errors.show({"file": "Choisissez le fichier du document (bouton « Parcourir… »)."})
            return False
        structure_id = self.ctx.current_structure_id()
        entry = self._entries.get(kind) if isinstance(kind, str) else None
        current = entry.document if entry is not None else None
        replace = current is not None and current.id is not None

        def work() -> AdminDocument:
            if current is not None and current.id is not None:
                return self.service.replace(current.id, dated, path)
            return self.service.add(str(kind), dated, path, structure_id)

        saved = self.ctx.ops.run(work, changes=Changes.of(Topic.DOCUMENTS, source=self),
                                 on_failure=self._refused)
        if saved is None:
            return False
        label, saved_kind = saved.label, saved.kind
        done = (f"« {label} » remplacé : tous les dossiers utilisent le nouveau." if replace
                else f"« {label} » ajouté aux documents administratifs.")
        self.file_edit.clear()
        self.refresh()
        self.select_kind(saved_kind)
        self.status_message.emit(done)
        self.vault_changed.emit()
        return True

    def _refused(self, failure: Failure) -> None:
        self.errors.show(failure.messages)
        self.status_message.emit("Document non enregistré : voir le message en rouge.")

    def open_selected(self) -> bool:
        """Open the selected document's stored file in the user's viewer."""
        kind = self.current_kind()
        entry = self._entries.get(kind) if kind else None
        if entry is None or entry.document is None:
            return False
        path = self.service.file_path(entry.document)
        if path is None or not path.exists():
            self.status_message.emit(
                "Le fichier de ce document est introuvable dans l'espace de travail : "
                "remplacez le document."
            )
            return False
        self.ctx.prompts.open_document(path)
        return True
