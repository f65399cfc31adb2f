"""The one guard every exporter runs before writing a user-chosen file (``--out``, Save as).

An export must never write over the open workspace (same ``.responder`` extension as a dossier
file), into its attachments or backups folder, over any Responder workspace, nor silently over
an existing file: the command line asks for ``--force``, the window asks the user (its save
dialog confirms the overwrite, then passes ``force=True``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.errors import InvalidInput
from ..storage.archive import SQLITE_MAGIC
from ..storage.backups import backup_folder
from ..storage.db import files_dir_for

__all__ = ["check_output", "output_problem"]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def output_problem(target: Path, workspace: Path | None, *, force: bool = False) -> str | None:
    """Why ``target`` must not be written (French, naming the file and the fix), or ``None``.

    ``workspace``: the open workspace file (its attachments and backups are protected too).
    ``force``: an existing ordinary file may be replaced (never a workspace).
    """
    target = Path(target).expanduser()
    resolved = target.resolve()
    if workspace is not None:
        ws = Path(workspace).expanduser().resolve()
        protected = {ws, Path(f"{ws}-wal"), Path(f"{ws}-shm"), Path(f"{ws}-journal")}
        if resolved in protected:
            return (
                f"« {target} » est l'espace de travail ouvert : l'exporter par-dessus le "
                "détruirait. Choisissez un autre nom de fichier."
            )
        for folder, label in (
            (files_dir_for(ws), "des fichiers joints"),
            (backup_folder(ws).resolve(), "des sauvegardes"),
        ):
            if _inside(resolved, folder.resolve()):
                return (
                    f"« {target} » est dans le dossier {label} de l'espace de travail : "
                    "choisissez un autre dossier (par exemple Documents)."
                )
    if resolved.is_dir():
        return f"« {target} » est un dossier : indiquez un nom de fichier."
    if resolved.exists():
        if not resolved.is_file():
            return (
                f"« {target} » n'est pas un fichier ordinaire : choisissez un nom de fichier "
                "dans un dossier (par exemple Documents)."
            )
        if _is_sqlite(resolved):
            return (
                f"« {target} » est un espace de travail Responder : il ne sera pas remplacé. "
                "Choisissez un autre nom de fichier."
            )
        if not force:
            return (
                f"« {target} » existe déjà : ajoutez --force pour le remplacer, ou choisissez "
                "un autre nom de fichier."
            )
    parent = resolved.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return (
            f"Pas le droit d'écrire dans le dossier « {parent} » : choisissez un autre dossier "
            "(par exemple Documents)."
        )
    return None


def check_output(
    target: Path, workspace: Path | None, *, force: bool = False, field: str = "--out"
) -> Path:
    """``target`` when it may be written (see ``output_problem``); else ``InvalidInput``.

    Nothing is written here: the exporter writes afterwards, atomically.
    """
    problem = output_problem(target, workspace, force=force)
    if problem:
        raise InvalidInput({field: problem})
    return Path(target)
