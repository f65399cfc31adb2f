"""Safe file writing: write to a temporary file beside the target, fsync, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically: readers see the old or the new file.

    Raises ``OSError`` (disk full, no permission); the previous file is then left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(target: Path, text: str) -> None:
    """``atomic_write_bytes`` for UTF-8 text."""
    atomic_write_bytes(target, text.encode("utf-8"))


def explain_os_error(exc: OSError, path: Path) -> str:
    """A French sentence for a failed write, naming the file and what to do."""
    import errno

    if exc.errno == errno.ENOSPC:
        return f"Le disque est plein : « {path.name} » n'a pas été écrit. Libérez de la place."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Pas le droit d'écrire « {path} » : choisissez un autre dossier "
            "(par exemple Documents)."
        )
    return f"Impossible d'écrire « {path} » : {exc.strerror or exc}."
