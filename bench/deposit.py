"""Deposit pack benchmark: a dossier of 40 pieces and a mémoire of about 30 pages.

Builds a throw-away workspace: one structure, one tender (no lots, page limit 40), every
piece due at the deposit with its own attached file (realistic sizes, 0.3 to 2 Mo each),
custom pieces up to 40, and a mémoire whose sections are filled until it renders to about
30 pages. Then prints the median of 5 runs of ``DepositService.check`` and of
``DepositService.pack`` — the check, the mémoire rendered fresh, its pages counted, every
file copied, hashed and listed in LISEZ-MOI.txt — once after a check (the page count of the
same mémoire is kept) and once never checked (a LibreOffice conversion in every run).
Target: pack ≤ 3 s.
Run with ``python bench/deposit.py [--no-libreoffice]`` (about a minute); the option measures
as on a machine without LibreOffice (pages then « non compté »).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from responder.documents import page_count  # noqa: E402
from responder.documents.page_count import count_pages, soffice_path  # noqa: E402
from responder.domain.deposit_check import due_at_deposit  # noqa: E402
from responder.domain.structure import Structure  # noqa: E402
from responder.services.checklist import ChecklistService  # noqa: E402
from responder.services.deposit import DepositService  # noqa: E402
from responder.services.memoire import MemoireService  # noqa: E402
from responder.services.tenders import TenderService  # noqa: E402
from responder.services.workspace import Session, open_session  # noqa: E402

SEED = 20261206
PIECES = 40
RUNS = 5
PARAGRAPH = (
    "Notre équipe de {n} salariés en parcours d'insertion, encadrée par deux encadrants "
    "techniques et une accompagnatrice socio-professionnelle, assure la collecte préservante, "
    "le tri et la valorisation des objets ; chaque semaine un point d'étape avec la "
    "collectivité suit les tonnages, le taux de réemploi et les sorties vers l'emploi, et les "
    "objets non réemployables sont orientés vers les filières de recyclage agréées."
)


def build(folder: Path, paragraphs: int) -> tuple[Session, int]:
    """The workspace: 40 pieces with files, a mémoire of ``paragraphs`` per section."""
    rng = random.Random(SEED)
    session = open_session(folder / "bench.responder")
    structure = session.structures.add(
        Structure(name="Ressourcerie du Pont-Vieux", siret="732 829 320 00074")
    )
    deadline = date.today() + timedelta(days=30)
    tender = TenderService(session).save({
        "title": "Collecte et valorisation des encombrants", "reference": "2026-BENCH-40",
        "buyer": "Communauté d'agglomération", "deadline": f"{deadline}T12:00:00",
        "page_limit": 40, "status": "en_preparation",
        "criteria": [
            {"name": "Méthodologie", "weight": 30}, {"name": "Moyens humains", "weight": 20},
            {"name": "Insertion", "weight": 10}, {"name": "Prix", "weight": 40},
        ],
    }, structure.id)
    assert tender.id is not None
    checklists = ChecklistService(session)
    checklists.set_requested(tender.id, ["certificats_capacite", "planning",
                                         "declaration_honneur"])
    due = [r.item for r in checklists.view(tender.id).rows
           if r.item.counted and due_at_deposit(r.item)]
    for n in range(PIECES - len(due)):
        checklists.add_custom(tender.id, f"Annexe technique {n + 1}",
                              "offre" if n % 2 else "candidature")
    due = [r.item for r in checklists.view(tender.id).rows
           if r.item.counted and due_at_deposit(r.item)]
    assert len(due) == PIECES, len(due)
    sources = folder / "sources"
    sources.mkdir()
    for index, item in enumerate(due):
        if item.key == "memoire_technique":
            continue  # generated fresh from the mémoire below
        path = sources / f"piece-{index:02d}.pdf"
        path.write_bytes(b"%PDF-1.4\n" + rng.randbytes(rng.randint(300_000, 2_000_000)))
        checklists.attach_file(tender.id, item.uid, path)
    memoires = MemoireService(session)
    memoire = memoires.outline(tender.id)
    for n, section in enumerate(memoire.sections):
        section.text = "\n".join(PARAGRAPH.format(n=n + k) for k in range(paragraphs))
    memoires.save(memoire)
    return session, tender.id


def _median(action: object, runs: int = RUNS) -> tuple[float, list[float]]:
    times: list[float] = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    if "--no-libreoffice" in sys.argv[1:]:
        import responder.services.deposit.checks as deposit_checks

        deposit_checks.soffice_path = lambda: None  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="responder-bench-") as tmp:
        folder = Path(tmp)
        session, tender_id = build(folder, paragraphs=92)
        service = DepositService(session)
        probe = folder / "probe.docx"
        MemoireService(session).render(tender_id, probe)
        counted = count_pages(probe, trust_properties=False)
        print(f"mémoire : {counted.pages or '?'} pages ({counted.method_fr}) ; "
              f"LibreOffice : {'oui' if soffice_path() else 'non'}")
        check_median, check_times = _median(lambda _run: service.check(tender_id))
        result = service.check(tender_id)
        print(f"check : {len(result.files)} fichiers, {len(result.blocking)} bloquant(s)")

        def pack(run: int) -> None:
            packed = service.pack(tender_id, folder / f"pli-{run}")
            assert len(packed.files) == PIECES + 1  # the pieces and the bordereau

        def cold_pack(run: int) -> None:
            # As if never checked: no page count kept in memory nor on disk.
            page_count._COUNTS.clear()
            page_count._cache_file = lambda: folder / f"counts-{run}.json"  # type: ignore[assignment]
            packed = service.pack(tender_id, folder / f"pli-froid-{run}")
            assert len(packed.files) == PIECES + 1

        cold_median, cold_times = _median(cold_pack)
        service.check(tender_id)  # what the user does first: the count is kept
        pack_median, pack_times = _median(pack)
        total = sum(size for _path, size, _digest in
                    service.pack(tender_id, folder / "pli-last").files)
        print(f"pli : {PIECES + 1} fichiers, {total / 1_048_576:.1f} Mo")
        print(f"check  median {check_median:.2f} s  (runs: "
              + ", ".join(f"{t:.2f}" for t in check_times) + ")")
        print(f"pack after the check  median {pack_median:.2f} s  (runs: "
              + ", ".join(f"{t:.2f}" for t in pack_times) + ")  target ≤ 3 s")
        print(f"pack never checked    median {cold_median:.2f} s  (runs: "
              + ", ".join(f"{t:.2f}" for t in cold_times) + ")")
        session.close()


if __name__ == "__main__":
    main()
