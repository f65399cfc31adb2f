"""Storage of the watch list: BOAMP notices, DECP contracts, saved filters, import log.

Imports write many rows: callers open one ``ws.transaction()`` around a whole file and hand
batches to ``upsert_notices`` / ``stage_contracts``, so a file is imported entirely or not at
all. The keyword index ``notices_fts`` (FTS5, accents folded) is created here at run time, as
the library's is, so a SQLite without FTS5 still opens the workspace and searches with LIKE.

Thread contract: like ``Workspace``, one thread at a time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..domain.boamp import Notice
from ..domain.text import significant_words
from ..domain.veille import ListedNotice, SavedFilter, VeilleFilters
from .contracts import ContractStore, _like
from .db import Workspace, fts5_available
from .search import fts_query

NOTICES_FTS = "notices_fts"
#: Most candidate notices read for one list (ranked by score afterwards).
MAX_CANDIDATES = 1000

_NOTICE_COLUMNS = (
    "idweb", "title", "buyer", "buyer_siret", "nature", "etat", "famille", "departments",
    "published", "display_end", "own_deadline", "deadline", "open_until", "market_types",
    "procedure", "procedure_label", "cpv", "lots", "reserved", "social", "environmental",
    "linked", "url", "amount", "amount_suspect", "winners", "search_text", "words", "is_call",
    "cancelled", "content_hash", "first_import", "changed_import",
)
_UPDATED = [c for c in _NOTICE_COLUMNS if c not in ("idweb", "first_import")]
_UPSERT = (
    f"INSERT INTO notices ({', '.join(_NOTICE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _NOTICE_COLUMNS)}) "
    "ON CONFLICT(idweb) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _UPDATED)
    + " WHERE notices.content_hash != excluded.content_hash"
)
_LISTED = (
    "id, idweb, title, buyer, buyer_siret, deadline, departments, cpv, market_types, reserved, "
    "social, cancelled, procedure_label, url, words, first_import, tender_id, open_until"
)


def _bars(values: Iterable[str]) -> str:
    items = [v for v in values if v]
    return "|" + "|".join(items) + "|" if items else ""


def _unbar(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split("|") if part)



def notice_row(notice: Notice, import_id: int) -> tuple[Any, ...]:
    """The column values of ``notice`` for ``upsert_notices``."""
    deadline = notice.deadline.isoformat() if notice.deadline else None
    display_end = notice.display_end.isoformat() if notice.display_end else None
    lots = json.dumps(
        [{"number": lot.number, "title": lot.title, "reserved": list(lot.reserved)}
         for lot in notice.lots],
        ensure_ascii=False,
    )
    values: list[Any] = [
        notice.idweb, notice.title, notice.buyer, notice.buyer_siret, notice.nature,
        notice.etat, notice.famille, _bars(notice.departments),
        notice.published.isoformat() if notice.published else None, display_end,
        deadline, deadline, deadline[:10] if deadline else display_end,
        _bars(notice.market_types), notice.procedure, notice.procedure_label,
        _bars(notice.cpv), lots, _bars(notice.reserved), int(notice.social),
        int(notice.environmental), notice.linked[0] if notice.linked else "", notice.url,
        float(notice.amount) if notice.amount is not None else None,
        int(notice.amount_suspect), " / ".join(notice.winners), notice.search_text(),
        " ".join(notice.title_words()), int(notice.is_call),
        int(notice.etat == "AVIS_ANNULE"),
    ]
    digest = hashlib.blake2b(repr(values).encode("utf-8"), digest_size=12).hexdigest()
    return (*values, digest, import_id, import_id)


@dataclass(frozen=True)
class NoticeCounts:
    """What one import changed."""

    new: int
    updated: int
    cancelled: int


class VeilleStore(ContractStore):
    """Notices, DECP contracts, saved filters and the import log of one workspace."""

    def __init__(self, ws: Workspace, *, fts: bool | None = None) -> None:
        self.ws = ws
        self.fts = fts5_available(ws.conn) if fts is None else fts

    # --- import log ---------------------------------------------------------------------
    def start_import(self, kind: str, file_name: str) -> int:
        """Record an import (inside the caller's transaction); returns its id."""
        cur = self.ws.conn.execute(
            "INSERT INTO import_log(kind, file_name, imported_at) VALUES (?, ?, ?)",
            (kind, file_name, datetime.now().replace(microsecond=0).isoformat()),
        )
        return int(cur.lastrowid or 0)

    def finish_import(self, import_id: int, counts: dict[str, Any]) -> None:
        """Store the counts of an import."""
        self.ws.conn.execute(
            "UPDATE import_log SET counts = ? WHERE id = ?",
            (json.dumps(counts, ensure_ascii=False), import_id),
        )

    def import_count(self, kind: str) -> int:
        """How many imports of ``kind`` were made."""
        return int(self.ws.conn.execute(
            "SELECT COUNT(*) FROM import_log WHERE kind = ?", (kind,)
        ).fetchone()[0])

    def last_import(self, kind: str) -> tuple[int, str, str, dict[str, Any]] | None:
        """The latest import of ``kind``: id, file name, date, counts."""
        row = self.ws.conn.execute(
            "SELECT id, file_name, imported_at, counts FROM import_log WHERE kind = ? "
            "ORDER BY id DESC LIMIT 1",
            (kind,),
        ).fetchone()
        if row is None:
            return None
        return int(row[0]), str(row[1]), str(row[2]), json.loads(row[3] or "{}")

    # --- notices: writing ---------------------------------------------------------------
    def ensure_fts(self) -> None:
        """Create the keyword index when this SQLite has FTS5 (filled by each import)."""
        if self.fts:
            self.ws.conn.execute(
                # Queries are words and word prefixes only (storage/search.py::fts_query),
                # so no positions are kept (detail = none): a third less to write.
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {NOTICES_FTS} USING fts5(body, "
                "tokenize = 'unicode61 remove_diacritics 2', detail = none, "
                "columnsize = 0)"
            )

    def cancelled_count(self) -> int:
        """How many calls for tenders are cancelled."""
        return int(self.ws.conn.execute(
            "SELECT COUNT(*) FROM notices WHERE cancelled = 1 AND is_call = 1"
        ).fetchone()[0])

    def upsert_notices(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert or update a batch of ``notice_row`` values (unchanged rows are left as
        they are)."""
        self.ws.conn.executemany(_UPSERT, rows)

    def settle_import(self, import_id: int, cancelled_before: int) -> NoticeCounts:
        """After the rows of an import: apply rectificatifs and cancellations to the notices
        they point to, refresh the keyword index, and count what changed.

        Only the notices some other notice points to, and where either side changed in this
        import, are rewritten: on a first import of 100,000 notices, a few thousand rows
        instead of all of them.
        """
        conn = self.ws.conn
        conn.execute("DROP TABLE IF EXISTS temp.veille_targets")
        conn.execute("CREATE TEMP TABLE veille_targets (idweb TEXT PRIMARY KEY)")
        conn.execute(
            "INSERT OR IGNORE INTO temp.veille_targets SELECT r.linked FROM notices r "
            "WHERE r.linked != '' AND (r.changed_import = :imp OR EXISTS (SELECT 1 FROM "
            "notices t WHERE t.idweb = r.linked AND t.changed_import = :imp))",
            {"imp": import_id},
        )
        latest = (
            "COALESCE((SELECT r.own_deadline FROM notices r WHERE r.linked = notices.idweb "
            "AND r.nature = 'RECTIFICATIF' AND r.own_deadline IS NOT NULL "
            "ORDER BY r.published DESC, r.id DESC LIMIT 1), own_deadline)"
        )
        conn.execute(
            f"UPDATE notices SET deadline = {latest}, "
            f"open_until = COALESCE(substr({latest}, 1, 10), display_end), "
            "cancelled = (etat = 'AVIS_ANNULE' OR EXISTS (SELECT 1 FROM notices a "
            "WHERE a.linked = notices.idweb AND a.nature = 'ANNULATION')) "
            "WHERE idweb IN (SELECT idweb FROM temp.veille_targets)"
        )
        conn.execute("DROP TABLE temp.veille_targets")
        if self.fts:
            self.ensure_fts()
            conn.execute(
                f"DELETE FROM {NOTICES_FTS} WHERE rowid IN "
                "(SELECT id FROM notices WHERE changed_import = ?)",
                (import_id,),
            )
            conn.execute(
                f"INSERT INTO {NOTICES_FTS}(rowid, body) SELECT id, search_text FROM notices "
                "WHERE changed_import = ?",
                (import_id,),
            )
        new = conn.execute(
            "SELECT COUNT(*) FROM notices WHERE first_import = ?", (import_id,)
        ).fetchone()[0]
        updated = conn.execute(
            "SELECT COUNT(*) FROM notices WHERE changed_import = ? AND first_import != ?",
            (import_id, import_id),
        ).fetchone()[0]
        return NoticeCounts(
            int(new), int(updated), max(0, self.cancelled_count() - cancelled_before)
        )

    def fts_ready(self) -> bool:
        """True when the keyword index exists (an import was made with FTS5)."""
        if not self.fts:
            return False
        row = self.ws.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (NOTICES_FTS,)
        ).fetchone()
        return row is not None

    # --- notices: reading ---------------------------------------------------------------
    def list_notices(
        self, filters: VeilleFilters, as_of: date, new_import: int | None
    ) -> list[ListedNotice]:
        """Notices matching ``filters`` (open ones at ``as_of`` unless closed are asked),
        soonest deadline first, at most ``MAX_CANDIDATES``."""
        where = ["is_call = 1"]
        params: list[Any] = []
        if not filters.include_closed:
            where += ["cancelled = 0", "open_until >= ?"]
            params.append(as_of.isoformat())
        if filters.deadline_within_days:
            where.append("open_until <= date(?, ?)")
            params += [as_of.isoformat(), f"+{filters.deadline_within_days} days"]
        if filters.departments:
            where.append("(" + " OR ".join("departments LIKE ?" for _ in filters.departments) + ")")
            params += [f"%|{d}|%" for d in filters.departments]
        if filters.cpv_prefixes:
            where.append("(" + " OR ".join("cpv LIKE ?" for _ in filters.cpv_prefixes) + ")")
            params += [f"%|{c}%" for c in filters.cpv_prefixes]
        if filters.market_type:
            where.append("market_types LIKE ?")
            params.append(f"%|{filters.market_type.value.upper()}|%")
        if filters.reserved_only:
            where.append("reserved != ''")
        if filters.social_only:
            where.append("social = 1")
        if filters.text.strip():
            query = fts_query(filters.text, prefix=True)
            if query is None:
                return []
            if self.fts_ready():
                where.append(f"id IN (SELECT rowid FROM {NOTICES_FTS} WHERE {NOTICES_FTS} MATCH ?)")
                params.append(query)
            else:
                for word in query.replace('"', "").replace("*", "").split():
                    where.append("search_text LIKE ? ESCAPE '\\'")
                    params.append(f"%{_like(word)}%")
        # Two steps: the filters run on the covering index ``notices_open`` alone (no row
        # read for the thousands of notices they reject), then only the chosen rows are read.
        ids = [r[0] for r in self.ws.conn.execute(
            f"SELECT id FROM notices WHERE {' AND '.join(where)} "
            f"ORDER BY open_until, id LIMIT {MAX_CANDIDATES}",
            params,
        )]
        if not ids:
            return []
        by_id: dict[int, Any] = {}
        for start in range(0, len(ids), 500):  # below the oldest SQLite variable limit
            chunk = ids[start:start + 500]
            by_id.update((r[0], r) for r in self.ws.conn.execute(
                f"SELECT {_LISTED} FROM notices WHERE id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            ))
        return [self._listed(by_id[i], new_import) for i in ids if i in by_id]

    @staticmethod
    def _listed(r: sqlite3.Row | tuple[Any, ...], new_import: int | None) -> ListedNotice:
        return ListedNotice(
            idweb=r[1], title=r[2], buyer=r[3], buyer_siret=r[4],
            deadline=datetime.fromisoformat(r[5]) if r[5] else None,
            departments=_unbar(r[6]), cpv=_unbar(r[7]), market_types=_unbar(r[8]),
            reserved=_unbar(r[9]), social=bool(r[10]), cancelled=bool(r[11]),
            procedure_label=r[12], url=r[13], words=tuple((r[14] or "").split()),
            is_new=new_import is not None and r[15] == new_import, tender_id=r[16],
        )

    def notice(self, idweb: str) -> dict[str, Any] | None:
        """Every stored column of one notice, or ``None``."""
        cur = self.ws.conn.execute("SELECT * FROM notices WHERE idweb = ?", (idweb.strip(),))
        row = cur.fetchone()
        if row is None:
            return None
        names = [d[0] for d in cur.description]
        return dict(zip(names, row, strict=True))

    def set_tender(self, idweb: str, tender_id: int) -> None:
        """Remember the dossier made from a notice (« Suivre »)."""
        with self.ws.transaction() as conn:
            conn.execute("UPDATE notices SET tender_id = ? WHERE idweb = ?", (tender_id, idweb))

    def notice_count(self) -> int:
        """How many notices are stored."""
        return int(self.ws.conn.execute("SELECT COUNT(*) FROM notices").fetchone()[0])

    def notices_of_tender(self, tender_id: int) -> list[dict[str, Any]]:
        """The notice(s) a dossier was made from."""
        cur = self.ws.conn.execute(
            "SELECT idweb, buyer, buyer_siret FROM notices WHERE tender_id = ?", (tender_id,)
        )
        return [{"idweb": r[0], "buyer": r[1], "buyer_siret": r[2]} for r in cur]

    # --- the structure's profile --------------------------------------------------------
    def reference_profile(self, structure_id: int) -> tuple[list[list[str]], set[str]]:
        """CPV codes of each reference of a structure, and the significant words of their
        titles (read from the columns the library search keeps)."""
        cpvs: list[list[str]] = []
        found: set[str] = set()
        for codes, title in self.ws.conn.execute(
            "SELECT cpv_codes, search_title FROM library_references WHERE structure_id = ?",
            (structure_id,),
        ):
            cpvs.append(list(_unbar(codes)))
            found.update(significant_words(title or ""))
        return cpvs, found

    # --- saved filters ------------------------------------------------------------------
    def save_filter(self, saved: SavedFilter) -> SavedFilter:
        """Store a named filter (replacing one of the same name for that structure)."""
        with self.ws.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO veille_filters(structure_id, name, data) VALUES (?, ?, ?) "
                "ON CONFLICT(structure_id, name) DO UPDATE SET data = excluded.data "
                "RETURNING id",
                (saved.structure_id, saved.name, saved.filters.model_dump_json()),
            )
            row = cur.fetchone()
        return saved.model_copy(update={"id": int(row[0])})

    def filters_of(self, structure_id: int) -> list[SavedFilter]:
        """The saved filters of a structure, by name."""
        rows = self.ws.conn.execute(
            "SELECT id, name, data FROM veille_filters WHERE structure_id = ? ORDER BY name",
            (structure_id,),
        ).fetchall()
        return [
            SavedFilter(id=r[0], structure_id=structure_id, name=r[1],
                        filters=VeilleFilters.model_validate_json(r[2]))
            for r in rows
        ]

    def delete_filter(self, filter_id: int) -> bool:
        """Delete a saved filter; True if it existed."""
        with self.ws.transaction() as conn:
            cur = conn.execute("DELETE FROM veille_filters WHERE id = ?", (filter_id,))
        return cur.rowcount == 1
