"""Cost of ``synchronous = FULL`` (issue « Hardening », item 14) against NORMAL.

Times, on a throw-away workspace on the same disk as the system's temporary folder:
- 200 single saves of a reference (what one click on « Enregistrer » does);
- one dossier import of 1,000 references and 1,000 text blocks (one transaction).
Prints the median save and the import for each mode. Run with `python bench/durability.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dossier_import import big_dossier  # noqa: E402

from responder.domain.library import Reference  # noqa: E402
from responder.domain.structure import Structure  # noqa: E402
from responder.services import dossier_file as df  # noqa: E402
from responder.services.workspace import open_session  # noqa: E402

SAVES = 200


def measure(mode: str, folder: Path, dossier: Path) -> tuple[float, float]:
    """Median seconds of one save, and seconds of the big import, with ``mode``."""
    session = open_session(folder / f"{mode}.responder")
    session.ws.conn.execute(f"PRAGMA synchronous = {mode}")
    try:
        sid = session.structures.add(Structure(name="Jardins & Cie")).id
        ref = session.references.add(Reference(structure_id=sid, title="Tonte"))
        times = []
        for n in range(SAVES):
            ref.title = f"Tonte n° {n}"
            started = time.perf_counter()
            ref = session.references.update(ref)
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        df.import_dossier(session, df.read_dossier(dossier))
        imported = time.perf_counter() - started
    finally:
        session.close()
    return statistics.median(times), imported


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="responder-bench-") as tmp:
        folder = Path(tmp)
        dossier = big_dossier(folder, 1000)
        for mode in ("NORMAL", "FULL"):
            save, imported = measure(mode, folder, dossier)
            print(f"synchronous={mode:<6} save: {save * 1000:6.2f} ms (median of {SAVES})   "
                  f"import 1000+1000: {imported:5.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
