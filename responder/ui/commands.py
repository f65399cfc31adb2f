"""Undoable user actions (QUndoCommand) that go through the services."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ..domain.common import InvalidInput
from ..domain.tender import Tender
from ..services.tenders import TenderService
from ..storage.db import WorkspaceError


class DeleteTenderCommand(QUndoCommand):
    """Delete a consultation; undo restores it as it was (the service keeps a deleted dossier,
    with its checklist, mémoire and dates, until it is purged).

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

    def redo(self) -> None:
        """Delete (again) through the service."""
        assert self._tender.id is not None
        try:
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
        except (InvalidInput, WorkspaceError) as exc:
            self._on_error(str(exc))
            return
        self._on_restored(restored)
