"""Storage of the DECP contracts (the awarded contracts' open data): a whole file staged then
settled in the caller's transaction, winners, buyers and renewals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.decp import DecpRow, Renewal, contract_end
from ..domain.text import fold
from .db import Workspace


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ContractStore:
    """The DECP contracts of one workspace: staged imports, winners, buyers, renewals
    (the base of ``VeilleStore``)."""

    ws: Workspace

    def start_contracts(self) -> None:
        """Create the staging table of a DECP import (inside the caller's transaction)."""
        conn = self.ws.conn
        conn.execute("DROP TABLE IF EXISTS temp.decp_stage")
        conn.execute(
            "CREATE TEMP TABLE decp_stage (uid TEXT, contract_id TEXT, buyer_siret TEXT, "
            "buyer_name TEXT, buyer_search TEXT, winner_id TEXT, winner_name TEXT, title TEXT, "
            "amount REAL, amount_suspect INTEGER, nature TEXT, procedure TEXT, cpv TEXT, "
            "duration_months INTEGER, notified TEXT, social INTEGER, social_detail TEXT, "
            "environmental INTEGER, groupement TEXT, department TEXT, modification INTEGER, "
            "current INTEGER, framework INTEGER)"
        )

    def stage_contracts(self, rows: Sequence[DecpRow], folded_names: Sequence[str]) -> None:
        """Add a batch of DECP rows to the staging table."""
        self.ws.conn.executemany(
            "INSERT INTO temp.decp_stage VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r.uid, r.contract_id, r.buyer_siret, r.buyer_name, name, r.winner_id,
                 r.winner_name, r.title, float(r.amount) if r.amount is not None else None,
                 int(r.amount_suspect), r.nature, r.procedure, r.cpv, r.duration_months,
                 r.notified.isoformat() if r.notified else None, int(r.social),
                 r.social_detail, int(r.environmental), r.groupement, r.department,
                 r.modification, int(r.current), int(r.framework))
                for r, name in zip(rows, folded_names, strict=True)
            ],
        )

    def settle_contracts(self, import_id: int) -> int:
        """Replace the stored contracts of every uid in the staging table by their current
        version (one row per winner), each with its first notification and end date; returns
        how many contracts (uids) were stored."""
        conn = self.ws.conn
        conn.create_function("responder_end", 2, _end_sql, deterministic=True)
        conn.execute("CREATE INDEX temp.decp_stage_uid ON decp_stage(uid)")
        conn.execute(
            "DELETE FROM decp_contracts WHERE uid IN (SELECT DISTINCT uid FROM temp.decp_stage)"
        )
        conn.execute(
            "INSERT OR REPLACE INTO decp_contracts (uid, contract_id, buyer_siret, buyer_name, "
            "buyer_search, winner_id, winner_name, title, amount, amount_suspect, nature, "
            "procedure, cpv, duration_months, first_notified, end_date, social, social_detail, "
            "environmental, groupement, department, modification, framework, import_id) "
            "SELECT s.uid, s.contract_id, s.buyer_siret, s.buyer_name, s.buyer_search, "
            "s.winner_id, s.winner_name, s.title, s.amount, s.amount_suspect, s.nature, "
            "s.procedure, s.cpv, s.duration_months, m.first, "
            "responder_end(m.first, s.duration_months), s.social, s.social_detail, "
            "s.environmental, s.groupement, s.department, s.modification, s.framework, ? "
            "FROM temp.decp_stage s JOIN (SELECT uid, MIN(notified) AS first "
            "FROM temp.decp_stage GROUP BY uid) m ON m.uid = s.uid "
            "ORDER BY s.uid, s.winner_id, s.current, s.modification",
            (import_id,),
        )
        conn.execute("DROP TABLE temp.decp_stage")
        return int(conn.execute(
            "SELECT COUNT(DISTINCT uid) FROM decp_contracts WHERE import_id = ?", (import_id,)
        ).fetchone()[0])

    def _dicts(self, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        """The rows of a query as dicts keyed by column name."""
        cur = self.ws.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    def contracts_of_winner(self, siret: str) -> list[dict[str, Any]]:
        """The stored contracts won by ``siret`` (alone or in a groupement), newest first."""
        return self._dicts(
            "SELECT c.uid, c.title, c.buyer_name, c.buyer_siret, c.amount, c.amount_suspect, "
            "c.cpv, c.first_notified, c.end_date, c.duration_months, c.groupement, "
            "(SELECT COUNT(*) FROM decp_contracts o WHERE o.uid = c.uid) AS members, "
            "c.social_detail, c.department "
            "FROM decp_contracts c WHERE c.winner_id = ? ORDER BY c.first_notified DESC, c.uid",
            (siret,),
        )

    def contract_count(self) -> int:
        """How many contracts (uids) are stored."""
        return int(self.ws.conn.execute(
            "SELECT COUNT(DISTINCT uid) FROM decp_contracts"
        ).fetchone()[0])

    def buyers(self, text: str, limit: int = 50) -> list[tuple[str, str, int]]:
        """Buyers whose name contains ``text`` (folded): SIRET, name, number of contracts."""
        words = fold(text).split()
        where = " AND ".join("buyer_search LIKE ? ESCAPE '\\'" for _ in words) or "1"
        rows = self.ws.conn.execute(
            f"SELECT buyer_siret, MAX(buyer_name), COUNT(DISTINCT uid) AS n FROM decp_contracts "
            f"WHERE {where} GROUP BY buyer_siret ORDER BY n DESC, buyer_siret LIMIT ?",
            [*(f"%{_like(w)}%" for w in words), limit],
        ).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    def buyer_rows(self, siret: str) -> list[dict[str, Any]]:
        """Every stored contract row of a buyer (one per winner), for its buyer file."""
        return self._dicts(
            "SELECT uid, buyer_name, winner_name, amount, amount_suspect, cpv, first_notified, "
            "social, social_detail, groupement, framework FROM decp_contracts "
            "WHERE buyer_siret = ?",
            (siret,),
        )

    def buyer_by_name(self, name: str) -> str | None:
        """SIRET of the buyer whose folded name is exactly ``name`` folded, if one."""
        row = self.ws.conn.execute(
            "SELECT buyer_siret FROM decp_contracts WHERE buyer_search = ? "
            "GROUP BY buyer_siret ORDER BY COUNT(*) DESC LIMIT 1",
            (" ".join(fold(name).split()),),
        ).fetchone()
        return None if row is None else str(row[0])

    def renewals(
        self, start: date, end: date, departments: list[str], cpv_prefixes: list[str]
    ) -> list[Renewal]:
        """Contracts ending from ``start`` to ``end`` in these departments and CPV prefixes
        (any when empty), soonest first."""
        where = ["end_date >= ?", "end_date <= ?"]
        params: list[Any] = [start.isoformat(), end.isoformat()]
        if departments:
            where.append(f"department IN ({', '.join('?' for _ in departments)})")
            params += departments
        if cpv_prefixes:
            where.append("(" + " OR ".join("cpv LIKE ?" for _ in cpv_prefixes) + ")")
            params += [f"{c}%" for c in cpv_prefixes]
        rows = self.ws.conn.execute(
            "SELECT uid, MAX(title), MAX(buyer_name), MAX(buyer_siret), "
            "group_concat(winner_name, ' | '), MAX(cpv), MAX(department), MAX(amount), "
            "MAX(amount_suspect), MIN(first_notified), MAX(duration_months), MAX(end_date) "
            f"FROM decp_contracts WHERE {' AND '.join(where)} GROUP BY uid "
            "ORDER BY MAX(end_date), uid LIMIT 2000",
            params,
        ).fetchall()
        return [
            Renewal(
                uid=r[0], title=r[1], buyer_name=r[2], buyer_siret=r[3],
                winners=tuple(dict.fromkeys(w for w in (r[4] or "").split(" | ") if w)),
                cpv=r[5], department=r[6],
                amount=Decimal(str(r[7])) if r[7] is not None else None,
                amount_suspect=bool(r[8]), first_notified=date.fromisoformat(r[9]),
                duration_months=int(r[10]), end_date=date.fromisoformat(r[11]),
            )
            for r in rows
        ]


def _end_sql(first: str | None, months: int | None) -> str | None:
    if not first or not months:
        return None
    end = contract_end(date.fromisoformat(first), int(months))
    return end.isoformat() if end else None
