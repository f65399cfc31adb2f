"""Repositories: one per aggregate, each row a validated pydantic model stored as JSON.

A few columns are copied out of the JSON (title, status, deadline) for listing and sorting;
the JSON is the source of truth and is re-validated on read, so a row written by an older
version goes through the same validators as user input.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from ..domain.common import Entity
from ..domain.library import Reference, TextBlock
from ..domain.structure import Partner, Structure
from ..domain.tender import Tender
from ..domain.vault import AdminDocument
from .db import Workspace, WorkspaceError
from .listing import current_structure
from .search import SearchIndex, block_columns, reference_columns, search_index


class StaleWrite(WorkspaceError):
    """The record changed in the workspace since this copy of it was opened; nothing saved.

    The GUI offers to reload the stored record or to overwrite it (save again with
    ``row_version=None``).
    """

    def __init__(self, table: str, item_id: int, title: str = "") -> None:
        self.table = table
        self.item_id = item_id
        what = f"« {title} »" if title else "Cet élément"
        super().__init__(
            f"{what} a été modifié ailleurs depuis son ouverture (autre fenêtre, import…) : "
            "rien n'a été enregistré. Rechargez-le pour voir la version enregistrée, ou "
            "écrasez-la avec la vôtre."
        )

M = TypeVar("M", bound=Entity)


def now() -> datetime:
    """Current local time to the second (what we stamp rows with)."""
    return datetime.now().replace(microsecond=0)


class JsonRepository(Generic[M]):
    """Create, read, update, delete models of one type in one table."""

    table: str
    model: type[M]
    title_field: str = "title"
    #: SQL condition a row must meet to be visible (``""``: every row).
    live: str = ""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- helpers -------------------------------------------------------------------------
    @property
    def _version(self) -> str:
        """``row_version``, or ``NULL`` for a table created without it (a table added by a
        later migration before its row-version column: its rows are saved unchecked)."""
        known: dict[str, bool] = self.ws.__dict__.setdefault("_versioned_tables", {})
        if self.table not in known:
            columns = {str(r[1]) for r in self.ws.conn.execute(f"PRAGMA table_info({self.table})")}
            known[self.table] = "row_version" in columns
        return "row_version" if known[self.table] else "NULL"

    def _columns(self, item: M) -> dict[str, Any]:
        return {"title": str(getattr(item, self.title_field))}

    def _dump(self, item: M) -> str:
        return item.model_dump_json(exclude={"id"})

    def _load(self, row_id: int, data: str, version: int | None = None) -> M:
        try:
            payload = json.loads(data)
            payload["id"] = row_id
            payload["row_version"] = version
            # Stored rows keep the dates they were saved with (see DomainModel._boundary).
            return self.model.model_validate(payload, context={"stored": True})
        except (ValueError, ValidationError) as exc:
            raise WorkspaceError(
                f"L'enregistrement n° {row_id} de la table « {self.table} » est illisible "
                f"({exc.__class__.__name__}). Restaurez une sauvegarde de l'espace de travail."
            ) from exc

    # --- queries -------------------------------------------------------------------------
    def _and_live(self) -> str:
        return f" AND {self.live}" if self.live else ""

    def _where_live(self) -> str:
        return f" WHERE {self.live}" if self.live else ""

    def get(self, item_id: int) -> M | None:
        """The item with this id, or ``None``."""
        row = self.ws.conn.execute(
            f"SELECT id, data, {self._version} FROM {self.table} WHERE id = ?{self._and_live()}",
            (item_id,),
        ).fetchone()
        return None if row is None else self._load(row[0], row[1], row[2])

    def list(self, structure_id: int | None = None) -> builtins.list[M]:
        """All items, for one structure when ``structure_id`` is given, oldest first."""
        if structure_id is None:
            rows = self.ws.conn.execute(
                f"SELECT id, data, {self._version} FROM {self.table}{self._where_live()} "
                "ORDER BY id"
            )
        else:
            rows = self.ws.conn.execute(
                f"SELECT id, data, {self._version} FROM {self.table} "
                f"WHERE structure_id = ?{self._and_live()} ORDER BY id",
                (structure_id,),
            )
        return [self._load(r[0], r[1], r[2]) for r in rows.fetchall()]

    def count(self, structure_id: int | None = None) -> int:
        """Number of items (for one structure when given)."""
        if structure_id is None:
            row = self.ws.conn.execute(
                f"SELECT COUNT(*) FROM {self.table}{self._where_live()}"
            ).fetchone()
        else:
            row = self.ws.conn.execute(
                f"SELECT COUNT(*) FROM {self.table} WHERE structure_id = ?{self._and_live()}",
                (structure_id,),
            ).fetchone()
        return int(row[0])

    # --- writes --------------------------------------------------------------------------
    def add(self, item: M, *, keep_id: bool = False, keep_dates: bool = False) -> M:
        """Insert ``item`` and return it with its new id (or its own id with ``keep_id``).

        ``keep_dates`` keeps the item's own ``created_at``/``updated_at`` (undo, import).
        """
        stamp = now()
        if not (keep_dates and getattr(item, "updated_at", None) is not None):
            item = self._stamped(item, stamp, created=True)
        else:
            item = item.model_copy(deep=True)
        cols = self._columns(item)
        names = ["data", "created_at", "updated_at", *cols]
        created = getattr(item, "created_at", None) or stamp
        updated = getattr(item, "updated_at", None) or stamp
        values: builtins.list[Any] = [self._dump(item), created.isoformat(), updated.isoformat()]
        values.extend(cols.values())
        if self.table != "structures":
            names.append("structure_id")
            values.append(getattr(item, "structure_id", None))
        marks = ", ".join("?" for _ in names)
        with self.ws.transaction() as conn:
            new_id = item.id if keep_id and item.id is not None else self._next_id(conn)
            conn.execute(
                f"INSERT INTO {self.table} ({', '.join([*names, 'id'])}) VALUES ({marks}, ?)",
                [*values, new_id],
            )
            conn.execute(
                "INSERT INTO id_marks(tbl, high) VALUES (?, ?) ON CONFLICT(tbl) "
                "DO UPDATE SET high = MAX(high, excluded.high)",
                (self.table, new_id),
            )
        # Our own bookkeeping of two integers: set without re-validating the whole model (an
        # assignment runs every model validator; it was a quarter of a 3,000-row import).
        item.__dict__["id"] = new_id
        item.__dict__["row_version"] = 0 if self._version != "NULL" else None
        return item

    def _next_id(self, conn: sqlite3.Connection) -> int:
        """An id never given before in this table, even to a row since deleted.

        SQLite alone would hand a deleted highest id out again, and whatever was keyed by it
        (settings, a dossier UID, a reference a mémoire cites) would attach to the new row.
        """
        used = conn.execute(f"SELECT MAX(id) FROM {self.table}").fetchone()[0] or 0
        mark = conn.execute(
            "SELECT high FROM id_marks WHERE tbl = ?", (self.table,)
        ).fetchone()
        return max(int(used), int(mark[0]) if mark else 0) + 1

    def update(self, item: M, *, bump: bool = True) -> M:
        """Replace the stored item with ``item`` (same id); raises if it no longer exists.

        When ``item.row_version`` is set and the stored row has moved on since (someone else
        saved it), raises ``StaleWrite`` and writes nothing. The returned item carries the new
        version. ``bump=False`` keeps the version: for a write of a part that the item's
        editor never saves (a dossier's groupement, kept by ``TenderService.save``).
        """
        if item.id is None:
            raise ValueError("update() needs an item with an id")
        item_id: int = item.id
        stamp = now()
        expected = item.row_version
        item = self._stamped(item, stamp, created=False)
        cols = self._columns(item)
        sets = ", ".join(f"{name} = ?" for name in ["data", "updated_at", *cols])
        values: builtins.list[Any] = [self._dump(item), stamp.isoformat(), *cols.values(), item.id]
        versioned = self._version != "NULL"
        check = ""
        if expected is not None and versioned:
            check = " AND row_version = ?"
            values.append(expected)
        bumped = f", row_version = row_version + {int(bump)}" if versioned else ""
        with self.ws.transaction() as conn:
            cur = conn.execute(
                f"UPDATE {self.table} SET {sets}{bumped} "
                f"WHERE id = ?{self._and_live()}{check}",
                values,
            )
            if cur.rowcount != 1:
                exists = conn.execute(
                    f"SELECT 1 FROM {self.table} WHERE id = ?{self._and_live()}", (item.id,)
                ).fetchone()
                if exists and check:
                    raise StaleWrite(self.table, item_id, str(getattr(item, self.title_field)))
                raise WorkspaceError(
                    "Cet élément a été supprimé entre-temps : rien n'a été modifié."
                )
            row = conn.execute(
                f"SELECT {self._version} FROM {self.table} WHERE id = ?", (item.id,)
            ).fetchone()
        item.__dict__["row_version"] = None if row[0] is None else int(row[0])  # see add()
        return item

    def delete(self, item_id: int) -> bool:
        """Delete the item; True if it existed."""
        with self.ws.transaction() as conn:
            cur = conn.execute(f"DELETE FROM {self.table} WHERE id = ?", (item_id,))
        return cur.rowcount == 1

    def _stamped(self, item: M, stamp: datetime, *, created: bool) -> M:
        item = item.model_copy(deep=True)
        if "updated_at" in type(item).model_fields:
            if created and getattr(item, "created_at", None) is None:
                object.__setattr__(item, "created_at", stamp)
            object.__setattr__(item, "updated_at", stamp)
        return item


def purge_deleted_tenders(conn: sqlite3.Connection, before: str) -> int:
    """Delete for good, on ``conn`` (inside a transaction), dossiers deleted before ``before``
    (ISO date and time), their checklist and mémoires by cascade; returns how many."""
    cur = conn.execute(
        "DELETE FROM tenders WHERE deleted_at IS NOT NULL AND deleted_at < ?", (before,)
    )
    return cur.rowcount


class StructureRepository(JsonRepository[Structure]):
    table = "structures"
    model = Structure
    title_field = "name"

    def _columns(self, item: Structure) -> dict[str, Any]:
        return {"name": item.name}

    def current_id(self) -> int | None:
        """Id of the structure the user works on (``listing.current_structure``: the one
        remembered unless archived or deleted, else the first active one), or ``None``."""
        found = current_structure(self.ws.conn)
        return None if found is None else found[0]


class TenderRepository(JsonRepository[Tender]):
    """Dossiers. Deleting one only marks it (``deleted_at``) so undo can bring it back with
    everything attached to it; ``purge_deleted`` removes old ones for good."""

    table = "tenders"
    model = Tender
    live = "deleted_at IS NULL"

    def delete(self, item_id: int) -> bool:
        """Mark the dossier deleted (hidden everywhere); True if it was visible."""
        with self.ws.transaction() as conn:
            cur = conn.execute(
                "UPDATE tenders SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now().isoformat(), item_id),
            )
        return cur.rowcount == 1

    def undelete(self, item_id: int) -> bool:
        """Bring a deleted dossier back as it was; True if it was deleted."""
        with self.ws.transaction() as conn:
            cur = conn.execute(
                "UPDATE tenders SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
                (item_id,),
            )
        return cur.rowcount == 1

    def purge_deleted(self, before: datetime) -> int:
        """Remove for good the dossiers deleted before ``before`` (with their checklist and
        mémoires, by cascade); returns how many."""
        with self.ws.transaction() as conn:
            return purge_deleted_tenders(conn, before.isoformat())

    def _columns(self, item: Tender) -> dict[str, Any]:
        return {
            "title": item.title,
            "buyer": item.buyer,
            "reference": item.reference,
            "status": item.status.value,
            "deadline": item.deadline.isoformat() if item.deadline else None,
        }


class _IndexedRepository(JsonRepository[M]):
    """A repository whose rows are kept in the library search index in the same transaction.

    The copied search columns come from ``_columns``; the FTS rows are added, replaced and
    removed here, so any write path (services, demo, import, undo) keeps the index right.
    """

    def _index(self) -> SearchIndex:
        return search_index(self.ws)

    def _indexed_text(self, item_id: int) -> tuple[str, str] | None:
        row = self.ws.conn.execute(
            f"SELECT search_title, search_body FROM {self.table} WHERE id = ?", (item_id,)
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def add(self, item: M, *, keep_id: bool = False, keep_dates: bool = False) -> M:
        """Insert ``item`` and index it; returns it with its id."""
        index = self._index()
        index.ensure()
        with self.ws.transaction():
            saved = super().add(item, keep_id=keep_id, keep_dates=keep_dates)
            assert saved.id is not None
            cols = self._columns(saved)
            index.row_indexed(self.table, saved.id, cols["search_title"], cols["search_body"])
        return saved

    def update(self, item: M, *, bump: bool = True) -> M:
        """Replace the stored item and its index entry."""
        index = self._index()
        index.ensure()
        with self.ws.transaction():
            old = self._indexed_text(item.id) if item.id is not None else None
            saved = super().update(item, bump=bump)
            assert saved.id is not None
            if old is not None:
                index.row_unindexed(self.table, saved.id, *old)
            cols = self._columns(saved)
            index.row_indexed(self.table, saved.id, cols["search_title"], cols["search_body"])
        return saved

    def delete(self, item_id: int) -> bool:
        """Delete the item and its index entry; True if it existed."""
        index = self._index()
        index.ensure()
        with self.ws.transaction():
            old = self._indexed_text(item_id)
            if old is not None:
                index.row_unindexed(self.table, item_id, *old)
            return super().delete(item_id)

    def get_many(self, ids: builtins.list[int]) -> builtins.list[M]:
        """The items with these ids, in the order of ``ids`` (missing ids are skipped)."""
        if not ids:
            return []
        found: dict[int, M] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.ws.conn.execute(
                f"SELECT id, data, {self._version} FROM {self.table} WHERE id IN ({marks})",
                chunk,
            ).fetchall()
            found.update((int(r[0]), self._load(r[0], r[1], r[2])) for r in rows)
        return [found[i] for i in ids if i in found]


class ReferenceRepository(_IndexedRepository[Reference]):
    table = "library_references"
    model = Reference

    def _columns(self, item: Reference) -> dict[str, Any]:
        return reference_columns(item)

    def family_names(self, structure_id: int | None = None) -> builtins.list[str]:
        """Distinct purchase families as written in the references (of one structure).

        Read from the stored JSON without loading the models: the Références page asks for
        them on opening, and loading 10,000 references took most of a second.
        """
        sql = (
            f"SELECT DISTINCT j.value FROM {self.table} t, json_each(t.data, '$.families') j"
        )
        params: tuple[Any, ...] = ()
        if structure_id is not None:
            sql += " WHERE t.structure_id = ?"
            params = (structure_id,)
        return [str(r[0]) for r in self.ws.conn.execute(sql, params) if r[0]]


class TextBlockRepository(_IndexedRepository[TextBlock]):
    table = "text_blocks"
    model = TextBlock

    def _columns(self, item: TextBlock) -> dict[str, Any]:
        return block_columns(item)

    def record_use(self, block_id: int, tender_id: int | None = None) -> TextBlock | None:
        """Count one use of a block (in ``tender_id`` when given); returns the updated block."""
        with self.ws.transaction() as conn:
            block = self.get(block_id)
            if block is None:
                return None
            block.use_count += 1
            conn.execute(
                "INSERT INTO text_block_uses(block_id, tender_id, used_at) VALUES (?, ?, ?)",
                (block_id, tender_id, now().isoformat()),
            )
            return self.update(block)

    def uses_in_tender(self, tender_id: int) -> dict[int, int]:
        """How many times each block was used in one tender: block id → count."""
        rows = self.ws.conn.execute(
            "SELECT block_id, COUNT(*) FROM text_block_uses WHERE tender_id = ? "
            "GROUP BY block_id",
            (tender_id,),
        )
        return {int(r[0]): int(r[1]) for r in rows}


class PartnerRepository(JsonRepository[Partner]):
    table = "partners"
    model = Partner
    title_field = "name"


class AdminDocumentRepository(JsonRepository[AdminDocument]):
    table = "admin_documents"
    model = AdminDocument
    title_field = "kind"
