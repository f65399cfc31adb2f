"""The « Groupement » tab's documents: the convention, the DC1 table and a DC4, written off
the UI thread by ``ctx.ops.background`` once the user chose where (``ctx.prompts``).

A mixin of ``GroupementTab`` (``controller.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ....domain.groupement import Check
from ....domain.groupement_choices import document_file_name, document_title
from ...operations import Failure, Operation

if TYPE_CHECKING:
    from .controller import GroupementTab

    _Base = GroupementTab
else:
    _Base = object


class DocumentsMixin(_Base):
    """The three document buttons and their generation."""

    def _init_documents(self) -> None:
        self._operation: Operation[Any] | None = None
        self.last_document: Path | None = None

    def _connect_documents(self) -> None:
        self.convention_button.clicked.connect(lambda: self.generate("convention"))
        self.dc1_button.clicked.connect(lambda: self.generate("dc1"))
        self.dc4_button.clicked.connect(lambda: self.generate("dc4"))

    def _enable_documents(self, errors: list[Check]) -> None:
        """The convention and the DC1 only from a groupement without errors; a DC4 whenever
        there is a sub-contractor (the service checks what the DC4 itself needs: a bidder
        answering alone has one too); one document at a time."""
        assert self.groupement is not None
        idle = self._operation is None
        for button in (self.convention_button, self.dc1_button):
            button.setEnabled(not errors and idle)
        self.dc4_button.setEnabled(idle and bool(self.groupement.subcontractors))
        self.generate_reason.setText(
            f"Convention et DC1 indisponibles : {len(errors)} erreur(s) à corriger ci-dessus."
            if errors else "")
        self.generate_reason.setVisible(bool(errors))
        for button in (self.convention_button, self.dc1_button):
            button.setToolTip(self.generate_reason.text() or button.accessibleName())

    def generate(self, which: str) -> Operation[Any] | None:
        """Ask where to save, then write the convention (``"convention"``), the DC1 table
        (``"dc1"``) or the selected sub-contractor's DC4 (``"dc4"``) off the UI thread;
        returns the running operation (``None`` when refused or cancelled)."""
        if self.tender is None or self.tender.id is None or self._operation is not None:
            return None
        sub = self._chosen_subcontractor() if which == "dc4" else ""
        if which == "dc4" and not sub:
            return None
        title = document_title(which, sub)
        path = self.ctx.prompts.save_file(
            f"Enregistrer : {title}", document_file_name(which, self.tender.reference, sub))
        if path is None:
            return None
        tender_id = self.tender.id
        job = self.ctx.ops.run(
            lambda: (self.service.dc4_job(tender_id, sub, path) if which == "dc4"
                     else self.service.document_job(tender_id, which, path)),
            on_failure=self._on_generate_failed)
        if job is None:
            return None
        self._operation = (self.ctx.ops.background(job.run)
                           .success(lambda out: self._on_generated(title, Path(str(out))))
                           .failure(self._on_generate_failed))
        for button in (self.convention_button, self.dc1_button, self.dc4_button):
            button.setEnabled(False)
        self.saved_label.setText(f"{title} en cours de rédaction…")
        return self._operation.start()

    def _chosen_subcontractor(self) -> str:
        """The name of the sub-contractor selected in the table (or of the only one)."""
        assert self.groupement is not None
        subs = self.groupement.subcontractors
        row = self.subs_table.currentRow()
        if 0 <= row < len(subs):
            return subs[row].name
        return subs[0].name if len(subs) == 1 else ""

    def _on_generated(self, title: str, out: Path) -> None:
        self._operation = None
        self.last_document = out
        self._refresh_derived()
        self.saved_label.setText(f"{title} enregistré : {out}")
        self.status_message.emit(f"{title} enregistré : {out}")

    def _on_generate_failed(self, failure: Failure) -> None:
        self._operation = None
        if self.groupement is not None:
            self._refresh_derived()
        self.saved_label.setText("")
        self.generate_reason.setText(failure.text)
        self.generate_reason.show()
