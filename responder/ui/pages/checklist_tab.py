"""« Pièces »: the checklist of a dossier, grouped by phase, with the vault's verdict.

Every change goes through ``ChecklistService`` (the same one the CLI uses); the tab only
displays. Questions and file pickers are injectable callables so that tests never open a
modal dialog: ``choose_file()``, ``choose_save_path(suggested, filter)``,
``ask_reason(label)``, ``ask_text(title, prompt)`` and ``confirm(title, text)``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.checklist import (
    DUE_LABELS,
    PHASE_LABELS,
    STATUS_LABELS,
    ChecklistRow,
    ChecklistView,
    Due,
    ItemStatus,
    Phase,
    due_of,
    french_date,
)
from ...domain.common import InvalidInput
from ...domain.validity import ValidityState
from ...storage.db import WorkspaceError
from ..dialogs.confirm import ask_yes_no
from ..widgets.dates import OptionalDateEdit
from ..widgets.errors import ERROR_COLOR, ErrorLabel

if TYPE_CHECKING:
    from ...domain.tender import Tender
    from ...services.checklist import ChecklistService
    from ..context import UiContext

COL_LABEL, COL_MEMBER, COL_LOTS, COL_STATUS, COL_VALIDITY, COL_FILE, COL_DUE = range(7)
#: Pieces the buyer need not receive again (context menu of a piece).
EXEMPTIONS: dict[str, str] = {
    "R2143-13": "Dispensée : l'acheteur peut l'obtenir lui-même (R2143-13)",
    "R2143-14": "Dispensée : l'acheteur l'a déjà, encore valable (R2143-14)",
}
#: What each « remise » means, as the tooltip of the phase headings.
DUE_TIPS: dict[Due, str] = {
    Due.DEPOT: "À remettre avec la candidature ou l'offre, avant la date limite : une pièce "
    "manquante peut faire écarter la réponse.",
    Due.ATTRIBUTION: "Demandées seulement au candidat classé premier, avant l'attribution "
    "(article R2144-4) : elles doivent être valables à la date d'attribution prévue, sinon "
    "l'offre est écartée (R2144-7).",
}
HEADERS = [
    "Pièce",
    "Membre",
    "Lots",
    "Statut",
    "Validité (dépôt ou attribution)",
    "Fichier",
    "Échéance interne",
]
COLUMN_WIDTHS = {
    COL_LABEL: 245,
    COL_MEMBER: 150,
    COL_LOTS: 62,
    COL_STATUS: 135,
    COL_VALIDITY: 310,
    COL_FILE: 200,
    COL_DUE: 120,
}
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
EMPTY_TEXT = "Sélectionnez une consultation pour voir les pièces à fournir."
DETAILS_HINT = (
    "Sélectionnez une pièce pour savoir ce que c'est et où l'obtenir. Touches 1 à 4 : "
    "à faire, en cours, prêt, sans objet. Glissez un fichier sur une pièce pour le joindre."
)
_WARN_BG = QColor("#fff4ce")
_WARN_FG = QColor("#7a4b00")
_BAD_BG = QColor("#fde7e9")
_BAD_FG = QColor(ERROR_COLOR)
_OK_FG = QColor("#1b5e20")
_MUTED = QColor("#6b6b6b")


def validity_text(row: ChecklistRow) -> str:
    """What the « Validité » column says for ``row`` (French): at the deadline for pieces due
    at the deposit, at the expected award for the attributaire's pieces (R2144-4)."""
    if not row.is_attestation:
        return ""
    check = row.check
    if check is None:
        return "Fichier joint à la pièce"
    when = french_date(check.expires_on)
    at_award = row.due == Due.ATTRIBUTION
    if check.state == ValidityState.VALIDE:
        if at_award and row.award_date is not None:
            return (f"Valide à l'attribution ({french_date(row.award_date)})"
                    + (f", jusqu'au {when}" if when else ""))
        return f"Valide jusqu'au {when}" if when else "Valide (sans date d'expiration)"
    if check.state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
        if at_award:
            return f"Expire avant l'attribution ({french_date(row.award_date)}) : {when}"
        return f"Expire avant la date limite : {when}"
    if check.state == ValidityState.EXPIRE:
        return f"Expiré depuis le {when}"
    return "Manquant : à ajouter aux documents"


def status_text(row: ChecklistRow) -> str:
    """The status cell: the status, and « bloquante » when it stops the submission."""
    text = row.status_label
    if row.blocking:
        text += " · bloquante"
    elif row.to_check:
        text += " · à vérifier"
    return text


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


class ChecklistTab(QWidget):
    """The « Pièces » tab of a dossier (loaded when first shown, not before)."""

    status_message = Signal(str)
    #: Emitted with the dossier's id after every change (the tender list recounts it).
    checklist_changed = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choose_file: Callable[[], str | None] = self._choose_file
        self.choose_save_path: Callable[[str, str], str | None] = self._choose_save_path
        self.ask_reason: Callable[[str], str | None] = self._ask_reason
        self.ask_text: Callable[[str, str], str | None] = self._ask_text
        self.confirm: Callable[[str, str], bool] = lambda t, x: ask_yes_no(self, t, x)
        self._service: ChecklistService | None = None
        self._tender: Tender | None = None
        self._stale = True
        self._view: ChecklistView | None = None
        self._rows: dict[str, ChecklistRow] = {}
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_status_bar())
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_tree())
        self.splitter.addWidget(self._build_details())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 190])
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._build_footer())
        layout.addLayout(self._build_footer_second_row())
        self._connect()
        self._update_buttons()

    # --- building --------------------------------------------------------------------------
    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        return button

    def _build_header(self) -> QHBoxLayout:
        self.progress_label = QLabel(EMPTY_TEXT)
        self.progress_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.progress_label.setWordWrap(True)
        self.deadline_label = QLabel("")
        self.deadline_label.setStyleSheet("color: #444;")
        row = QHBoxLayout()
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.deadline_label)
        return row

    def _build_status_bar(self) -> QHBoxLayout:
        # Tool buttons, not push buttons: these have no 80 px minimum, so the four statuses
        # fit on one row of a dossier pane about 400 px wide (1024 px window).
        row = QHBoxLayout()
        row.setSpacing(4)
        # An action on the selected piece, said as such: « 1 À faire » read like a filter
        # with a count. The keys 1 to 4 stay, named in the tooltip.
        mark = QLabel("Marquer :")
        mark.setToolTip("Change l'état de la pièce sélectionnée dans la liste.")
        row.addWidget(mark)
        self.status_buttons: dict[ItemStatus, QToolButton] = {}
        for number, status in enumerate(ItemStatus, start=1):
            text = STATUS_LABELS[status] + ("…" if status == ItemStatus.SANS_OBJET else "")
            button = QToolButton()
            button.setText(text)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(f"Marquer la pièce « {STATUS_LABELS[status].lower()} »")
            button.setToolTip(
                f"Marquer la pièce sélectionnée « {STATUS_LABELS[status].lower()} » "
                f"(touche {number})"
            )
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))
            self.status_buttons[status] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_tree(self) -> QWidget:
        self.tree = ChecklistTree()
        self.tree.setAccessibleName("Pièces à fournir")
        self.tree.setAccessibleDescription(DETAILS_HINT)
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        return self.tree

    def _build_details(self) -> QWidget:
        self.details_label = QLabel(DETAILS_HINT)
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setAccessibleName("Explication de la pièce")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note sur la pièce")
        self.note_edit.setPlaceholderText("Note (par exemple : demandé au comptable le 3/12)")
        self.due_edit = OptionalDateEdit()
        self.due_edit.setAccessibleName("Échéance interne de la pièce")
        self.due_edit.setToolTip("La date à laquelle vous voulez que cette pièce soit prête.")
        # Two rows: side by side they made the detail pane scroll sideways at 1024 px.
        edits = QGridLayout()
        note_label = QLabel("&Note :")
        note_label.setBuddy(self.note_edit)
        due_label = QLabel("Échéance &interne :")
        due_label.setBuddy(self.due_edit)
        edits.addWidget(note_label, 0, 0)
        edits.addWidget(self.note_edit, 0, 1)
        edits.addWidget(due_label, 1, 0)
        edits.addWidget(self.due_edit, 1, 1)
        edits.setColumnStretch(1, 1)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.details_label, 1)
        box.addLayout(edits)
        self.details_area = QScrollArea()
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.details_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details_area.setWidget(inner)
        self.details_area.setAccessibleName("Détail de la pièce sélectionnée")
        return self.details_area

    def _build_footer(self) -> QHBoxLayout:
        self.attach_button = self._button(
            "Joindre un fichier…",
            "Joindre un fichier à la pièce",
            "Copier un fichier dans l'espace de travail et le joindre à la pièce sélectionnée "
            "(vous pouvez aussi le glisser sur la pièce).",
        )
        self.detach_button = self._button(
            "Retirer le fichier", "Retirer le fichier de la pièce",
            "Détacher le fichier joint à la pièce sélectionnée.",
        )
        self.add_button = self._button(
            "Ajouter une pièce…", "Ajouter une pièce",
            "Ajouter une pièce demandée par le RC qui n'est pas dans la liste.",
        )
        self.hide_button = self._button(
            "Masquer", "Masquer la pièce",
            "Masquer une pièce standard qui ne concerne pas ce dossier.",
        )
        self.show_hidden_check = QCheckBox("Pièces masquées")
        self.show_hidden_check.setAccessibleName("Afficher les pièces masquées")
        self.show_hidden_check.setToolTip(
            "Afficher aussi les pièces masquées, pour les réafficher."
        )
        self.export_docx_action = QAction("Bordereau des pièces (.docx)…", self)
        self.export_docx_action.setToolTip(
            "Exporter le bordereau des pièces au format Word (.docx)."
        )
        self.export_csv_action = QAction("Liste des pièces pour un tableur (.csv)…", self)
        self.export_csv_action.setToolTip(
            "Exporter la liste des pièces pour un tableur (.csv)."
        )
        export_menu = QMenu(self)
        export_menu.setAccessibleName("Formats d'export des pièces")
        export_menu.addAction(self.export_docx_action)
        export_menu.addAction(self.export_csv_action)
        self.export_button = self._button(
            "Exporter", "Exporter les pièces",
            "Exporter le bordereau des pièces (.docx) ou leur liste pour un tableur (.csv).",
        )
        self.export_button.setMenu(export_menu)
        row = QHBoxLayout()
        row.addWidget(self.attach_button)
        row.addWidget(self.detach_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        return row

    def _build_footer_second_row(self) -> QHBoxLayout:
        # A second row so that no button is cut at 1024 px (see test_layout_small_window).
        row = QHBoxLayout()
        for widget in (self.add_button, self.hide_button, self.show_hidden_check):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _connect(self) -> None:
        self.tree.currentItemChanged.connect(lambda *_: self._on_current_changed())
        self.tree.status_key.connect(self.set_status)
        self.tree.files_dropped.connect(self._on_files_dropped)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.attach_button.clicked.connect(self.attach_selected)
        self.detach_button.clicked.connect(self.detach_selected)
        self.add_button.clicked.connect(self.add_custom)
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.show_hidden_check.toggled.connect(lambda _on: self.reload())
        self.export_docx_action.triggered.connect(lambda: self.export(".docx"))
        self.export_csv_action.triggered.connect(lambda: self.export(".csv"))
        self.note_edit.editingFinished.connect(self._save_note)
        self.due_edit.changed.connect(self._save_due)

    # --- default hooks (replaced in tests) -------------------------------------------------
    def _choose_file(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Joindre un fichier", "", "Tous les fichiers (*)"
        )
        return path or None

    def _choose_save_path(self, suggested: str, name_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Exporter les pièces", suggested, name_filter)
        return path or None

    def _ask_reason(self, label: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, "Pièce sans objet", f"Pourquoi « {label} » est-elle sans objet ?"
        )
        return text if ok else None

    def _ask_text(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None

    # --- loading ---------------------------------------------------------------------------
    @property
    def service(self) -> ChecklistService:
        """The checklist service, built on first use (it loads the catalogue)."""
        if self._service is None:
            from ...services.checklist import ChecklistService

            assert self.ctx.session is not None
            self._service = ChecklistService(self.ctx.session)
        return self._service

    def set_tender(self, tender: Tender | None) -> None:
        """Show the pieces of ``tender`` (loaded now if the tab is visible, else when shown)."""
        self._tender = tender
        self._stale = True
        if self.isVisible():
            self.reload()

    def event(self, event: QEvent) -> bool:
        """Load lazily, and again each time the tab is shown: the vault may have changed
        on the « Documents administratifs » page meanwhile (a reload takes a few ms)."""
        if event.type() == QEvent.Type.Show and (self._stale or self._tender is not None):
            self.reload()
        return super().event(event)

    def tender_id(self) -> int | None:
        """Id of the dossier shown."""
        return self._tender.id if self._tender is not None else None

    def reload(self, select: str | None = None) -> None:
        """Read the checklist again through the service and rebuild the tree."""
        self._stale = False
        keep = select or self.current_uid()
        tender_id = self.tender_id()
        self._view = None
        if tender_id is not None:
            try:
                self._view = self.service.view(
                    tender_id, self.ctx.today(), include_hidden=self.show_hidden_check.isChecked()
                )
            except (InvalidInput, WorkspaceError) as exc:
                self.error_label.show_message(str(exc))
        self._fill(keep)

    def _fill(self, select: str | None) -> None:
        self._loading = True
        self.tree.clear()
        self._rows = {}
        view = self._view
        if view is None:
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
        groups: dict[Phase, QTreeWidgetItem] = {}
        counts: dict[Phase, list[int]] = {}
        target: QTreeWidgetItem | None = None
        for row in view.rows:
            phase = row.item.phase
            if phase not in groups:
                group = QTreeWidgetItem([PHASE_LABELS[phase]])
                group.setData(0, PHASE_ROLE, phase.value)
                group.setFirstColumnSpanned(True)
                font = QFont(group.font(0))
                font.setBold(True)
                group.setFont(0, font)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
                groups[phase] = group
                counts[phase] = [0, 0]
            if row.item.counted:
                counts[phase][0] += int(row.ready)
                counts[phase][1] += 1
            child = self._row_item(row)
            groups[phase].addChild(child)
            self._rows[row.item.uid] = row
            if row.item.uid == select:
                target = child
        for phase, group in groups.items():
            ready, total = counts[phase]
            due = DUE_LABELS[due_of(phase)].lower()
            group.setText(0, f"{PHASE_LABELS[phase]} ({due}) — {ready} / {total} prêtes")
            group.setToolTip(0, DUE_TIPS[due_of(phase)])
        self.tree.expandAll()
        self._loading = False
        if target is None and groups:
            first = next(iter(groups.values()))
            target = first.child(0) if first.childCount() else first
        if target is not None:
            self.tree.setCurrentItem(target)
        self._on_current_changed()

    def _row_item(self, row: ChecklistRow) -> QTreeWidgetItem:
        item = row.item
        label = item.label + (" (masquée)" if item.hidden else "")
        file_name = item.file_name or (
            f"{row.check.file_name} (documents administratifs)"
            if row.check and row.check.file_name else ""
        )
        texts = [
            label,
            row.owner_label,
            row.lots_label if item.lots else "Tous",  # short: the column is narrow
            status_text(row),
            validity_text(row),
            file_name,
            french_date(item.due_on),
        ]
        tree_item = QTreeWidgetItem(texts)
        tree_item.setData(0, UID_ROLE, item.uid)
        tree_item.setData(0, PHASE_ROLE, item.phase.value)
        tip = row.alert or (row.requirement.explanation if row.requirement else item.label)
        for column in range(len(HEADERS)):
            tree_item.setToolTip(column, texts[column] or tip)
        tree_item.setToolTip(0, tip)
        if item.hidden or item.status == ItemStatus.SANS_OBJET:
            for column in range(len(HEADERS)):
                tree_item.setForeground(column, QBrush(_MUTED))
        if row.blocking:
            tree_item.setForeground(COL_STATUS, QBrush(_BAD_FG))
        elif row.ready:
            tree_item.setForeground(COL_STATUS, QBrush(_OK_FG))
        self._decorate_validity(tree_item, row)
        return tree_item

    def _decorate_validity(self, tree_item: QTreeWidgetItem, row: ChecklistRow) -> None:
        """Text, icon and colour together: the state never relies on colour alone."""
        if not row.is_attestation or row.check is None:
            return
        style = self.style()
        state = row.check.state
        if state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
            icon, bg, fg = QStyle.StandardPixmap.SP_MessageBoxWarning, _WARN_BG, _WARN_FG
        elif state in (ValidityState.EXPIRE, ValidityState.MANQUANT):
            icon, bg, fg = QStyle.StandardPixmap.SP_MessageBoxCritical, _BAD_BG, _BAD_FG
        else:
            tree_item.setForeground(COL_VALIDITY, QBrush(_OK_FG))
            return
        tree_item.setIcon(COL_VALIDITY, style.standardIcon(icon))
        tree_item.setBackground(COL_VALIDITY, QBrush(bg))
        tree_item.setForeground(COL_VALIDITY, QBrush(fg))
        font = QFont(tree_item.font(COL_VALIDITY))
        font.setBold(True)
        tree_item.setFont(COL_VALIDITY, font)
        if row.alert:
            tree_item.setToolTip(COL_VALIDITY, row.alert)

    # --- selection and details -------------------------------------------------------------
    def current_uid(self) -> str | None:
        """``uid`` of the selected piece (``None`` on a phase heading or nothing)."""
        item = self.tree.currentItem()
        uid = item.data(0, UID_ROLE) if item is not None else None
        return uid if isinstance(uid, str) else None

    def current_row(self) -> ChecklistRow | None:
        """The selected piece's row."""
        uid = self.current_uid()
        return self._rows.get(uid) if uid is not None else None

    def _piece_items(self) -> list[QTreeWidgetItem]:
        """Every piece of the tree (children of the phase headings), top to bottom."""
        found: list[QTreeWidgetItem] = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            if group is None:
                continue
            for child_index in range(group.childCount()):
                child = group.child(child_index)
                if child is not None:
                    found.append(child)
        return found

    def tree_item(self, uid: str) -> QTreeWidgetItem | None:
        """The tree item of piece ``uid`` (for tests and drag-and-drop)."""
        return next((i for i in self._piece_items() if i.data(0, UID_ROLE) == uid), None)

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
        self.details_label.setText(details_html(row) if row is not None else DETAILS_HINT)
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
            self.hide_button.setText("Supprimer")
            self.hide_button.setAccessibleName("Supprimer la pièce ajoutée")
        elif row is not None and row.item.hidden:
            self.hide_button.setText("Réafficher")
            self.hide_button.setAccessibleName("Réafficher la pièce")
        else:
            self.hide_button.setText("Masquer")
            self.hide_button.setAccessibleName("Masquer la pièce")

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
    def _apply(self, action: Callable[[], object], done: str, select: str | None = None) -> bool:
        """Run a service call; on success reload and announce, on refusal show why."""
        tender_id = self.tender_id()
        if tender_id is None:
            return False
        try:
            action()
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            self.status_message.emit(str(exc))
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
            answer = self.ask_reason(row.item.label)
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
        """Ask for a file (``choose_file``) and attach it to the selected piece."""
        row = self.current_row()
        if row is None:
            return False
        path = self.choose_file()
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
        label = self.ask_text("Ajouter une pièce", "Intitulé de la pièce demandée par le RC :")
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
            if not self.confirm("Supprimer la pièce", f"Supprimer la pièce « {item.label} » ?"):
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
        """Write the bordereau (``.docx``) or the CSV where ``choose_save_path`` says."""
        tender_id = self.tender_id()
        if tender_id is None or self._tender is None:
            return None
        stem = "bordereau-des-pieces" if suffix == ".docx" else "pieces"
        name_filter = "Document Word (*.docx)" if suffix == ".docx" else "Tableur CSV (*.csv)"
        chosen = self.choose_save_path(f"{stem}-{tender_id}{suffix}", name_filter)
        if not chosen:
            return None
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(suffix)
        try:
            written = self.service.export(tender_id, target, self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            self.status_message.emit(str(exc))
            return None
        self.error_label.clear_message()
        self.status_message.emit(f"Exporté : {written}")
        return written


def details_html(row: ChecklistRow) -> str:
    """The explanation panel of a piece: what it is, where to get it, legal basis, alert."""
    item, req = row.item, row.requirement
    parts = [f"<p><b>{html.escape(item.label)}</b> — {html.escape(row.phase_label)} "
             f"({html.escape(row.due_label.lower())}), "
             f"{html.escape(row.owner_label)}, {html.escape(row.lots_label.lower())}</p>"]
    if row.alert:
        parts.append(f"<p style='color:{_WARN_FG.name()}'><b>⚠ {html.escape(row.alert)}</b></p>")
    if req is not None:
        parts.append(f"<p>{html.escape(req.explanation)}</p>")
        if req.where:
            parts.append(f"<p><b>Où l'obtenir :</b> {html.escape(req.where)}</p>")
        if req.legal_basis:
            parts.append(f"<p><b>Base légale :</b> {html.escape(req.legal_basis)}</p>")
    elif item.custom:
        parts.append("<p>Pièce ajoutée par vous pour ce dossier.</p>")
    if row.check is not None and row.check.rule_text:
        parts.append(f"<p><b>Validité :</b> {html.escape(row.check.rule_text)}</p>")
    return "".join(parts)
