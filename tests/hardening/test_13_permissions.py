"""Item 13: workspace, attachments and backups are readable by their owner only."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from responder.storage.backups import backup_folder, create_backup
from responder.storage.db import open_workspace
from responder.storage.files import FileStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_item13_new_workspace_files_and_backups_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, which gave 0644 / 0755
    try:
        path = tmp_path / "ws.responder"
        ws = open_workspace(path)
        source = tmp_path / "kbis.pdf"
        source.write_bytes(b"%PDF-1.4 SIRET 123 456 789 00012")
        stored = FileStore(ws).find(FileStore(ws).add(source))
        ws.set_setting("contact", "Mme Martin 06 12 34 56 78")
        assert stored is not None
        assert _mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            extra = Path(f"{path}{suffix}")
            if extra.exists():
                assert _mode(extra) == 0o600
        assert _mode(stored) == 0o600
        assert _mode(ws.files_dir) == 0o700 and _mode(stored.parent) == 0o700
        folder = backup_folder(path, tmp_path / "sauvegardes")
        backup = create_backup(path, folder, conn=ws.conn)
        ws.close()
        assert _mode(backup) == 0o600 and _mode(folder) == 0o700
    finally:
        os.umask(old)


def test_item13_an_existing_0644_workspace_is_tightened_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "ancien.responder"
    open_workspace(path).close()
    path.chmod(0o644)
    open_workspace(path).close()
    assert _mode(path) == 0o600
