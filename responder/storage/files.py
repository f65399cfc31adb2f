"""Content-addressed store of attached files, in a folder beside the workspace database.

A dossier refers to a file by the SHA-256 of its content, so moving or renaming the user's
original never breaks it, and the same attestation attached twice is stored once.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from .db import Workspace, WorkspaceError, files_dir_for, private_dir
from .repositories import now

_CHUNK = 1 << 20
_HEX64 = re.compile(r"[0-9a-f]{64}")
_SUFFIX = re.compile(r"(\.[a-z0-9]{1,10})?")


def is_file_hash(digest: object) -> bool:
    """True when ``digest`` is a SHA-256 in lowercase hex: the only names the store knows."""
    return isinstance(digest, str) and _HEX64.fullmatch(digest) is not None


def file_hash(path: Path) -> str:
    """SHA-256 of a file's content, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileStore:
    """Copy files into the workspace and find them again by hash."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def path_of(self, digest: str, suffix: str = "") -> Path:
        """Where the file with this hash lives (two-level fan-out keeps folders small).

        ``ValueError`` for anything but a lowercase SHA-256 hex and a short plain suffix: a
        hash from a received dossier must never be resolved as a path (``../../…``).
        """
        suffix = suffix.lower()
        if not is_file_hash(digest) or _SUFFIX.fullmatch(suffix) is None:
            raise ValueError(f"invalid file hash or suffix: {digest!r} {suffix!r}")
        return self.ws.files_dir / digest[:2] / f"{digest}{suffix}"

    def add(self, source: Path) -> str:
        """Copy ``source`` into the store (atomically) and return its hash.

        The hash is computed on the bytes copied, in the same pass: a file changing while it
        is read is stored under the hash of what was actually stored. Raises
        ``WorkspaceError`` with a French message when the source cannot be read or the disk is
        full; a partial copy is never left in the store.
        """
        source = Path(source)
        if not source.is_file():
            raise WorkspaceError(f"Le fichier « {source} » est introuvable : vérifiez le chemin.")
        suffix = source.suffix.lower() if _SUFFIX.fullmatch(source.suffix.lower()) else ""
        try:
            root = self.ws.files_dir
            private_dir(root)
            fd, tmp = tempfile.mkstemp(dir=root, prefix=".tmp-")
            size = 0
            try:
                digest_obj = hashlib.sha256()
                with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest_obj.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                digest = digest_obj.hexdigest()
                target = self.path_of(digest, suffix)
                if self.find(digest) is None:
                    private_dir(target.parent)
                    os.replace(tmp, target)
                else:
                    Path(tmp).unlink(missing_ok=True)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise WorkspaceError(
                f"Impossible de copier « {source.name} » dans l'espace de travail : "
                f"{exc.strerror or exc}. Vérifiez la place disponible sur le disque."
            ) from exc
        self.register(digest, source.name, size, now().isoformat())
        return digest

    def register(self, digest: str, original_name: str, size: int, added_at: str) -> None:
        """Record a stored file's original name and size; a hash already known is kept."""
        with self.ws.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO files(hash, original_name, size, added_at) "
                "VALUES (?, ?, ?, ?)",
                (digest, original_name, size, added_at),
            )

    def original_name(self, digest: str) -> str | None:
        """The name the file with this hash had when it was added, or ``None``."""
        row = self.ws.conn.execute(
            "SELECT original_name FROM files WHERE hash = ?", (digest,)
        ).fetchone()
        return None if row is None else str(row[0])

    def hashes(self) -> set[str]:
        """The hashes of every file recorded in the workspace."""
        return {str(digest) for (digest,) in self.ws.conn.execute("SELECT hash FROM files")}

    def find(self, digest: str) -> Path | None:
        """The stored copy for ``digest``, whatever its extension, or ``None``.

        Anything but a lowercase SHA-256 hex is never found (it would be a path, not a hash).
        """
        if not is_file_hash(digest):
            return None
        folder = self.ws.files_dir / digest[:2]
        if not folder.is_dir():
            return None
        for candidate in folder.glob(f"{digest}*"):
            return candidate
        return None


def recorded_hashes(conn: sqlite3.Connection) -> set[str]:
    """The hashes of the files recorded in the workspace open on ``conn`` (read-only is fine)."""
    return {str(digest) for (digest,) in conn.execute("SELECT hash FROM files")}


def store_problem(db_path: Path, known: set[str]) -> str | None:
    """Why the attachments folder of the workspace at ``db_path`` is not sound (French), or None.

    Every recorded attachment (``known``) must be present, and every stored file's content must
    match the hash it is named by (a damaged disk or a hand-edited folder would otherwise go
    unnoticed until an export).
    """
    folder = files_dir_for(db_path)
    named = re.compile(r"([0-9a-f]{64})(\.[a-z0-9]{1,10})?")
    present: set[str] = set()
    if folder.is_dir():
        for stored in sorted(folder.glob("??/*")):
            match = named.fullmatch(stored.name)
            if match is None or not stored.is_file():
                continue
            if file_hash(stored) != match.group(1):
                return (
                    f"le fichier joint « {stored.name} » est abîmé (son contenu ne correspond "
                    "plus à son empreinte) : restaurez une sauvegarde ou joignez-le à nouveau"
                )
            present.add(match.group(1))
    missing = sorted(known - present)
    if missing:
        return (
            f"{len(missing)} fichier(s) joint(s) manquant(s) dans « {folder.name} » (par exemple "
            f"{missing[0][:12]}…) : restaurez une sauvegarde ou joignez-les à nouveau"
        )
    return None
