"""``responder decp …``: import the consolidated DECP CSV, the structure's own contracts,
buyer files and the re-tender radar."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .args import date_option, positive_limit, structure_option
from .common import command, each_line, print_json, print_result, workspace

if TYPE_CHECKING:
    from datetime import date

    from ..domain.decp import BuyerFile, Renewal
    from ..services.decp import DecpService
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``decp`` and its actions to the command line."""
    actions = command(sub, workspace_arg, "decp",
                      "marchés attribués (données essentielles, DECP)", run)

    p = actions.add("import", "importe le CSV consolidé et liste vos marchés", file="FICHIER.csv")
    p.add_argument("--siret", metavar="SIRET", help="votre SIRET (défaut : celui de la structure)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    structure_option(p)

    p = actions.add("buyers", "acheteurs des marchés importés")
    p.add_argument("--text", default="", metavar="NOM", help="partie du nom de l'acheteur")
    p.add_argument("--limit", type=positive_limit, default=50, metavar="N")
    p.add_argument("--json", action="store_true", help="sortie JSON")

    p = actions.add("buyer", "fiche d'un acheteur (par SIRET)")
    p.add_argument("siret", metavar="SIRET")
    p.add_argument("--json", action="store_true", help="sortie JSON")

    p = actions.add("renewals", "marchés qui se terminent bientôt (à préparer)")
    p.add_argument("--months", type=positive_limit, default=12, metavar="N",
                   help="se terminent dans les N mois (12)")
    date_option(p, "--as-of", "date du jour (défaut : aujourd'hui)")
    p.add_argument("--dept", action="append", default=[], metavar="DÉP",
                   help="département(s) d'exécution (défaut : celui de la structure)")
    p.add_argument("--cpv", action="append", default=[], metavar="CPV",
                   help="début(s) de code CPV (défaut : ceux de vos références)")
    p.add_argument("--all", action="store_true", help="tous territoires et CPV")
    structure_option(p)
    p.add_argument("--json", action="store_true", help="sortie JSON")

    p = actions.add("reference", "crée ou complète une référence depuis un de vos marchés")
    p.add_argument("uid", metavar="UID")
    p.add_argument("--siret", metavar="SIRET", help="votre SIRET (défaut : celui de la structure)")
    structure_option(p)


def run(args: argparse.Namespace, path: Path) -> int:
    """Carry out ``decp`` on the workspace at ``path``."""
    from ..domain.common import InvalidInput
    from ..services.decp import DecpService, check_siret
    from ..services.structures import StructureService
    from .veille import _as_of

    command = args.decp_command
    as_of = _as_of(getattr(args, "as_of", None))
    if getattr(args, "siret", None):
        args.siret = check_siret(args.siret)
    with workspace(path, create=command == "import") as session:
        service = DecpService(session)
        structures = StructureService(session)
        structure = structures.get(args.structure) if getattr(args, "structure", None) \
            else structures.current()
        assert structure.id is not None
        siret = getattr(args, "siret", None) or structure.siret
        if command in ("import", "reference") and not siret:
            raise InvalidInput({"--siret": (
                "Indiquez votre SIRET (--siret) ou renseignez-le dans « Ma structure »."
            )})
        if command == "import":
            assert siret is not None
            _import(service, args, siret)
        elif command == "buyers":
            _buyers(service, args)
        elif command == "buyer":
            file = service.buyer_file(check_siret(args.siret))
            print_result(args.json, file, _buyer, _print_buyer)
        elif command == "renewals":
            _renewals(service, args, structure.id, as_of)
        elif command == "reference":
            assert siret is not None
            ref = service.reference_from_contract(siret, args.uid, structure.id)
            print(ref.id)
    return 0


def _import(service: DecpService, args: argparse.Namespace, siret: str) -> None:
    report = service.import_file(args.file, siret)
    if args.json:
        print_json({**report.as_dict(), "own": [_contract(c) for c in report.own]})
        return
    print(f"{report.read} lignes lues, {report.contracts} marchés enregistrés, "
          f"{report.rejected} ligne(s) rejetée(s).")
    for reason in report.reasons:
        print(f"Rejetée : {reason}")
    print(f"{len(report.own)} marché(s) de {siret} :")
    for c in report.own:
        group = " (groupement)" if c["members"] > 1 else ""
        print(f"  {c['uid']}  {c['first_notified'] or '—'}  {c['title']}{group}"
              f" — {c['buyer_name']}")


def _buyers(service: DecpService, args: argparse.Namespace) -> None:
    found = service.buyers(args.text, args.limit)
    print_result(args.json, found, lambda b: {"siret": b[0], "name": b[1], "contracts": b[2]},
                 each_line(lambda b: f"{b[0]}  {b[2]:>6} marché(s)  {b[1]}",
                           "Aucun acheteur trouvé."), each=True)


def _renewals(service: DecpService, args: argparse.Namespace, structure_id: int,
              as_of: date) -> None:
    from pydantic import ValidationError

    from ..domain.common import InvalidInput, french_errors
    from ..domain.veille import VeilleFilters

    depts, cpvs = ([], []) if args.all else service.default_scope(structure_id)
    try:
        checked = VeilleFilters.model_validate({
            "departments": ",".join(args.dept) if args.dept else depts,
            "cpv_prefixes": ",".join(args.cpv) if args.cpv else cpvs,
        })
    except ValidationError as exc:
        names = {"departments": "--dept", "cpv_prefixes": "--cpv"}
        raise InvalidInput({names.get(k.split(".")[0], k): v
                            for k, v in french_errors(exc).items()}) from None
    found = service.renewals(args.months, as_of, checked.departments, checked.cpv_prefixes)
    print_result(args.json, found, _renewal, each_line(
        lambda r: f"{r.end_date.isoformat()}  {r.uid}  {r.title[:60]} — {r.buyer_name}",
        "Aucun marché ne se termine dans cette période sur ce territoire."), each=True)


def _contract(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "uid": c["uid"], "title": c["title"], "buyer": c["buyer_name"],
        "buyer_siret": c["buyer_siret"], "amount": c["amount"],
        "amount_suspect": bool(c["amount_suspect"]), "cpv": c["cpv"],
        "first_notified": c["first_notified"], "end_date": c["end_date"],
        "groupement": c["members"] > 1 or bool(c["groupement"]), "members": c["members"],
    }


def _renewal(r: Renewal) -> dict[str, Any]:
    return {
        "uid": r.uid, "title": r.title, "buyer": r.buyer_name, "buyer_siret": r.buyer_siret,
        "winners": list(r.winners), "cpv": r.cpv, "department": r.department,
        "amount": float(r.amount) if r.amount is not None else None,
        "amount_suspect": r.amount_suspect, "first_notified": r.first_notified.isoformat(),
        "duration_months": r.duration_months, "end_date": r.end_date.isoformat(),
    }


def _buyer(b: BuyerFile) -> dict[str, Any]:
    return {
        "siret": b.siret, "name": b.name, "contracts": b.contracts,
        "social_share": round(b.social_share, 3), "groupements": b.groupements,
        "frameworks": b.frameworks,
        "years": [{"year": y.year, "contracts": y.contracts, "amount": float(y.amount),
                   "suspect_amounts": y.suspect_amounts, "social": y.social} for y in b.years],
        "top_cpv": [{"cpv": c, "contracts": n} for c, n in b.top_cpv],
        "ess_winners": [{"name": w, "contracts": n} for w, n in b.ess_winners],
    }


def _print_buyer(b: BuyerFile) -> None:
    print(f"{b.name} ({b.siret}) : {b.contracts} marché(s), {round(b.social_share * 100)} % "
          f"avec considérations sociales, {b.groupements} en groupement.")
    for y in b.years:
        suspect = f" (+{y.suspect_amounts} montant(s) fictif(s) écarté(s))" \
            if y.suspect_amounts else ""
        print(f"  {y.year or '—'} : {y.contracts} marché(s), {y.amount:,.0f} € HT{suspect}"
              .replace(",", "\u202f"))
    if b.ess_winners:
        print("  Titulaires ESS ou insertion (d'après leur nom) : "
              + ", ".join(f"{w} ({n})" for w, n in b.ess_winners))
