"""``responder gonogo ID``: should the structure answer? Blocking checks, scored grid,
recommendation; ``--decide`` records the decision (who, when, why)."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import InvalidInput
from ..fr import datetime_short
from .common import action, print_result, workspace

if TYPE_CHECKING:
    from ..domain.gonogo import Assessment, Score
    from . import AddWorkspace, SubParsers


def register(sub: SubParsers, workspace_arg: AddWorkspace) -> None:
    """Add ``gonogo`` to the command line."""
    p = action(sub, workspace_arg, "gonogo",
               "y aller ou non : points bloquants, grille notée, recommandation",
               tender=True, json=True)
    p.add_argument("--ca-minimum", metavar="MONTANT",
                   help="chiffre d'affaires annuel minimum exigé par le RC (€ HT ; « aucun » "
                   "pour l'effacer)")
    p.add_argument("--effort", action="append", default=[], metavar="ÉTAPE=JOURS",
                   help="jours ouvrés que la structure consacre à une étape (lecture, pieces, "
                   "memoire, prix, relecture, depot) ; répétable")
    p.add_argument("--decide", choices=["go", "no_go"], help="enregistre la décision")
    p.add_argument("--by", default="", metavar="NOM", help="qui décide (avec --decide)")
    p.add_argument("--why", default="", metavar="RAISON", help="pourquoi (avec --decide)")
    p.set_defaults(handler=run)


def _amount(text: str) -> Decimal | None:
    if text.strip().lower() in {"aucun", "none", ""}:
        return None
    try:
        return Decimal(text.replace("\u202f", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise InvalidInput({"--ca-minimum": f"« {text} » n'est pas un montant : écrivez par "
                            "exemple 150000 ou 150000,50."}) from None


def _efforts(items: list[str]) -> dict[str, int]:
    days: dict[str, int] = {}
    for item in items:
        key, _, value = item.partition("=")
        if not value.strip().isdigit():
            raise InvalidInput({"--effort": f"« {item} » : écrivez ÉTAPE=JOURS, par exemple "
                                "memoire=5."})
        days[key.strip()] = int(value)
    return days


def run(args: argparse.Namespace, path: Path) -> int:
    """Assess the dossier (and record what was asked) on the workspace at ``path``."""
    from ..services.gonogo import GoNoGoService, assessment_json

    with workspace(path) as session:
        service = GoNoGoService(session)
        if args.effort:
            tender = service.tender(args.id)
            if tender.structure_id is not None:
                service.set_effort(tender.structure_id, _efforts(args.effort))
        if args.ca_minimum is not None:
            service.set_min_turnover(args.id, _amount(args.ca_minimum))
        if args.decide:
            service.decide(args.id, args.decide, args.by, args.why)
        assessment = service.assess(args.id)
    print_result(args.json, assessment, assessment_json, _print)
    return 0


def _print(a: Assessment) -> None:
    print(f"Go / no-go — {a.title}")
    left = "inconnu" if a.working_days_left is None else str(a.working_days_left)
    print(f"Jours ouvrés restants : {left} ; effort prévu : {a.effort_days} jours ouvrés")
    print(f"Points bloquants : {len(a.blocking) or 'aucun'}")
    for sign, checks in (("✖", a.blocking), ("⚠", a.warnings)):
        for check in checks:
            article = f" [{check.article}]" if check.article else ""
            print(f"  {sign} {check.code} — {check.title}{article} : {check.detail}")
    print(f"Grille : {a.score} / 100")
    for score in a.grid:
        print(_grid_line(score))
    print(f"Recommandation : {a.recommendation_fr}")
    for reason in a.reasons:
        print(f"  · {reason}")
    if a.decision and a.decision.decision:
        when = datetime_short(a.decision.decided_at) if a.decision.decided_at else ""
        print(f"Décision : {a.decision.decision.value} par {a.decision.decided_by}, {when} — "
              f"{a.decision.reasons}")


def _grid_line(score: Score) -> str:
    return f"  {score.points:>2} / {score.max_points:<2} {score.label} — {score.reason}"
