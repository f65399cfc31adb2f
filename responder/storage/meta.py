"""Queries on the workspace's key/value ``settings`` and on the block-usage log.

``Workspace.setting`` / ``set_setting`` read and write one key; the services also need to
search the settings by key prefix (dossier UIDs ``dossier:uid:<id>``, imported templates)
and to replay usage counts of text blocks when a dossier is imported. Those queries live
here so that no service holds SQL.
"""

from __future__ import annotations

from .db import Workspace


def keys_with_value(ws: Workspace, prefix: str, value: str) -> list[str]:
    """Setting keys starting with ``prefix`` whose value is exactly ``value``."""
    rows = ws.conn.execute(
        "SELECT key FROM settings WHERE key LIKE ? AND value = ?", (f"{prefix}%", value)
    ).fetchall()
    return [str(key) for (key,) in rows]


def settings_with_prefix(ws: Workspace, prefix: str) -> list[tuple[str, str]]:
    """``(key, value)`` of every setting whose key starts with ``prefix``, sorted by key."""
    rows = ws.conn.execute(
        "SELECT key, value FROM settings WHERE key LIKE ? ORDER BY key", (f"{prefix}%",)
    ).fetchall()
    return [(str(key), str(value)) for key, value in rows]


def add_block_uses(
    ws: Workspace, block_id: int, tender_id: int, times: int, used_at: str
) -> None:
    """Log ``times`` uses of a text block in a tender, all stamped ``used_at``.

    Unlike ``TextBlockRepository.record_use`` this leaves the block's own ``use_count``
    alone: an imported dossier brings its usage history, not new uses.
    """
    if times <= 0:
        return
    with ws.transaction() as conn:
        conn.executemany(
            "INSERT INTO text_block_uses(block_id, tender_id, used_at) VALUES (?, ?, ?)",
            [(block_id, tender_id, used_at)] * times,
        )
