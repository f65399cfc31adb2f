"""``responder outcome …`` (after the decision) and ``responder report`` (the Bilan)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fr import date_short, ordinal
from .args import check_plausible_date, date_option, positive_id, year
from .common import command, out_path, output_file, print_json, workspace

if TYPE_CHECKING:
    from ..domain.deadlines import ComputedDate
    from ..domain.outcome import LotOutcome
    from . import AddWorkspace, SubParsers

RESULTS = ("gagne", "perdu", "infructueux", "sans_suite", "en_attente")


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``outcome`` and ``report`` to the command line."""
    actions = command(sub, workspace_arg, "outcome",
                      "résultat d'une consultation, courriers, référence", run)
    p = actions.add("set", "enregistre le résultat (par lot avec --lot)", tender=True)
    p.add_argument("--result", required=True, choices=RESULTS, help="décision de l'acheteur")
    date_option(p, "--notified", "date de réception de la lettre")
    p.add_argument("--lot", type=positive_id, metavar="N", help="résultat du lot N")
    p.add_argument("--rank", type=positive_id, metavar="N", help="notre classement")
    p.add_argument("--winner", metavar="NOM", help="nom de l'attributaire")
    p.add_argument("--winner-amount", metavar="MONTANT", help="montant retenu, € HT (123456,78)")
    p.add_argument("--our-amount", metavar="MONTANT", help="montant de notre offre, € HT")
    p.add_argument("--mark", action="append", default=[], metavar="CRITÈRE=NOTE/BARÈME",
                   help="« Valeur technique=14,5/20 » ou, avec la note de l'attributaire, "
                   "« Valeur technique=14,5/20;16/20 » (répétable)")
    p.add_argument("--reasons", metavar="TEXTE", help="motifs du rejet donnés par l'acheteur")
    p.add_argument("--paper", action="store_true",
                   help="lettre reçue par courrier, pas par voie électronique (R2182-1 : 16 j)")
    p.add_argument("--single-tender", action="store_true",
                   help="une seule offre reçue (R2182-2 : pas de délai de suspension)")
    date_option(p, "--reasons-requested", "date de votre demande des motifs")
    date_option(p, "--award-notice", "date de publication de l'avis d'attribution")
    date_option(p, "--signed", "date de signature du marché")
    actions.add("show", "résultats, dates après la décision et conseils", tender=True, json=True)
    p = actions.add("letter", "écrit un courrier (.docx)", tender=True)
    p.add_argument("--kind", required=True, choices=("motifs", "entretien", "remerciement"),
                   help="motifs du rejet, entretien de débriefing ou remerciements")
    p.add_argument("--lot", type=positive_id, metavar="N", help="courrier pour le lot N")
    output_file(p, "FICHIER.docx")
    p.add_argument("--template", type=Path, metavar="MODÈLE.docx",
                   help="votre propre modèle (mêmes variables)")
    p = actions.add("to-reference", "crée une référence depuis un marché gagné", tender=True)
    p.add_argument("--lot", type=positive_id, metavar="N", help="référence du lot N")

    report = sub.add_parser("report", help="bilan des dossiers gagnés et perdus (.docx)")
    workspace_arg(report)
    report.add_argument("--out", required=True, type=Path, metavar="bilan.docx")
    report.add_argument("--force", action="store_true",
                        help="remplace le fichier s'il existe déjà")
    report.add_argument("--structure", type=positive_id, metavar="ID",
                        help="une seule structure (défaut : toutes)")
    report.add_argument("--year", type=year, metavar="AAAA", help="une seule année")
    report.set_defaults(handler=run_report)


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    from ..services.vault import parse_date

    return check_plausible_date(option, parse_date(text, option))


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """The fields given on the command line, parsed; ``InvalidInput`` names the option."""
    from ..domain.common import InvalidInput
    from ..domain.groupement import parse_amount
    from ..domain.outcome import parse_mark

    changes: dict[str, Any] = {"result": args.result}
    errors: dict[str, str] = {}
    for option, attr, key in (
        ("--notified", "notified", "notified_on"),
        ("--reasons-requested", "reasons_requested", "reasons_requested_on"),
        ("--award-notice", "award_notice", "award_notice_on"),
        ("--signed", "signed", "signed_on"),
    ):
        try:
            value = _date(option, getattr(args, attr))
        except InvalidInput as exc:
            errors.update(exc.messages)
            continue
        if value is not None:
            changes[key] = value
    for option, attr, key in (("--winner-amount", "winner_amount", "winner_amount"),
                              ("--our-amount", "our_amount", "our_amount")):
        text = getattr(args, attr)
        if text is not None:
            try:
                changes[key] = parse_amount(text)
            except ValueError as exc:
                errors[option] = str(exc)
    if args.mark:
        marks = []
        for text in args.mark:
            try:
                marks.append(parse_mark(text).model_dump())
            except ValueError as exc:
                errors["--mark"] = str(exc)
        changes["marks"] = marks
    if errors:
        raise InvalidInput(errors)
    if args.rank is not None:
        changes["rank"] = args.rank
    if args.winner is not None:
        changes["winner"] = args.winner
    if args.reasons is not None:
        changes["reasons"] = args.reasons
    if args.paper:
        changes["notice_electronic"] = False
    if args.single_tender:
        changes["single_tender"] = True
    return changes


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``outcome`` on the workspace at ``path``."""
    from ..services.outcome import OutcomeService
    changes = _changes(args) if args.outcome_command == "set" else {}
    with workspace(path) as session:
        service = OutcomeService(session)
        command = args.outcome_command
        if command == "set":
            saved = service.record(args.id, changes, lot=args.lot)
            status = session.tenders.get(args.id)
            where = f" (lot {saved.lot})" if saved.lot else ""
            print(f"Résultat enregistré{where} : {saved.result_fr}. Statut du dossier : "
                  f"{_status(status.status) if status else '—'}.", file=sys.stderr)
            for item in service.after_award(args.id, args.lot).dates:
                print(f"- {item.label_fr} : {item.when_fr} ({item.article})")
        elif command == "show":
            _show(service, args.id, args.json)
        elif command == "letter":
            out = out_path(args, path, ".docx")
            service.write_letter(args.id, args.kind, out, lot=args.lot, template=args.template)
            print(f"Courrier écrit : {out}", file=sys.stderr)
        elif command == "to-reference":
            reference = service.to_reference(args.id, args.lot)
            print(reference.id)
            print(f"Référence créée : « {reference.title} ». Complétez ses chiffres d'impact "
                  "dans la page « Références ».", file=sys.stderr)
    return 0


def _status(value: Any) -> str:
    from ..domain.enums import label

    return label(value)


def _date_json(item: ComputedDate) -> dict[str, Any]:
    return {"kind": item.kind, "label": item.label_fr, "date": item.when.isoformat(),
            "article": item.article, "confidence": item.confidence, "rule_id": item.rule_id}


def outcome_json(outcome: LotOutcome) -> dict[str, Any]:
    """One recorded outcome as JSON (amounts as text, to keep their cents exact)."""
    data = outcome.model_dump(mode="json", exclude={"created_at", "updated_at"})
    data["result_fr"] = outcome.result_fr
    return data


def _show(service: Any, tender_id: int, as_json: bool) -> None:
    outcomes = service.outcomes(tender_id)
    lots = [o.lot for o in outcomes] or [None]
    views = {lot: service.after_award(tender_id, lot) for lot in lots}
    if as_json:
        print_json({
            "tender_id": tender_id,
            "outcomes": [outcome_json(o) for o in outcomes],
            "after_award": [
                {"lot": lot, "formalised": view.formalised,
                 "dates": [_date_json(d) for d in view.dates],
                 "notes": [n.model_dump() for n in view.notes]}
                for lot, view in views.items()
            ],
        })
        return
    if not outcomes:
        print("Aucun résultat enregistré : « responder outcome set ID --result … ».")
    for outcome in outcomes:
        where = f"Lot {outcome.lot}" if outcome.lot else "Consultation"
        line = f"{where} : {outcome.result_fr}"
        if outcome.notified_on:
            line += f", notifié le {date_short(outcome.notified_on)}"
        if outcome.rank:
            line += f", classé {ordinal(outcome.rank)}"
        if outcome.winner:
            line += f", attributaire : {outcome.winner}"
        print(line)
        for mark in outcome.marks:
            print(f"  {mark.criterion} : {mark.text_fr}")
        if outcome.reasons:
            print(f"  Motifs : {outcome.reasons}")
    for lot, view in views.items():
        if lot:
            print(f"Lot {lot} :")
        for item in view.dates:
            print(f"- {item.label_fr} : {item.when_fr} ({item.article})")
        for note in view.notes:
            print(f"* {note.message_fr}")


def run_report(args: argparse.Namespace, path: Path) -> int:
    """Write the Bilan report."""
    from ..services.report import ReportService

    out = out_path(args, path, ".docx")
    with workspace(path) as session:
        ReportService(session).write_report(out, args.structure, args.year)
    print(f"Bilan écrit : {out}", file=sys.stderr)
    return 0
