"""``responder blocks …``: search the reusable text blocks and list those « à relire »."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.enums import TextCategory, label
from ..domain.library import TextBlock
from .common import command, print_result, search_options, table, workspace

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``blocks`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "blocks",
                      "blocs de texte réutilisables de la bibliothèque", run)

    p = actions.add("search", "recherche des blocs de texte")
    search_options(p)
    p.add_argument("--category", choices=[c.value for c in TextCategory], help="catégorie")

    actions.add("review", "liste les blocs à relire", json=True)

    actions.add("starter", "ajoute les textes de départ (modèles à adapter)")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``blocks`` on the workspace at ``path``."""
    from ..services.library import LibraryService
    from ..services.structures import StructureService

    with workspace(path) as session:
        library = LibraryService(session)
        sid = StructureService(session).current().id
        today = date.today()
        if args.blocks_command == "starter":
            from ..services.starter import StarterService

            added = StarterService(session).add(sid)
            for block in added:
                print(block.title)
            print(f"{len(added)} texte(s) de départ ajouté(s) : adaptez chaque mention "
                  "« [à compléter] ».", file=sys.stderr)
            return 0
        if args.blocks_command == "search":
            found = library.search_blocks(
                args.query, structure_id=sid, category=args.category, limit=args.limit
            )
        else:
            found = library.blocks_to_review(today, sid)
        print_result(args.json, found, lambda b: _json(b, today),
                     lambda blocks: _print_blocks(blocks, today), each=True)
    return 0


def _json(block: TextBlock, today: date) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(block.model_dump_json())
    data["needs_review"] = block.needs_review(today)
    return data


def _print_blocks(blocks: list[TextBlock], today: date) -> None:
    def row(b: TextBlock) -> str:
        flag = " — à relire" if b.needs_review(today) else ""
        return f"{b.id:>5}  {label(b.category):<24}  {b.use_count:>7}  {b.title}{flag}"

    table("Aucun bloc de texte trouvé.",
          f"{'N°':>5}  {'Catégorie':<24}  {'Utilisé':>7}  Titre", row)(blocks)
