"""``responder memoire …``: render the mémoire technique, list its points d'attention."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .args import positive_id
from .common import command, each_line, out_path, output_file, print_result, workspace

if TYPE_CHECKING:
    from ..domain.memoire import Attention
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``memoire`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "memoire", "mémoire technique d'une consultation", run)
    p = actions.add("build", "écrit le mémoire technique (.docx)", tender=True)
    p.add_argument("--lot", type=positive_id, metavar="N", help="mémoire propre au lot N")
    p.add_argument("--template", metavar="NOM", help="modèle : standard, insertion ou importé")
    output_file(p, "FICHIER.docx")
    p.add_argument("--logo", type=Path, metavar="IMAGE",
                   help="logo de la structure (PNG/JPEG), gardé pour les mémoires suivants")
    p.add_argument("--allow-confidential", action="store_true",
                   help="accepte que ce mémoire cite des références confidentielles")
    p = actions.add("check", "liste les points d'attention du mémoire", tender=True)
    p.add_argument("--lot", type=positive_id, metavar="N", help="mémoire propre au lot N")
    p.add_argument("--json", action="store_true", help="sortie JSON")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``memoire`` on the workspace at ``path``."""
    from ..services.memoire import MemoireService

    with workspace(path) as session:
        service = MemoireService(session)
        if args.memoire_command == "build":
            out = out_path(args, path, ".docx")
            if args.logo is not None:
                from ..services.tenders import TenderService

                sid = TenderService(session).get(args.id).structure_id
                if sid is not None:
                    service.set_logo(sid, args.logo)
            service.render(args.id, out, lot=args.lot, template=args.template,
                           allow_confidential=args.allow_confidential)
            print(f"Mémoire technique écrit : {out}", file=sys.stderr)
        elif args.memoire_command == "check":
            memoire = service.outline(args.id, args.lot)
            points = service.check(memoire)
            print_result(args.json, points, attention_json,
                         each_line(_point, "Aucun point d'attention."), each=True)
    return 0


def _point(a: Attention) -> str:
    where = f"[{a.section_key}] " if a.section_key else ""
    return f"- {where}{a.message_fr}\n  Pourquoi : {a.why_fr}"


def attention_json(a: Attention) -> dict[str, Any]:
    """One point d'attention as JSON."""
    return {"code": a.code.value, "section": a.section_key, "message": a.message_fr,
            "why": a.why_fr}
