"""Backups: consistent copy, rotation, restore (identical tables), before migrations, CLI."""

from __future__ import annotations

import contextlib
import shutil
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from responder.cli import main
from responder.services import backup
from responder.services.selftest import check_user_workspace
from responder.services.workspace import open_session
from responder.storage.backups import BACKUP_DIR_ENV, create_backup, list_backups, rotate
from responder.storage.db import WorkspaceError, open_workspace

from .dossier_helpers import dump_tables, rich_demo

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _backup_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "sauvegardes"
    monkeypatch.setenv(BACKUP_DIR_ENV, str(root))
    return root


def test_backup_then_restore_gives_identical_tables(tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    session, tender_id = rich_demo(path, tmp_path)
    # Taken while the workspace is open (WAL not checkpointed): the copy is consistent.
    made = backup.backup_now(path)
    session.close()
    before = dump_tables(path)
    attachments = sorted(p.name for p in session.ws.files_dir.rglob("*") if p.is_file())
    assert attachments
    session = open_session(path)
    session.tenders.delete(tender_id)
    session.close()
    shutil.rmtree(session.ws.files_dir)
    assert dump_tables(path) != before
    safety = backup.restore(path, made.name)
    assert dump_tables(path) == before
    assert sorted(p.name for p in session.ws.files_dir.rglob("*") if p.is_file()) == attachments
    assert safety is not None and safety.exists()
    assert not Path(f"{path}-wal").exists()


def test_daily_backup_once_a_day_and_rotation(tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    open_session(path).close()
    start = datetime(2026, 11, 29, 9, 0)
    assert backup.daily_backup(path, start) is not None
    assert backup.daily_backup(path, start + timedelta(hours=3)) is None
    folder = backup.folder_of(path)
    for day in range(1, 60):
        create_backup(path, folder, kind="quotidienne", when=start - timedelta(days=day))
    rotate(folder, start)
    kept = list_backups(folder)
    days = {b.created_at.date() for b in kept}
    weeks = {b.created_at.isocalendar()[:2] for b in kept}
    assert len(kept) == len(days)
    # the 7 most recent days, plus older backups only to cover 4 distinct weeks
    recent = {(start - timedelta(days=d)).date() for d in range(7)}
    assert recent <= days
    assert len(weeks) == 4
    assert len(kept) <= 7 + 4


def test_migration_is_preceded_by_a_backup(tmp_path: Path, _backup_root: Path) -> None:
    path = tmp_path / "ancien.responder"
    shutil.copy(FIXTURES / "workspace-v1.sqlite3", path)
    before = dump_tables(path)
    open_workspace(path).close()
    [made] = list_backups(backup.folder_of(path))
    assert made.kind == "migration"
    restored = tmp_path / "restaure.responder"
    with zipfile.ZipFile(made.path) as archive:
        restored.write_bytes(archive.read("workspace.sqlite3"))
    assert dump_tables(restored) == before


def test_corrupt_workspace_named_by_self_test_and_restorable(tmp_path: Path, capsys) -> None:
    path = tmp_path / "espace.responder"
    session, _ = rich_demo(path, tmp_path)
    backup.backup_now(path)
    session.close()
    good = dump_tables(path)
    _corrupt(path)
    with pytest.raises(WorkspaceError):
        open_workspace(path)
    name, ok, detail = check_user_workspace(path)
    assert not ok and "espace.responder" in detail and "endommagé" in detail
    assert main(["self-test", "--workspace", str(path)]) == 1
    assert "endommagé" in capsys.readouterr().out
    latest = backup.latest_backup(path)
    assert latest is not None
    assert main(["restore", latest.path.name, "--workspace", str(path)]) == 0
    assert dump_tables(path) == good
    # The damaged file was kept (raw copy) before being replaced …
    assert any(b.kind == "restauration" for b in backup.backups_of(path))
    # … but it is never offered as « the latest good backup ».
    assert backup.latest_backup(path) == latest


def _corrupt(path: Path) -> None:
    """Damage the header page, as a failing disk or an interrupted copy would."""
    data = bytearray(path.read_bytes())
    data[0:100] = b"\x5a" * 100
    path.write_bytes(bytes(data))


def test_cli_backup_out_and_list(tmp_path: Path, capsys) -> None:
    path = tmp_path / "espace.responder"
    open_session(path).close()
    assert main(["backup", "--out", str(tmp_path / "cle-usb"), "--workspace", str(path)]) == 0
    assert list(tmp_path.joinpath("cle-usb").glob("sauvegarde-*.zip"))
    assert main(["backup", "--workspace", str(path)]) == 0
    assert main(["backup", "--list", "--workspace", str(path)]) == 0
    assert "Manuelle" in capsys.readouterr().out
    assert main(["restore", "inconnue.zip", "--workspace", str(path)]) == 1
    assert "introuvable" in capsys.readouterr().err


def test_backup_of_a_damaged_page_is_never_the_latest_good_one(tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    session, _ = rich_demo(path, tmp_path)
    session.close()
    good = backup.backup_now(path)
    data = bytearray(path.read_bytes())
    size = 4096
    # Damage the pages of a table, not the header: the file still opens.
    for page in range(3, len(data) // size):
        data[page * size + 8 : page * size + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))
    name, ok, _ = check_user_workspace(path)
    assert not ok
    # Either SQLite refuses to copy it, or the copy is flagged as not sound.
    with contextlib.suppress(WorkspaceError):
        create_backup(path, backup.folder_of(path), kind="quotidienne",
                      when=datetime.now() + timedelta(minutes=1))
    latest = backup.latest_backup(path)
    assert latest is not None and latest.path == good
