"""Item 14: FULL sync for commits, hash-while-copying, no purge on read-only commands."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from responder.domain.tender import Tender
from responder.services.workspace import open_session
from responder.storage.db import open_workspace
from responder.storage.files import FileStore

from ..helpers import tender_data
from .helpers import cli


def test_item14_commits_are_synchronous_full(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "ws.responder")
    try:
        assert ws.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        ws.close()


def test_item14_file_store_hashes_the_bytes_it_stored(tmp_path: Path, monkeypatch) -> None:
    ws = open_workspace(tmp_path / "ws.responder")
    source = tmp_path / "attestation.pdf"
    source.write_bytes(b"A" * (3 << 20))
    real_open = Path.open

    def rewriting_open(self: Path, mode: str = "r", *args, **kwargs):  # type: ignore[no-untyped-def]
        handle = real_open(self, mode, *args, **kwargs)
        if self == source and "r" in mode:
            # Another program rewrites the file while we copy it: the first MiB is the old
            # content, the rest the new one.
            first = handle.read(1 << 20)
            handle.close()
            source.write_bytes(b"B" * (3 << 20))
            handle = real_open(self, mode, *args, **kwargs)
            handle.seek(len(first))
            import io

            return io.BufferedReader(io.BytesIO(first + handle.read()))  # type: ignore[arg-type]
        return handle

    monkeypatch.setattr(Path, "open", rewriting_open)
    try:
        digest = FileStore(ws).add(source)
    finally:
        monkeypatch.undo()
    stored = FileStore(ws).find(digest)
    assert stored is not None
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    ws.close()


def test_item14_read_only_commands_do_not_purge(tmp_path: Path) -> None:
    path = tmp_path / "ws.responder"
    assert cli("--workspace", path, "demo").returncode == 0
    session = open_session(path)
    sid = session.structures.list()[0].id
    tender = session.tenders.add(Tender.model_validate({**tender_data(), "structure_id": sid}))
    assert tender.id is not None
    session.tenders.delete(tender.id)
    session.close()
    old = (datetime.now() - timedelta(days=40)).isoformat()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE tenders SET deleted_at = ? WHERE id = ?", (old, tender.id))
    conn.commit()
    conn.close()
    assert cli("--workspace", path, "tender", "list").returncode == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM tenders WHERE id = ?", (tender.id,)).fetchone()[0]
    conn.close()
    session = open_session(path)  # the first write of a session purges, in its transaction
    try:
        session.ws.set_setting("essai", "1")
    finally:
        session.close()
    conn = sqlite3.connect(path)
    gone = conn.execute("SELECT COUNT(*) FROM tenders WHERE id = ?", (tender.id,)).fetchone()[0]
    conn.close()
    assert gone == 0
