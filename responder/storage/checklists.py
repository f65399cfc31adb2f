"""Checklists: one row per dossier in ``checklists`` (schema 3), the model stored as JSON."""

from __future__ import annotations

from typing import Any

from ..domain.checklist import Checklist
from .repositories import JsonRepository


class ChecklistRepository(JsonRepository[Checklist]):
    """The checklist of each tender (``tender_id`` is unique)."""

    table = "checklists"
    model = Checklist

    def _columns(self, item: Checklist) -> dict[str, Any]:
        return {"title": item.title, "tender_id": item.tender_id}

    def for_tender(self, tender_id: int) -> Checklist | None:
        """The checklist of ``tender_id``, or ``None`` when none was generated yet."""
        row = self.ws.conn.execute(
            f"SELECT id, data, {self._version} FROM checklists WHERE tender_id = ?", (tender_id,)
        ).fetchone()
        return None if row is None else self._load(row[0], row[1], row[2])
