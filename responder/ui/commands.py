"""Undoable user actions (QUndoCommand) that go through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ..domain.checklist import Checklist
from ..domain.common import InvalidInput
from ..domain.tender import Tender
from ..services.tenders import TenderService
from ..storage.db import WorkspaceError

if TYPE_CHECKING:
    from ..services.checklist import ChecklistService


class DeleteTenderCommand(QUndoCommand):
    """Delete a consultation; undo restores it with its id and dates, and its checklist.

    ``on_deleted(id)`` and ``on_restored(tender)`` let the screen refresh itself; failures
    (file locked, disk full) go to ``on_error(message)`` and leave the data as it was.
    """

    def __init__(
        self,
        service: TenderService,
        tender: Tender,
        on_deleted: Callable[[int], None],
        on_restored: Callable[[Tender], None],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(f"la suppression de « {tender.title} »")
        assert tender.id is not None
        self._service = service
        self._tender = tender
        self._on_deleted = on_deleted
        self._on_restored = on_restored
        self._on_error = on_error
        # The checklist goes with the dossier (ON DELETE CASCADE): kept here for undo.
        self._checklists: ChecklistService | None = None
        self._checklist: Checklist | None = None

    def _checklist_service(self) -> ChecklistService:
        if self._checklists is None:
            # Imported here: it pulls in the .docx renderer, which startup does not need.
            from ..services.checklist import ChecklistService

            self._checklists = ChecklistService(self._service.session)
        return self._checklists

    def redo(self) -> None:
        """Delete (again) through the service."""
        assert self._tender.id is not None
        try:
            self._checklist = self._checklist_service().stored(self._tender.id)
            self._tender = self._service.delete(self._tender.id)
        except (InvalidInput, WorkspaceError) as exc:
            self.setObsolete(True)
            self._on_error(str(exc))
            return
        assert self._tender.id is not None
        self._on_deleted(self._tender.id)

    def undo(self) -> None:
        """Put the deleted consultation back through the service."""
        try:
            restored = self._service.restore(self._tender)
            if self._checklist is not None:
                self._checklist_service().put_back(self._checklist)
        except (InvalidInput, WorkspaceError) as exc:
            self._on_error(str(exc))
            return
        self._on_restored(restored)
