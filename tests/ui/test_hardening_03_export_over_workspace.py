"""Item 3 (« Hardening »): the window's « Exporter le dossier » refuses the open workspace as
target (same .responder extension) with a French message; nothing is overwritten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from responder.app import build_main_window
from responder.storage.backups import BACKUP_DIR_ENV
from tests.services.dossier_helpers import dump_tables, rich_demo
from tests.ui.fakes import FakePrompts


@pytest.fixture(autouse=True)
def _backup_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKUP_DIR_ENV, str(tmp_path / "sauvegardes"))


def test_item03_export_over_the_open_workspace_is_refused(qtbot: Any, tmp_path: Path) -> None:
    session, tender_id = rich_demo(tmp_path / "espace.responder", tmp_path)
    try:
        window = build_main_window(
            session, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
            FakePrompts(),
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        exchange = window.exchange
        window.tenders_page.select_tender(tender_id)
        prompts = window.ctx.prompts
        prompts.script("ask_yes_no", True)
        prompts.script("save_file", session.path)  # the user picks the workspace file
        session.ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = dump_tables(session.path)
        assert exchange.export_current() is None
        errors = [text for kind, _title, text in prompts.messages if kind == "error"]
        assert errors and "espace de travail ouvert" in errors[0]
        assert "espace.responder" in errors[0]
        assert dump_tables(session.path) == before
        window.close()
    finally:
        session.close()
