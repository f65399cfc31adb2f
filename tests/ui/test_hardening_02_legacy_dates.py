"""Item 2 (« Hardening »): a workspace holding a dossier dated year 1 (saved before dates were
bounded) opens in the window; the date can be corrected."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from responder.services.demo import create_demo
from responder.services.workspace import open_session

from .conftest import OpenWindow


def test_item02_window_opens_a_workspace_with_a_year_one_deadline(
    open_window: OpenWindow, tmp_path: Path
) -> None:
    path = tmp_path / "ancien.responder"
    create_demo(path).close()
    conn = sqlite3.connect(path)
    row_id, data = conn.execute("SELECT id, data FROM tenders ORDER BY id LIMIT 1").fetchone()
    payload = json.loads(data)
    payload.update(deadline="0001-01-01T12:00:00", published_on=None, questions_deadline=None)
    conn.execute("UPDATE tenders SET data = ?, deadline = ? WHERE id = ?",
                 (json.dumps(payload), payload["deadline"], row_id))
    conn.commit()
    conn.close()
    session = open_session(path)
    try:
        window = open_window(session)
        for index in range(window.sidebar.count() if hasattr(window, "sidebar") else 0):
            window.show_page(index)
        page = window.tenders_page
        assert page.select_tender(row_id)
        window.grab()
    finally:
        session.close()
