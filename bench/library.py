"""Library search benchmark: 10,000 references and 2,000 text blocks, searched as typed.

Builds a throw-away workspace from French word lists (fixed seed), then prints medians and
95th percentiles of:
- reference search over 200 prefixes typed letter by letter (target p95 <= 30 ms), with FTS5
  and with the LIKE fallback;
- text-block search over the same prefixes;
- suggestions for a tender (target <= 100 ms);
- the process memory (RSS);
- how the search grows: the raw FTS5 query and ours over 1,000 / 10,000 / 100,000
  references (50 of the typed prefixes; the 100,000 are the 10,000 copied ten times in SQL,
  same words, ten times the matches), drawn in ``docs/performance-search.png``.
Run with `python bench/library.py [--references N] [--blocks N] [--no-scale]` (under two
minutes).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from responder.domain.library import PURCHASE_FAMILIES, Reference, TextBlock  # noqa: E402
from responder.domain.structure import Structure  # noqa: E402
from responder.services.library import LibraryService  # noqa: E402
from responder.services.tenders import TenderService  # noqa: E402
from responder.services.workspace import Session, open_session  # noqa: E402
from responder.storage.search import (  # noqa: E402
    _WEIGHTS,
    REFERENCES_FTS,
    fts_query,
    search_index,
    use_like_search,
)

SEED = 20261129
#: Library sizes of the scale curve, and how many typed prefixes each is searched with.
SCALE = (1_000, 10_000, 100_000)
SCALE_PREFIXES = 50
CHART = ROOT / "docs" / "performance-search.png"
#: The floor: the raw FTS5 query (same MATCH expression, same BM25 weights, 50 best ids).
RAW_SQL = (f"SELECT rowid, bm25({REFERENCES_FTS}, {_WEIGHTS}) AS score "
           f"FROM {REFERENCES_FTS} WHERE {REFERENCES_FTS} MATCH ? "
           "ORDER BY score LIMIT 50")

OBJECTS: dict[str, list[str]] = {
    "espaces verts": ["entretien des espaces verts", "débroussaillement des talus",
                      "tonte des stades", "taille des haies", "élagage des platanes",
                      "fauchage raisonné", "entretien des sentiers", "désherbage alternatif"],
    "propreté": ["nettoyage des locaux", "ramassage des dépôts sauvages",
                 "nettoyage des vitres", "entretien ménager", "propreté des abords"],
    "restauration": ["restauration collective", "préparation de repas", "portage de repas",
                     "service de cantine", "plateaux repas"],
    "réemploi / recyclerie": ["valorisation par le réemploi", "collecte des encombrants",
                              "recyclerie éphémère", "tri des objets en déchèterie",
                              "réemploi du mobilier", "ressourcerie"],
    "second œuvre": ["peinture des logements", "rénovation des cages d'escalier",
                     "déconstruction sélective", "pose de cloisons", "petits travaux de plâtrerie"],
    "blanchisserie": ["blanchisserie hospitalière", "lavage du linge plat",
                      "entretien des vêtements de travail"],
    "conditionnement": ["mise sous pli", "conditionnement de kits", "routage de courriers",
                        "ensachage de produits"],
    "logistique": ["déménagement de services", "livraison de mobilier", "manutention",
                   "stockage d'archives", "débarras de locaux"],
    "événementiel": ["montage de manifestations", "accueil du public du festival",
                     "gestion des déchets d'un salon"],
    "numérique": ["reconditionnement d'ordinateurs", "numérisation d'archives",
                  "saisie de données"],
    "accompagnement social": ["accompagnement socioprofessionnel", "parcours d'insertion",
                              "médiation sociale", "accompagnement des bénéficiaires du RSA"],
    "sensibilisation": ["ateliers de sensibilisation", "animations de prévention des déchets",
                        "sensibilisation au compostage"],
}
CPV = {
    "espaces verts": "77310000-6", "propreté": "90910000-9", "restauration": "55520000-1",
    "réemploi / recyclerie": "90514000-3", "second œuvre": "45442100-8",
    "blanchisserie": "98310000-9", "conditionnement": "79823000-9", "logistique": "98392000-7",
    "événementiel": "79952000-2", "numérique": "72000000-5",
    "accompagnement social": "85312320-8", "sensibilisation": "80500000-9",
}
PLACES = ["Alès", "Nîmes", "Uzès", "Bagnols-sur-Cèze", "Saint-Christol-lès-Alès", "Le Vigan",
          "Beaucaire", "Vauvert", "Sommières", "La Grand-Combe", "Anduze", "Pont-Saint-Esprit",
          "Villeneuve-lès-Avignon", "Saint-Gilles", "Aigues-Mortes", "Quissac"]
BUYERS = [("Commune de {}", "commune"), ("Communauté d'agglomération de {}", "intercommunalite"),
          ("Département du Gard", "departement"), ("Région Occitanie", "region"),
          ("Centre hospitalier de {}", "hopital"), ("Office public de l'habitat de {}",
                                                     "bailleur_social"),
          ("Association Cœur de {}", "association"), ("Préfecture du Gard", "etat")]
PLACES_OF_WORK = ["des écoles", "des résidences", "du centre-ville", "des quartiers prioritaires",
                  "des collèges", "du patrimoine communal", "des zones d'activités",
                  "des parcs et jardins", "de l'hôpital", "des déchèteries"]
SENTENCES = [
    "L'équipe de {n} salariés en parcours d'insertion est encadrée par un encadrant technique.",
    "Les interventions ont lieu {freq} selon un planning validé avec l'acheteur.",
    "Un compte rendu mensuel présente les tonnages, les heures réalisées et les incidents.",
    "Le matériel est fourni par la structure : véhicules, outillage et équipements de protection.",
    "La prestation intègre une clause sociale d'insertion de {h} heures par an.",
    "Les déchets verts sont valorisés sur une plateforme de compostage locale.",
    "Une attention particulière est portée à la sécurité des usagers et des agents.",
    "Les objets réemployables sont triés, nettoyés puis remis en vente à petits prix.",
    "Le suivi socioprofessionnel des salariés est assuré par une conseillère dédiée.",
    "Les produits utilisés sont écolabellisés et les dosages contrôlés.",
    "Le cœur de la mission consiste à garantir la continuité du service public.",
    "Des formations qualifiantes (CACES, habilitation, SST) sont proposées aux salariés.",
]
FREQ = ["chaque semaine", "deux fois par mois", "quotidiennement", "au printemps et à l'automne"]
BLOCK_TITLES = ["Présentation de la structure", "Méthodologie d'intervention",
                "Moyens humains et encadrement", "Moyens matériels", "Démarche qualité",
                "Sécurité des chantiers", "Engagement environnemental",
                "Accompagnement socioprofessionnel", "Compréhension du besoin",
                "Références significatives"]
CATEGORIES = ["presentation", "methodologie", "moyens_humains", "moyens_materiels", "qualite",
              "securite", "environnement", "insertion", "comprehension", "references"]
QUERIES = ["débroussaillement", "espaces verts", "nettoyage des locaux", "réemploi mobilier",
           "insertion", "coeur de ville", "déchèterie", "collecte encombrants", "blanchisserie",
           "restauration collective", "mise sous pli", "déménagement", "Nîmes", "Alès",
           "élagage platanes", "sensibilisation compostage", "salariés en parcours",
           "accompagnement socioprofessionnel", "peinture logements", "hôpital", "tonte stades",
           "numérisation archives", "sécurité des usagers", "Uzès", "clause sociale"]


def rng_date(rng: random.Random) -> tuple[date, date]:
    start = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 14 * 365))
    return start, start + timedelta(days=rng.randrange(30, 4 * 365))


def make_reference(rng: random.Random, sid: int) -> Reference:
    family = rng.choice(PURCHASE_FAMILIES)
    families = [family] + ([rng.choice(PURCHASE_FAMILIES)] if rng.random() < 0.3 else [])
    place = rng.choice(PLACES)
    buyer, kind = rng.choice(BUYERS)
    start, end = rng_date(rng)
    what = rng.choice(OBJECTS[family])
    description = " ".join(
        rng.choice(SENTENCES).format(n=rng.randint(2, 15), freq=rng.choice(FREQ),
                                     h=rng.randint(500, 9000))
        for _ in range(rng.randint(2, 5))
    )
    return Reference.model_validate({
        "structure_id": sid,
        "title": f"{what.capitalize()} {rng.choice(PLACES_OF_WORK)} de {place}",
        "buyer_name": buyer.format(place),
        "buyer_kind": kind,
        "place": place,
        "start": start,
        "end": end if rng.random() < 0.85 else None,
        "amount_ht": f"{rng.randint(3, 900) * 500}.{rng.choice(['00', '50'])}",
        "role": rng.choice(["titulaire", "titulaire", "mandataire", "cotraitant",
                            "sous_traitant"]),
        "partners": ["Jardins & Cie"] if rng.random() < 0.2 else [],
        "description": description,
        "tasks": [rng.choice(OBJECTS[family]).capitalize() for _ in range(3)],
        "team_size": rng.randint(1, 20),
        "social_impact": {"insertion_hours": rng.randint(0, 9000),
                          "people_in_pathway": rng.randint(0, 20),
                          "positive_exits": rng.randint(0, 10)},
        "environmental_impact": {"tonnes réemployées": f"{rng.randint(1, 300)} t"},
        "families": families,
        "cpv_codes": [CPV[family]],
        "buyer_contact": f"Service achats de {place}",
        "confidential": rng.random() < 0.05,
    })


def make_block(rng: random.Random, sid: int, n: int) -> TextBlock:
    paragraphs = []
    for _ in range(rng.randint(2, 5)):
        paragraphs.append(" ".join(
            rng.choice(SENTENCES).format(n=rng.randint(2, 15), freq=rng.choice(FREQ),
                                         h=rng.randint(500, 9000))
            for _ in range(rng.randint(2, 4))
        ))
    paragraphs.append("- **" + rng.choice(OBJECTS[rng.choice(PURCHASE_FAMILIES)]) + "** ;")
    return TextBlock.model_validate({
        "structure_id": sid,
        "title": f"{rng.choice(BLOCK_TITLES)} — {rng.choice(PLACES)} n° {n}",
        "body": "\n".join(paragraphs),
        "category": rng.choice(CATEGORIES),
        "last_reviewed": date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1000)),
        "review_interval_days": rng.choice([90, 180, 365]),
        "use_count": rng.randint(0, 30),
    })


def typed_prefixes(rng: random.Random, count: int) -> list[str]:
    """``count`` prefixes as a user types them: every letter of a few real queries."""
    prefixes: list[str] = []
    while len(prefixes) < count:
        query = rng.choice(QUERIES)
        prefixes.extend(query[:i] for i in range(1, len(query) + 1) if query[i - 1] != " ")
    return prefixes[:count]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MiB."""
    current = 0.0
    statm = Path("/proc/self/statm")
    if statm.exists():
        pages = int(statm.read_text().split()[1])
        current = pages * resource.getpagesize() / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if sys.platform == "darwin":
        peak /= 1024  # bytes on macOS
    return current, peak


def build(path: Path, n_refs: int, n_blocks: int) -> tuple[Session, int, list[int], float]:
    rng = random.Random(SEED)
    session = open_session(path)
    structure = session.structures.add(Structure(name="Ressourcerie du banc d'essai"))
    sid = structure.id
    assert sid is not None
    start = time.perf_counter()
    with session.ws.transaction():
        for _ in range(n_refs):
            session.references.add(make_reference(rng, sid))
        for n in range(n_blocks):
            session.text_blocks.add(make_block(rng, sid, n))
    tenders = TenderService(session)
    tender_ids = []
    for title, lots, cpv in [
        ("Entretien des espaces verts et débroussaillement des bassins de rétention",
         [("Tonte et taille des haies", "60000"), ("Élagage", "25000")], ["77310000-6"]),
        ("Valorisation par le réemploi des objets déposés en déchèteries",
         [("Collecte préservante", "78000")], ["90514000-3"]),
        ("Nettoyage des locaux municipaux et des écoles", [("Écoles", "40000")],
         ["90911200-8"]),
        ("Restauration collective des crèches", [("Repas", "120000")], ["55520000-1"]),
    ]:
        saved = tenders.save({
            "title": title, "cpv_codes": cpv,
            "lots": [{"number": i + 1, "title": t, "estimated_amount": a}
                     for i, (t, a) in enumerate(lots)],
        }, sid)
        assert saved.id is not None
        tender_ids.append(saved.id)
    return session, sid, tender_ids, time.perf_counter() - start


#: What a user types in the page's search box, letter by letter (through the real widgets).
GUI_TYPING = ["d", "dé", "déb", "débr", "débro", "débrou", "e", "en", "ent", "entr",
              "entre", "n", "ne", "net", "nett", "r", "ré", "rée", "réem", "réemp"]


def measure_gui_page_opening(session: Session) -> str:
    """Open the Références page on this workspace offscreen, then type in its search box.

    Returns the lines to print: opening time (page built, first rows drawn; median of 5),
    one search through the page (debounce excluded: search, model reset, repaint; median and
    p95 over ``GUI_TYPING``) and the process memory after it. Qt is imported here only: the
    rest of the bench is headless.
    """
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from responder.app import build_context, setup_application
    from responder.ui.pages.references_page import ReferencesPage
    from responder.ui.settings import UiSettings

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        settings = UiSettings(QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat))
        ctx = build_context(session, settings)
        opening: list[float] = []
        page = None
        for _ in range(5):
            if page is not None:
                page.close()
                page.deleteLater()
                app.processEvents()
            start = time.perf_counter()
            page = ReferencesPage(ctx)
            page.resize(1280, 800)
            page.show()
            page.table.viewport().repaint()  # the first rows are really drawn
            app.processEvents()
            opening.append((time.perf_counter() - start) * 1000)
        assert page is not None
        rows = page.model.rowCount()
        typing: list[float] = []
        for prefix in GUI_TYPING:
            start = time.perf_counter()
            page.search_edit.setText(prefix)
            page.run_search()  # what the debounce timer runs once the user pauses
            page.table.viewport().repaint()
            app.processEvents()
            typing.append((time.perf_counter() - start) * 1000)
        current, _peak = rss_mb()
        page.close()
    return (
        f"{'open Références page (10,000 refs, GUI)':<44}: median "
        f"{statistics.median(opening):7.2f} ms   max {max(opening):7.2f} ms"
        f"   (target <= 300 ms; {rows} ids fetched, rows drawn on demand)\n"
        f"{'type in the Références page (search+redraw)':<44}: median "
        f"{statistics.median(typing):7.2f} ms   p95 {p95(typing):7.2f} ms\n"
        f"memory after the GUI page: {current:.0f} MiB RSS"
    )


def multiply(path: Path, times: int) -> None:
    """Copy every reference of the workspace ``times - 1`` more times (new ids), in SQL."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        columns = ", ".join(r[1] for r in conn.execute("PRAGMA table_info(library_references)")
                            if r[1] != "id")
        with conn:
            last = conn.execute("SELECT max(id) FROM library_references").fetchone()[0]
            for k in range(1, times):
                conn.execute(f"INSERT INTO library_references(id, {columns}) "
                             f"SELECT id + ?, {columns} FROM library_references WHERE id <= ?",
                             (k * last, last))
            conn.execute(f"INSERT INTO {REFERENCES_FTS}(rowid, search_title, search_body) "
                         "SELECT id, search_title, search_body FROM library_references "
                         "WHERE id > ?", (last,))
    finally:
        conn.close()


def search_figures(path: Path, prefixes: list[str]) -> dict[str, float]:
    """Median and p95 (ms) of the raw FTS5 query and of ours, interleaved, on ``path``."""
    session = open_session(path)
    try:
        library = LibraryService(session)
        structure = session.structures.list()[0]
        filters = {"structure_id": structure.id}
        conn = session.ws.conn
        for p in prefixes[:10]:
            library.search_references(p, filters, limit=50)
        raw_ms, ours_ms = [], []
        for p in prefixes:
            raw_ms.append(timed(lambda p=p: conn.execute(RAW_SQL, (fts_query(p),)).fetchall()))
            ours_ms.append(timed(lambda p=p: library.search_references(p, filters, limit=50)))
    finally:
        session.close()
    return {"raw": statistics.median(raw_ms), "raw95": p95(raw_ms),
            "ours": statistics.median(ours_ms), "ours95": p95(ours_ms)}


def measure_scale(tmp: Path, base: Path, base_count: int) -> list[tuple[int, dict[str, float]]]:
    """Search figures for each size of ``SCALE`` (smaller: built; larger: ``base`` copied)."""
    every = typed_prefixes(random.Random(SEED), 200)
    prefixes = every[:: max(1, len(every) // SCALE_PREFIXES)][:SCALE_PREFIXES]
    found = []
    for count in SCALE:
        path = tmp / f"scale-{count}.responder"
        if count == base_count:
            path = base
        elif count < base_count:
            build(path, count, 0)[0].close()
        else:
            shutil.copy(base, path)
            multiply(path, count // base_count)
        found.append((count, search_figures(path, prefixes)))
    return found


def print_scale(scale: list[tuple[int, dict[str, float]]], chart: str) -> None:
    """The curve as lines (ratio to the raw query of the same run) and as a chart."""
    from curves import thousands, write_bars

    for count, f in scale:
        print(f"search, {count:>7} refs ({SCALE_PREFIXES} prefixes): raw FTS5 median "
              f"{f['raw']:6.2f} ms p95 {f['raw95']:7.2f} ms; ours median {f['ours']:6.2f} ms "
              f"p95 {f['ours95']:7.2f} ms; ratio p95 {f['ours95'] / f['raw95']:.2f} x")
    if scale and chart:
        write_bars(
            Path(chart), "Recherche de références, p95 en ms (50 préfixes tapés)",
            [f"{thousands(count)} références" for count, _ in scale],
            [("requête FTS5 brute", [f["raw95"] for _, f in scale]),
             ("Responder (50 résultats chargés)", [f["ours95"] for _, f in scale])],
        )
        print(f"chart of the curve: {chart}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--references", type=int, default=10_000)
    parser.add_argument("--blocks", type=int, default=2_000)
    parser.add_argument("--prefixes", type=int, default=200)
    parser.add_argument("--no-scale", dest="scale", action="store_false",
                        help="skip the 1,000 / 10,000 / 100,000 references curve")
    parser.add_argument("--chart", default=str(CHART), help="PNG of the curve ('' for none)")
    args = parser.parse_args()
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        session, sid, tender_ids, build_s = build(
            Path(tmp) / "bench.responder", args.references, args.blocks
        )
        try:
            library = LibraryService(session)
            index = search_index(session.ws)
            prefixes = typed_prefixes(random.Random(SEED), args.prefixes)
            filters = {"structure_id": sid}
            for p in prefixes[:20]:  # warm the page cache and the statement cache
                library.search_references(p, filters, limit=50)

            # The floor: the raw FTS5 query of the same prefixes, on the same connection.
            conn = session.ws.conn

            def raw(p: str) -> None:
                conn.execute(RAW_SQL, (fts_query(p),)).fetchall()

            raw_ms, ids_ms, refs_ms = [], [], []
            search_filters = library.filters(filters)
            for p in prefixes:  # interleaved, so machine noise hits all three alike
                raw_ms.append(timed(lambda p=p: raw(p)))
                ids_ms.append(timed(lambda p=p: index.search_references(
                    p, search_filters, limit=50)))
                refs_ms.append(timed(lambda p=p: library.search_references(
                    p, filters, limit=50)))
            counts = [len(index.search_references(p, None, limit=None)) for p in prefixes[:50]]
            blocks_ms = [timed(lambda p=p: library.search_blocks(p, structure_id=sid, limit=50))
                         for p in prefixes]
            filtered_ms = [timed(lambda p=p: library.search_references(
                p, {"structure_id": sid, "family": "espaces verts", "year_from": 2018,
                    "amount_min": 10000}, sort="date", limit=50)) for p in prefixes]
            suggest_ms = []
            for _ in range(5):
                for tid in tender_ids:
                    suggest_ms.append(timed(lambda tid=tid: library.suggest_for_tender(tid)))
            current, peak = rss_mb()
            fts = index.fts
            gui_line = measure_gui_page_opening(session)  # with FTS5, like the app

            use_like_search(session.ws)
            like_ms = [timed(lambda p=p: library.search_references(p, filters, limit=50))
                       for p in prefixes]
            like_suggest = [timed(lambda tid=tid: library.suggest_for_tender(tid))
                            for tid in tender_ids]
        finally:
            session.close()
        size_mb = sum(f.stat().st_size for f in Path(tmp).iterdir() if f.is_file()) / 2**20
        scale = (measure_scale(Path(tmp), Path(tmp) / "bench.responder", args.references)
                 if args.scale else [])

    def line(name: str, values: list[float], target: str = "") -> None:
        print(f"{name:<44}: median {statistics.median(values):7.2f} ms   "
              f"p95 {p95(values):7.2f} ms{target}")

    print(f"workspace          : {args.references} references, {args.blocks} text blocks, "
          f"{size_mb:.0f} MiB on disk, built in {build_s:.1f} s")
    print(f"SQLite             : {__import__('sqlite3').sqlite_version}, "
          f"FTS5 {'yes' if fts else 'NO (LIKE fallback)'}")
    print(f"prefixes           : {len(prefixes)} typed prefixes, median "
          f"{statistics.median(counts):.0f} matching references (first 50 prefixes)")
    line("raw FTS5 query, 50 best ids (floor)", raw_ms)
    line("search references, ids (our index)", ids_ms,
         f"   ratio p95 {p95(ids_ms) / p95(raw_ms):.2f} x")
    line("search references (FTS5, 50 results)", refs_ms,
         f"   ratio p95 {p95(refs_ms) / p95(raw_ms):.2f} x (target <= 2 x and <= 10 ms)")
    line("search references + filters, sort by date", filtered_ms)
    line("search text blocks (FTS5)", blocks_ms)
    line("suggest for a tender", suggest_ms, "   (target <= 100 ms)")
    line("search references (LIKE fallback)", like_ms)
    line("suggest for a tender (LIKE fallback)", like_suggest)
    print(gui_line)
    print(f"memory (RSS)       : {current:.0f} MiB now, {peak:.0f} MiB peak")
    print_scale(scale, args.chart)
    print(f"total bench time   : {time.perf_counter() - wall:.1f} s")


if __name__ == "__main__":
    main()
