"""Full-text search of the library: SQLite FTS5 when available, LIKE otherwise.

Each reference and text block row carries folded copies of its text (``search_title``,
``search_body``: lower case, no accents, « œ » written « oe », words separated by single
spaces) and a few filter columns, written by the repositories in the same transaction as the
row itself. When this SQLite has FTS5, two external-content tables index those columns
(``unicode61 remove_diacritics 2``); they are created here rather than in a migration so that
a workspace still opens, and searches with LIKE, on a SQLite built without FTS5.

Workspace settings record what is in sync: ``search_columns_version`` (the copied columns)
and ``search_fts_version`` (the FTS tables). A write made without FTS5 clears the latter, and
the next session with FTS5 rebuilds the index, so the index never silently lags behind.

Queries are never passed raw to ``MATCH``: the user's text is split into folded words, each
quoted, the last one with ``*`` for prefix matching. ``espaces-verts``, ``d'insertion``,
``NOT``, quotes or a lone ``*`` are therefore harmless.

Thread contract: like ``Workspace``, one thread at a time.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..domain.library import Reference, ReferenceFilters, SortOrder, TextBlock, family_key
from ..domain.text import words
from .db import Workspace, fts5_available
from .search_text import (  # re-exported: they lived here
    _like_escape,
    block_columns,
    fts_any_query,
    fts_query,
    reference_columns,
)

#: Bump when the content of the copied columns changes: every row is then recomputed.
COLUMNS_VERSION = "1"
#: Bump when the FTS table definitions change: they are then dropped and rebuilt.
FTS_VERSION = "2"
#: Set to 1 to search with LIKE even when FTS5 is there (diagnostics, tests).
NO_FTS_ENV = "RESPONDER_NO_FTS"

_COLUMNS_KEY = "search_columns_version"
_FTS_KEY = "search_fts_version"

REFERENCES_FTS = "library_references_fts"
BLOCKS_FTS = "text_blocks_fts"
#: Most ids passed in one ``IN (…)`` (below SQLite's oldest variable limit of 999).
_MAX_IDS = 500
#: Ranked candidates fetched per result wanted, over the share the filters keep (1.5: a
#: batch of 75 for 50 results when nothing is filtered out), and the bounds of the batch.
_BATCH_MARGIN = 1.5
_MIN_KEPT = 0.05
_MAX_BATCH = 2_000
#: Title words weigh more than body words in the relevance score.
_WEIGHTS = "10.0, 1.0"


# --- the index ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    """One search result: the row id and its relevance (higher is better; 0 without text)."""

    id: int
    score: float


class SearchIndex:
    """The search side of one open workspace: keeps the FTS tables and answers queries."""

    def __init__(self, ws: Workspace, *, fts: bool | None = None) -> None:
        self.ws = ws
        if fts is None:
            fts = os.environ.get(NO_FTS_ENV, "") not in ("1", "true", "oui") and fts5_available(
                ws.conn
            )
        self.fts = fts
        #: Share of ranked candidates that passed each set of filters last time (see
        #: ``_batch_size``), keyed by the filters' SQL.
        self._kept: dict[str, float] = {}

    # --- maintenance -------------------------------------------------------------------------
    def ensure(self) -> None:
        """Bring the copied columns and the FTS tables up to date.

        Cheap when nothing is to do (two settings read, no transaction opened), so every
        search and write calls it: a transaction rolled back after a rebuild is then noticed.
        """
        versions = dict(self.ws.conn.execute(  # one round trip for both settings
            "SELECT key, value FROM settings WHERE key IN (?, ?)", (_COLUMNS_KEY, _FTS_KEY)
        ).fetchall())
        columns_ok = versions.get(_COLUMNS_KEY) == COLUMNS_VERSION
        fts_ok = not self.fts or versions.get(_FTS_KEY) == FTS_VERSION
        if columns_ok and fts_ok:
            return
        with self.ws.transaction() as conn:
            if not columns_ok:
                self._recompute_columns(conn)
                conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (_COLUMNS_KEY, COLUMNS_VERSION),
                )
            if not fts_ok:
                self._rebuild_fts(conn)

    def _recompute_columns(self, conn: sqlite3.Connection) -> None:
        # An unreadable row keeps empty search columns: the repository reports it when it is
        # opened, and one damaged row must not make the whole library unsearchable.
        updates: list[tuple[str, int, dict[str, Any]]] = []
        kinds: tuple[tuple[str, Any, Callable[[Any], dict[str, Any]]], ...] = (
            ("library_references", Reference, reference_columns),
            ("text_blocks", TextBlock, block_columns),
        )
        for table, model, columns in kinds:
            for row_id, data in conn.execute(f"SELECT id, data FROM {table}").fetchall():
                try:
                    item = model.model_validate_json(data, context={"stored": True})
                except ValueError:
                    continue
                updates.append((table, int(row_id), columns(item)))
        for table, row_id, cols in updates:
            sets = ", ".join(f"{name} = ?" for name in cols)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*cols.values(), row_id])

    def _rebuild_fts(self, conn: sqlite3.Connection) -> None:
        for fts_table, content in (
            (REFERENCES_FTS, "library_references"),
            (BLOCKS_FTS, "text_blocks"),
        ):
            conn.execute(f"DROP TABLE IF EXISTS {fts_table}")
            conn.execute(
                f"CREATE VIRTUAL TABLE {fts_table} USING fts5(search_title, search_body, "
                f"content='{content}', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
            )
            conn.execute(f"INSERT INTO {fts_table}({fts_table}) VALUES ('rebuild')")
        conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (_FTS_KEY, FTS_VERSION),
        )

    def rebuild(self) -> None:
        """Recompute every copied column and rebuild the FTS tables from scratch."""
        with self.ws.transaction() as conn:
            self._recompute_columns(conn)
            if self.fts:
                self._rebuild_fts(conn)
            else:
                conn.execute("DELETE FROM settings WHERE key = ?", (_FTS_KEY,))

    def row_indexed(self, table: str, row_id: int, title: str, body: str) -> None:
        """Add a freshly written row to the FTS table (call inside the write's transaction)."""
        self._fts_write(table, "", (row_id, title, body))

    def row_unindexed(self, table: str, row_id: int, title: str, body: str) -> None:
        """Remove a row's old text from the FTS table (before it is updated or deleted)."""
        self._fts_write(table, "delete", (row_id, title, body))

    def _fts_write(self, table: str, command: str, row: tuple[int, str, str]) -> None:
        """Insert ``row`` (rowid, title, body) into ``table``'s FTS table, as the FTS5
        ``command`` (« delete ») when given; without FTS5, mark the index stale."""
        self.ensure()
        if not self.fts:
            self._mark_fts_stale()
            return
        fts_table = self._fts_for(table)
        if command:
            self.ws.conn.execute(
                f"INSERT INTO {fts_table}({fts_table}, rowid, search_title, search_body) "
                "VALUES (?, ?, ?, ?)",
                (command, *row),
            )
        else:
            self.ws.conn.execute(
                f"INSERT INTO {fts_table}(rowid, search_title, search_body) VALUES (?, ?, ?)",
                row,
            )

    def _mark_fts_stale(self) -> None:
        self.ws.conn.execute("DELETE FROM settings WHERE key = ?", (_FTS_KEY,))

    @staticmethod
    def _fts_for(table: str) -> str:
        return {"library_references": REFERENCES_FTS, "text_blocks": BLOCKS_FTS}[table]

    # --- references ----------------------------------------------------------------------
    def search_references(
        self,
        query: str,
        filters: ReferenceFilters | None = None,
        sort: SortOrder = SortOrder.RELEVANCE,
        limit: int | None = 50,
    ) -> list[Hit]:
        """Ids of the references matching ``query`` and ``filters``, best first.

        An empty query (or one without any word, such as « * ») lists every reference that
        passes the filters, most recent first unless another sort is asked.
        """
        self.ensure()
        filters = filters or ReferenceFilters()
        where, params = _reference_filters(filters)
        order = _reference_order(sort)
        if order is None and not words(query):
            order = _reference_order(SortOrder.DATE)  # nothing to rank by: newest first
        return self._search(
            "library_references", REFERENCES_FTS, query, where, params, order, limit
        )

    def reference_candidates(
        self,
        structure_id: int | None,
        ids: Sequence[int],
        family_keys: Sequence[str],
        cpv_groups: Sequence[str],
    ) -> list[sqlite3.Row]:
        """Filter columns of the references that may suit a tender: those among ``ids``
        (text matches), filed under one of ``family_keys`` or with a CPV code starting with
        one of ``cpv_groups`` (of one structure when given).

        Columns: id, search_title, start_date, end_date, amount, families, cpv_codes.
        """
        self.ensure()
        ors: list[str] = []
        params: list[Any] = []
        ids = list(ids)[:_MAX_IDS]
        if ids:
            ors.append(f"id IN ({', '.join('?' for _ in ids)})")
            params.extend(ids)
        for key in family_keys:
            ors.append("families LIKE ? ESCAPE '\\'")
            params.append(f"%|{_like_escape(key)}|%")
        for group in cpv_groups:
            ors.append("cpv_codes LIKE ? ESCAPE '\\'")
            params.append(f"%|{_like_escape(group)}%")
        if not ors:
            return []
        sql = (
            "SELECT id, search_title, start_date, end_date, amount, families, cpv_codes "
            f"FROM library_references WHERE ({' OR '.join(ors)})"
        )
        if structure_id is not None:
            sql += " AND structure_id = ?"
            params.append(structure_id)
        cur = self.ws.conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def text_scores(self, table: str, terms: Sequence[str], limit: int = 500) -> dict[int, float]:
        """Relevance of the rows containing any of ``terms`` (folded words), best = highest.

        All structures are searched (callers intersect with their own rows). With FTS5 the
        score is the negated BM25; with LIKE, the number of terms found, title hits double.
        """
        self.ensure()
        if not terms:
            return {}
        if self.fts:
            expression = fts_any_query(terms)
            if expression is None:
                return {}
            fts_table = self._fts_for(table)
            sql = (
                f"SELECT rowid, bm25({fts_table}, {_WEIGHTS}) AS score FROM {fts_table} "
                f"WHERE {fts_table} MATCH ? ORDER BY score LIMIT ?"
            )
            rows = self.ws.conn.execute(sql, (expression, limit))
            return {int(r[0]): -float(r[1]) for r in rows}
        scores: dict[int, float] = {}
        padded = [f" {t}" for t in terms]
        for row_id, title, body in self.ws.conn.execute(
            f"SELECT id, search_title, search_body FROM {table}"
        ):
            t, b = f" {title} ", f" {body} "
            score = sum(2.0 * (p in t) + (p in b) for p in padded)
            if score:
                scores[int(row_id)] = score
        return dict(sorted(scores.items(), key=lambda kv: -kv[1])[:limit])

    # --- text blocks ---------------------------------------------------------------------
    def search_blocks(
        self,
        query: str,
        *,
        structure_id: int | None = None,
        category: str | None = None,
        limit: int | None = 50,
    ) -> list[Hit]:
        """Ids of the text blocks matching ``query``, best first (empty query: by title)."""
        self.ensure()
        where: list[str] = []
        params: list[Any] = []
        if structure_id is not None:
            where.append("t.structure_id = ?")
            params.append(structure_id)
        if category:
            where.append("t.category = ?")
            params.append(category)
        return self._search(
            "text_blocks", BLOCKS_FTS, query, where, params, "t.title COLLATE NOCASE", limit
        )

    # --- shared --------------------------------------------------------------------------
    def _search(
        self,
        table: str,
        fts_table: str,
        query: str,
        where: list[str],
        params: list[Any],
        order: str | None,
        limit: int | None,
    ) -> list[Hit]:
        terms = words(query)
        limit_sql = " LIMIT ?" if limit is not None else ""
        tail = [limit] if limit is not None else []
        if not terms:
            sql = f"SELECT t.id, 0 FROM {table} t"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += f" ORDER BY {order or 't.id'}, t.id{limit_sql}"
            return [Hit(int(r[0]), 0.0) for r in self.ws.conn.execute(sql, [*params, *tail])]
        if self.fts:
            expression = fts_query(query)
            if order is None and limit is not None:
                hits = self._ranked_then_filtered(table, fts_table, expression, where, params,
                                                  limit)
                if hits is not None:
                    return hits
            rank = f"bm25({fts_table}, {_WEIGHTS})"
            sql = (
                f"SELECT t.id, {rank} AS score FROM {fts_table} JOIN {table} t "
                f"ON t.id = {fts_table}.rowid WHERE {fts_table} MATCH ?"
            )
            if where:
                sql += " AND " + " AND ".join(where)
            sql += f" ORDER BY {order + ', ' if order else ''}score, t.id{limit_sql}"
            rows = self.ws.conn.execute(sql, [expression, *params, *tail])
            return [Hit(int(r[0]), -float(r[1])) for r in rows]
        # LIKE fallback: every word must start a word of the title or body (the last one
        # may be incomplete); relevance = title matches first.
        like_where = list(where)
        like_params = list(params)
        score_parts: list[str] = []
        score_params: list[Any] = []
        for term in terms:
            pattern = f"% {_like_escape(term)}%"
            like_where.append(
                "((' ' || t.search_title) LIKE ? ESCAPE '\\' "
                "OR (' ' || t.search_body) LIKE ? ESCAPE '\\')"
            )
            like_params.extend([pattern, pattern])
            score_parts.append("((' ' || t.search_title) LIKE ? ESCAPE '\\')")
            score_params.append(pattern)
        score = " + ".join(score_parts)
        sql = f"SELECT t.id, {score} AS score FROM {table} t WHERE " + " AND ".join(like_where)
        sql += f" ORDER BY {order + ', ' if order else ''}score DESC, t.id{limit_sql}"
        rows = self.ws.conn.execute(sql, [*score_params, *like_params, *tail])
        return [Hit(int(r[0]), float(r[1])) for r in rows]


    def _batch_size(self, where: list[str], limit: int) -> int:
        """How many ranked candidates to fetch for ``limit`` results passing ``where``.

        Enough for the filters to leave ``limit`` (judged by the share they kept last time,
        with a margin), no more: measured on 10,000 references, a batch of 75 for 50 results
        has the median of the raw FTS5 query, one of 200 is 30 % slower. Too small a batch
        costs the joined query (see ``_ranked_then_filtered``).
        """
        kept = self._kept.get(" AND ".join(where), 1.0) if where else 1.0
        wanted = limit * _BATCH_MARGIN / max(kept, _MIN_KEPT)
        return min(max(int(wanted) + 1, limit + 10), _MAX_BATCH)

    def _ranked_then_filtered(
        self,
        table: str,
        fts_table: str,
        expression: str | None,
        where: list[str],
        params: list[Any],
        limit: int,
    ) -> list[Hit] | None:
        """The best ``limit`` hits by relevance, ranking in the FTS table alone first.

        Joining every match to its row before ranking costs most of the time of a broad
        prefix (« d » matches nearly everything); ranking first and filtering a batch of
        candidates is several times faster. ``None`` when the batch did not hold enough
        rows passing the filters: the caller then runs the joined query.
        """
        batch = self._batch_size(where, limit)
        ranked = (
            f"SELECT rowid AS id, bm25({fts_table}, {_WEIGHTS}) AS score FROM {fts_table} "
            f"WHERE {fts_table} MATCH ? ORDER BY score, rowid LIMIT ?"
        )
        if where:
            # One round trip: the ranked batch, each row flagged by the filters (whose
            # placeholders come first in the text, so their parameters do too).
            sql = (
                f"SELECT c.id, c.score, COALESCE({' AND '.join(where)}, 0) AS keep "
                f"FROM ({ranked}) c LEFT JOIN {table} t ON t.id = c.id "
                "ORDER BY c.score, c.id"
            )
            flagged = self.ws.conn.execute(sql, (*params, expression, batch)).fetchall()
            exhausted = len(flagged) < batch
            rows = [r for r in flagged if r[2]]
            if flagged:
                self._kept[" AND ".join(where)] = len(rows) / len(flagged)
        else:
            rows = self.ws.conn.execute(ranked, (expression, batch)).fetchall()
            exhausted = len(rows) < batch
        if len(rows) >= limit or exhausted:
            return [Hit(int(r[0]), -float(r[1])) for r in rows[:limit]]
        return None

#: When a reference last ran: its end date, or « still running » when it has only a start.
_DATE_KEY = (
    "COALESCE(t.end_date, CASE WHEN t.start_date IS NOT NULL THEN '9999-12-31' END)"
)


def _reference_filters(f: ReferenceFilters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.structure_id is not None:
        where.append("t.structure_id = ?")
        params.append(f.structure_id)
    if f.family:
        where.append("t.families LIKE ? ESCAPE '\\'")
        params.append(f"%|{_like_escape(family_key(f.family))}|%")
    if f.buyer_kind is not None:
        where.append("t.buyer_kind = ?")
        params.append(f.buyer_kind.value)
    if f.role is not None:
        where.append("t.role = ?")
        params.append(f.role.value)
    if f.year_from is not None:
        where.append(f"{_DATE_KEY} >= ?")
        params.append(f"{f.year_from:04d}-01-01")
    if f.year_to is not None:
        where.append("COALESCE(t.start_date, t.end_date) <= ?")
        params.append(f"{f.year_to:04d}-12-31")
    if f.amount_min is not None:
        where.append("t.amount >= ?")
        params.append(float(f.amount_min))
    if f.amount_max is not None:
        where.append("t.amount <= ?")
        params.append(float(f.amount_max + Decimal("0.005")))
    if not f.include_confidential:
        where.append("t.confidential = 0")
    return where, params


def _reference_order(sort: SortOrder) -> str | None:
    if sort == SortOrder.DATE:
        return f"{_DATE_KEY} IS NULL, {_DATE_KEY} DESC, t.start_date DESC"
    if sort == SortOrder.AMOUNT:
        return "t.amount IS NULL, t.amount DESC"
    return None


_INDEXES: weakref.WeakKeyDictionary[Workspace, SearchIndex] = weakref.WeakKeyDictionary()


def search_index(ws: Workspace) -> SearchIndex:
    """The ``SearchIndex`` of an open workspace (one per workspace object)."""
    index = _INDEXES.get(ws)
    if index is None:
        index = _INDEXES[ws] = SearchIndex(ws)
    return index


def use_like_search(ws: Workspace) -> SearchIndex:
    """Make ``ws`` search with LIKE, as on a SQLite without FTS5; returns its index."""
    index = _INDEXES[ws] = SearchIndex(ws, fts=False)
    return index


__all__ = [
    "BLOCKS_FTS", "COLUMNS_VERSION", "FTS_VERSION", "NO_FTS_ENV", "REFERENCES_FTS", "Hit",
    "SearchIndex", "block_columns", "fts_any_query", "fts_query", "reference_columns",
    "search_index", "use_like_search",
]
