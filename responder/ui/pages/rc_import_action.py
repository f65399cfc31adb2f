"""« Importer un RC… » on the Consultations page: button, drag-and-drop, background reading.

Kept apart from the page so the page only wires it. The file is read and analysed on the
thread pool (``ctx.ops.background``: no widget, no session touched there); the review dialog
then opens on the UI thread through ``ctx.prompts.run_dialog``. The file chooser and the
message of a refused file go through ``ctx.prompts`` too; a saved dossier is announced on the
change bus (TENDERS).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from ...services.changes import Changes, Topic

if TYPE_CHECKING:
    from ...domain.tender import Tender
    from ..dialogs.rc_review import RcReviewDialog
    from ..operations import Operation
    from .tenders.controller import TendersPage

#: Extensions accepted by the button and by drag-and-drop.
RC_SUFFIXES = (".pdf", ".docx", ".odt")
RC_FILTER = "Règlement de consultation (*.pdf *.docx *.odt)"
TITLE = "Importer un règlement de consultation"


def _extract(path: Path) -> Callable[[Callable[[int, str], None]], dict[str, Any]]:
    def work(progress: Callable[[int, str], None]) -> dict[str, Any]:
        from ...services.rc_sandbox import extract_file

        progress(10, f"Lecture de « {path.name} »…")
        return extract_file(path)

    return work


class RcImporter(QObject):
    """Imports an RC into the page's workspace (button, drop, review dialog)."""

    def __init__(self, page: TendersPage) -> None:
        super().__init__(page)
        self.page = page
        self.task: Operation[dict[str, Any]] | None = None
        self.last_dialog: RcReviewDialog | None = None
        page.import_rc_button.clicked.connect(self.import_chosen)
        page.setAcceptDrops(True)
        page.installEventFilter(self)

    # --- entry points ----------------------------------------------------------------------
    def import_chosen(self) -> Operation[dict[str, Any]] | None:
        """Ask for a file, then import it."""
        path = self.page.ctx.prompts.open_file(TITLE, RC_FILTER)
        return self.import_file(path) if path else None

    def import_file(self, path: Path) -> Operation[dict[str, Any]] | None:
        """Read ``path`` in the background; the review dialog opens when it is done."""
        if self.task is not None:
            self.page.status_message.emit("Un règlement est déjà en cours de lecture.")
            return None
        if not self.page.maybe_leave():
            return None
        self.page.import_rc_button.setEnabled(False)
        self.page.status_message.emit(f"Lecture de « {path.name} »…")
        self.task = (self.page.ctx.ops.background(_extract(path))
                     .success(self._on_extracted)
                     .failure(lambda failure: self._on_failed(failure.text))
                     .start())
        return self.task

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Accept .pdf/.docx/.odt files dropped on the page."""
        if watched is self.page and event.type() in (QEvent.Type.DragEnter,
                                                     QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if _dropped_file(event) is not None:
                event.acceptProposedAction()
                return True
        if watched is self.page and event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = _dropped_file(event)
            if path is not None:
                event.acceptProposedAction()
                self.import_file(path)
                return True
        return False

    # --- results (UI thread) ------------------------------------------------------------
    def _done(self) -> None:
        self.task = None
        self.page.import_rc_button.setEnabled(True)

    def _on_failed(self, message: str) -> None:
        self._done()
        self.page.status_message.emit(message)
        self.page.ctx.prompts.inform("Import du règlement de consultation", message)

    def _on_extracted(self, extracted: dict[str, Any]) -> None:
        self._done()
        from ...services.rc_import import RcImportService
        from ..dialogs.rc_review import RcReviewDialog  # late: the RC reader, off start-up

        page = self.page
        session = page.ctx.session
        if session is None:  # pragma: no cover - the window always has a session
            return
        structure_id = page._structure_id
        targets = [(t.id, t.title) for t in page.ctx.tenders.list(structure_id)
                   if t.id is not None]
        dialog = RcReviewDialog(extracted, RcImportService(session), structure_id,
                                targets, None, page)
        self.last_dialog = dialog
        if page.ctx.prompts.run_dialog(dialog) and dialog.saved is not None:
            self._saved(dialog.saved)
        else:
            page.status_message.emit("Import du règlement annulé : rien n'a été enregistré.")

    def _saved(self, tender: Tender) -> None:
        page = self.page
        page.ctx.ops.announce(Changes.of(Topic.TENDERS, tender_id=tender.id, source=page))
        page.reload()
        if tender.id is not None and not page.select_tender(tender.id):
            page.clear_filters()
            page.select_tender(tender.id)
        page.tenders_changed.emit()
        page.status_message.emit(f"Consultation « {tender.title} » enregistrée depuis le RC.")


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(RC_SUFFIXES):
            return Path(url.toLocalFile())
    return None
