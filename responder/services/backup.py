"""Backups of the workspace, for the GUI and the CLI: make, list, restore, the daily one.

The engine is ``storage/backups.py``; this module decides *when* (first start of the day,
on demand) and wires it to a session. Thread contract: ``daily_backup`` opens its own
read-only connection and may run in a background thread while the GUI works; ``restore``
needs the workspace closed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..domain.common import InvalidInput
from ..storage.backups import (
    BackupInfo,
    backup_folder,
    create_backup,
    list_backups,
    restore_backup,
    rotate,
)

__all__ = [
    "BackupInfo",
    "backup_now",
    "backups_of",
    "daily_backup",
    "folder_of",
    "latest_backup",
    "restore",
]


def folder_of(db_path: Path) -> Path:
    """Where the backups of this workspace go (shown to the user)."""
    return backup_folder(Path(db_path))


def backups_of(db_path: Path) -> list[BackupInfo]:
    """The backups of this workspace, newest first."""
    return list_backups(folder_of(db_path))


def latest_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup whose database is sound, or ``None``.

    A backup of a damaged file (raw copy before a restore, or a copy whose pages failed
    SQLite's check) is skipped: it would not open, or not be sound, either.
    """
    import json
    import zipfile

    for backup in backups_of(db_path):
        try:
            with zipfile.ZipFile(backup.path) as archive:
                info = json.loads(archive.read("backup.json"))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            continue
        if isinstance(info, dict) and info.get("schema_version", -1) >= 0 and info.get(
            "sound", True
        ):
            return backup
    return None


def backup_now(db_path: Path, out_dir: Path | None = None) -> Path:
    """Back up the workspace now (into ``out_dir`` when given, else the backup folder)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise InvalidInput({"workspace": f"Aucun espace de travail à l'emplacement « {db_path} »."})
    folder = Path(out_dir) if out_dir else folder_of(db_path)
    path = create_backup(db_path, folder, kind="manuelle")
    if out_dir is None:
        rotate(folder)
    return path


def daily_backup(db_path: Path, now: datetime | None = None) -> Path | None:
    """The first start of the day makes a backup; later starts do nothing (returns ``None``)."""
    db_path = Path(db_path)
    now = now or datetime.now()
    if not db_path.is_file():
        return None
    folder = folder_of(db_path)
    if any(b.created_at.date() == now.date() for b in list_backups(folder)):
        return None
    path = create_backup(db_path, folder, kind="quotidienne", when=now)
    rotate(folder, now)
    return path


def restore(db_path: Path, backup: Path | str) -> Path | None:
    """Restore ``backup`` over the (closed) workspace; the current state is backed up first.

    Returns the safety backup of the state replaced. ``backup`` may be a path or the file name
    of one of this workspace's backups.
    """
    db_path = Path(db_path)
    candidate = Path(backup)
    if not candidate.is_file():
        named = folder_of(db_path) / str(backup)
        if not named.is_file():
            raise InvalidInput(
                {"sauvegarde": f"Sauvegarde « {backup} » introuvable : « responder backup "
                 "--list » les affiche."}
            )
        candidate = named
    return restore_backup(candidate, db_path, folder_of(db_path))
