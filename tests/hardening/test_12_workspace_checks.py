"""Item 12: foreign, empty and newer workspaces; self-test and restore check what they open."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

from responder.storage.backups import restore_backup
from responder.storage.db import WorkspaceError, open_workspace
from responder.storage.migrations import SCHEMA_VERSION

from .helpers import cli


def _foreign(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (nom TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Dupont')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_item12_a_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "carnet.sqlite3"
    before = _foreign(path)
    with pytest.raises(WorkspaceError, match="autre programme"):
        open_workspace(path)
    assert path.read_bytes() == before
    result = cli("--workspace", path, "tender", "list")
    assert result.returncode == 1 and "autre programme" in result.stderr
    assert path.read_bytes() == before


def test_item12_an_empty_file_is_not_an_empty_workspace(tmp_path: Path) -> None:
    path = tmp_path / "vide.responder"
    path.touch()
    result = cli("--workspace", path, "tender", "list")
    assert result.returncode == 1 and "est vide" in result.stderr
    assert path.stat().st_size == 0


def test_item12_self_test_fails_on_newer_format_and_damaged_attachments(tmp_path: Path) -> None:
    path = tmp_path / "ws.responder"
    assert cli("--workspace", path, "demo").returncode == 0
    ok = cli("--workspace", path, "self-test")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # An attachment altered on disk is found.
    source = tmp_path / "kbis.pdf"
    source.write_bytes(b"%PDF-1.4 kbis " * 100)
    ws = open_workspace(path)
    from responder.storage.files import FileStore

    digest = FileStore(ws).add(source)
    stored = FileStore(ws).find(digest)
    ws.close()
    assert stored is not None
    stored.write_bytes(b"autre contenu")
    damaged = cli("--workspace", path, "self-test")
    assert damaged.returncode == 1 and "abîmé" in damaged.stdout + damaged.stderr
    stored.unlink()
    missing = cli("--workspace", path, "self-test")
    assert missing.returncode == 1 and "manquant" in missing.stdout + missing.stderr
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM files")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    newer = cli("--workspace", path, "self-test")
    assert newer.returncode == 1 and "plus récente" in newer.stdout + newer.stderr


def _backup_of(tmp: Path, db: Path, files: dict[str, bytes]) -> Path:
    out = tmp / "sauvegarde-20261201-120000-manuelle.zip"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("backup.json", "{}")
        archive.write(db, "workspace.sqlite3")
        for name, data in files.items():
            archive.writestr(name, data)
    return out


@pytest.mark.parametrize("case", ["newer", "foreign", "bad-hash"])
def test_item12_restore_refuses_what_it_cannot_trust(tmp_path: Path, case: str) -> None:
    workspace = tmp_path / "ws.responder"
    assert cli("--workspace", workspace, "demo").returncode == 0
    before = workspace.read_bytes()
    db = tmp_path / "copie.sqlite3"
    files: dict[str, bytes] = {}
    if case == "foreign":
        _foreign(db)
    else:
        db.write_bytes(before)
        if case == "newer":
            conn = sqlite3.connect(db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
            conn.commit()
            conn.close()
        else:
            digest = hashlib.sha256(b"vrai contenu").hexdigest()
            files[f"files/{digest[:2]}/{digest}.pdf"] = b"contenu remplace"
    backup = _backup_of(tmp_path, db, files)
    with pytest.raises(WorkspaceError) as info:
        restore_backup(backup, workspace, tmp_path / "sauvegardes")
    assert any(word in str(info.value) for word in ("plus récente", "autre programme", "modifiée"))
    assert workspace.read_bytes() == before
