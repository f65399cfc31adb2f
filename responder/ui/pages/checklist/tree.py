"""The tree of pieces of the « Pièces » tab: phase headings, one line per piece with its
validity shown in text, icon and colour; keys 1–4 change the status, files can be dropped."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from ....domain.checklist import PHASE_LABELS, ChecklistRow, ItemStatus, Phase, due_of
from ....domain.checklist_text import DUE_TIPS, phase_heading, row_texts, row_tip
from ....domain.validity import ValidityState
from ...theme import color
from ..layout import Column

COL_LABEL, COL_MEMBER, COL_LOTS, COL_STATUS, COL_VALIDITY, COL_FILE, COL_DUE = range(7)
COLUMNS: tuple[Column, ...] = (
    ("Pièce", 245), ("Membre", 150), ("Lots", 62), ("Statut", 135),
    ("Validité (dépôt ou attribution)", 310), ("Fichier", 200), ("Échéance interne", 120))
#: The item's ``uid`` (``None`` on phase headers), and the phase of every tree item.
UID_ROLE = Qt.ItemDataRole.UserRole + 1
PHASE_ROLE = Qt.ItemDataRole.UserRole + 2
#: Keys 1 to 4 set the status of the selected piece (shown in the buttons and the menu).
STATUS_KEYS: dict[int, ItemStatus] = {
    Qt.Key.Key_1: ItemStatus.A_FAIRE,
    Qt.Key.Key_2: ItemStatus.EN_COURS,
    Qt.Key.Key_3: ItemStatus.PRET,
    Qt.Key.Key_4: ItemStatus.SANS_OBJET,
}


class ChecklistTree(QTreeWidget):
    """The tree of pieces: keys 1–4 change the status, files can be dropped on a piece."""

    status_key = Signal(object)
    files_dropped = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)

    def uid_at(self, event: QDropEvent | QDragMoveEvent) -> str | None:
        """The piece under the mouse during a drag, or ``None``."""
        item = self.itemAt(event.position().toPoint())
        uid = item.data(0, UID_ROLE) if item is not None else None
        return uid if isinstance(uid, str) else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt naming
        """Accept files dragged from the file manager."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt naming
        """Files may only be dropped on a piece (not on a phase heading)."""
        if event.mimeData().hasUrls() and self.uid_at(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt naming
        """Attach the dropped file to the piece under the mouse."""
        uid = self.uid_at(event)
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if uid is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(uid, paths)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        """Keys 1 to 4 (no modifier, or the keypad) set the selected piece's status."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        status = STATUS_KEYS.get(event.key())
        if status is not None and modifiers == Qt.KeyboardModifier.NoModifier:
            self.status_key.emit(status)
            event.accept()
            return
        super().keyPressEvent(event)

    # --- filling -------------------------------------------------------------------------
    def fill(self, rows: Iterable[ChecklistRow], select: str | None) -> QTreeWidgetItem | None:
        """One heading per phase, the pieces under it; returns the item of ``select`` (or
        the first piece) to make current."""
        self.clear()
        rows = list(rows)
        groups: dict[Phase, QTreeWidgetItem] = {}
        target: QTreeWidgetItem | None = None
        for row in rows:
            phase = row.item.phase
            if phase not in groups:
                groups[phase] = self._heading(phase)
            child = self.piece_item(row)
            groups[phase].addChild(child)
            if row.item.uid == select:
                target = child
        for phase, group in groups.items():
            group.setText(0, phase_heading(phase, rows))
            group.setToolTip(0, DUE_TIPS[due_of(phase)])
        self.expandAll()
        if target is None and groups:
            first = next(iter(groups.values()))
            target = first.child(0) if first.childCount() else first
        return target

    def _heading(self, phase: Phase) -> QTreeWidgetItem:
        group = QTreeWidgetItem([PHASE_LABELS[phase]])
        group.setData(0, PHASE_ROLE, phase.value)
        font = QFont(group.font(0))
        font.setBold(True)
        group.setFont(0, font)
        self.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        return group

    def piece_item(self, row: ChecklistRow) -> QTreeWidgetItem:
        """The line of a piece: its texts, tooltips and colours."""
        item = row.item
        texts = row_texts(row)
        tree_item = QTreeWidgetItem(texts)
        tree_item.setData(0, UID_ROLE, item.uid)
        tree_item.setData(0, PHASE_ROLE, item.phase.value)
        tip = row_tip(row)
        for column in range(len(COLUMNS)):
            tree_item.setToolTip(column, texts[column] or tip)
        tree_item.setToolTip(0, tip)
        if item.hidden or item.status == ItemStatus.SANS_OBJET:
            for column in range(len(COLUMNS)):
                tree_item.setForeground(column, QBrush(color("text_faded")))
        if row.blocking:
            tree_item.setForeground(COL_STATUS, QBrush(color("error")))
        elif row.ready:
            tree_item.setForeground(COL_STATUS, QBrush(color("ok_dark")))
        self._decorate_validity(tree_item, row)
        return tree_item

    def _decorate_validity(self, tree_item: QTreeWidgetItem, row: ChecklistRow) -> None:
        """Text, icon and colour together: the state never relies on colour alone."""
        if not row.is_attestation or row.check is None:
            return
        state = row.check.state
        if state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
            icon, bg, fg = (QStyle.StandardPixmap.SP_MessageBoxWarning,
                            "attention_background", "warning_cell_text")
        elif state in (ValidityState.EXPIRE, ValidityState.MANQUANT):
            icon, bg, fg = (QStyle.StandardPixmap.SP_MessageBoxCritical,
                            "error_cell_background", "error")
        else:
            tree_item.setForeground(COL_VALIDITY, QBrush(color("ok_dark")))
            return
        tree_item.setIcon(COL_VALIDITY, self.style().standardIcon(icon))
        tree_item.setBackground(COL_VALIDITY, QBrush(color(bg)))
        tree_item.setForeground(COL_VALIDITY, QBrush(color(fg)))
        font = QFont(tree_item.font(COL_VALIDITY))
        font.setBold(True)
        tree_item.setFont(COL_VALIDITY, font)
        if row.alert:
            tree_item.setToolTip(COL_VALIDITY, row.alert)

    # --- reading -------------------------------------------------------------------------
    def current_uid(self) -> str | None:
        """``uid`` of the selected piece (``None`` on a phase heading or nothing)."""
        item = self.currentItem()
        uid = item.data(0, UID_ROLE) if item is not None else None
        return uid if isinstance(uid, str) else None

    def piece_items(self) -> list[QTreeWidgetItem]:
        """Every piece of the tree (children of the phase headings), top to bottom."""
        found: list[QTreeWidgetItem] = []
        for index in range(self.topLevelItemCount()):
            group = self.topLevelItem(index)
            if group is None:
                continue
            for child_index in range(group.childCount()):
                child = group.child(child_index)
                if child is not None:
                    found.append(child)
        return found

    def item_of(self, uid: str) -> QTreeWidgetItem | None:
        """The tree item of piece ``uid``."""
        return next((i for i in self.piece_items() if i.data(0, UID_ROLE) == uid), None)

