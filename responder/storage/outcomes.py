"""Outcomes after the decision: one row per tender and lot in ``outcomes``, stored as JSON."""

from __future__ import annotations

import builtins
from typing import Any

from ..domain.outcome import LotOutcome
from .repositories import JsonRepository


class OutcomeRepository(JsonRepository[LotOutcome]):
    """The outcome of each tender, or of each of its lots (``lot`` 0 = the whole tender)."""

    table = "outcomes"
    model = LotOutcome

    def _columns(self, item: LotOutcome) -> dict[str, Any]:
        return {
            "title": item.title, "tender_id": item.tender_id, "lot": item.lot or 0,
            "result": item.result.value,
            "notified_on": item.notified_on.isoformat() if item.notified_on else None,
        }

    def for_lot(self, tender_id: int, lot: int | None = None) -> LotOutcome | None:
        """The outcome of ``tender_id`` (of its ``lot`` when given), or ``None``."""
        row = self.ws.conn.execute(
            "SELECT id, data FROM outcomes WHERE tender_id = ? AND lot = ?",
            (tender_id, lot or 0),
        ).fetchone()
        return None if row is None else self._load(row[0], row[1])

    def for_tender(self, tender_id: int) -> builtins.list[LotOutcome]:
        """Every outcome recorded for a tender, whole tender first, then by lot."""
        rows = self.ws.conn.execute(
            "SELECT id, data FROM outcomes WHERE tender_id = ? ORDER BY lot", (tender_id,)
        ).fetchall()
        return [self._load(r[0], r[1]) for r in rows]

    def of_live_tenders(self, structure_id: int | None = None) -> builtins.list[LotOutcome]:
        """Every outcome of dossiers not deleted (of one structure when given), in one query."""
        sql = (
            "SELECT o.id, o.data FROM outcomes o JOIN tenders t ON t.id = o.tender_id "
            "WHERE t.deleted_at IS NULL"
        )
        params: tuple[Any, ...] = ()
        if structure_id is not None:
            sql += " AND t.structure_id = ?"
            params = (structure_id,)
        rows = self.ws.conn.execute(sql + " ORDER BY o.tender_id, o.lot", params).fetchall()
        return [self._load(r[0], r[1]) for r in rows]
