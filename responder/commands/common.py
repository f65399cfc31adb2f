"""Shapes the sub-commands share: declaring actions, opening the workspace, printing.

Declaring: ``command`` adds a command and returns its :class:`Actions`; ``Actions.add``
adds one action (``--workspace`` always, then the dossier number, an input file, ``--json``
and ``--out``/``--force`` when asked, in the order every command lists them);
``output_file`` adds ``--out`` and ``--force`` after an action's own options
(``args.date_option`` adds one that takes a date).

Carrying out: ``workspace`` opens the workspace session and closes it however the action
ends; ``out_path`` checks ``--out`` (with ``--force``) before anything is written.

Printing: ``print_result`` prints a result as JSON (``print_json``) or as text, as
``--json`` asks; ``table`` and ``each_line`` make the text of a listing.
The printed text is the same as each command wrote by hand.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .args import positive_id, positive_limit

if TYPE_CHECKING:
    from ..services.workspace import Session
    from . import AddWorkspace, SubParsers

T = TypeVar("T")


def action(
    sub: SubParsers, workspace_arg: AddWorkspace,
    name: str, help: str, *, tender: bool = False, file: bool | str = False,
    json: bool = False,
) -> argparse.ArgumentParser:
    """A new action ``name`` of a command: ``--workspace``, then optionally the dossier
    number (``ID``), an input file (``FICHIER``, or the metavar ``file`` names) and
    ``--json``."""
    p = sub.add_parser(name, help=help)
    workspace_arg(p)
    if tender:
        p.add_argument("id", type=positive_id, metavar="ID", help="numéro de la consultation")
    if file:
        p.add_argument("file", metavar=file if isinstance(file, str) else "FICHIER", type=Path)
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


def table(empty: str, header: str,
          row: Callable[[T], str]) -> Callable[[Sequence[T]], None]:
    """What prints ``empty`` when there is nothing, else ``header`` and one ``row`` a line:
    the ``show`` of a listing."""
    def show(items: Sequence[T]) -> None:
        if not items:
            print(empty)
            return
        print(header)
        for item in items:
            print(row(item))
    return show


class Actions:
    """The actions of one command, each taking ``--workspace`` (see :func:`command`)."""

    def __init__(self, sub: SubParsers, workspace_arg: AddWorkspace) -> None:
        self.sub = sub
        self.workspace_arg = workspace_arg

    def add(
        self, name: str, help: str, *, tender: bool = False, file: bool | str = False,
        json: bool = False, out: str = "",
    ) -> argparse.ArgumentParser:
        """A new action ``name`` (see :func:`action`); ``out`` names the ``--out`` metavar of
        an action that writes a file and has no option of its own after it."""
        p = action(self.sub, self.workspace_arg, name, help, tender=tender, file=file,
                   json=json)
        if out:
            output_file(p, out)
        return p


def command(sub: SubParsers, workspace_arg: AddWorkspace, name: str, help: str,
            handler: Callable[[argparse.Namespace, Path], int]) -> Actions:
    """A command ``name`` whose actions are chosen by ``args.<name>_command`` and carried
    out by ``handler``; returns where to add its actions."""
    parser = sub.add_parser(name, help=help)
    parser.set_defaults(handler=handler)
    actions = parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)
    return Actions(actions, workspace_arg)


@contextmanager
def workspace(path: Path, *, create: bool = False) -> Iterator[Session]:
    """The session of the workspace at ``path`` (created only when ``create``), closed when
    the action ends, even by an error."""
    from ..services.workspace import open_session

    session = open_session(path, create=create)
    try:
        yield session
    finally:
        session.close()


def out_path(args: argparse.Namespace, path: Path, suffix: str = "") -> Path:
    """``args.out`` once checked against the workspace at ``path`` and ``args.force``
    (``InvalidInput`` otherwise); with ``suffix`` (``".docx"``), given that suffix when it
    ends otherwise."""
    from ..services.outputs import check_output

    out: Path = args.out
    if suffix and out.suffix.lower() != suffix:
        out = out.with_suffix(suffix)
    check_output(out, path, force=args.force)
    return out


def print_result(as_json: bool, data: T, to_json: Callable[[Any], Any] | None,
                 show: Callable[[T], None], *, each: bool = False) -> None:
    """``data`` as text (``show(data)``), or as JSON when ``as_json``: ``to_json(data)``,
    ``to_json`` of each item with ``each``, a pydantic model's own dump without ``to_json``."""
    if not as_json:
        show(data)
    elif to_json is None:
        print_json(cast(Any, data).model_dump(mode="json"))
    elif each:
        print_json([to_json(item) for item in cast(Iterable[Any], data)])
    else:
        print_json(to_json(data))


def each_line(line: Callable[[T], str],
              empty: str | None = None) -> Callable[[Sequence[T]], None]:
    """What prints one ``line`` an item, or ``empty`` when there is none (nothing for
    ``None``): the ``show`` of a plain listing."""
    def show(items: Sequence[T]) -> None:
        if not items and empty is not None:
            print(empty)
        for item in items:
            print(line(item))
    return show


def search_options(p: argparse.ArgumentParser) -> None:
    """The words searched (optional), ``--json`` and ``--limit`` (20) of a search action."""
    p.add_argument("query", metavar="TEXTE", nargs="?", default="",
                   help="mots cherchés (accents et majuscules indifférents)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--limit", type=positive_limit, default=20, metavar="N",
                   help="nombre maximum (20)")
