"""Fichier › Exporter / Importer un dossier, Sauvegardes, and the restore offer at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from responder import app as app_module
from responder.app import build_main_window
from responder.services import backup
from responder.services.workspace import Session, open_session
from responder.storage.backups import BACKUP_DIR_ENV
from responder.storage.db import WorkspaceError
from responder.ui.main_window import MainWindow
from tests.services.dossier_helpers import dump_tables, rich_demo
from tests.ui.fakes import FakePrompts


@pytest.fixture(autouse=True)
def _backup_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKUP_DIR_ENV, str(tmp_path / "sauvegardes"))


def _window(qtbot: Any, session: Session, tmp_path: Path) -> MainWindow:
    window = build_main_window(
        session, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat), FakePrompts()
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_menu_has_the_three_actions(qtbot: Any, tmp_path: Path) -> None:
    session = open_session(tmp_path / "espace.responder")
    try:
        window = _window(qtbot, session, tmp_path)
        file_menu = window.menuBar().actions()[0].menu()
        texts = [a.text() for a in file_menu.actions()]
        assert "&Exporter le dossier…" in texts and "&Importer un dossier…" in texts
        assert "&Sauvegardes…" in texts
    finally:
        session.close()


def test_export_then_import_through_the_preview(qtbot: Any, tmp_path: Path) -> None:
    source, tender_id = rich_demo(tmp_path / "source.responder", tmp_path)
    try:
        window = _window(qtbot, source, tmp_path)
        exchange = window.exchange
        window.tenders_page.select_tender(tender_id)
        prompts = window.ctx.prompts
        prompts.script("ask_yes_no", True).script("save_file", tmp_path / "partage")
        written = exchange.export_current()
        assert written == tmp_path / "partage.responder" and written.is_file()
        # The export said what is left out before writing.
        assert "1 référence confidentielle" in prompts.asked[0][2]
        window.close()
    finally:
        source.close()
    target = open_session(tmp_path / "coach.responder")
    try:
        window = _window(qtbot, target, tmp_path)
        exchange = window.exchange
        prompts = window.ctx.prompts
        prompts.script("open_file", written).script("run_dialog", True)
        new_id = exchange.import_file()
        assert new_id is not None and target.tenders.get(new_id) is not None
        [shown] = [asked[1] for asked in prompts.asked if asked[0] == "run_dialog"]
        assert not shown.update_radio.isVisible()
        assert ("Consultation", target.tenders.get(new_id).title, "Sera ajouté", "") in (
            shown.rows())
        assert window.tenders_page.current_tender_id() == new_id
        # Second time: the dialog offers the update of the same dossier, chosen by default.
        dialog = exchange.preview_dialog(written)
        assert dialog is not None and dialog.update_mode
        dialog.new_radio.setChecked(True)
        assert not dialog.preview.update
        assert any(row[2] == "Sera ajouté" and row[0] == "Consultation" for row in dialog.rows())
        dialog.deleteLater()
        window.close()  # as the app does: no screen shown once its workspace is closed
    finally:
        target.close()


def test_broken_file_shows_a_french_error_and_writes_nothing(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    session = open_session(path)
    try:
        window = _window(qtbot, session, tmp_path)
        bad = tmp_path / "abime.responder"
        bad.write_bytes(b"PK\x03\x04 tronque")
        session.ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = dump_tables(path)
        assert window.exchange.import_file(bad) is None
        [(kind, title, text)] = window.ctx.prompts.messages
        assert (kind, title) == ("error", "Import impossible") and "zip" in text
        assert window.ctx.prompts.asked == []  # no preview for a broken file
        assert dump_tables(path) == before
    finally:
        session.close()


def test_backups_dialog_lists_and_restores(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    session, tender_id = rich_demo(path, tmp_path)
    made = backup.backup_now(path)
    window = _window(qtbot, session, tmp_path)
    dialog = window.exchange.backups_dialog()
    assert dialog is not None
    assert dialog.table.rowCount() == 1
    assert str(backup.folder_of(path)) in dialog.folder_label.text()
    assert dialog.table.item(0, 2).text() == "Manuelle"
    assert dialog.table.item(0, 1).text().endswith("ko")
    dialog.deleteLater()
    session.tenders.delete(tender_id)
    quit_called: list[bool] = []
    window.ctx.prompts.script("run_dialog", True).script("ask_yes_no", True)
    window.exchange.after_restore = lambda: quit_called.append(True) or window.hide()
    assert window.exchange.show_backups()
    assert window.ctx.prompts.asked[0][0] == "run_dialog"
    assert "L'état actuel sera d'abord sauvegardé" in window.ctx.prompts.asked[1][2]
    assert window.ctx.prompts.messages[0][1] == "Sauvegarde restaurée"
    assert quit_called == [True]
    reopened = open_session(path)
    try:
        assert reopened.tenders.get(tender_id) is not None
    finally:
        reopened.close()
    assert made.exists()


def test_corrupt_workspace_offers_the_latest_backup(tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    session, _ = rich_demo(path, tmp_path)
    backup.backup_now(path)
    session.close()
    good = dump_tables(path)
    data = bytearray(path.read_bytes())
    data[0:100] = b"\x5a" * 100
    path.write_bytes(bytes(data))
    questions: list[str] = []
    with pytest.raises(WorkspaceError):
        app_module.open_or_recover(path, lambda q: questions.append(q) is not None and False)
    assert "Restaurer la dernière sauvegarde" in questions[0]
    assert "espace.responder" in questions[0]
    reopened = app_module.open_or_recover(path, lambda q: True)
    try:
        assert reopened.tenders.count() > 0
    finally:
        reopened.close()
    assert dump_tables(path) == good


def test_no_backup_is_offered_over_a_workspace_another_window_uses(tmp_path: Path) -> None:
    from responder.services import instance

    path = tmp_path / "espace.responder"
    session, _ = rich_demo(path, tmp_path)
    backup.backup_now(path)
    session.close()
    path.write_bytes(b"\x5a" * 100 + path.read_bytes()[100:])
    other = instance.acquire(path)  # another window holds the workspace
    assert other is not None
    locks: list[object] = []
    try:
        with pytest.raises(WorkspaceError):
            app_module.open_locked(path, lambda q: pytest.fail(f"restore offered: {q}"), locks)
    finally:
        other.release()
    assert locks == []
    questions: list[str] = []
    with pytest.raises(WorkspaceError):  # alone, the lock is taken first, then asked
        app_module.open_locked(path, lambda q: questions.append(q) is None and False, locks)
    assert questions and locks == [] and instance.acquire(path) is not None


def test_daily_backup_runs_after_start_in_the_background(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    open_session(path).close()
    app_module.schedule_daily_backup(path, delay_ms=10)
    qtbot.waitUntil(lambda: len(backup.backups_of(path)) == 1, timeout=5000)
    assert backup.backups_of(path)[0].kind == "quotidienne"
