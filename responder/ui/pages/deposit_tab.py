"""« Dépôt », a tab of the dossier: the final check, the upload settings, the pack, the record.

The check is a list: one click on a finding goes to what fixes it (the piece in « Pièces »,
the « Mémoire » or « Groupement » tab). The page count of the mémoire (a LibreOffice
conversion) and the pack run off the UI thread (``ctx.ops.background``). Dialogs go through
``ctx.prompts``; the check runs again when the pieces, the documents, the mémoire or the
groupement of the dossier change (the change bus).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.deposit_check import LEVEL_LABELS, DepositIssue
from ...domain.tender import Tender
from ...fr import datetime_at
from ...services.changes import Changes, Topic
from ...services.deposit import (
    DepositPlan,
    DepositService,
    PackResult,
    PageReport,
    check_pages,
)
from ...services.deposit_text import issue_lines, pages_text, sort_issues, summary
from ..context import UiContext
from ..operations import Failure, Operation
from ..theme import color, set_role
from ..widgets import make
from ..widgets.errors import ErrorLabel
from ..widgets.lazy_tab import LazyTab

NO_TENDER_TEXT = "Sélectionnez une consultation pour préparer son dépôt."
#: The colour (theme name) of a finding, by level.
_LEVEL_COLOURS = {"bloquant": "error", "attention": "attention_text", "rappel": "text_muted"}
#: Which dossier tab fixes a finding that is not about one piece.
_TAB_FOR_CODE = {"memoire_attention": "memoire", "page_limit_exceeded": "memoire",
                 "pages_not_counted": "memoire", "groupement_error": "groupement"}
ISSUE_ROLE = 256  # Qt.UserRole


def _exc_text(failure: Failure) -> str:
    """The service's message as it names its fields (« champ : message »)."""
    return "\n".join(f"{k} : {v}" if k else v for k, v in failure.messages.items())


class DepositTab(LazyTab):
    """The deposit of one dossier: check, settings, pack and « Dépôt effectué »."""

    status_message = Signal(str)
    #: The dossier's stored status changed (its id): the Consultations page shows it.
    status_changed = Signal(int)
    #: The check reads the pieces, the vault, the mémoire, the groupement and the dossier.
    topics = (Topic.TENDERS, Topic.CHECKLIST, Topic.DOCUMENTS, Topic.MEMOIRE,
              Topic.GROUPEMENT, Topic.DEPOSIT, Topic.STRUCTURE, Topic.PARTNERS)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, ctx)
        assert ctx.session is not None, "the deposit tab needs an open workspace"
        self.ctx = ctx
        self.service = DepositService(ctx.session)
        self.plan: DepositPlan | None = None
        self.issues: list[DepositIssue] = []
        self.pages: list[PageReport] = []
        self.last_pack: Path | None = None
        self._page_task: Operation[Any] | None = None
        self._pack_task: Operation[Any] | None = None
        self._receipt: Path | None = None
        self._build()

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.summary_label = QLabel(NO_TENDER_TEXT)
        font = QFont()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 1)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        self.recheck_button = QPushButton("Vérifier à nouveau")
        self.recheck_button.setToolTip("Relance la vérification finale du dossier")
        self.recheck_button.clicked.connect(self.reload)
        header = QHBoxLayout()
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.recheck_button)

        # One item per finding, on several lines (level and message; piece, member, lot): the
        # tab is often narrow and the message is what matters, so it must never be cut off.
        self.tree = QListWidget()
        self.tree.setAccessibleName("Vérification finale avant le dépôt")
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSpacing(2)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemClicked.connect(self.go_to)
        self.tree.itemActivated.connect(self.go_to)
        self.pages_label = make.label(role="muted")
        hint = make.label("Un clic sur une ligne ouvre ce qu'il faut corriger.", role="muted",
                          wrap=False)

        self.settings_toggle = QToolButton()
        self.settings_toggle.setText("Réglages du dépôt (taille, formats, noms, sauvegarde)")
        self.settings_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.settings_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.settings_toggle.setCheckable(True)
        self.settings_toggle.setAutoRaise(True)
        self.settings_box = self._build_settings()
        self.settings_box.hide()
        self.settings_toggle.toggled.connect(self._toggle_settings)
        self.error_label = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.pages_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self._build_pack())
        layout.addWidget(self._build_record())
        layout.addWidget(self.settings_toggle)
        layout.addWidget(self.settings_box)
        for button in self.findChildren(QAbstractButton):  # screen readers read the label
            if not button.accessibleName():
                button.setAccessibleName(button.text())
        self._set_enabled(False)

    def _toggle_settings(self, shown: bool) -> None:
        self.settings_box.setVisible(shown)
        self.settings_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _build_settings(self) -> QGroupBox:
        box = QGroupBox()  # titled by the toggle above it
        self.max_file_spin = QSpinBox()
        self.max_file_spin.setRange(0, 10_000)
        self.max_file_spin.setSuffix(" Mo")
        self.max_file_spin.setSpecialValueText("50 Mo (défaut)")
        self.max_file_spin.setAccessibleName("Taille maximale par fichier")
        self.max_total_spin = QSpinBox()
        self.max_total_spin.setRange(0, 100_000)
        self.max_total_spin.setSuffix(" Mo")
        self.max_total_spin.setSpecialValueText("aucune limite")
        self.max_total_spin.setAccessibleName("Taille maximale du pli")
        self.formats_edit = QLineEdit()
        self.formats_edit.setPlaceholderText("pdf, docx, xlsx, odt… (vide : formats courants)")
        self.formats_edit.setAccessibleName("Formats acceptés")
        self.pattern_edit = QLineEdit()
        self.pattern_edit.setAccessibleName("Modèle de nom des fichiers")
        self.pattern_edit.setToolTip(
            "{NN} numéro, {Piece} pièce, {Candidat} membre, {Lot} lot — lettres sans accent, "
            "chiffres, - et _"
        )
        self.backup_check = QCheckBox("Copie de sauvegarde (R2132-11)")
        self.zip_check = QCheckBox("Aussi un .zip à côté du dossier")
        self.save_settings_button = QPushButton("Enregistrer les réglages")
        self.save_settings_button.clicked.connect(self.save_settings)
        grid = QGridLayout(box)
        grid.addWidget(QLabel("Par fichier"), 0, 0)
        grid.addWidget(self.max_file_spin, 0, 1)
        grid.addWidget(QLabel("Pli entier"), 0, 2)
        grid.addWidget(self.max_total_spin, 0, 3)
        grid.addWidget(QLabel("Formats"), 1, 0)
        grid.addWidget(self.formats_edit, 1, 1, 1, 3)
        grid.addWidget(QLabel("Noms"), 2, 0)
        grid.addWidget(self.pattern_edit, 2, 1, 1, 3)
        grid.addWidget(self.backup_check, 3, 0, 1, 2)
        grid.addWidget(self.zip_check, 3, 2, 1, 2)
        grid.addWidget(self.save_settings_button, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _build_pack(self) -> QGroupBox:
        box = QGroupBox("Pli à déposer")
        layout = QVBoxLayout(box)
        self.pack_button = QPushButton("Préparer le pli…")
        self.pack_button.setToolTip(
            "Choisissez un dossier nouveau ou vide : Candidature/, Offre/Lot N/, LISEZ-MOI.txt"
        )
        self.pack_button.clicked.connect(lambda: self.build_pack())
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.open_button = QPushButton("Ouvrir le dossier")
        self.open_button.clicked.connect(self._open_pack)
        self.open_button.hide()
        self.pack_label = QLabel("Les fichiers sont renommés, rangés par candidature, offre et "
                                 "lot, avec la liste et leurs empreintes dans LISEZ-MOI.txt.")
        self.pack_label.setWordWrap(True)
        set_role(self.pack_label, "muted")
        row = QHBoxLayout()
        row.addWidget(self.pack_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.open_button)
        row.addStretch(0 if self.progress.isVisible() else 1)
        layout.addLayout(row)
        layout.addWidget(self.pack_label)
        return box

    def _build_record(self) -> QGroupBox:
        box = QGroupBox("Dépôt effectué")
        layout = QVBoxLayout(box)
        self.record_label = QLabel("Pas encore déposé.")
        self.record_label.setWordWrap(True)
        self.at_edit = QDateTimeEdit()
        self.at_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setAccessibleName("Date et heure du dépôt")
        self.receipt_button = QPushButton("Accusé de réception…")
        self.receipt_button.clicked.connect(self._pick_receipt)
        self.receipt_label = QLabel("aucun fichier")
        set_role(self.receipt_label, "muted")
        self.record_button = QPushButton("Enregistrer le dépôt")
        self.record_button.clicked.connect(self.record)
        self.open_receipt_button = QPushButton("Ouvrir l'accusé")
        self.open_receipt_button.clicked.connect(self._open_receipt)
        self.open_receipt_button.hide()
        row = QHBoxLayout()
        row.addWidget(QLabel("Le"))
        row.addWidget(self.at_edit)
        row.addWidget(self.receipt_button)
        row.addWidget(self.receipt_label, 1)
        row.addWidget(self.record_button)
        row.addWidget(self.open_receipt_button)
        layout.addWidget(self.record_label)
        layout.addLayout(row)
        return box

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.recheck_button, self.save_settings_button, self.pack_button,
                       self.record_button, self.receipt_button, self.max_file_spin,
                       self.max_total_spin, self.formats_edit, self.pattern_edit,
                       self.backup_check, self.zip_check, self.at_edit):
            widget.setEnabled(enabled)

    # --- dossier -------------------------------------------------------------------------
    def set_tender(self, tender: Tender | None) -> None:
        """Show the deposit of ``tender`` (checked when the tab is visible)."""
        self.last_pack = None
        self.open_button.hide()
        self.pack_label.clear()
        super().set_tender(tender)

    def reload(self) -> None:
        """Run the check (fast part here, the page count in the background)."""
        self._stale = False
        self.error_label.clear_message()
        self.tree.clear()
        self.issues, self.pages, self.plan = [], [], None
        if self.tender is None or self.tender.id is None:
            self.summary_label.setText(NO_TENDER_TEXT)
            self.pages_label.clear()
            self._set_enabled(False)
            return
        self._set_enabled(True)
        tender_id = self.tender.id
        prepared = self.ctx.ops.run(
            lambda: (self.ctx.tenders.get(tender_id),
                     self.service.prepare(tender_id, self.ctx.today())),
            on_failure=self._failed)
        if prepared is None:
            return
        self.tender, self.plan = prepared
        self._show_settings()
        self._show_record()
        self.issues = list(self.plan.issues)
        self._fill()
        self._count_pages()

    def _count_pages(self) -> None:
        plan = self.plan
        if plan is None or plan.page_limit is None:
            self.pages_label.setText("Pas de limite de pages saisie pour le mémoire.")
            return
        if self._page_task is not None:
            return
        self.pages_label.setText("Comptage des pages du mémoire…")
        self._page_task = self.ctx.ops.background(lambda _progress: check_pages(plan)).success(
            lambda result: self._on_pages(plan, result)).failure(self._on_pages_failed).start()

    def _on_pages(self, plan: DepositPlan, result: object) -> None:
        self._page_task = None
        if plan is not self.plan:  # another dossier (or a new check) meanwhile
            self._count_pages()
            return
        reports, issues = result  # type: ignore[misc]
        self.pages = list(reports)
        self.issues = sort_issues([*self.issues, *issues])
        self._fill()
        self.pages_label.setText(pages_text(self.pages))

    def _on_pages_failed(self, failure: Failure) -> None:
        self._page_task = None
        self.pages_label.setText(f"Pages du mémoire non comptées : {failure.text}")

    def page_count_running(self) -> bool:
        """True while the mémoire's pages are being counted (tests wait on it)."""
        return self._page_task is not None

    def _fill(self) -> None:
        self.tree.clear()
        text, ready = summary(self.issues)
        self.summary_label.setText(text)
        set_role(self.summary_label, "ok-dark" if ready else "error")
        for issue in self.issues:
            item = QListWidgetItem("\n".join(issue_lines(issue, LEVEL_LABELS[issue.level])))
            item.setData(ISSUE_ROLE, issue)
            item.setForeground(QBrush(color(_LEVEL_COLOURS[issue.level])))
            if issue.uid or issue.code in _TAB_FOR_CODE:
                item.setToolTip("Cliquez pour corriger")
            self.tree.addItem(item)

    def shown_issues(self) -> list[DepositIssue]:
        """The findings as listed, top to bottom."""
        found = (self.tree.item(i) for i in range(self.tree.count()))
        return [item.data(ISSUE_ROLE) for item in found if item is not None]

    # --- going to the fix ----------------------------------------------------------------
    def _tabs(self) -> QTabWidget | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        return widget

    def go_to(self, item: QListWidgetItem) -> bool:
        """Open what fixes the finding of ``item``: the piece in « Pièces », or a tab."""
        from .dossier_tabs import show_dossier_tab

        issue = item.data(ISSUE_ROLE)
        tabs = self._tabs()
        if not isinstance(issue, DepositIssue) or tabs is None:
            return False
        if issue.uid:
            pieces = show_dossier_tab(tabs, "checklist")
            select = getattr(pieces, "select_uid", None)
            return bool(select(issue.uid)) if callable(select) else False
        wanted = _TAB_FOR_CODE.get(issue.code)
        return bool(wanted) and show_dossier_tab(tabs, wanted) is not None

    # --- settings ------------------------------------------------------------------------
    def _show_settings(self) -> None:
        assert self.plan is not None
        settings = self.plan.settings
        self.max_file_spin.setValue(settings.max_file_mb or 0)
        self.max_total_spin.setValue(settings.max_total_mb or 0)
        self.formats_edit.setText(", ".join(settings.formats))
        self.pattern_edit.setText(settings.naming_pattern)
        self.backup_check.setChecked(settings.backup_copy)
        self.zip_check.setChecked(settings.zip)

    def _failed(self, failure: Failure) -> None:
        self.error_label.show_message(_exc_text(failure))

    def _changes(self, *topics: str) -> Changes:
        return Changes.of(*topics, tender_id=self.tender_id(), source=self)

    def save_settings(self) -> bool:
        """Save the upload settings; French message under the form when refused."""
        if self.tender is None or self.tender.id is None:
            return False
        tender_id = self.tender.id
        saved = self.ctx.ops.run(
            lambda: self.service.set_settings(
                tender_id,
                max_file_mb=self.max_file_spin.value() or None,
                max_total_mb=self.max_total_spin.value() or None,
                formats=self.formats_edit.text(),
                naming_pattern=self.pattern_edit.text().strip(),
                backup_copy=self.backup_check.isChecked(),
                zip=self.zip_check.isChecked(),
            ) or True,
            changes=self._changes(Topic.DEPOSIT), on_failure=self._failed)
        if saved is None:
            return False
        self.status_message.emit("Réglages du dépôt enregistrés.")
        self.reload()
        return True

    # --- pack ----------------------------------------------------------------------------
    def build_pack(self, out: Path | None = None) -> Operation[Any] | None:
        """Ask for a new or empty folder, then write the pack off the UI thread."""
        if self.tender is None or self.tender.id is None or self._pack_task is not None:
            return None
        target = out or self.ctx.prompts.choose_folder("Dossier du pli (nouveau ou vide)")
        if target is None:
            return None
        tender_id = self.tender.id
        job = self.ctx.ops.run(
            lambda: self.service.pack_job(tender_id, target, today=self.ctx.today()),
            on_failure=self._failed)
        if job is None:
            return None
        self.error_label.clear_message()
        self.open_button.hide()
        self.pack_label.clear()
        self.progress.setValue(0)
        self.progress.show()
        self.pack_button.setEnabled(False)
        self.status_message.emit("Préparation du pli…")
        self._pack_task = self.ctx.ops.background(job.run).on_progress(self._on_progress).success(
            self._on_packed).failure(self._on_pack_failed).start()
        return self._pack_task

    def pack_running(self) -> bool:
        """True while the pack is being written."""
        return self._pack_task is not None

    def _on_progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self.progress.setFormat(f"{percent} % — {text}")

    def _on_packed(self, result: object) -> None:
        self._pack_task = None
        self.progress.hide()
        self.pack_button.setEnabled(True)
        assert isinstance(result, PackResult)
        self.last_pack = result.folder
        text = f"Pli prêt : {result.folder} ({len(result.files)} fichiers, LISEZ-MOI.txt)."
        if result.zip_path is not None:
            text += f"\nArchive : {result.zip_path.name}"
        if result.backup:
            text += "\nCopie de sauvegarde et texte du pli dans « Copie de sauvegarde »."
        self.pack_label.setText(text)
        self.open_button.show()
        self.status_message.emit(f"Pli prêt : {result.folder}")

    def _on_pack_failed(self, failure: Failure) -> None:
        self._pack_task = None
        self.progress.hide()
        self.pack_button.setEnabled(True)
        self.error_label.show_message(failure.text)
        self.status_message.emit("Le pli n'a pas été préparé.")

    def _open_pack(self) -> None:
        if self.last_pack is not None:
            self.ctx.prompts.open_document(self.last_pack)

    # --- record --------------------------------------------------------------------------
    def _show_record(self) -> None:
        assert self.tender is not None
        deposit = self.service.deposit_of(self.tender)
        record = deposit.record
        self._receipt = None
        self.receipt_label.setText("aucun fichier")
        if record is None:
            self.record_label.setText("Pas encore déposé. Après le dépôt, saisissez l'heure de "
                                      "l'accusé de réception et joignez-le.")
            self.at_edit.setDateTime(QDateTime.currentDateTime())
            self.open_receipt_button.hide()
            return
        when = datetime_at(record.deposited_at)
        receipt = f" — accusé : {record.receipt_name}" if record.receipt_name else ""
        self.record_label.setText(f"Déposé le {when}{receipt}.")
        self.at_edit.setDateTime(QDateTime(record.deposited_at))
        self.open_receipt_button.setVisible(bool(record.receipt_hash))

    def _pick_receipt(self) -> None:
        chosen = self.ctx.prompts.open_file("Accusé de réception de la plateforme",
                                            "Tous les fichiers (*)")
        if chosen is not None:
            self._receipt = chosen
            self.receipt_label.setText(chosen.name)

    def record(self) -> bool:
        """Record « Dépôt effectué » with the date, time and receipt shown."""
        if self.tender is None or self.tender.id is None:
            return False
        moment: datetime = self.at_edit.dateTime().toPython()  # type: ignore[assignment]
        tender_id, receipt = self.tender.id, self._receipt
        recorded = self.ctx.ops.run(
            lambda: self.service.record(tender_id, moment.replace(second=0, microsecond=0),
                                        receipt),
            changes=self._changes(Topic.DEPOSIT, Topic.TENDERS), on_failure=self._failed)
        if recorded is None:
            return False
        tender, warnings = recorded
        self.tender = tender
        self.status_changed.emit(tender_id)
        message = "Dépôt enregistré : dossier « Déposé »."
        if warnings:
            self.error_label.show_message("\n".join(warnings))
        self.status_message.emit(message)
        self.reload()
        return True

    def _open_receipt(self) -> None:
        if self.tender is None:
            return
        path = self.service.receipt_path(self.tender)
        if path is not None:
            self.ctx.prompts.open_document(path)
