"""Undoable deletion of one item (a reference, a text block, a consultation) through its
service: ``DeleteItemCommand``; ``commands.DeleteTenderCommand`` is the consultation's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QUndoCommand

from ..domain.common import InvalidInput
from ..storage.db import WorkspaceError

T = TypeVar("T")


class DeleteItemCommand(QUndoCommand, Generic[T]):
    """Delete one item; undo puts it back with its id.

    ``delete(id) -> item`` and ``restore(item) -> item`` are the service calls;
    ``on_deleted(id)``, ``on_restored(item)`` let the page refresh itself and failures (file
    locked, disk full) go to ``on_error(message)``, leaving the data as it was.
    """

    def __init__(
        self,
        text: str,
        item_id: int,
        item: T,
        delete: Callable[[int], T],
        restore: Callable[[T], T],
        on_deleted: Callable[[int], None],
        on_restored: Callable[[T], None],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._id = item_id
        self._item = item
        self._delete = delete
        self._restore = restore
        self._on_deleted = on_deleted
        self._on_restored = on_restored
        self._on_error = on_error

    def redo(self) -> None:
        """Delete (again) through the service."""
        try:
            self._item = self._delete(self._id)
        except (InvalidInput, WorkspaceError) as exc:
            self.setObsolete(True)
            self._on_error(str(exc))
            return
        self._on_deleted(self._id)

    def undo(self) -> None:
        """Put the deleted item back through the service."""
        try:
            restored = self._restore(self._item)
        except (InvalidInput, WorkspaceError) as exc:
            self._on_error(str(exc))
            return
        self._on_restored(restored)
