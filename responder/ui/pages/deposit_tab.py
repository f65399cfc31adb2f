"""« Dépôt », a tab of the dossier: the final check, the upload settings, the pack, the record.

The check is a list: one click on a finding goes to what fixes it (the piece in « Pièces »,
the « Mémoire » or « Groupement » tab). The page count of the mémoire (a LibreOffice
conversion) and the pack run off the UI thread (``ui/tasks.py``). Dialogs go through
injectable callables (``choose_folder``, ``choose_receipt``, ``open_path``) so tests never
open a modal window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QFileDialog,
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

from ...domain.common import InvalidInput
from ...domain.deposit_check import LEVEL_LABELS, DepositIssue
from ...domain.tender import Tender
from ...services.deposit import (
    DepositPlan,
    DepositService,
    PackResult,
    PageReport,
    check_pages,
)
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..dialogs.files import choose_open_file
from ..tasks import Task, start
from ..widgets.errors import ErrorLabel

NO_TENDER_TEXT = "Sélectionnez une consultation pour préparer son dépôt."
_LEVEL_COLORS = {"bloquant": "#b3261e", "attention": "#8a5a00", "rappel": "#555555"}
#: Which dossier tab fixes a finding that is not about one piece.
_TAB_FOR_CODE = {"memoire_attention": "memoire", "page_limit_exceeded": "memoire",
                 "pages_not_counted": "memoire", "groupement_error": "groupement"}
ISSUE_ROLE = 256  # Qt.UserRole


class DepositTab(QWidget):
    """The deposit of one dossier: check, settings, pack and « Dépôt effectué »."""

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the deposit tab needs an open workspace"
        self.ctx = ctx
        self.service = DepositService(ctx.session)
        self.tender: Tender | None = None
        self.plan: DepositPlan | None = None
        self.issues: list[DepositIssue] = []
        self.pages: list[PageReport] = []
        self.last_pack: Path | None = None
        self._stale = False
        self._page_task: Task | None = None
        self._pack_task: Task | None = None
        self._receipt: Path | None = None
        self.choose_folder: Callable[[], Path | None] = self._choose_folder
        self.choose_receipt: Callable[[], Path | None] = lambda: choose_open_file(
            self, "Accusé de réception de la plateforme", "Tous les fichiers (*)"
        )
        self.open_path: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path))
        )
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
        self.pages_label = QLabel("")
        self.pages_label.setWordWrap(True)
        self.pages_label.setStyleSheet("color: #555;")
        hint = QLabel("Un clic sur une ligne ouvre ce qu'il faut corriger.")
        hint.setStyleSheet("color: #555;")

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
        self.pack_label.setStyleSheet("color: #555;")
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
        self.receipt_label.setStyleSheet("color: #555;")
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
        self.tender = tender
        self._stale = True
        self.last_pack = None
        self.open_button.hide()
        self.pack_label.clear()
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Check again each time the tab is shown: pieces may have changed meanwhile."""
        super().showEvent(event)
        if self._stale or self.tender is not None:
            self.reload()

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
        try:
            self.tender = self.ctx.tenders.get(self.tender.id)
            self.plan = self.service.prepare(self.tender.id, self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return
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
        task = Task(lambda _progress: check_pages(plan))
        task.signals.finished.connect(lambda result: self._on_pages(plan, result))
        task.signals.failed.connect(self._on_pages_failed)
        self._page_task = start(task)

    def _on_pages(self, plan: DepositPlan, result: object) -> None:
        self._page_task = None
        if plan is not self.plan:  # another dossier (or a new check) meanwhile
            self._count_pages()
            return
        reports, issues = result  # type: ignore[misc]
        self.pages = list(reports)
        self.issues = [*self.issues, *issues]
        order = {"bloquant": 0, "attention": 1, "rappel": 2}
        self.issues.sort(key=lambda i: order[i.level])
        self._fill()
        lines = []
        for report in self.pages:
            lot = f" (lot {report.lots[0]})" if len(report.lots) == 1 else ""
            count = "non compté" if report.pages is None else f"{report.pages} pages"
            lines.append(f"Mémoire{lot} : {count} / {report.limit} — {report.method_fr}")
        self.pages_label.setText("\n".join(lines) or "Aucun mémoire à compter.")

    def _on_pages_failed(self, message: str) -> None:
        self._page_task = None
        self.pages_label.setText(f"Pages du mémoire non comptées : {message}")

    def page_count_running(self) -> bool:
        """True while the mémoire's pages are being counted (tests wait on it)."""
        return self._page_task is not None

    def _fill(self) -> None:
        self.tree.clear()
        blocking = sum(1 for i in self.issues if i.blocking)
        watch = sum(1 for i in self.issues if i.level == "attention")
        if blocking:
            plural = "s" if blocking > 1 else ""
            text = f"{blocking} point{plural} bloquant{plural} avant le dépôt"
            color = _LEVEL_COLORS["bloquant"]
        else:
            text = "Prêt pour le dépôt"
            color = "#1b5e20"
        if watch:
            text += f" · {watch} à vérifier"
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(f"color: {color};")
        for issue in self.issues:
            where = " · ".join(
                part for part in (issue.piece, issue.member,
                                  f"lot {issue.lot}" if issue.lot else "") if part
            )
            lines = [f"{LEVEL_LABELS[issue.level]} — {issue.message_fr}"]
            if where and issue.piece not in issue.message_fr:
                lines.append(where)
            item = QListWidgetItem("\n".join(lines))
            item.setData(ISSUE_ROLE, issue)
            item.setForeground(QBrush(QColor(_LEVEL_COLORS[issue.level])))
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
        issue = item.data(ISSUE_ROLE)
        tabs = self._tabs()
        if not isinstance(issue, DepositIssue) or tabs is None:
            return False
        for index in range(tabs.count()):
            widget = tabs.widget(index)
            if issue.uid and callable(getattr(widget, "select_uid", None)):
                tabs.setCurrentIndex(index)
                return bool(widget.select_uid(issue.uid))  # type: ignore[attr-defined]
            wanted = _TAB_FOR_CODE.get(issue.code)
            if wanted and type(widget).__name__.lower().startswith(wanted):
                tabs.setCurrentIndex(index)
                return True
        return False

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

    def save_settings(self) -> bool:
        """Save the upload settings; French message under the form when refused."""
        if self.tender is None or self.tender.id is None:
            return False
        try:
            self.service.set_settings(
                self.tender.id,
                max_file_mb=self.max_file_spin.value() or None,
                max_total_mb=self.max_total_spin.value() or None,
                formats=self.formats_edit.text(),
                naming_pattern=self.pattern_edit.text().strip(),
                backup_copy=self.backup_check.isChecked(),
                zip=self.zip_check.isChecked(),
            )
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return False
        self.status_message.emit("Réglages du dépôt enregistrés.")
        self.reload()
        return True

    # --- pack ----------------------------------------------------------------------------
    def _choose_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, "Dossier du pli (nouveau ou vide)")
        return Path(chosen) if chosen else None

    def build_pack(self, out: Path | None = None) -> Task | None:
        """Ask for a new or empty folder, then write the pack off the UI thread."""
        if self.tender is None or self.tender.id is None or self._pack_task is not None:
            return None
        target = out or self.choose_folder()
        if target is None:
            return None
        try:
            job = self.service.pack_job(self.tender.id, target, today=self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return None
        self.error_label.clear_message()
        self.open_button.hide()
        self.pack_label.clear()
        self.progress.setValue(0)
        self.progress.show()
        self.pack_button.setEnabled(False)
        task = Task(job.run)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_packed)
        task.signals.failed.connect(self._on_pack_failed)
        self._pack_task = task
        self.status_message.emit("Préparation du pli…")
        return start(task)

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

    def _on_pack_failed(self, message: str) -> None:
        self._pack_task = None
        self.progress.hide()
        self.pack_button.setEnabled(True)
        self.error_label.show_message(message)
        self.status_message.emit("Le pli n'a pas été préparé.")

    def _open_pack(self) -> None:
        if self.last_pack is not None:
            self.open_path(self.last_pack)

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
        when = record.deposited_at.strftime("%d/%m/%Y à %H:%M")
        receipt = f" — accusé : {record.receipt_name}" if record.receipt_name else ""
        self.record_label.setText(f"Déposé le {when}{receipt}.")
        self.at_edit.setDateTime(QDateTime(record.deposited_at))
        self.open_receipt_button.setVisible(bool(record.receipt_hash))

    def _pick_receipt(self) -> None:
        chosen = self.choose_receipt()
        if chosen is not None:
            self._receipt = chosen
            self.receipt_label.setText(chosen.name)

    def record(self) -> bool:
        """Record « Dépôt effectué » with the date, time and receipt shown."""
        if self.tender is None or self.tender.id is None:
            return False
        moment: datetime = self.at_edit.dateTime().toPython()  # type: ignore[assignment]
        try:
            tender, warnings = self.service.record(
                self.tender.id, moment.replace(second=0, microsecond=0), self._receipt
            )
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return False
        self.tender = tender
        self._refresh_page(tender)
        message = "Dépôt enregistré : dossier « Déposé »."
        if warnings:
            self.error_label.show_message("\n".join(warnings))
        self.status_message.emit(message)
        self.reload()
        return True

    def _refresh_page(self, tender: Tender) -> None:
        """Show the new status in the list of dossiers and the Consultation form."""
        widget = self.parentWidget()
        while widget is not None and not hasattr(widget, "select_tender"):
            widget = widget.parentWidget()
        if widget is None:
            return
        model = getattr(widget, "model", None)
        if model is not None and callable(getattr(model, "upsert", None)):
            model.upsert(tender)
        editor = getattr(widget, "editor", None)
        if editor is not None and not editor.is_dirty():
            editor.load(tender)

    def _open_receipt(self) -> None:
        if self.tender is None:
            return
        path = self.service.receipt_path(self.tender)
        if path is not None:
            self.open_path(path)
