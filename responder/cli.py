"""``responder``: no argument opens the window; subcommands run the same services headless.

Exit codes: 0 success, 1 invalid input or unusable workspace (French message on stderr naming
the field and the fix), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .domain.common import InvalidInput
from .domain.enums import label
from .domain.tender import Tender
from .storage.db import WorkspaceError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _workspace_arg(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Sub-commands must not reset a --workspace given before them: SUPPRESS keeps it.
    parser.add_argument(
        "--workspace",
        metavar="CHEMIN",
        default=None if top else argparse.SUPPRESS,
        help="fichier de l'espace de travail (défaut : $RESPONDER_WORKSPACE, sinon le dossier "
        "de données de l'utilisateur)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (French help)."""
    parser = argparse.ArgumentParser(
        prog="responder",
        description="Responder — répondre aux marchés publics, hors ligne. Sans commande, "
        "ouvre la fenêtre.",
    )
    parser.add_argument("--version", action="version", version=f"responder {__version__}")
    _workspace_arg(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")

    p = sub.add_parser("self-test", help="vérifie l'installation (bibliothèques, modèles…)")
    _workspace_arg(p)
    p.add_argument("--gui", action="store_true", help="vérifie aussi l'affichage Qt (hors écran)")

    p = sub.add_parser("demo", help="crée l'espace de travail de démonstration")
    _workspace_arg(p)

    tender = sub.add_parser("tender", help="consultations (dossiers de réponse)")
    tsub = tender.add_subparsers(dest="tender_command", metavar="ACTION", required=True)
    p = tsub.add_parser("list", help="liste les consultations")
    _workspace_arg(p)
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p = tsub.add_parser("show", help="affiche une consultation")
    _workspace_arg(p)
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p = tsub.add_parser("export", help="exporte une consultation en JSON")
    _workspace_arg(p)
    p.add_argument("id", type=int)
    p.add_argument("--out", required=True, metavar="FICHIER.json", type=Path)
    p = tsub.add_parser("import", help="importe une consultation JSON et affiche son numéro")
    _workspace_arg(p)
    p.add_argument("file", metavar="FICHIER.json", type=Path)
    p.add_argument("--structure", type=int, metavar="ID", help="structure qui répond")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``responder`` command."""
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _gui(args)
        if args.command == "self-test":
            return _self_test(args)
        if args.command == "demo":
            return _demo(args)
        return _tender(args)
    except InvalidInput as exc:
        for field, message in exc.messages.items():
            print(f"Erreur : {field} : {message}" if field else f"Erreur : {message}",
                  file=sys.stderr)
        return EXIT_INVALID
    except WorkspaceError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_INVALID


def _path(args: argparse.Namespace) -> Path:
    from .services.workspace import resolve_workspace_path

    return resolve_workspace_path(getattr(args, "workspace", None))


def _gui(args: argparse.Namespace) -> int:
    from .services.demo import ensure_workspace

    path = _path(args)
    ensure_workspace(path)
    from .app import run_gui

    return int(run_gui(path))


def _self_test(args: argparse.Namespace) -> int:
    from .services.selftest import run_self_test

    results = run_self_test()
    if args.gui:
        from .app import gui_self_check

        results.append(gui_self_check())
    for name, ok, detail in results:
        print(f"[{'ok' if ok else 'ÉCHEC'}] {name} : {detail}")
    failed = [name for name, ok, _ in results if not ok]
    if failed:
        print(f"Auto-test en échec : {', '.join(failed)}.", file=sys.stderr)
        return EXIT_INVALID
    print("Auto-test réussi.")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from .services.demo import create_demo

    path = _path(args)
    session = create_demo(path)
    try:
        from .services.tenders import TenderService

        count = len(TenderService(session).list())
    finally:
        session.close()
    print(f"Espace de démonstration créé : {path} ({count} consultations).")
    return EXIT_OK


def _tender(args: argparse.Namespace) -> int:
    from .services.structures import StructureService
    from .services.tenders import TenderService
    from .services.workspace import open_session

    create = args.tender_command == "import"
    session = open_session(_path(args), create=create)
    try:
        service = TenderService(session)
        if args.tender_command == "list":
            tenders = service.list()
            if args.json:
                print(json.dumps([_json(t) for t in tenders], ensure_ascii=False, indent=2))
            else:
                _print_table(tenders)
        elif args.tender_command == "show":
            tender = service.get(args.id)
            if args.json:
                print(json.dumps(_json(tender), ensure_ascii=False, indent=2))
            else:
                _print_tender(tender)
        elif args.tender_command == "export":
            out = service.export_json(args.id, args.out)
            print(f"Consultation {args.id} exportée : {out}", file=sys.stderr)
        elif args.tender_command == "import":
            structures = StructureService(session)
            sid = args.structure if args.structure is not None else structures.current().id
            if args.structure is not None:
                structures.get(args.structure)
            assert sid is not None
            tender = service.import_json(args.file, sid)
            print(tender.id)
    finally:
        session.close()
    return EXIT_OK


def _json(tender: Tender) -> dict[str, object]:
    data: dict[str, object] = json.loads(tender.model_dump_json())
    return data


def _deadline(tender: Tender) -> str:
    return tender.deadline.strftime("%d/%m/%Y %H:%M") if tender.deadline else "—"


def _print_table(tenders: list[Tender]) -> None:
    if not tenders:
        print("Aucune consultation.")
        return
    print(f"{'N°':>4}  {'Date limite':<16}  {'Statut':<15}  Objet")
    for t in tenders:
        print(f"{t.id:>4}  {_deadline(t):<16}  {label(t.status):<15}  {t.title}")


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
    for name, value in rows:
        print(f"{name:<15} {value}")
    for lot in t.lots:
        reserved = f" — {label(lot.reserved)}" if lot.reserved else ""
        print(f"Lot {lot.number:<11} {lot.title}{reserved}")
    for c in t.criteria:
        print(f"Critère         {c.name} : {c.weight}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
