"""What the vault tests share: their day, a PDF to attach and the rows saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from responder.services.workspace import Session

TODAY = date(2026, 11, 29)


def pdf(tmp_path: Path, name: str = "attestation.pdf", body: bytes = b"%PDF-1.4 vigilance") -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


def saved_rows(session: Session) -> tuple[int, int]:
    """How many administrative documents and stored files the workspace holds."""
    conn = session.ws.conn
    docs = conn.execute("SELECT COUNT(*) FROM admin_documents").fetchone()[0]
    files = conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    return int(docs), int(files)
