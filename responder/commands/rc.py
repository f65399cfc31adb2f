"""``responder rc …``: read a règlement de consultation and create or update a dossier from it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .args import positive_id, structure_option
from .common import command, print_result, workspace

if TYPE_CHECKING:
    from . import AddWorkspace, SubParsers

#: French labels of the extracted fields, for the human-readable output of ``rc extract``.
_LABELS = {
    "buyer": "Acheteur",
    "reference": "Référence",
    "object": "Objet",
    "procedure": "Procédure",
    "market_type": "Type de marché",
    "deadline": "Date limite",
    "questions_deadline": "Questions",
    "offer_validity_days": "Validité (jours)",
    "reserved": "Marché réservé",
    "lots": "Lots",
    "criteria": "Critères",
    "site_visit": "Visite",
    "variants": "Variantes",
    "groupement_form": "Groupement",
    "documents": "Pièces",
    "candidatures_deadline": "Candidatures",
    "invitation_on": "Invitations",
    "timezone": "Fuseau horaire",
    "meeting": "Réunion",
    "pse": "PSE",
    "tranches": "Tranches",
}


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``rc extract`` and ``rc import`` to the command line."""
    actions = command(sub, workspace_arg, "rc",
                      "règlement de consultation : lecture et import", run)
    actions.add("extract",
                "affiche ce que Responder lit dans un RC (PDF, DOCX)", file=True, json=True)
    p = actions.add("import", "crée (ou met à jour) un dossier à partir d'un RC", file=True)
    p.add_argument("--tender", type=positive_id, metavar="ID", help="dossier à mettre à jour")
    structure_option(p, "structure qui répond")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``rc`` (extraction needs no workspace; import opens it)."""
    from ..services.rc_sandbox import extract_file

    extracted = extract_file(args.file)
    if args.rc_command == "extract":
        print_result(args.json, extracted, lambda data: data, _print_extraction)
        return 0
    from ..services.rc_import import RcImportService

    with workspace(path, create=args.tender is None) as session:
        service = RcImportService(session)
        plan = service.plan(extracted, args.tender)
        for change in plan.changes:
            print(f"{change.label} : {change.before} → {change.after}", file=sys.stderr)
        for warning in plan.warnings:
            print(f"Attention : {warning}", file=sys.stderr)
        tender = service.apply(plan, args.structure)
        verb = "mise à jour" if args.tender is not None else "créée"
        print(f"Consultation {tender.id} {verb} depuis « {args.file.name} ».", file=sys.stderr)
        print(tender.id)
    return 0


def _value(name: str, value: Any) -> str:
    from ..domain import enums as kinds

    enums: dict[str, Any] = {
        "procedure": kinds.Procedure, "market_type": kinds.MarketType,
        "reserved": kinds.Reservation, "site_visit": kinds.SiteVisit,
        "variants": kinds.Variants, "groupement_form": kinds.GroupementForm,
    }
    if value in (None, []):
        return "— (non trouvé)"
    if name == "reserved":
        return ", ".join(str(v) for v in value)
    if name == "pse":
        return "oui" if value else "non"
    if name == "meeting":
        when = _value("deadline", value["date"]) if value.get("date") else "date non précisée"
        return f"{when} ({'obligatoire' if value.get('mandatory') else 'facultative'})"
    if name in enums:
        return kinds.label(enums[name](value))
    if name in ("deadline", "questions_deadline", "candidatures_deadline"):
        day, _, time = str(value).partition("T")
        year, month, dom = day.split("-")
        return f"{dom}/{month}/{year} {time}"
    if name == "lots":
        return " ; ".join(f"{lot['number']} {lot['title']}"
                          + (f" [{', '.join(lot['reserved'])}]" if lot["reserved"] else "")
                          + (f" (date limite {_value('deadline', lot['deadline'])})"
                             if lot.get("deadline") else "")
                          for lot in value)
    if name == "criteria":
        return " ; ".join(
            f"{c['name']} {c['weight']}"
            + ("".join(f" / {s['name']} {s['weight']}" for s in c["subcriteria"]))
            for c in value
        )
    if name == "documents":
        return ", ".join(value)
    return str(value)


def _print_extraction(extracted: dict[str, Any]) -> None:
    print(f"Fichier : {extracted['source']}")
    for name, title in _LABELS.items():
        where = extracted["evidence"].get(name)
        page = f"  (p. {where['page']})" if where else ""
        if where and where.get("confidence") in ("inferred", "guess"):
            page += " — déduit, à vérifier"
        text = _value(name, extracted[name])
        per_lot = [lot for lot in extracted.get("lots") or [] if lot.get("criteria")]
        if name == "criteria" and not extracted[name] and per_lot:
            text = "par lot : " + " | ".join(
                f"lot {lot['number']} : {_value('criteria', lot['criteria'])}" for lot in per_lot)
        print(f"{title:<17} {text}{page}")
