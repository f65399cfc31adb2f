"""Telling a second window on the same workspace that it is not alone.

Two windows on one workspace each hold their own copy of what they show; row versions make a
stale save refused (« modifié ailleurs »), but the user should know from the start. A window
holds an exclusive lock on a small file beside the workspace (``.<name>.verrou``) for as long
as it is open; a second window finds it taken and says so. The lock is the operating
system's (``flock`` / ``msvcrt.locking``): it goes away with the process, even after a crash,
so a stale lock file never blocks anyone. Qt-free; the command line takes no lock (a
command is short and its writes are checked by row version).
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path

#: What the window says when another one has the workspace open.
SECOND_INSTANCE = (
    "Cet espace de travail est déjà ouvert dans une autre fenêtre de Responder. Vous pouvez "
    "continuer : un enregistrement fait ici sur un élément modifié dans l'autre fenêtre sera "
    "refusé (« modifié ailleurs depuis son ouverture ») et vous pourrez recharger ou écraser. "
    "Le plus sûr est de fermer l'une des deux fenêtres."
)


def lock_path(workspace: Path) -> Path:
    """The lock file of ``workspace`` (hidden, beside it)."""
    workspace = Path(workspace)
    return workspace.with_name(f".{workspace.name}.verrou")


class InstanceLock:
    """The lock of one window on one workspace; ``release()`` (or process exit) frees it."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        """Free the lock (idempotent)."""
        if self._fd is None:
            return
        with suppress(OSError):
            os.close(self._fd)
        self._fd = None


def acquire(workspace: Path) -> InstanceLock | None:
    """Take the workspace's lock; ``None`` when another window holds it.

    A lock that cannot even be tried (read-only folder) counts as free: it never keeps the
    user from working.
    """
    path = lock_path(workspace)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return InstanceLock(os.open(os.devnull, os.O_RDONLY))
    try:
        if sys.platform.startswith("win"):
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return InstanceLock(fd)
