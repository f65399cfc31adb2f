"""Undoable user actions (QUndoCommand) that go through the services."""

from __future__ import annotations

from collections.abc import Callable

from ..domain.tender import Tender
from ..services.tenders import TenderService
from .library_commands import DeleteItemCommand


class DeleteTenderCommand(DeleteItemCommand[Tender]):
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
        assert tender.id is not None
        super().__init__(f"la suppression de « {tender.title} »", tender.id, tender,
                         service.delete, service.restore, on_deleted, on_restored, on_error)
