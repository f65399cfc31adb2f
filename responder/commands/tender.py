"""``responder tender …``: list, show, export and import tender dossiers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.enums import label
from ..domain.tender import Tender, reservations_label
from ..fr import date_short, datetime_short
from .args import positive_id, structure_option
from .common import command, out_path, output_file, print_result, table, workspace

if TYPE_CHECKING:
    from ..domain.eligibility import EligibilityReport
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``tender`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "tender", "consultations (dossiers de réponse)", run)
    actions.add("list", "liste les consultations", json=True)
    p = actions.add("show", "affiche une consultation")
    p.add_argument("id", type=positive_id)
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p = actions.add("export", "exporte une consultation en JSON")
    p.add_argument("id", type=positive_id)
    output_file(p, "FICHIER.json")
    p = actions.add("import", "importe une consultation JSON et affiche son numéro",
                    file="FICHIER.json")
    structure_option(p, "structure qui répond")
    p = actions.add("eligibility", "éligibilité aux lots réservés (structure ou groupement entier)")
    p.add_argument("id", type=positive_id)
    p.add_argument("--json", action="store_true", help="sortie JSON")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``tender`` on the workspace at ``path``."""
    from ..services.structures import StructureService
    from ..services.tenders import TenderService
    create = args.tender_command == "import"
    with workspace(path, create=create) as session:
        service = TenderService(session)
        if args.tender_command == "list":
            tenders = service.list()
            print_result(args.json, tenders, _json, _print_table, each=True)
        elif args.tender_command == "show":
            tender = service.get(args.id)
            print_result(args.json, tender, _json, _print_tender)
        elif args.tender_command == "export":
            out = service.export_json(args.id, out_path(args, path))
            print(f"Consultation {args.id} exportée : {out}", file=sys.stderr)
        elif args.tender_command == "import":
            structures = StructureService(session)
            sid = args.structure if args.structure is not None else structures.current().id
            if args.structure is not None:
                structures.get(args.structure)
            assert sid is not None
            tender = service.import_json(args.file, sid)
            print(tender.id)
        elif args.tender_command == "eligibility":
            from ..services.eligibility import EligibilityService

            report = EligibilityService(session).report(args.id)
            print_result(args.json, report, None, _print_eligibility)
    return 0


def _print_eligibility(report: EligibilityReport) -> None:
    print(report.title)
    if not report.lots:
        print("Aucun lot réservé : la consultation est ouverte à toutes les structures.")
        return
    print(f"Preuves appréciées au {date_short(report.at)}")
    for lot in report.lots:
        print(f"\nLot {lot.lot} — {lot.title}")
        print(f"  Réservé : {lot.reserved_fr}")
        print(f"  Verdict : {lot.verdict_fr}")
        for party in lot.parties:
            print(f"  - {party.name} ({party.role_fr}) : {party.verdict_fr}")
            print(f"      {party.reason_fr}")
    for note in report.notes_fr:
        print(f"\n{note}")


def _json(tender: Tender) -> dict[str, object]:
    data: dict[str, object] = json.loads(tender.model_dump_json())
    return data


def _deadline(tender: Tender) -> str:
    return datetime_short(tender.deadline) if tender.deadline else "—"


def _tender_row(t: Tender) -> str:
    return f"{t.id:>4}  {_deadline(t):<16}  {label(t.status):<15}  {t.title}"


_print_table = table("Aucune consultation.",
                     f"{'N°':>4}  {'Date limite':<16}  {'Statut':<15}  Objet", _tender_row)


def _print_tender(t: Tender) -> None:
    rows = [
        ("Objet", t.title),
        ("Acheteur", t.buyer),
        ("Référence", t.reference),
        ("Procédure", label(t.procedure)),
        ("Type de marché", label(t.market_type)),
        ("Date limite", _deadline(t)),
        ("Statut", label(t.status)),
    ]
    if t.candidatures_deadline is not None:
        rows.insert(5, ("Candidatures", datetime_short(t.candidatures_deadline)))
    if t.invitation_on is not None:
        rows.insert(6, ("Invitation", date_short(t.invitation_on)))
    for name, value in rows:
        print(f"{name:<15} {value}")
    for lot in t.lots:
        reserved = f" — {reservations_label(lot.reserved)}" if lot.reserved else ""
        print(f"Lot {lot.number:<11} {lot.title}{reserved}")
    for c in t.criteria:
        print(f"Critère         {c.name} : {c.weight}")
