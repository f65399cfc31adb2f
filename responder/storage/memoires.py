"""Mémoires techniques: one row per tender and lot in ``memoires`` (schema 4), stored as JSON."""

from __future__ import annotations

import builtins
from typing import Any

from ..domain.memoire import Memoire
from .repositories import JsonRepository


class MemoireRepository(JsonRepository[Memoire]):
    """The mémoire of each tender, or of each lot (``lot`` 0 in the table = whole tender)."""

    table = "memoires"
    model = Memoire

    def _columns(self, item: Memoire) -> dict[str, Any]:
        return {"title": item.title, "tender_id": item.tender_id, "lot": item.lot or 0}

    def for_tender(self, tender_id: int, lot: int | None = None) -> Memoire | None:
        """The mémoire of ``tender_id`` (of its ``lot`` when given), or ``None``."""
        row = self.ws.conn.execute(
            f"SELECT id, data, {self._version} FROM memoires WHERE tender_id = ? AND lot = ?",
            (tender_id, lot or 0),
        ).fetchone()
        return None if row is None else self._load(row[0], row[1], row[2])

    def lots_of(self, tender_id: int) -> builtins.list[int | None]:
        """Which mémoires a tender has: ``None`` for the whole tender, else lot numbers."""
        rows = self.ws.conn.execute(
            "SELECT lot FROM memoires WHERE tender_id = ? ORDER BY lot", (tender_id,)
        ).fetchall()
        return [int(r[0]) or None for r in rows]
