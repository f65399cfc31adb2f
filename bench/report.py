"""Bilan report benchmark: 200 dossiers over 3 years, two structures, outcomes with marks.

Builds a throw-away workspace (the demo structure plus a second one, 200 dossiers from 2024 to
2026 with their outcomes: results, ranks, marks per criterion, winners, stated reasons), then
prints the median time of:
- ``ReportService.bilan`` (read every dossier and outcome, compute the figures);
- ``ReportService.write_report`` (the figures, six PNG charts drawn in pure Python, the
  .docx written atomically) — target <= 2 s.
Run with `python bench/report.py [--runs N] [--keep DIR]` (``--keep`` leaves the workspace and
the report in DIR, e.g. to take the screenshots of docs/).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from responder.domain.outcome import LotOutcome, Mark, OutcomeResult  # noqa: E402
from responder.domain.structure import Structure  # noqa: E402
from responder.domain.tender import Tender  # noqa: E402
from responder.services.demo import fill_demo  # noqa: E402
from responder.services.report import ReportService  # noqa: E402
from responder.services.workspace import Session, open_session  # noqa: E402
from responder.storage.outcomes import OutcomeRepository  # noqa: E402

TODAY = date(2026, 11, 30)
BUYERS = (
    "Alès Agglomération", "Département du Gard", "Ville de Nîmes", "Région Occitanie",
    "CHU de Nîmes", "Habitat du Gard", "Commune de Saint-Christol-lez-Alès",
    "Syndicat mixte des Cévennes", "Ville d'Uzès", "Communauté de communes du Piémont cévenol",
)
OBJECTS = (
    "Entretien des espaces verts", "Collecte et réemploi des encombrants",
    "Nettoyage des locaux", "Débarras et valorisation de mobilier", "Blanchisserie",
    "Rénovation de logements (second œuvre)", "Conditionnement et mise sous pli",
)
CRITERIA = (("Valeur technique", 20), ("Prix", 20), ("Insertion", 10), ("Environnement", 10))
REASONS = (
    "Prix plus élevé que l'offre retenue.",
    "Méthodologie moins détaillée ; moyens humains insuffisamment décrits.",
    "Offre retenue mieux classée sur le prix et la valeur technique.",
    "Références moins proches de l'objet du marché.",
    "Performance en matière d'insertion moins ambitieuse.",
    "Offre incomplète : planning manquant.",
    "Délais d'intervention plus longs.",
)
WINNERS = ("Vert Horizon SAS", "Propreté Méditerranée", "Régie de quartier Nord",
           "EA Les Ateliers du Gardon", "Groupe Environnement Sud")


def populate(session: Session, count: int = 200, seed: int = 16) -> None:
    """Add ``count`` dossiers from 2024 to 2026 with outcomes to the session's workspace."""
    rng = random.Random(seed)
    first = fill_demo(session, TODAY)
    second = session.structures.add(Structure(name="ESAT Les Mûriers", siret=None))
    structures = [first.id, second.id]
    outcomes = OutcomeRepository(session.ws)
    start = datetime(2024, 1, 8, 12)
    span = (datetime(2026, 12, 20, 12) - start).days
    for i in range(count):
        deadline = start + timedelta(days=rng.randrange(span))
        sid = structures[0] if rng.random() < 0.7 else structures[1]
        roll = rng.random()
        past = deadline.date() < TODAY
        if not past:
            status, result = "en_preparation", None
        elif roll < 0.3:
            status, result = "gagne", OutcomeResult.GAGNE
        elif roll < 0.75:
            status, result = "perdu", OutcomeResult.PERDU
        elif roll < 0.82:
            status, result = "infructueux", OutcomeResult.INFRUCTUEUX
        elif roll < 0.92:
            status, result = "abandonne", None
        else:
            status, result = "en_preparation", None  # never deposited: « non déposé »
        tender = session.tenders.add(Tender(
            structure_id=sid, title=f"{rng.choice(OBJECTS)} — {i + 1}",
            buyer=rng.choice(BUYERS), procedure=rng.choice(["mapa", "mapa", "aoo"]),
            market_type=rng.choice(["services", "services", "fournitures", "travaux"]),
            deadline=deadline, status=status,
        ))
        if result is None:
            continue
        assert tender.id is not None
        marks = []
        for name, scale in CRITERIA[: rng.randrange(2, 5)]:
            ours = Decimal(rng.randrange(scale * 45, scale * 95)) / 100
            winner = Decimal(rng.randrange(int(ours * 100), scale * 100 + 1)) / 100
            marks.append(Mark(criterion=name, ours=ours.quantize(Decimal("0.1")),
                              winner=None if result == OutcomeResult.GAGNE else
                              winner.quantize(Decimal("0.1")), out_of=Decimal(scale)))
        lost = result == OutcomeResult.PERDU
        outcomes.add(LotOutcome(
            tender_id=tender.id, structure_id=sid, result=result,
            notified_on=deadline.date() + timedelta(days=rng.randrange(20, 60)),
            rank=rng.randrange(2, 6) if lost else (1 if result == OutcomeResult.GAGNE else None),
            winner=rng.choice(WINNERS) if lost else "",
            winner_amount=Decimal(rng.randrange(20_000, 400_000)) if lost else None,
            our_amount=Decimal(rng.randrange(20_000, 400_000)),
            marks=marks if result != OutcomeResult.INFRUCTUEUX else [],
            reasons=" ".join(rng.sample(REASONS, 2)) if lost else "",
        ))


def _median(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="leave the workspace and report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        session = open_session(folder / "bilan-bench.responder")
        populate(session)
        service = ReportService(session)
        out = folder / "bilan.docx"
        bilan_s = _median(args.runs, lambda: service.bilan(today=TODAY))
        report_s = _median(args.runs, lambda: service.write_report(out, today=TODAY))
        dossiers = service.bilan(today=TODAY).dossiers
        session.close()
    print(f"dossiers: {dossiers}")
    print(f"bilan (figures), median of {args.runs}: {bilan_s * 1000:.0f} ms")
    print(f"report (.docx with 6 charts), median of {args.runs}: {report_s * 1000:.0f} ms "
          f"(target <= 2000 ms)")


if __name__ == "__main__":
    main()
