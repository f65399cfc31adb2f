"""Content-addressed store of attached files, in a folder beside the workspace database.

A dossier refers to a file by the SHA-256 of its content, so moving or renaming the user's
original never breaks it, and the same attestation attached twice is stored once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .db import Workspace, WorkspaceError
from .repositories import now

_CHUNK = 1 << 20


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
        """Where the file with this hash lives (two-level fan-out keeps folders small)."""
        return self.ws.files_dir / digest[:2] / f"{digest}{suffix.lower()}"

    def add(self, source: Path) -> str:
        """Copy ``source`` into the store (atomically) and return its hash.

        Raises ``WorkspaceError`` with a French message when the source cannot be read or the
        disk is full; a partial copy is never left in the store.
        """
        source = Path(source)
        if not source.is_file():
            raise WorkspaceError(f"Le fichier « {source} » est introuvable : vérifiez le chemin.")
        try:
            digest = file_hash(source)
            target = self.path_of(digest, source.suffix)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
                try:
                    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                        shutil.copyfileobj(src, out, _CHUNK)
                        out.flush()
                        os.fsync(out.fileno())
                    os.replace(tmp, target)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
        except OSError as exc:
            raise WorkspaceError(
                f"Impossible de copier « {source.name} » dans l'espace de travail : "
                f"{exc.strerror or exc}. Vérifiez la place disponible sur le disque."
            ) from exc
        self.register(digest, source.name, source.stat().st_size, now().isoformat())
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
        """The stored copy for ``digest``, whatever its extension, or ``None``."""
        folder = self.ws.files_dir / digest[:2]
        if not folder.is_dir():
            return None
        for candidate in folder.glob(f"{digest}*"):
            return candidate
        return None
