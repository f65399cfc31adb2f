"""The backup folder of a workspace as the « Sauvegardes » dialog lists it: names, order,
rotation, and restores that refuse what is not a sound backup and leave the workspace as it
was."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from responder.services.workspace import open_session
from responder.storage.backups import (
    DB_MEMBER,
    BackupInfo,
    backup_folder,
    create_backup,
    list_backups,
    restore_backup,
    rotate,
)
from responder.storage.db import WorkspaceError

NOW = datetime(2026, 12, 1, 18, 0)


def _named(folder: Path, when: datetime, kind: str = "quotidienne") -> Path:
    path = folder / f"sauvegarde-{when:%Y%m%d-%H%M%S}-{kind}.zip"
    path.write_bytes(b"PK")
    return path


def _workspace(tmp_path: Path, title: str = "Tonte") -> Path:
    path = tmp_path / "asso.responder"
    session = open_session(path)
    session.ws.conn.execute("CREATE TABLE IF NOT EXISTS note(t TEXT)")
    with session.ws.transaction() as conn:
        conn.execute("INSERT INTO note VALUES (?)", (title,))
    session.close()
    return path


def _notes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [t for (t,) in conn.execute("SELECT t FROM note")]


def test_each_workspace_path_has_its_own_stable_folder(tmp_path: Path) -> None:
    one = backup_folder(tmp_path / "a" / "asso.responder", tmp_path)
    assert one == backup_folder(tmp_path / "a" / "asso.responder", tmp_path)
    assert one.name.startswith("asso-")
    assert one != backup_folder(tmp_path / "b" / "asso.responder", tmp_path)


def test_backups_are_listed_newest_first_and_strangers_ignored(tmp_path: Path) -> None:
    older = _named(tmp_path, NOW - timedelta(days=2), "manuelle")
    newer = _named(tmp_path, NOW, "migration")
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    (tmp_path / "sauvegarde-20261301-000000-manuelle.zip").write_bytes(b"PK")  # month 13
    listed = list_backups(tmp_path)
    assert [b.path for b in listed] == [newer, older]
    assert [b.kind_label for b in listed] == ["Avant mise à jour du format", "Manuelle"]
    assert list_backups(tmp_path / "absent") == []


def test_an_unknown_kind_is_shown_as_written() -> None:
    assert BackupInfo(Path("x.zip"), NOW, "essai", 3).kind_label == "essai"


def test_rotation_keeps_a_day_seven_days_and_four_weeks(tmp_path: Path) -> None:
    hours = [_named(tmp_path, NOW - timedelta(hours=h)) for h in (1, 5, 20)]
    days = [_named(tmp_path, NOW - timedelta(days=d, hours=2)) for d in range(2, 12)]
    weeks = [_named(tmp_path, NOW - timedelta(weeks=w)) for w in range(3, 9)]
    deleted = set(rotate(tmp_path, now=NOW))
    kept = {b.path for b in list_backups(tmp_path)}
    assert set(hours) <= kept  # the last 24 hours always stay
    assert kept.isdisjoint(deleted) and len(kept) + len(deleted) == 19
    assert days[-1] in deleted and weeks[-1] in deleted
    assert len(kept) <= 3 + 7 + 4


def test_two_backups_in_the_same_second_get_two_names(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    folder = tmp_path / "sauvegardes"
    first = create_backup(workspace, folder, when=NOW)
    second = create_backup(workspace, folder, when=NOW)
    assert first != second and second.name == "sauvegarde-20261201-180000-2-manuelle.zip"


def test_a_restore_brings_back_the_saved_rows_and_keeps_a_safety_copy(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, "avant")
    folder = tmp_path / "sauvegardes"
    saved = create_backup(workspace, folder, when=NOW)
    with sqlite3.connect(workspace) as conn:
        conn.execute("UPDATE note SET t = 'après'")
    safety = restore_backup(saved, workspace, folder)
    assert _notes(workspace) == ["avant"]
    assert safety is not None and safety.name.endswith("-restauration.zip")


@pytest.mark.parametrize(("content", "says"), [
    (None, "n'est pas une sauvegarde de Responder"),
    (b"pas une base SQLite du tout", "illisible"),
])
def test_a_backup_that_is_not_sound_leaves_the_workspace_unchanged(
    tmp_path: Path, content: bytes | None, says: str
) -> None:
    workspace = _workspace(tmp_path, "intact")
    fake = tmp_path / "sauvegarde-20261201-120000-manuelle.zip"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("autre.txt" if content is None else DB_MEMBER, content or b"x")
    with pytest.raises(WorkspaceError, match=says):
        restore_backup(fake, workspace, tmp_path / "sauvegardes")
    assert _notes(workspace) == ["intact"]


def test_a_file_that_is_no_zip_is_unreadable(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    fake = tmp_path / "sauvegarde.zip"
    fake.write_text("bonjour", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="« sauvegarde.zip » est illisible"):
        restore_backup(fake, workspace, tmp_path / "sauvegardes")
