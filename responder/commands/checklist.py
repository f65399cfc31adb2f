"""``responder checklist …``: the pieces of a dossier, their status, and the bordereau."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fr import date_short
from .common import command, out_path, print_result, workspace

if TYPE_CHECKING:
    from ..domain.checklist import ChecklistRow, ChecklistView
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``checklist`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "checklist", "pièces à remettre pour un dossier", run)
    p = actions.add("show", "affiche les pièces d'un dossier et leur état", tender=True, json=True)
    p.add_argument("--all", action="store_true", help="affiche aussi les pièces masquées")
    actions.add("export", "écrit le bordereau des pièces (.docx ou .csv)",
                tender=True, out="FICHIER.docx|.csv")
    p = actions.add("status", "change l'état d'une pièce", tender=True)
    p.add_argument("uid", metavar="PIÈCE", help="identifiant de la pièce (colonne « Id »)")
    p.add_argument("status", choices=["a_faire", "en_cours", "pret", "sans_objet"])
    p.add_argument("--reason", default="", help="raison, obligatoire pour « sans_objet »")
    p = actions.add("attach", "joint un fichier à une pièce", tender=True)
    p.add_argument("uid", metavar="PIÈCE", help="identifiant de la pièce (colonne « Id »)")
    p.add_argument("file", type=Path, metavar="FICHIER")
    p = actions.add("exempt",
                    "dispense une pièce que l'acheteur a déjà ou peut obtenir (R2143-13/14)",
                    tender=True)
    p.add_argument("uid", metavar="PIÈCE", help="identifiant de la pièce (colonne « Id »)")
    p.add_argument("--article", required=True, metavar="R2143-13|R2143-14",
                   help="R2143-13 : l'acheteur peut l'obtenir lui-même ; R2143-14 : il l'a déjà")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``checklist`` on the workspace at ``path``."""
    from ..services.checklist import ChecklistService

    with workspace(path) as session:
        service = ChecklistService(session)
        command = args.checklist_command
        if command == "show":
            view = service.view(args.id, include_hidden=args.all)
            print_result(args.json, view, view_json, _print_view)
        elif command == "export":
            out = service.export(args.id, out_path(args, path))
            print(f"Bordereau des pièces écrit : {out}", file=sys.stderr)
        elif command == "status":
            service.set_status(args.id, args.uid, args.status, args.reason)
            print(service.view(args.id).progress.text)
        elif command == "exempt":
            service.exempt(args.id, args.uid, args.article)
            print(service.view(args.id).progress.text)
        elif command == "attach":
            service.attach_file(args.id, args.uid, args.file)
            print(f"Fichier joint à « {args.uid} ».", file=sys.stderr)
    return 0


def _day(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def row_json(row: ChecklistRow) -> dict[str, Any]:
    """One item as JSON: stable keys and values, plus the French labels."""
    item = row.item
    data: dict[str, Any] = {
        "uid": item.uid,
        "key": item.key,
        "label": item.label,
        "phase": item.phase.value,
        "due": item.due.value,
        "lots": item.lots,
        "member": item.member,
        "owner": row.owner_label,
        "for_groupement": item.for_groupement,
        "status": item.status.value,
        "status_label": row.status_label,
        "reason": item.reason,
        "required": item.required,
        "custom": item.custom,
        "hidden": item.hidden,
        "ready": row.ready,
        "blocking": row.blocking,
        "file_name": item.file_name or (row.check.file_name if row.check else ""),
        "note": item.note,
        "due_on": _day(item.due_on),
        "alert": row.alert,
        "is_attestation": row.is_attestation,
    }
    if row.is_attestation:
        check = row.check
        data.update(
            valid_at_deadline=row.valid_at_deadline,
            valid_at_award=row.valid_at_award,
            expires_on=_day(row.expires_on),
            validity_state=check.state.value if check else None,
            renew_by=_day(check.renew_by) if check else None,
            document_id=check.document_id if check else None,
            guidance=check.guidance if check else False,
        )
    return data


def view_json(view: ChecklistView) -> dict[str, Any]:
    """The ``checklist show --json`` document."""
    return {
        "tender_id": view.tender_id,
        "title": view.title,
        "deadline": _day(view.deadline),
        "award_date": _day(view.award_date),
        "today": view.today.isoformat(),
        "progress": {**view.progress.model_dump(), "text": view.progress.text},
        "members": [m.model_dump() for m in view.members],
        "items": [row_json(row) for row in view.rows],
    }


def _print_view(view: ChecklistView) -> None:
    print(f"{view.title}")
    award = (f" — attribution prévue vers le {date_short(view.award_date)}"
             if view.award_date else "")
    print(f"Date limite : {view.deadline_label}{award} — {view.progress.text}")
    print(f"{'N°':>3}  {'Statut':<14} {'Phase':<13} {'Remise':<12} {'Membre':<24} "
          f"{'Pièce':<48} Id")
    for row in view.rows:
        number = str(row.number) if row.number else "-"
        flag = "!" if row.blocking else " "
        due = "dépôt" if row.due.value == "depot" else "si retenu"
        print(
            f"{number:>3}{flag} {row.status_label:<14} {row.item.phase.value:<13} {due:<12} "
            f"{row.owner_label[:24]:<24} {row.item.label[:48]:<48} {row.item.uid}"
        )
        if row.alert:
            print(f"      ↳ {row.alert}")
