"""Shapes the sub-commands share: an action's usual arguments, JSON and table output.

``action`` adds one action to a command (``--workspace`` always, then the dossier number,
an input file and ``--json`` when asked, in the order every command lists them);
``output_file`` adds ``--out`` and ``--force``; ``print_json`` and ``print_table`` print
the two outputs of a listing. The printed text is the same as each command wrote by hand.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .args import positive_id, positive_limit

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers

T = TypeVar("T")


def action(
    sub: SubParsers, workspace_arg: AddWorkspace,
    name: str, help: str, *, tender: bool = False, file: bool = False, json: bool = False,
) -> argparse.ArgumentParser:
    """A new action ``name`` of a command: ``--workspace``, then optionally the dossier
    number (``ID``), an input file (``FICHIER``) and ``--json``."""
    p = sub.add_parser(name, help=help)
    workspace_arg(p)
    if tender:
        p.add_argument("id", type=positive_id, metavar="ID", help="numéro de la consultation")
    if file:
        p.add_argument("file", metavar="FICHIER", type=Path)
    if json:
        p.add_argument("--json", action="store_true", help="sortie JSON")
    return p


def output_file(p: argparse.ArgumentParser, metavar: str) -> None:
    """``--out`` (required) and ``--force`` for an action that writes a file."""
    p.add_argument("--out", required=True, type=Path, metavar=metavar)
    p.add_argument("--force", action="store_true", help="remplace le fichier s'il existe déjà")


def print_json(data: Any) -> None:
    """``data`` as indented JSON, accents kept."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def print_table(items: Sequence[T], empty: str, header: str, row: Callable[[T], str]) -> None:
    """``empty`` when there is nothing, else ``header`` and one ``row`` a line."""
    if not items:
        print(empty)
        return
    print(header)
    for item in items:
        print(row(item))


def command(sub: SubParsers, name: str, help: str,
            handler: Callable[[argparse.Namespace, Path], int]) -> SubParsers:
    """A command ``name`` whose actions are chosen by ``args.<name>_command`` and carried
    out by ``handler``; returns where to add its actions."""
    parser = sub.add_parser(name, help=help)
    parser.set_defaults(handler=handler)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)


def search_options(p: argparse.ArgumentParser) -> None:
    """The words searched (optional), ``--json`` and ``--limit`` (20) of a search action."""
    p.add_argument("query", metavar="TEXTE", nargs="?", default="",
                   help="mots cherchés (accents et majuscules indifférents)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--limit", type=positive_limit, default=20, metavar="N",
                   help="nombre maximum (20)")
