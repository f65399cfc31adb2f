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

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QListWidgetItem,
    QTabWidget,
    QWidget,
)

from ...domain.deposit_check import LEVEL_LABELS, DepositIssue
from ...domain.tender import Tender
from ...fr import datetime_at
from ...services.changes import Topic
from ...services.deposit import (
    DepositPlan,
    DepositService,
    PackResult,
    PageReport,
    check_pages,
)
from ...services.deposit_text import issue_lines, pages_text, sort_issues, summary
from ..context import UiContext
from ..failure_text import fields_text
from ..operations import Failure, Operation
from ..theme import color, set_role
from ..widgets import make
from .deposit.view import NO_TENDER_TEXT, DepositWidgets

#: The colour (theme name) of a finding, by level.
_LEVEL_COLOURS = {"bloquant": "error", "attention": "attention_text", "rappel": "text_muted"}
#: Which dossier tab fixes a finding that is not about one piece.
_TAB_FOR_CODE = {"memoire_attention": "memoire", "page_limit_exceeded": "memoire",
                 "pages_not_counted": "memoire", "groupement_error": "groupement"}
ISSUE_ROLE = 256  # Qt.UserRole



class DepositTab(DepositWidgets):
    """The deposit of one dossier: check, settings, pack and « Dépôt effectué »."""

    #: The dossier's stored status changed (its id): the Consultations page shows it.
    status_changed = Signal(int)
    #: The check reads the pieces, the vault, the mémoire, the groupement and the dossier.
    topics = (Topic.TENDERS, Topic.CHECKLIST, Topic.DOCUMENTS, Topic.MEMOIRE,
              Topic.GROUPEMENT, Topic.DEPOSIT, Topic.STRUCTURE, Topic.PARTNERS)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = DepositService(self.session)
        self.plan: DepositPlan | None = None
        self.issues: list[DepositIssue] = []
        self.pages: list[PageReport] = []
        self.last_pack: Path | None = None
        self._page_task: Operation[Any] | None = None
        self._pack_task: Operation[Any] | None = None
        self._receipt: Path | None = None
        self._build()
        self._connect()

    def _connect(self) -> None:
        self.tree.itemClicked.connect(self.go_to)
        self.tree.itemActivated.connect(self.go_to)
        make.connect_clicks((self.recheck_button, self.reload),
                            (self.save_settings_button, self.save_settings),
                            (self.pack_button, lambda: self.build_pack()),
                            (self.open_button, self._open_pack),
                            (self.receipt_button, self._pick_receipt),
                            (self.record_button, self.record),
                            (self.open_receipt_button, self._open_receipt))

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
        return wanted is not None and show_dossier_tab(tabs, wanted) is not None

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
        self.error_label.show_message(fields_text(failure))

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
            changes=self.changes(Topic.DEPOSIT), on_failure=self._failed)
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
            changes=self.changes(Topic.DEPOSIT, Topic.TENDERS), on_failure=self._failed)
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
