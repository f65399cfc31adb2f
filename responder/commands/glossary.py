"""``responder glossary [TERME]``: the glossary of public procurement, in plain French."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .common import action, print_json, print_result

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``glossary`` to the command line."""
    p = action(sub, workspace_arg, "glossary", "explique un terme des marchés publics (DUME, BPU…)")
    p.add_argument("terme", nargs="?", metavar="TERME",
                   help="le terme à expliquer ; sans terme, la liste de tous")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, _path: Path) -> int:
    """Print one term (exit 1 with close terms when unknown) or the whole list."""
    from ..services.help import glossary, lookup, term_json, term_text

    if args.terme:
        term = lookup(args.terme)
        print_result(args.json, term, term_json, lambda t: print(term_text(t)))
        return 0
    terms = glossary()
    if args.json:
        print_json([term_json(t) for t in terms])
    else:
        for term in terms:
            first = term.definition.split(". ")[0]
            end = "" if first.endswith((".", "…")) else "."
            print(f"{term.term} — {first}{end}")
    return 0
