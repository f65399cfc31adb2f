"""« Documents administratifs »: the vault of the current structure, today and at each deadline.

The top table lists each kind of document the vault holds (catalogue order) with the current
document, the date it certifies, its computed expiry and its state today. The tree below
judges the documents at the deadline of every open dossier. The form at the bottom adds a
document, or replaces the current one of its kind (every dossier sees the new one at once).

File pickers and opening a file are injectable (``choose_file()``, ``open_file(path)``), so
tests never open a dialog or an external viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.enums import LegalForm
from ...domain.validity import ValidityState
from ...services.vault import CORE_KINDS
from ...storage.db import WorkspaceError
from ..formatting import FRENCH, format_date
from ..widgets.errors import ERROR_COLOR, ErrorLabel, FormErrors
from ..widgets.forms import add_row, new_form

if TYPE_CHECKING:
    from ...domain.checklist import Requirement
    from ...domain.vault import VaultEntry
    from ...services.vault import VaultService
    from ..context import UiContext

COL_KIND, COL_DOCUMENT, COL_DATED, COL_EXPIRES, COL_STATE, COL_RENEW, COL_FILE = range(7)
HEADERS = [
    "Pièce",
    "Document enregistré",
    "Daté du",
    "Expire le",
    "État aujourd'hui",
    "À renouveler avant le",
    "Fichier",
]
COLUMN_WIDTHS = {
    COL_KIND: 230,
    COL_DOCUMENT: 190,
    COL_DATED: 95,
    COL_EXPIRES: 105,
    COL_STATE: 175,
    COL_RENEW: 150,
    COL_FILE: 240,
}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
_WARN_BG = QColor("#fff4ce")
_WARN_FG = QColor("#7a4b00")
_BAD_BG = QColor("#fde7e9")
_BAD_FG = QColor(ERROR_COLOR)
_OK_FG = QColor("#1b5e20")
_MUTED = QColor("#6b6b6b")


def state_text(entry: VaultEntry, *, at_deadline: bool = False) -> str:
    """« Valide », « Expire avant la date limite », « Expiré » or « Manquant » (+ usage)."""
    text = entry.state_label
    if entry.state == ValidityState.EXPIRE_AVANT_DATE_LIMITE and not at_deadline:
        text = "Valide"  # judged today only: the deadline view says more
    if entry.guidance and entry.state != ValidityState.MANQUANT:
        text += " (durée d'usage)"
    return text


class DocumentsPage(QWidget):
    """The vault of the current structure (refreshed each time the page is shown)."""

    status_message = Signal(str)
    #: Emitted after a document is added or replaced (checklists and progress change).
    vault_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choose_file: Callable[[], str | None] = self._choose_file
        self.open_file: Callable[[Path], None] = self._open_file
        self._service: VaultService | None = None
        self._entries: dict[str, VaultEntry] = {}
        self._is_association = False
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_table())
        splitter.addWidget(self._build_dossiers())
        splitter.setSizes([305, 265])
        layout.addWidget(splitter, 1)
        layout.addWidget(self._build_form())
        self._connect()
        self.refresh()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt naming
        """False: the window's page slot would otherwise pin the page to the height its
        wrapped hint prefers (taller than a 700 px window, « Ajouter le document » cut off)
        instead of letting the two tables above give up room. Inside the page, the hint
        still wraps to its width."""
        return False

    # --- building --------------------------------------------------------------------------
    def _build_header(self) -> QHBoxLayout:
        heading = QLabel("Documents administratifs")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.structure_label = QLabel("")
        self.structure_label.setStyleSheet("color: #444;")
        self.open_button = QPushButton("Ouvrir le fichier")
        self.open_button.setAccessibleName("Ouvrir le fichier du document sélectionné")
        self.open_button.setToolTip("Ouvrir le document sélectionné dans votre visionneuse.")
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addWidget(self.structure_label, 1)
        row.addWidget(self.open_button)
        return row

    def _build_table(self) -> QWidget:
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Documents de la structure")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        box = QGroupBox("Vos documents, aujourd'hui")
        inner = QVBoxLayout(box)
        inner.addWidget(self.table)
        return box

    def _build_dossiers(self) -> QWidget:
        self.dossiers_tree = QTreeWidget()
        self.dossiers_tree.setAccessibleName("Validité à la date limite des consultations")
        self.dossiers_tree.setHeaderLabels(
            ["Consultation / pièce", "État (date limite ou attribution)", "Expire le",
             "À renouveler avant le"]
        )
        self.dossiers_tree.setAlternatingRowColors(True)
        self.dossiers_tree.setUniformRowHeights(True)
        header = self.dossiers_tree.header()
        for column, width in enumerate((420, 340, 100, 150)):
            header.resizeSection(column, width)
        box = QGroupBox(
            "À la date limite de vos consultations en cours (pièces de l'attributaire : à "
            "l'attribution prévue)"
        )
        inner = QVBoxLayout(box)
        inner.addWidget(self.dossiers_tree)
        return box

    def _build_form(self) -> QWidget:
        box = QGroupBox("Ajouter ou remplacer un document")
        self.errors = FormErrors(ErrorLabel())
        self.kind_combo = QComboBox()
        self.date_edit = QDateEdit()
        self.date_edit.setLocale(FRENCH)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.date_hint = QLabel("")
        self.date_hint.setWordWrap(True)
        self.date_hint.setStyleSheet("color: #555;")
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("Chemin du fichier (PDF de l'attestation…)")
        self.browse_button = QPushButton("Parcourir…")
        self.browse_button.setAccessibleName("Choisir le fichier du document")
        file_row = QWidget()
        file_layout = QHBoxLayout(file_row)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addWidget(self.file_edit, 1)
        file_layout.addWidget(self.browse_button)
        self.save_button = QPushButton("Ajouter le document")
        self.save_button.setAccessibleName("Enregistrer le document")
        self.save_button.setDefault(True)
        left = new_form()
        add_row(left, "&Pièce :", self.kind_combo, self.errors, "kind",
                tooltip="Le type de document à ranger.")
        add_row(left, "&Date de l'attestation :", self.date_edit, self.errors, "date",
                tooltip="La date que le document certifie (voir l'indication en dessous).")
        self.errors.alias("valid_until", "date")
        add_row(left, "&Fichier :", file_row, self.errors, "file", focus=self.file_edit)
        left.addRow(self.errors.general)
        # The hint runs under the fields on the whole width: beside them, in a 1024 px
        # window, it wrapped into so many lines that « Ajouter le document » fell off-screen.
        bottom = QHBoxLayout()
        bottom.addWidget(self.date_hint, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(box)
        layout.addLayout(left)
        layout.addLayout(bottom)
        for req in self._kinds():
            self.kind_combo.addItem(req.label, req.key)
        return box

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind_changed())
        self.table.currentCellChanged.connect(lambda *_: self._on_row_changed())
        self.table.cellActivated.connect(lambda *_: self.open_selected())
        self.browse_button.clicked.connect(self._browse)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_selected)
        self.file_edit.textEdited.connect(lambda _t: self.errors.clear("file"))

    # --- default hooks ---------------------------------------------------------------------
    def _choose_file(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choisir le document", "", "Documents (*.pdf *.jpg *.jpeg *.png);;Tous (*)"
        )
        return path or None

    @staticmethod
    def _open_file(path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- data ------------------------------------------------------------------------------
    @property
    def service(self) -> VaultService:
        """The vault service, built on first use (it loads the catalogue)."""
        if self._service is None:
            from ...services.vault import VaultService

            assert self.ctx.session is not None
            self._service = VaultService(self.ctx.session)
        return self._service

    def _kinds(self) -> list[Requirement]:
        return self.service.kinds()

    def refresh(self) -> None:
        """Read the vault again (called each time the page is shown)."""
        today = self.ctx.today()
        structure_id = self.ctx.current_structure_id()
        structure = self.ctx.structures.get(structure_id)
        self.structure_label.setText(
            f"— {structure.name} · au {format_date(today)}"
        )
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
            document = entry.document
            file_name = document.file_name if document else ""
            texts = [
                self._kind_label(kind),
                document.label if document else "",
                format_date(entry.dated),
                format_date(entry.expires_on) if document and entry.expires_on else (
                    "sans expiration" if document else ""
                ),
                state_text(entry),
                format_date(entry.renew_by),
                file_name,
            ]
            optional = document is None and kind not in CORE_KINDS
            if optional:
                # Only some RCs ask for these: « manquant » in red would cry wolf.
                texts[COL_STATE] = "Non enregistré (si le RC le demande)"
                texts[COL_RENEW] = ""
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(KIND_ROLE, kind)
                item.setToolTip(entry.advice or entry.rule_text or text)
                self.table.setItem(row, column, item)
            if optional:
                for column in range(len(HEADERS)):
                    cell = self.table.item(row, column)
                    if cell is not None:
                        cell.setForeground(QBrush(_MUTED))
            else:
                self._decorate(self.table.item(row, COL_STATE), entry)
        if keep is not None:
            self.select_kind(keep)
        elif self.table.rowCount():
            self.table.setCurrentCell(0, 0)

    def _kind_label(self, kind: str) -> str:
        req = self.service.catalogue.get(kind)
        return req.label_for(self._is_association) if req else kind

    def _decorate(self, item: QTableWidgetItem | QTreeWidgetItem | None, entry: VaultEntry,
                  column: int = 0) -> None:
        """Icon, colour and bold text for a state (never colour alone: the text says it)."""
        if item is None:
            return
        style = self.style()
        state = entry.state
        brushes: tuple[QBrush | None, QBrush]
        if state == ValidityState.VALIDE or (
            isinstance(item, QTableWidgetItem) and state == ValidityState.EXPIRE_AVANT_DATE_LIMITE
        ):
            brushes = (None, QBrush(_OK_FG))
            icon = None
        elif state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
            brushes = (QBrush(_WARN_BG), QBrush(_WARN_FG))
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        else:
            brushes = (QBrush(_BAD_BG), QBrush(_BAD_FG))
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        background, foreground = brushes
        if isinstance(item, QTableWidgetItem):
            if background is not None:
                item.setBackground(background)
            item.setForeground(foreground)
            if icon is not None:
                item.setIcon(icon)
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
        else:
            if background is not None:
                item.setBackground(column, background)
            item.setForeground(column, foreground)
            if icon is not None:
                item.setIcon(column, icon)
                font = QFont(item.font(column))
                font.setBold(True)
                item.setFont(column, font)

    def _fill_dossiers(self, today: date, structure_id: int) -> None:
        self.dossiers_tree.clear()
        statuses = self.service.dossiers_status(today, structure_id)
        if not statuses:
            empty = QTreeWidgetItem(["Aucune consultation en cours (veille ou en préparation)."])
            empty.setForeground(0, QBrush(_MUTED))
            self.dossiers_tree.addTopLevelItem(empty)
            return
        for status in statuses:
            problems = status.problems
            summary = (
                f"{len(problems)} document{'s' if len(problems) > 1 else ''} à régler"
                if problems else "Tout est valide"
            )
            deadline = format_date(status.deadline) or "non fixée"
            award = (
                f", attribution prévue vers le {format_date(status.award_date)}"
                if status.award_date else ""
            )
            top = QTreeWidgetItem(
                [f"{status.title} — date limite {deadline}{award}", summary, "", ""]
            )
            font = QFont(top.font(0))
            font.setBold(True)
            top.setFont(0, font)
            top.setToolTip(0, top.text(0))
            self.dossiers_tree.addTopLevelItem(top)
            for entry in status.entries:
                child = QTreeWidgetItem(
                    [
                        entry.label,
                        state_text(entry, at_deadline=True),
                        format_date(entry.expires_on),
                        format_date(entry.renew_by),
                    ]
                )
                child.setData(0, KIND_ROLE, entry.kind)
                child.setToolTip(1, entry.advice or entry.state_label)
                self._decorate(child, entry, 1)
                top.addChild(child)
            top.setExpanded(bool(problems))

    # --- selection -------------------------------------------------------------------------
    def current_kind(self) -> str | None:
        """Kind of the document selected in the table."""
        item = self.table.item(self.table.currentRow(), 0) if self.table.rowCount() else None
        kind = item.data(KIND_ROLE) if item is not None else None
        return kind if isinstance(kind, str) else None

    def select_kind(self, kind: str) -> bool:
        """Select the row of ``kind`` (and put it in the form)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(KIND_ROLE) == kind:
                self.table.setCurrentCell(row, 0)
                return True
        return False

    def row_texts(self, kind: str) -> list[str]:
        """What the table shows for ``kind`` (for tests and screen readers)."""
        for row in range(self.table.rowCount()):
            first = self.table.item(row, 0)
            if first is not None and first.data(KIND_ROLE) == kind:
                return [
                    cell.text() if (cell := self.table.item(row, c)) is not None else ""
                    for c in range(len(HEADERS))
                ]
        return []

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
        hint = ""
        if req is not None:
            rule = req.rule_for(self._is_association)
            if rule is not None and rule.date_hint:
                hint = f"Date à indiquer : {rule.date_hint}"
            elif rule is not None:
                hint = rule.explanation or rule.basis
            if req.where:
                hint += ("\n" if hint else "") + f"Où l'obtenir : {req.where}"
        if replacing and entry is not None:
            hint = (f"Remplace « {entry.document.file_name if entry.document else ''} » "
                    f"dans tous les dossiers.\n") + hint
        self.date_hint.setText(hint)
        self.errors.clear_all()

    # --- actions ---------------------------------------------------------------------------
    def _browse(self) -> None:
        path = self.choose_file()
        if path:
            self.file_edit.setText(path)
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
        try:
            if entry is not None and entry.document is not None and entry.document.id is not None:
                saved = self.service.replace(entry.document.id, dated, path)
                done = f"« {saved.label} » remplacé : tous les dossiers utilisent le nouveau."
            else:
                saved = self.service.add(str(kind), dated, path, structure_id)
                done = f"« {saved.label} » ajouté aux documents administratifs."
        except (InvalidInput, WorkspaceError) as exc:
            messages = exc.messages if isinstance(exc, InvalidInput) else {"": str(exc)}
            self.errors.show(messages)
            self.status_message.emit("Document non enregistré : voir le message en rouge.")
            return False
        self.file_edit.clear()
        self.refresh()
        self.select_kind(saved.kind)
        self.status_message.emit(done)
        self.vault_changed.emit()
        return True

    def open_selected(self) -> bool:
        """Open the selected document's stored file with ``open_file``."""
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
        self.open_file(path)
        return True
