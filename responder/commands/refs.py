"""``responder refs …``: import, export, search and suggest library references."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.enums import BuyerKind, ReferenceRole, label
from ..domain.library import Reference, SortOrder, Suggestion
from .args import positive_id, positive_limit, structure_option, year
from .common import command, each_line, out_path, print_result, search_options, table, workspace

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``refs`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "refs",
                      "références (marchés réalisés) de la bibliothèque", run)

    p = actions.add("import", "importe des références depuis un CSV (Excel)", file="FICHIER.csv")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="importe les lignes correctes même si d'autres sont en erreur")
    structure_option(p, "structure (défaut : l'actuelle)")

    p = actions.add("export", "exporte les références en CSV (hors confidentielles)",
                    out="FICHIER.csv")
    structure_option(p, "structure (défaut : l'actuelle)")

    p = actions.add("search", "recherche des références")
    search_options(p)
    p.add_argument("--family", metavar="FAMILLE", help="famille d'achat (ex. « espaces verts »)")
    p.add_argument("--buyer-kind", choices=[k.value for k in BuyerKind], help="type d'acheteur")
    p.add_argument("--role", choices=[r.value for r in ReferenceRole], help="rôle tenu")
    p.add_argument("--year-from", type=year, metavar="AAAA", help="en cours en AAAA ou après")
    p.add_argument("--year-to", type=year, metavar="AAAA", help="commencée en AAAA ou avant")
    p.add_argument("--min-amount", metavar="MONTANT", help="montant HT minimum")
    p.add_argument("--max-amount", metavar="MONTANT", help="montant HT maximum")
    p.add_argument("--sort", choices=[s.value for s in SortOrder], default=SortOrder.RELEVANCE,
                   help="ordre : pertinence (défaut), date ou montant")
    p.add_argument("--all-structures", action="store_true",
                   help="cherche dans toutes les structures de l'espace")

    p = actions.add("suggest", "références les plus proches d'une consultation")
    p.add_argument("tender_id", metavar="ID_CONSULTATION", type=positive_id)
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--limit", type=positive_limit, default=10, metavar="N",
                   help="nombre maximum (10)")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``refs`` on the workspace at ``path``."""
    from ..services import refs_csv
    from ..services.library import LibraryService
    from ..services.structures import StructureService

    with workspace(path, create=args.refs_command == "import") as session:
        library = LibraryService(session)
        structures = StructureService(session)
        command = args.refs_command
        if command in ("import", "export"):
            if args.structure is not None:
                sid = structures.get(args.structure).id
            else:
                sid = structures.current().id
            assert sid is not None
            if command == "import":
                report = refs_csv.import_references(
                    session, args.file, sid, skip_bad_rows=args.skip_bad_rows
                )
                for error in report.skipped:
                    print(f"Ignorée : {error}", file=sys.stderr)
                print(f"{len(report.imported)} référence(s) importée(s)"
                      + (f", {len(report.skipped)} ligne(s) ignorée(s)." if report.skipped
                         else "."))
            else:
                out = out_path(args, path)
                count = refs_csv.export_references(session, out, sid)
                print(f"{count} référence(s) exportée(s) : {out}", file=sys.stderr)
        elif command == "search":
            filters: dict[str, Any] = {
                "family": args.family,
                "buyer_kind": args.buyer_kind,
                "role": args.role,
                "year_from": args.year_from,
                "year_to": args.year_to,
                "amount_min": _amount(args.min_amount, "--min-amount"),
                "amount_max": _amount(args.max_amount, "--max-amount"),
            }
            if not args.all_structures:
                filters["structure_id"] = structures.current().id
            found = library.search_references(args.query, filters, args.sort, args.limit)
            print_result(args.json, found, _json, _print_refs, each=True)
        elif command == "suggest":
            suggestions = library.suggest_for_tender(args.tender_id, limit=args.limit)
            print_result(args.json, suggestions, _suggestion_json, _print_suggestions,
                         each=True)
    return 0


def _amount(text: str | None, option: str) -> Decimal | None:
    from ..domain.common import InvalidInput
    from ..services.refs_csv import CellError, parse_amount

    if text is None:
        return None
    try:
        return parse_amount(text)
    except CellError as exc:
        raise InvalidInput({option: str(exc)}) from None


def _json(ref: Reference) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ref.model_dump_json())
    return data


def _suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {"score": s.score, "reason": s.reason, "reference": _json(s.reference)}


def _years(ref: Reference) -> str:
    if ref.start and ref.end and ref.start.year != ref.end.year:
        return f"{ref.start.year}–{ref.end.year}"
    return str(ref.year) if ref.year else "—"


def _money(ref: Reference) -> str:
    from ..services.refs_csv import format_amount

    return f"{format_amount(ref.amount_ht)} €" if ref.amount_ht is not None else "—"


def _ref_row(r: Reference) -> str:
    flag = " (confidentielle)" if r.confidential else ""
    return f"{r.id:>5}  {_years(r):<9}  {_money(r):>14}  {label(r.role):<14}  {r.title}{flag}"


def _suggestion_lines(s: Suggestion) -> str:
    r = s.reference
    return f"{r.id:>5}  {s.score:.2f}  {r.title}\n{'':>13}{s.reason}"


_print_refs = table("Aucune référence trouvée.",
                    f"{'N°':>5}  {'Années':<9}  {'Montant HT':>14}  {'Rôle':<14}  Titre", _ref_row)
_print_suggestions = each_line(_suggestion_lines, "Aucune référence proche de cette consultation.")
