"""``responder dossier …``: export a whole dossier as one .responder file, import one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .args import positive_id
from .common import command, output_file, print_json, workspace

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``dossier export`` and ``dossier import`` to the command line."""
    actions = command(sub, workspace_arg, "dossier",
                      "fichier de dossier à partager (.responder)", run)
    p = actions.add("export", "exporte un dossier complet dans un fichier")
    p.add_argument("id", type=positive_id, help="numéro de la consultation")
    output_file(p, "FICHIER.responder")
    p = actions.add("import", "importe un fichier de dossier (aperçu avec --dry-run)",
                    file="FICHIER.responder")
    p.add_argument("--dry-run", action="store_true",
                   help="affiche ce qui changerait, sans rien écrire")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--new", action="store_true",
                   help="importe comme nouveau dossier même s'il existe déjà")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``dossier`` on the workspace at ``path``."""
    from ..services import dossier_file as df
    if args.dossier_command == "import":
        # Check the file before touching (or creating) the workspace.
        package = df.read_dossier(args.file)
    with workspace(path, create=args.dossier_command == "import") as session:
        if args.dossier_command == "export":
            from ..services.outputs import check_output

            out = args.out if args.out.suffix else args.out.with_suffix(df.SUFFIX)
            check_output(out, path, force=args.force)
            result = df.export_dossier(session, args.id, out)
            print(f"Dossier {args.id} exporté : {result.path}", file=sys.stderr)
            for line in result.omitted:
                print(f"Non inclus : {line}", file=sys.stderr)
            return 0
        update = False if args.new else None
        preview = df.preview_import(session, package, update)
        changes = [
            {"partie": c.part, "element": c.label, "action": c.state_label, "detail": c.detail}
            for c in preview.changes
        ]
        tender_id = preview.existing_id if preview.update else None
        if not args.dry_run:
            tender_id = df.import_dossier(session, package, update).tender_id
        if args.json:
            print_json(
                {"titre": preview.title, "mise_a_jour": preview.update,
                 "consultation": tender_id, "applique": not args.dry_run,
                 "non_inclus": package.omitted, "changements": changes})
            return 0
        verb = "Mise à jour de" if preview.update else "Nouveau dossier :"
        print(f"{verb} « {preview.title} »")
        for c in changes:
            detail = f" ({c['detail']})" if c["detail"] else ""
            print(f"  {c['action']:<16} {c['partie']} : {c['element']}{detail}")
        for line in package.omitted:
            print(f"  Non inclus par l'expéditeur : {line}")
        if args.dry_run:
            print("Aperçu seulement : rien n'a été écrit.")
        else:
            print(f"Dossier importé : consultation n° {tender_id}.")
        return 0
