"""``responder submit …``: the final check, the pack to upload, the record of the deposit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..fr import datetime_at
from .args import date_option
from .common import command, print_result, workspace

if TYPE_CHECKING:
    from ..services.deposit import DepositCheck, PageReport
    from . import AddWorkspace, SubParsers

_LEVELS = {"bloquant": "BLOQUANT", "attention": "À VÉRIFIER", "rappel": "RAPPEL"}


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``submit`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "submit",
                      "dépôt de l'offre : vérification, pli, accusé", run)
    actions.add("check",
                "vérification finale (sortie 1 si un point bloque)", tender=True, json=True)
    p = actions.add("pack", "prépare le pli à déposer dans un dossier nouveau ou vide", tender=True)
    p.add_argument("--out", required=True, type=Path, metavar="DOSSIER")
    p.add_argument("--zip", action="store_true", help="écrit aussi DOSSIER.zip à côté")
    p.add_argument("--backup-copy", action="store_true",
                   help="ajoute une copie de sauvegarde et le texte de son pli (R2132-11)")
    p.add_argument("--force", action="store_true",
                   help="prépare le pli même si la vérification bloque")
    p = actions.add("record", "enregistre le dépôt effectué (statut « Déposé »)", tender=True)
    date_option(p, "--at", "date et heure du dépôt (accusé de réception de la plateforme)",
                required=True, time=True)
    p.add_argument("--receipt", type=Path, metavar="FICHIER",
                   help="accusé de réception de la plateforme, gardé dans le dossier")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``submit`` on the workspace at ``path``.

    ``check`` exits 1 when something blocks; ``pack`` refuses (exit 1, French message) when
    the check blocks unless ``--force``, and never writes into an existing non-empty folder.
    """
    from ..services.deposit import DepositService

    with workspace(path) as session:
        service = DepositService(session)
        command = args.submit_command
        if command == "check":
            result = service.check(args.id)
            print_result(args.json, result, lambda r: r.as_json(), print_check)
            return 1 if result.blocking else 0
        if command == "pack":
            packed = service.pack(
                args.id, args.out, zip_file=args.zip or None,
                backup_copy=args.backup_copy or None, force=args.force,
            )
            print(f"Pli prêt : {packed.folder} ({len(packed.files)} fichiers, liste et "
                  "empreintes dans LISEZ-MOI.txt)", file=sys.stderr)
            if packed.zip_path is not None:
                print(f"Archive : {packed.zip_path}", file=sys.stderr)
            for report in packed.pages:
                print(f"Mémoire : {page_line(report)}", file=sys.stderr)
            return 0
        tender, warnings = service.record(args.id, args.at, args.receipt)
        for warning in warnings:
            print(f"Attention : {warning}", file=sys.stderr)
        record = tender.deposit.record if tender.deposit else None
        when = datetime_at(record.deposited_at) if record else args.at
        print(f"Dépôt enregistré le {when} ; dossier « Déposé ».", file=sys.stderr)
        return 0


def print_check(result: DepositCheck) -> None:
    """The check as text: one line per finding, the pack's files, the page counts."""
    print(f"{result.title}\n{result.summary_fr()}")
    for issue in result.issues:
        where = " · ".join(
            part for part in (issue.piece, issue.member,
                              f"lot {issue.lot}" if issue.lot else "") if part
        )
        shown = where and issue.piece not in issue.message_fr
        print(f"- [{_LEVELS[issue.level]}] {issue.message_fr}" + (f"\n    ({where})"
                                                                  if shown else ""))
    if result.pages:
        print("Pages du mémoire :")
        for report in result.pages:
            print(f"- {report.piece} : {page_line(report)}")
    if result.files:
        print("Fichiers du pli :")
        for planned in result.files:
            print(f"- {planned.relative_path}")


def page_line(report: PageReport) -> str:
    """One mémoire's page count in French: its lots, the count (or why it is not counted) and
    the RC's limit when there is one (never « None », never « non compté » twice)."""
    where = ""
    if report.lots:
        where = (f"lot {report.lots[0]} : " if len(report.lots) == 1
                 else "lots " + ", ".join(str(n) for n in report.lots) + " : ")
    count = report.method_fr if report.pages is None else f"{report.pages} pages"
    limit = (f" (limite du RC : {report.limit} pages)" if report.limit
             else " (pas de limite fixée par le RC)")
    return f"{where}{count}{limit}"
