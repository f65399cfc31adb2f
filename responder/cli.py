"""``responder``: no argument opens the window; subcommands run the same services headless.

Exit codes: 0 success, 1 invalid input or unusable workspace (French message on stderr naming
the field and the fix), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__

#: What a sub-command module stores in ``args.handler``: (arguments, workspace path) → exit code.
Handler = Callable[[argparse.Namespace, Path], int]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


# argparse's own messages, in French (it looks them up through ``argparse._``).
_ARGPARSE_FR = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "show program's version number and exit": "affiche la version et quitte",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix invalide : %(value)r (possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "expected one argument": "une valeur est attendue",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
}


def _french(message: str) -> str:
    return _ARGPARSE_FR.get(message, message)


argparse._ = _french  # type: ignore[attr-defined]


def _workspace_arg(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Sub-commands must not reset a --workspace given before them: SUPPRESS keeps it.
    parser.add_argument(
        "--workspace",
        metavar="CHEMIN",
        default=None if top else argparse.SUPPRESS,
        help="fichier de l'espace de travail (défaut : $RESPONDER_WORKSPACE, sinon le dossier "
        "de données de l'utilisateur)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (French help)."""
    parser = argparse.ArgumentParser(
        prog="responder",
        description="Responder — répondre aux marchés publics, hors ligne. Sans commande, "
        "ouvre la fenêtre.",
    )
    parser.add_argument("--version", action="version", version=f"responder {__version__}",
                        help="affiche la version et quitte")
    _workspace_arg(parser, top=True)
    from .commands import COMMANDS

    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")

    p = sub.add_parser("self-test", help="vérifie l'installation (bibliothèques, modèles…)")
    _workspace_arg(p)
    p.add_argument("--gui", action="store_true", help="vérifie aussi l'affichage Qt (hors écran)")

    p = sub.add_parser("demo", help="crée l'espace de travail de démonstration")
    _workspace_arg(p)

    for module in COMMANDS:
        module.register(sub, _workspace_arg)
    return parser


def _gui_only(argv: Sequence[str]) -> Path | None:
    """The workspace to open when ``argv`` asks for the window only, else ``None``.

    This path skips building the full parser (and importing every capability), so the window
    appears as fast as possible.
    """
    from .services.locations import resolve_workspace_path

    if not argv:
        return resolve_workspace_path(None)
    if len(argv) == 2 and argv[0] == "--workspace":
        return resolve_workspace_path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--workspace="):
        return resolve_workspace_path(argv[0].split("=", 1)[1])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``responder`` command."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    gui_path = _gui_only(arguments)
    if gui_path is not None:
        # The errors' modules (json, sqlite3) are imported after the window's first paint.
        try:
            return _open_window(gui_path)
        except Exception as exc:
            if not _is_workspace_error(exc):
                raise
            print(f"Erreur : {exc}", file=sys.stderr)
            return EXIT_INVALID
    args = build_parser().parse_args(arguments)
    try:
        return _dispatch(args)
    except BrokenPipeError:
        # Output piped into `head` or a closed pager: not an error for the user.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _is_workspace_error(exc: Exception) -> bool:
    from .storage.db import WorkspaceError

    return isinstance(exc, WorkspaceError)


def _dispatch(args: argparse.Namespace) -> int:
    """Run the sub-command; bad input becomes exit 1 with its French message on stderr."""
    from .domain.errors import InvalidInput
    from .storage.db import WorkspaceError

    try:
        if args.command is None:
            return _gui(args)
        if args.command == "self-test":
            return _self_test(args)
        if args.command == "demo":
            return _demo(args)
        handler: Handler = args.handler
        return handler(args, _path(args))
    except InvalidInput as exc:
        for field, message in exc.messages.items():
            print(f"Erreur : {field} : {message}" if field else f"Erreur : {message}",
                  file=sys.stderr)
        return EXIT_INVALID
    except WorkspaceError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_INVALID


def _path(args: argparse.Namespace) -> Path:
    from .services.locations import resolve_workspace_path

    return resolve_workspace_path(getattr(args, "workspace", None))


def _gui(args: argparse.Namespace) -> int:
    return _open_window(_path(args))


def _open_window(path: Path) -> int:
    # A missing workspace (first launch) opens the welcome page: demo or own structure.
    from .app import run_gui

    return int(run_gui(path))


def _self_test(args: argparse.Namespace) -> int:
    from .services.selftest import run_self_test

    results = run_self_test()
    if getattr(args, "workspace", None):
        from .services.selftest import check_user_workspace

        results.append(check_user_workspace(Path(args.workspace).expanduser()))
    if args.gui:
        from .app import gui_self_check

        results.append(gui_self_check())
    for name, ok, detail in results:
        print(f"[{'ok' if ok else 'ÉCHEC'}] {name} : {detail}")
    failed = [name for name, ok, _ in results if not ok]
    if failed:
        print(f"Auto-test en échec : {', '.join(failed)}.", file=sys.stderr)
        return EXIT_INVALID
    print("Auto-test réussi.")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from .services.demo import create_demo

    path = _path(args)
    session = create_demo(path)
    try:
        from .services.tenders import TenderService

        count = len(TenderService(session).list())
    finally:
        session.close()
    print(f"Espace de démonstration créé : {path} ({count} consultations).")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
