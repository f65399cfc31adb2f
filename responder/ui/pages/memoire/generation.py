"""« Générer le mémoire (.docx) »: the data is prepared on the UI thread, the document is
rendered by ``ctx.ops.background`` with a progress bar, then « Ouvrir le document » is offered.

A mixin of ``MemoireTab`` (``controller.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ....domain.memoire_display import confidential_question
from ....services.changes import Changes, Topic
from ...operations import Failure, Operation

if TYPE_CHECKING:  # the mixin is typed as the tab it is mixed into
    from ....services.memoire import RenderJob
    from .controller import MemoireTab as _Base
else:
    _Base = object


class GenerationMixin(_Base):
    """The generation of the .docx and the opening of the last one written."""

    def _connect_generation(self) -> None:
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel_generation)
        self.open_button.clicked.connect(self._open_last)
        self._operation: Operation[Any] | None = None
        self.last_document: Path | None = None

    def generate(self) -> Operation[Any] | None:
        """Ask where to save, then render off the UI thread; returns the running operation
        (``None`` when refused or cancelled)."""
        if self._tender is None or self._tender.id is None or self._operation is not None:
            return None
        if not self.save_now():
            return None
        lot = self.current_lot()
        suggested = "Mémoire technique" + (f" – lot {lot}" if lot else "") + ".docx"
        out = self.ctx.prompts.save_file("Enregistrer le mémoire technique", suggested)
        if out is None:
            return None
        if out.suffix.lower() != ".docx":
            out = out.with_suffix(".docx")
        job = self._render_job(self._tender.id, out, lot)
        if job is None:
            return None
        self.error_label.clear_message()
        self.open_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.generate_button.setEnabled(False)
        changes = Changes.of(Topic.MEMOIRE, tender_id=self._tender.id, source=self)
        self._operation = (self.ctx.ops.background(job.run, changes=changes)
                           .on_progress(self._on_progress)
                           .success(self._on_generated)
                           .failure(self._on_failed)
                           .cancelled(self._on_cancelled))
        self.cancel_button.show()
        self.status_message.emit("Génération du mémoire…")
        return self._operation.start()

    def _render_job(self, tender_id: int, out: Path, lot: int | None) -> RenderJob | None:
        """The rendering prepared, after confirming the confidential references it cites."""
        from ....services.memoire import ConfidentialReferences

        def prepare() -> RenderJob | None:
            try:
                return self.service.render_job(tender_id, out, lot)
            except ConfidentialReferences as exc:
                question = confidential_question(str(exc.messages["references"]))
                if not self.ctx.prompts.ask_yes_no("Références confidentielles", question):
                    self.error_label.show_message(str(exc))
                    return None
            return self.service.render_job(tender_id, out, lot, allow_confidential=True)

        return self.ctx.ops.run(prepare, on_failure=self._show_failure)

    def _on_progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self.progress.setFormat(f"{percent} %")
        self.progress.setToolTip(text)

    def cancel_generation(self) -> None:
        """Stop the generation at its next step (nothing is written after that)."""
        if self._operation is not None:
            self._operation.cancel()
            self.cancel_button.setEnabled(False)

    def _ended(self) -> None:
        self._operation = None
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        self.generate_button.setEnabled(True)

    def _on_cancelled(self) -> None:
        self._ended()
        self.status_message.emit("Génération du mémoire annulée.")

    def _on_generated(self, path: object) -> None:
        self._ended()
        self.last_document = Path(str(path))
        self.open_button.show()
        self.open_button.setFocus()
        self.status_message.emit(f"Mémoire technique écrit : {self.last_document}")

    def _on_failed(self, failure: Failure) -> None:
        self._ended()
        self.error_label.show_message(failure.text)
        self.status_message.emit("La génération du mémoire a échoué.")

    def _open_last(self) -> None:
        if self.last_document is not None:
            self.ctx.prompts.open_document(self.last_document)

