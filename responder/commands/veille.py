"""``responder veille …``: import BOAMP exports, list the open notices with their score,
follow one as a dossier, save filters."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.common import InvalidInput
from ..domain.enums import MarketType
from ..fr import datetime_short
from .args import check_plausible_date, date_option, positive_limit, structure_option
from .common import command, print_json, print_result, table, workspace

if TYPE_CHECKING:
    from ..domain.veille import Scored, VeilleFilters
    from . import AddWorkspace, SubParsers


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dept", action="append", default=[], metavar="DÉP",
                   help="département(s) de publication (30, ou 30,34 ; répétable)")
    p.add_argument("--cpv", action="append", default=[], metavar="CPV",
                   help="début(s) de code CPV (77, 9091 ; répétable)")
    p.add_argument("--type", choices=[m.value for m in MarketType], help="type de marché")
    p.add_argument("--within", type=positive_limit, metavar="JOURS",
                   help="date limite dans les N jours")
    p.add_argument("--reserved", action="store_true", help="marchés réservés seulement")
    p.add_argument("--social", action="store_true",
                   help="critères ou clauses sociales seulement")
    p.add_argument("--text", default="", metavar="MOTS",
                   help="mots cherchés (accents indifférents)")
    p.add_argument("--closed", action="store_true", help="inclut les avis clos ou annulés")


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``veille`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "veille", "veille des avis de marché (export BOAMP)", run)

    actions.add("import", "importe un export du BOAMP (CSV ou JSON)", file=True, json=True)

    p = actions.add("list", "avis ouverts, les plus pertinents d'abord")
    _filter_options(p)
    p.add_argument("--filter", metavar="NOM", help="part d'un filtre enregistré")
    date_option(p, "--as-of", "date du jour (défaut : aujourd'hui)")
    p.add_argument("--limit", type=positive_limit, default=50, metavar="N",
                   help="nombre maximum (50)")
    structure_option(p)
    p.add_argument("--json", action="store_true", help="sortie JSON")

    p = actions.add("follow", "crée un dossier « Veille » depuis un avis")
    p.add_argument("idweb", metavar="IDWEB")
    structure_option(p)

    p = actions.add("save-filter", "enregistre un filtre pour la structure")
    p.add_argument("name", metavar="NOM")
    _filter_options(p)
    structure_option(p)


def _as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            {"--as-of": f"« {text} » : date attendue au format AAAA-MM-JJ."}
        ) from None
    return check_plausible_date("--as-of", day)


def _filters(args: argparse.Namespace, base: VeilleFilters | None = None) -> VeilleFilters:
    from ..services.veille import VeilleService

    data: dict[str, Any] = base.model_dump() if base else {}
    if args.dept:
        data["departments"] = ",".join(args.dept)
    if args.cpv:
        data["cpv_prefixes"] = ",".join(args.cpv)
    if args.type:
        data["market_type"] = args.type
    if args.within:
        data["deadline_within_days"] = args.within
    if args.reserved:
        data["reserved_only"] = True
    if args.social:
        data["social_only"] = True
    if args.text:
        data["text"] = args.text
    if args.closed:
        data["include_closed"] = True
    try:
        return VeilleService.filters(data)
    except InvalidInput as exc:
        names = {"departments": "--dept", "cpv_prefixes": "--cpv",
                 "deadline_within_days": "--within"}
        raise InvalidInput(
            {names.get(k.split(".")[0], k): v for k, v in exc.messages.items()}
        ) from None


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``veille`` on the workspace at ``path``."""
    from ..services.structures import StructureService
    from ..services.veille import VeilleService
    command = args.veille_command
    as_of = _as_of(getattr(args, "as_of", None))
    with workspace(path, create=command == "import") as session:
        service = VeilleService(session)
        structures = StructureService(session)
        sid = structures.get(args.structure).id if getattr(args, "structure", None) \
            else structures.current().id
        assert sid is not None
        if command == "import":
            report = service.import_boamp(args.file)
            if args.json:
                print_json(report.as_dict())
            else:
                print(f"{report.read} avis lus : {report.new} nouveaux, {report.updated} mis à "
                      f"jour, {report.cancelled} annulés, {report.rejected} ligne(s) rejetée(s).")
                for reason in report.reasons:
                    print(f"Rejetée : {reason}", file=sys.stderr)
                if report.rejected > len(report.reasons):
                    print(f"… et {report.rejected - len(report.reasons)} autre(s).",
                          file=sys.stderr)
        elif command == "list":
            base = None
            if args.filter:
                saved = {f.name: f for f in service.saved_filters(sid)}
                if args.filter not in saved:
                    raise InvalidInput({"--filter": (
                        f"Aucun filtre « {args.filter} » pour cette structure"
                        + (f" (filtres : {', '.join(saved)})." if saved else ".")
                    )})
                base = saved[args.filter].filters
            found = service.notices(_filters(args, base), sid, as_of, limit=args.limit)
            print_result(args.json, found, _json, _print, each=True)
        elif command == "follow":
            tender = service.follow(args.idweb, sid)
            print(tender.id)
        elif command == "save-filter":
            saved_filter = service.save_filter(sid, args.name, _filters(args))
            print(f"Filtre « {saved_filter.name} » enregistré.")
    return 0


def _json(s: Scored) -> dict[str, Any]:
    n = s.notice
    return {
        "idweb": n.idweb,
        "title": n.title,
        "deadline": n.deadline.isoformat() if n.deadline else None,
        "buyer": n.buyer,
        "buyer_siret": n.buyer_siret,
        "cpv": list(n.cpv),
        "departments": list(n.departments),
        "market_types": [m.lower() for m in n.market_types],
        "reserved": list(n.reserved),
        "social": n.social,
        "procedure": n.procedure_label,
        "url": n.url,
        "new": n.is_new,
        "cancelled": n.cancelled,
        "dossier": n.tender_id,
        "score": s.score,
        "reason": s.reason,
    }


def _row(s: Scored) -> str:
    n = s.notice
    when = datetime_short(n.deadline) if n.deadline else "—"
    flags = (" [réservé]" if n.reserved else "") + (" [social]" if n.social else "")
    return (f"{s.score:>5}  {n.idweb:<10}  {when:<16}  {','.join(n.departments):<6}  "
            f"{n.title[:70]}{flags}\n{'':>7}{n.buyer} — {s.reason}")


_print = table("Aucun avis ouvert ne correspond.",
               f"{'Score':>5}  {'Avis':<10}  {'Date limite':<16}  {'Dép.':<6}  Objet", _row)
