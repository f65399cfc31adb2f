"""Backups of a workspace: a consistent copy of the database plus its attached files, zipped.

A backup is ``sauvegarde-AAAAMMJJ-HHMMSS-<kind>.zip`` holding ``workspace.sqlite3`` (made
with SQLite's online backup API, so it is consistent even while the workspace is open),
``files/…`` (the attachments folder) and ``backup.json`` (what, when, which schema). Backups
live in the user data folder, one sub-folder per workspace, and rotate: everything from the
last 24 hours, the newest of each of the last 7 days, the newest of each of the last 4 weeks.

Restoring writes the database next to the workspace and swaps it in with ``os.replace``
after removing the stale ``-wal``/``-shm`` files; attachments are content-addressed, so the
backup's ones are added beside the current ones. The workspace must be closed meanwhile.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from ..fr import file_stamp
from .archive import ZIP_ERRORS, check_member_name
from .db import (
    WorkspaceError,
    files_dir_for,
    foreign_database_problem,
    private_dir,
    private_file,
)

#: Overrides the backup root folder (tests, portable installs).
BACKUP_DIR_ENV = "RESPONDER_BACKUP_DIR"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
DB_MEMBER = "workspace.sqlite3"
INFO_MEMBER = "backup.json"

#: Why a backup was made → French label.
KIND_LABELS = {
    "quotidienne": "Quotidienne (automatique)",
    "migration": "Avant mise à jour du format",
    "restauration": "Avant restauration",
    "manuelle": "Manuelle",
}
_NAME = re.compile(r"^sauvegarde-(\d{8}-\d{6})(?:-\d+)?-([a-z]+)\.zip$")
_FILE = re.compile(r"^files/[0-9a-f]{2}/[0-9a-f]{64}(\.[a-z0-9]{1,10})?$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when, why, how big."""

    path: Path
    created_at: datetime
    kind: str
    size: int

    @property
    def kind_label(self) -> str:
        """French label of why it was made."""
        return KIND_LABELS.get(self.kind, self.kind)


def backup_root() -> Path:
    """Root of all backups: ``$RESPONDER_BACKUP_DIR``, else ``<user data>/sauvegardes``."""
    env = os.environ.get(BACKUP_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_path("Responder", appauthor=False) / "sauvegardes"


def backup_folder(db_path: Path, root: Path | None = None) -> Path:
    """The folder of one workspace's backups (its name plus a hash of its full path)."""
    resolved = str(Path(db_path).expanduser().resolve())
    tag = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:8]
    return (root or backup_root()) / f"{Path(db_path).stem}-{tag}"


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (files not named like a backup are ignored)."""
    found = []
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        try:
            when = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(path, when, match.group(2), size))
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def _target_name(folder: Path, when: datetime, kind: str) -> Path:
    stamp = file_stamp(when)
    path = folder / f"sauvegarde-{stamp}-{kind}.zip"
    counter = 2
    while path.exists():
        path = folder / f"sauvegarde-{stamp}-{counter}-{kind}.zip"
        counter += 1
    return path


def create_backup(
    db_path: Path,
    folder: Path,
    *,
    kind: str = "manuelle",
    conn: sqlite3.Connection | None = None,
    when: datetime | None = None,
    raw_if_unreadable: bool = False,
) -> Path:
    """Write a backup of the workspace at ``db_path`` into ``folder``; returns its path.

    ``conn``: an open connection to copy from (the migration hook passes the workspace's
    own). ``raw_if_unreadable``: when SQLite cannot read the file (damaged), copy its bytes
    as they are instead of failing — used before a restore, so even a damaged workspace
    can be got back. Raises ``WorkspaceError`` (French) when the backup cannot be written.
    """
    db_path = Path(db_path)
    when = (when or datetime.now()).replace(microsecond=0)
    try:
        private_dir(folder)
        fd, tmp_db = tempfile.mkstemp(dir=folder, prefix=".copie-", suffix=".sqlite3")
        os.close(fd)
    except OSError as exc:
        raise WorkspaceError(_write_problem(folder, exc)) from exc
    target = _target_name(folder, when, kind)
    tmp_zip = target.with_name(f".{target.name}.tmp")
    try:
        with _explained(lambda exc: f"Impossible de sauvegarder « {db_path.name} » : le fichier "
                        f"est illisible ({exc}).", lambda exc: _write_problem(folder, exc)):
            try:
                _copy_database(db_path, Path(tmp_db), conn)
                version = _schema_version(Path(tmp_db))
                sound = _sound(Path(tmp_db))
            except sqlite3.DatabaseError:
                if not raw_if_unreadable:
                    raise
                shutil.copyfile(db_path, tmp_db)
                version, sound = -1, False
            info = {
                "workspace": str(db_path.resolve()),
                "created_at": when.isoformat(),
                "kind": kind,
                "schema_version": version,
                # A damaged page is copied as it is: never offered as a « good » backup.
                "sound": sound,
            }
            _write_zip(tmp_zip, info, Path(tmp_db), files_dir_for(db_path))
            os.replace(tmp_zip, target)
    finally:
        Path(tmp_db).unlink(missing_ok=True)
        tmp_zip.unlink(missing_ok=True)
    return target


def _write_problem(folder: Path, exc: OSError) -> str:
    return (f"Impossible d'écrire la sauvegarde dans « {folder} » : {exc.strerror or exc}. "
            "Vérifiez la place disponible sur le disque.")


@contextmanager
def _explained(unreadable: Callable[[sqlite3.DatabaseError], str],
               failed: Callable[[OSError], str]) -> Iterator[None]:
    """Run the block; SQLite's « not a database » and the system's errors come out as
    ``WorkspaceError`` with the French message ``unreadable`` or ``failed`` gives."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(unreadable(exc)) from exc
    except OSError as exc:
        raise WorkspaceError(failed(exc)) from exc


def _write_zip(tmp_zip: Path, info: dict[str, Any], db_copy: Path, files: Path) -> None:
    """The backup zip: its description, the database copy and the attached files."""
    # Created owner-only: a backup holds the same personal data as the workspace.
    os.close(os.open(tmp_zip, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    private_file(tmp_zip)
    with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INFO_MEMBER, json.dumps(info, ensure_ascii=False, indent=2))
        archive.write(db_copy, DB_MEMBER)
        if files.is_dir():
            for path in sorted(files.rglob("*")):
                name = "files/" + path.relative_to(files).as_posix()
                if path.is_file() and _FILE.match(name):
                    archive.write(path, name, compress_type=zipfile.ZIP_STORED)
    with tmp_zip.open("rb+") as handle:
        os.fsync(handle.fileno())


def _copy_database(db_path: Path, out: Path, conn: sqlite3.Connection | None) -> None:
    dst = sqlite3.connect(out)
    try:
        if conn is not None:
            conn.backup(dst)
        else:
            src = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                src.backup(dst)
            finally:
                src.close()
        # The copy must stand alone: no WAL beside it.
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()


def _sound(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        return row is not None and row[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _schema_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def rotate(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete old backups; keeps the last 24 h, 7 daily and 4 weekly. Returns what was deleted.

    Everything of the last 24 hours stays, so the backup made before a restore or a
    migration never pushes out the one the user is about to restore.
    """
    now = now or datetime.now()
    backups = list_backups(folder)  # newest first
    keep: set[Path] = {b.path for b in backups if now - b.created_at < timedelta(hours=24)}
    days: list[object] = []
    weeks: list[object] = []
    for backup in backups:
        day = backup.created_at.date()
        if day not in days and len(days) < KEEP_DAILY:
            days.append(day)
            keep.add(backup.path)
    for backup in backups:
        week = backup.created_at.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.append(week)
            keep.add(backup.path)
    deleted = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
                deleted.append(backup.path)
            except OSError:
                continue  # a locked file is tried again next time
    return deleted


def backup_before_migration(db_path: Path, conn: sqlite3.Connection, version: int) -> Path:
    """Back up a workspace about to be migrated from format ``version`` (called by db.py)."""
    folder = backup_folder(db_path)
    path = create_backup(db_path, folder, kind="migration", conn=conn)
    rotate(folder)
    return path


def restore_backup(backup: Path, db_path: Path, folder: Path | None = None) -> Path | None:
    """Replace the (closed) workspace at ``db_path`` with ``backup``.

    The current state is backed up first (even when damaged: raw copy); returns that safety
    backup (``None`` when there was no workspace file). Raises ``WorkspaceError`` (French) when
    the backup is unreadable; the workspace is then left as it was.
    """
    db_path = Path(db_path)
    folder = folder or backup_folder(db_path)
    safety = None
    if db_path.exists():
        safety = create_backup(db_path, folder, kind="restauration", raw_if_unreadable=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=db_path.parent, prefix=f".{db_path.name}.", suffix=".tmp")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        with _explained(lambda _exc: f"La sauvegarde « {backup.name} » est illisible : "
                        "choisissez-en une autre.",
                        lambda exc: f"Impossible de restaurer « {db_path} » : "
                        f"{exc.strerror or exc}."):
            _install(backup, tmp_path, db_path)
    finally:
        tmp_path.unlink(missing_ok=True)
    return safety


def _install(backup: Path, tmp_path: Path, db_path: Path) -> None:
    """Extract ``backup`` to ``tmp_path``, check it, then put it in place of ``db_path``."""
    _extract(backup, tmp_path)
    check = sqlite3.connect(tmp_path)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()
        problem = foreign_database_problem(check, backup) if ok and ok[0] == "ok" else None
    finally:
        check.close()
    if not ok or ok[0] != "ok":
        raise WorkspaceError(
            f"La sauvegarde « {backup.name} » est endommagée : choisissez-en une autre."
        )
    if problem:
        raise WorkspaceError(
            f"La sauvegarde n'a pas été restaurée, l'espace de travail est inchangé : {problem}"
        )
    _extract_files(backup, files_dir_for(db_path))
    # Stale WAL/SHM of the old file must go first: applied to the new file they would
    # corrupt it.
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(tmp_path, db_path)


def _extract(backup: Path, db_out: Path) -> None:
    try:
        with zipfile.ZipFile(backup) as archive:
            names = archive.namelist()
            if DB_MEMBER not in names:
                raise WorkspaceError(
                    f"« {backup.name} » n'est pas une sauvegarde de Responder."
                )
            with archive.open(DB_MEMBER) as src, db_out.open("wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
    except WorkspaceError:
        raise
    except ZIP_ERRORS as exc:
        raise _unreadable(backup, exc) from exc


def _unreadable(backup: Path, exc: BaseException) -> WorkspaceError:
    return WorkspaceError(
        f"La sauvegarde « {backup.name} » est illisible ({exc.__class__.__name__}) : "
        "choisissez-en une autre."
    )


def _extract_files(backup: Path, files_dir: Path) -> None:
    """Copy the backup's attachments missing from ``files_dir``, each checked against its hash.

    A file whose content does not match the hash in its name is refused (the backup was
    altered); files copied before it are harmless, being named by their own content.
    """
    try:
        with zipfile.ZipFile(backup) as archive:
            for name in archive.namelist():
                if check_member_name(name) or not _FILE.match(name):
                    continue
                target = files_dir / name[len("files/"):]
                if target.exists():
                    continue
                private_dir(target.parent)
                part = target.with_name(f".tmp-{target.name}")
                digest = hashlib.sha256()
                fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
                try:
                    with archive.open(name) as src, os.fdopen(fd, "wb") as out:
                        while chunk := src.read(1 << 20):
                            digest.update(chunk)
                            out.write(chunk)
                    if not target.name.startswith(digest.hexdigest()):
                        raise WorkspaceError(
                            f"La sauvegarde « {backup.name} » a été modifiée : le contenu de "
                            f"« {target.name} » ne correspond pas à son empreinte. Choisissez "
                            "une autre sauvegarde."
                        )
                    os.replace(part, target)
                finally:
                    part.unlink(missing_ok=True)
    except WorkspaceError:
        raise
    except ZIP_ERRORS as exc:
        raise _unreadable(backup, exc) from exc
