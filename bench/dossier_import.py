"""Dossier import benchmark: a dossier file with 3,000 references and 3,000 text blocks.

Exports a dossier of the demo workspace, adds N references and N text blocks to the file
(manifest re-signed), then times, on a fresh workspace:
- reading and checking the file (``read_dossier``);
- the first import (everything new);
- importing it again (every reference and block already there: each is looked up).
Target: each import <= 5 s (issue « Hardening », item 5; was 81 s for 3,000 blocks).
Then the same for 100 and 1,000 of each, to show how the import grows (it was quadratic),
drawn in ``docs/performance-import.png``.
Run with `python bench/dossier_import.py [--count N] [--no-scale]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from responder.services import dossier_file as df  # noqa: E402
from responder.services.demo import create_demo  # noqa: E402
from responder.services.workspace import open_session  # noqa: E402

TARGET_S = 5.0
#: Items of each kind in the dossiers of the scale curve (the largest is ``--count``).
SCALE = (100, 1_000)
CHART = ROOT / "docs" / "performance-import.png"


def big_dossier(folder: Path, count: int) -> Path:
    """A real exported dossier with ``count`` references and ``count`` text blocks added."""
    session = create_demo(folder / "source.responder")
    tender = session.tenders.list()[0]
    assert tender.id is not None
    sent = df.export_dossier(session, tender.id, folder / "envoi.responder").path
    session.close()
    with zipfile.ZipFile(sent) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    refs = [
        {"number": n, "title": f"Entretien des espaces verts, site n° {n}",
         "buyer_name": f"Commune n° {n % 97}", "start": "2023-01-01", "end": "2024-12-31",
         "amount_ht": str(10_000 + n), "description": "Tonte, taille, débroussaillage. " * 5}
        for n in range(1, count + 1)
    ]
    blocks = [
        {"number": n, "uses": n % 3, "title": f"Paragraphe {n}",
         "body": f"Notre méthode d'accompagnement n° {n}. " * 20}
        for n in range(1, count + 1)
    ]
    members["references.json"] = json.dumps({"references": refs}, ensure_ascii=False).encode()
    members["textes.json"] = json.dumps({"blocks": blocks}, ensure_ascii=False).encode()
    manifest = json.loads(members[df.MANIFEST])
    for name in ("references.json", "textes.json"):
        manifest["members"][name] = {
            "sha256": hashlib.sha256(members[name]).hexdigest(), "size": len(members[name])
        }
    members[df.MANIFEST] = json.dumps(manifest).encode()
    out = folder / "gros-dossier.responder"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def measure(count: int) -> dict[str, float]:
    """Seconds for reading, first import and re-import of a dossier of ``count`` each."""
    with tempfile.TemporaryDirectory(prefix="responder-bench-") as tmp:
        folder = Path(tmp)
        path = big_dossier(folder, count)
        started = time.perf_counter()
        package = df.read_dossier(path)
        read_s = time.perf_counter() - started
        session = open_session(folder / "cible.responder")
        try:
            started = time.perf_counter()
            df.import_dossier(session, package)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            df.import_dossier(session, df.read_dossier(path))
            again_s = time.perf_counter() - started
            assert session.references.count() == count
            assert session.text_blocks.count() == count
        finally:
            session.close()
    return {"read": read_s, "first import": first_s, "import again": again_s}


def print_scale(curve: list[tuple[int, dict[str, float]]], chart: str) -> None:
    """How the import grows: seconds, and milliseconds per item, for each size."""
    from curves import thousands, write_bars

    for count, f in curve:
        per_item = f["first import"] * 1000 / (2 * count)
        print(f"{count:>5} références + {count:>5} textes : lecture {f['read']:5.2f} s, "
              f"import {f['first import']:5.2f} s ({per_item:.2f} ms par élément), "
              f"réimport {f['import again']:5.2f} s")
    if chart:
        write_bars(
            Path(chart), "Import d'un dossier, en secondes (références + textes)",
            [f"{thousands(n)} + {thousands(n)}" for n, _ in curve],
            [("lecture du fichier", [f["read"] for _, f in curve]),
             ("premier import", [f["first import"] for _, f in curve]),
             ("réimport (tout déjà là)", [f["import again"] for _, f in curve])],
            value_format="{:.2f}",
        )
        print(f"chart of the curve: {chart}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--no-scale", dest="scale", action="store_false",
                        help="skip the 100 / 1,000 items curve")
    parser.add_argument("--chart", default=str(CHART), help="PNG of the curve ('' for none)")
    args = parser.parse_args()
    figures = measure(args.count)
    for name, seconds in figures.items():
        print(f"{name:<14} {seconds:6.2f} s")
    if args.scale:
        curve = [(n, measure(n)) for n in SCALE if n < args.count] + [(args.count, figures)]
        print_scale(curve, args.chart)
    worst = max(figures["first import"], figures["import again"])
    print(f"{args.count} références + {args.count} textes : pire import {worst:.2f} s "
          f"(cible <= {TARGET_S:.0f} s) {'OK' if worst <= TARGET_S else 'TROP LENT'}")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
