"""``responder deadlines …``: dashboard of all dossiers, plan for any deadline, .ics export."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.common import InvalidInput
from ..domain.enums import Procedure, label
from .args import check_plausible_date, date_option, positive_id, structure_option
from .common import command, each_line, out_path, output_file, print_result, workspace

if TYPE_CHECKING:
    from ..domain.deadlines import ComputedDate, DossierPlan
    from ..services.deadlines import Dashboard, DashboardEntry, DossierRow
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``deadlines`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "deadlines",
                      "échéances : tableau de bord, calcul, .ics", run)

    p = actions.add("list", "échéances de toutes les consultations", json=True)
    structure_option(p, "une seule structure")

    p = actions.add("plan", "dates calculées et rétroplanning pour une date limite (sans espace)")
    date_option(p, "--deadline", "date limite de remise des offres", required=True, time=True)
    p.add_argument("--procedure", required=True, metavar="PROCÉDURE",
                   help=f"procédure : {', '.join(p.value for p in Procedure)}")
    date_option(p, "--published", "date de publication de l'avis")
    date_option(p, "--questions", "date limite des questions fixée par le RC", time=True)
    date_option(p, "--candidatures",
                "date limite des candidatures (appel d'offres restreint, négociée)", time=True)
    date_option(p, "--invitation",
               "date d'envoi de l'invitation à soumissionner (procédures en deux phases)")
    date_option(p, "--start", "début du travail sur le dossier (défaut : aujourd'hui)")
    p.add_argument("--groupement", action="store_true", help="réponse en groupement")
    p.add_argument("--urgence", action="store_true", help="délais réduits pour urgence")
    p.add_argument("--alsace-moselle", action="store_true",
                   help="jours fériés d'Alsace-Moselle (57, 67, 68)")
    p.add_argument("--json", action="store_true", help="sortie JSON")

    p = actions.add("ics", "exporte les échéances au format calendrier (.ics)")
    p.add_argument("--tender", type=positive_id, metavar="ID", help="une seule consultation")
    output_file(p, "FICHIER.ics")


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``deadlines``; ``plan`` needs no workspace."""
    if args.deadlines_command == "plan":
        return _plan(args)
    from ..services.deadlines import DeadlineService

    with workspace(path) as session:
        service = DeadlineService(session)
        if args.deadlines_command == "list":
            board = service.dashboard(args.structure)
            print_result(args.json, board, None, _print_dashboard)
        elif args.deadlines_command == "ics":
            out = out_path(args, path)
            count = service.export_ics(out, args.tender)
            print(f"{count} échéances exportées : {out}", file=sys.stderr)
    return 0


# --- parsing ------------------------------------------------------------------------------
def _datetime(option: str, text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput({option: f"« {text} » n'est pas une date et heure : format attendu "
                            "AAAA-MM-JJTHH:MM (par exemple 2026-05-12T14:00)."}) from None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    if len(text.strip()) <= 10:
        raise InvalidInput({option: f"« {text} » : précisez l'heure, format AAAA-MM-JJTHH:MM "
                            "(par exemple 2026-05-12T14:00)."})
    check_plausible_date(option, value.date())
    return value


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput({option: f"« {text} » n'est pas une date : format attendu AAAA-MM-JJ "
                            "(par exemple 2026-04-01)."}) from None
    # A year like 0001 is a typo, and counting working days from it would take minutes.
    return check_plausible_date(option, value)


def _procedure(text: str) -> Procedure:
    try:
        return Procedure(text.strip().lower())
    except ValueError:
        raise InvalidInput({"--procedure": f"« {text} » inconnue : choisissez parmi "
                            f"{', '.join(p.value for p in Procedure)}."}) from None


def _plan(args: argparse.Namespace) -> int:
    from ..services.deadlines import plan_for_deadline

    deadline = _datetime("--deadline", args.deadline)
    procedure = _procedure(args.procedure)
    published = _date("--published", args.published)
    questions = _datetime("--questions", args.questions) if args.questions else None
    start = _date("--start", args.start)
    candidatures = (
        _datetime("--candidatures", args.candidatures) if args.candidatures else None
    )
    invitation = _date("--invitation", args.invitation)
    try:
        plan = plan_for_deadline(
            deadline, procedure, published_on=published, questions_deadline=questions,
            start=start, groupement=args.groupement, urgency=args.urgence,
            alsace_moselle=args.alsace_moselle, candidatures_deadline=candidatures,
            invitation_on=invitation,
        )
    except InvalidInput as exc:
        options = {"published_on": "--published", "questions_deadline": "--questions",
                   "candidatures_deadline": "--candidatures", "invitation_on": "--invitation"}
        raise InvalidInput({options.get(k, k): v for k, v in exc.messages.items()}) from exc
    print_result(args.json, plan, _plan_json, lambda p: _print_plan(p, procedure))
    return 0


def _print_plan(plan: DossierPlan, procedure: Procedure) -> None:
    print(f"Procédure : {label(procedure)}")
    print(f"Jours ouvrés disponibles : {plan.available_working_days}")
    _print_dates(plan.dates)
    for warning in plan.warnings:
        print(f"\n{'Alerte' if warning.level == 'alerte' else 'Conseil'} "
              f"[{warning.code}] : {warning.message_fr}")


def _plan_json(plan: DossierPlan) -> dict[str, Any]:
    data: dict[str, Any] = plan.model_dump(mode="json")
    for item, model in zip(data["dates"], plan.dates, strict=True):
        item["when_fr"] = model.when_fr
    return data


# --- printing -----------------------------------------------------------------------------
def _print_dates(dates: list[ComputedDate]) -> None:
    for item in dates:
        flags = [word for word, shown in
                 (("passée", item.in_past), ("modifiée", item.edited), ("faite", item.done))
                 if shown]
        suffix = f" [{', '.join(flags)}]" if flags else ""
        rule = f" ({item.article})" if item.article else ""
        print(f"  {item.when_fr:<34} {item.label_fr}{rule}{suffix}")


def _print_dashboard(board: Dashboard) -> None:
    if not board.rows:
        print("Aucune consultation.")
        return
    print(f"{'N°':>4}  {'Date limite':<34}  {'Décompte':<24}  Objet")
    for row in board.rows:
        print(_dossier_lines(row))
    for title, entries in (
        ("En retard", board.overdue),
        ("Cette semaine", board.this_week),
        ("Dans les 30 prochains jours", board.next_30_days),
    ):
        print(f"\n{title} :")
        each_line(_entry_line, "  rien")(entries)


def _dossier_lines(row: DossierRow) -> str:
    lines = [f"{row.tender_id:>4}  {row.deadline_fr:<34}  {row.countdown_fr:<24}  {row.title}"]
    if row.next_date is not None:
        lines.append(f"{'':>6}Prochaine étape : {row.next_fr}")
    lines += [f"{'':>6}{'Alerte' if w.level == 'alerte' else 'Conseil'} : {w.message_fr}"
              for w in row.warnings]
    return "\n".join(lines)


def _entry_line(entry: DashboardEntry) -> str:
    return f"  {entry.when_fr:<34} {entry.date.label_fr} — {entry.tender_title}"
