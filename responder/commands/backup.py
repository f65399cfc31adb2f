"""``responder backup`` and ``responder restore``: copies of the workspace and getting one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .common import action

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``backup`` and ``restore`` to the command line."""
    p = action(sub, workspace_arg, "backup",
               "sauvegarde l'espace de travail (ou liste les sauvegardes)")
    p.add_argument("--out", type=Path, metavar="DOSSIER",
                   help="dossier où écrire la sauvegarde (défaut : dossier des sauvegardes)")
    p.add_argument("--list", action="store_true", help="liste les sauvegardes existantes")
    p.set_defaults(handler=run)
    p = action(sub, workspace_arg, "restore",
               "restaure une sauvegarde (l'état actuel est sauvegardé)")
    p.add_argument("backup", metavar="SAUVEGARDE",
                   help="fichier de sauvegarde (.zip), ou son nom dans le dossier des sauvegardes")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``backup`` / ``restore`` on the workspace at ``path``."""
    from ..services import backup

    if args.command == "restore":
        safety = backup.restore(path, args.backup)
        print(f"Sauvegarde restaurée dans « {path} ».")
        if safety is not None:
            print(f"L'état précédent a été sauvegardé : {safety}", file=sys.stderr)
        return 0
    if args.list:
        items = backup.backups_of(path)
        print(f"Dossier des sauvegardes : {backup.folder_of(path)}")
        if not items:
            print("Aucune sauvegarde pour l'instant.")
        for item in items:
            print(f"{item.created_at:%d/%m/%Y %H:%M}  {_size(item.size):>10}  "
                  f"{item.kind_label:<28}  {item.path.name}")
        return 0
    written = backup.backup_now(path, args.out)
    print(written)
    return 0


def _size(size: int) -> str:
    """« 1,2 Mo »: sizes in French units."""
    for unit, factor in (("Go", 1 << 30), ("Mo", 1 << 20), ("ko", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} o"
