"""``responder vault …``: the administrative documents (attestations) of a structure."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fr import date_short
from .args import date_option, structure_option
from .common import command, print_result, table, workspace

if TYPE_CHECKING:
    from ..domain.vault import VaultEntry
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``vault`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "vault", "documents administratifs (attestations)", run)
    p = actions.add("add", "range une attestation et affiche son numéro")
    p.add_argument("--kind", required=True, metavar="CLÉ",
                   help="type de pièce : attestation_urssaf, attestation_fiscale, kbis, "
                   "attestation_assurance, rib, agrement_structure…")
    date_option(p, "--date",
               "date que certifie le document (URSSAF : « à la date du »)", required=True)
    p.add_argument("--file", required=True, type=Path, metavar="FICHIER")
    date_option(p, "--until", "fin de validité imprimée sur le document (échéance d'assurance…)")
    p.add_argument("--label", default="", help="intitulé (par défaut celui du catalogue)")
    structure_option(p)
    p = actions.add("list", "liste les documents et leur état", json=True)
    structure_option(p)
    date_option(p, "--date", "état à cette date (défaut : aujourd'hui)")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``vault`` on the workspace at ``path``."""
    from ..services.vault import VaultService, parse_date
    # Check the date before touching anything, so a typo never creates a workspace.
    day = parse_date(args.date, "date") if args.date else date.today()
    with workspace(path) as session:
        service = VaultService(session)
        if args.vault_command == "add":
            document = service.add(
                args.kind, day, args.file, args.structure, label=args.label,
                valid_until=args.until,
            )
            expires = service.expires_on(document)
            until = f"valide jusqu'au {expires:%d/%m/%Y}" if expires else "sans date d'expiration"
            print(document.id)
            print(f"{document.label} rangé : {until}.", file=sys.stderr)
            current = service.current(document.structure_id or 0, document.kind)
            if current is not None and current.id != document.id:
                print(
                    "Attention : un document plus récent de ce type est déjà rangé ; c'est lui "
                    "qui compte pour les dossiers.",
                    file=sys.stderr,
                )
        else:
            entries = service.list(args.structure, day)
            print_result(args.json, entries, entry_json, _print_entries, each=True)
    return 0


def entry_json(entry: VaultEntry) -> dict[str, Any]:
    """One vault document as JSON."""
    doc = entry.document
    return {
        "id": doc.id if doc else None,
        "kind": entry.kind,
        "label": entry.label,
        "date": entry.dated.isoformat() if entry.dated else None,
        "expires_on": entry.expires_on.isoformat() if entry.expires_on else None,
        "state": entry.state.value,
        "state_label": entry.state_label,
        "at": entry.at.isoformat(),
        "renew_by": entry.renew_by.isoformat() if entry.renew_by else None,
        "guidance": entry.guidance,
        "file_name": doc.file_name if doc else "",
        "file_hash": doc.file_hash if doc else None,
        "advice": entry.advice,
        "superseded": entry.superseded,
    }


def _entry_row(e: VaultEntry) -> str:
    doc_id = e.document.id if e.document else ""
    dated = date_short(e.dated) if e.dated else "—"
    old = " (remplacé par un plus récent)" if e.superseded else ""
    line = f"{doc_id:>4}  {e.state_label:<12} {dated:<10}  {e.expiry_label:<30} {e.label}{old}"
    return line + (f"\n      ↳ {e.advice}" if e.advice else "")


_print_entries = table("Aucun document administratif.",
                       f"{'N°':>4}  {'État':<12} {'Date':<10}  {'Validité':<30} Document",
                       _entry_row)
