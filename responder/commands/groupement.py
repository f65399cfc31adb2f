"""``responder groupement …``: check a dossier's groupement and write its documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.groupement.checks import Check
from .common import command, each_line, out_path, output_file, print_result, workspace

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``groupement`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "groupement",
                      "groupement d'un dossier (cotraitance)", run)
    actions.add("check",
                "vérifie le groupement (sortie 1 s'il y a des erreurs)", tender=True, json=True)
    actions.add("convention",
                "écrit la convention de groupement (.docx)", tender=True, out="FICHIER.docx")
    actions.add("dc1", "écrit le tableau DC1 (rubriques D, E, G) et les contacts",
                tender=True, out="FICHIER.docx")
    p = actions.add("dc4",
                    "écrit la déclaration de sous-traitance (DC4) d'un "
                    "sous-traitant", tender=True)
    p.add_argument("--subcontractor", required=True, metavar="NOM",
                   help="nom du sous-traitant (ou une partie sans ambiguïté)")
    output_file(p, "FICHIER.docx")


def _check_json(c: Check) -> dict[str, Any]:
    return {"severity": str(c.severity), "code": c.code, "message": c.message_fr,
            "article": c.article, "member": c.member, "lot": c.lot}


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``groupement`` on the workspace at ``path``.

    ``check`` exits 1 when a check of severity « erreur » fails; ``convention`` and ``dc1``
    refuse (``InvalidInput``, exit 1, the list of errors on stderr) in that case.
    """
    from ..services.groupement import GroupementService

    with workspace(path) as session:
        service = GroupementService(session)
        command = args.groupement_command
        if command == "check":
            checks = service.checks(args.id)
            print_result(args.json, checks, _check_json, each_line(Check.text), each=True)
            errors = sum(1 for c in checks if c.is_error)
            if errors:
                print(f"{errors} erreur(s) : les documents ne peuvent pas être générés.",
                      file=sys.stderr)
                return 1
            return 0
        out = out_path(args, path)
        if command == "convention":
            out = service.write_convention(args.id, out)
            print(f"Convention de groupement écrite : {out}", file=sys.stderr)
        elif command == "dc4":
            out = service.write_dc4(args.id, args.subcontractor, out)
            print(f"Déclaration de sous-traitance écrite : {out}", file=sys.stderr)
        else:
            out = service.write_dc1(args.id, out)
            print(f"Tableau DC1 écrit : {out}", file=sys.stderr)
        return 0
