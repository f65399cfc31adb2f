"""Long fuzz run over hostile dossier files, CSVs and RC files (issue « Hardening »).

Same targets as the CI test ``tests/hardening/test_fuzz.py`` (bounded there), with many
more cases from a fixed seed. Each case must end « read » or « refused in French »; prints,
per kind: cases, ok, refused, crashes (any other exception), escapes (a file written outside
the workspace), the slowest case and the peak memory (this process; RC workers apart).
Run with `python bench/fuzz.py [--cases N] [--rc-cases N] [--seed S]`; exit 1 on any crash
or escape.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from responder.services import dossier_file as df  # noqa: E402
from responder.services.workspace import open_session  # noqa: E402
from tests.hardening import fuzz_targets as ft  # noqa: E402
from tests.services.dossier_helpers import rich_demo  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "rc"
HOSTILE: list[Any] = [
    "../../../../etc/passwd", "/etc/passwd", "0" * 64, "A" * 64, "0001-01-01",
    "9999-12-31T23:59:59", "\x00\x0b\x1b\ufffe", "=HYPERLINK(\"x\")", 73282932000074, "",
    None, True, -1, 2**70, 1e308, [], {}, [[[[[]]]]], {"a": {"b": {"c": []}}}, "x" * 5000,
]
CSV_CELLS = ['"', '""', '"ouvert', ";", "\r\n", "=1+1", "12 345,50", "01/02/2024", "\x00",
             "é", "x" * 200_000, "Tonte", "-5", "1e9", "31/02/2024", "oui"]


class Tally:
    """Counts and extremes of one kind of case."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.counts = {"ok": 0, "refused": 0, "crash": 0, "escape": 0}
        self.slowest = 0.0
        self.examples: list[str] = []

    def run(self, case: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            self.counts[case()] += 1
        except ft.Escape as exc:
            self.counts["escape"] += 1
            self.examples.append(f"escape: {exc}"[:200])
        except ft.Crash as exc:
            self.counts["crash"] += 1
            self.examples.append(f"crash: {exc}"[:200])
        self.slowest = max(self.slowest, time.perf_counter() - started)

    @property
    def cases(self) -> int:
        return sum(self.counts.values())


def _dossier_mutation(original: bytes, rng: random.Random) -> bytes:
    members = ft.members_of(original)
    if rng.random() < 0.5:
        names = sorted(n for n in members if n.endswith(".json") and n != df.MANIFEST)
        member = rng.choice(names)
        paths = ft.json_paths(json.loads(members[member]))
        for _ in range(rng.randint(1, 3)):
            members = ft.with_json_value(members, member, rng.choice(paths), rng.choice(HOSTILE))
        return ft.resign(members)
    buf = bytearray(original)
    if rng.random() < 0.3:
        buf = buf[: rng.randrange(1, len(buf))]
    for _ in range(rng.randint(1, 12)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _csv_mutation(rng: random.Random) -> bytes:
    rows = ["Titre;Acheteur;Montant HT;Date de début"]
    for _ in range(rng.randint(0, 12)):
        rows.append(";".join(rng.choice(CSV_CELLS) for _ in range(rng.randint(0, 6))))
    text = "\r\n".join(rows)
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252", "mixed"])
    if encoding == "mixed":
        half = len(text) // 2
        return text[:half].encode("utf-8") + text[half:].encode("cp1252", "replace")
    return text.encode(encoding, "replace")


def _rc_mutation(rng: random.Random) -> tuple[bytes, str]:
    name = rng.choice(sorted(p.name for p in FIXTURES.glob("rc0*.*") if p.suffix != ".json"))
    buf = bytearray((FIXTURES / name).read_bytes())
    if rng.random() < 0.3:
        buf = buf[: rng.randrange(8, len(buf))]
    for _ in range(rng.randint(1, 60)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf), Path(name).suffix


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="dossier and CSV cases each")
    parser.add_argument("--rc-cases", type=int, default=60, help="RC cases (a worker each)")
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tallies = [Tally("dossier"), Tally("csv"), Tally("rc")]
    with tempfile.TemporaryDirectory(prefix="responder-fuzz-") as tmp:
        folder = Path(tmp)
        session, tender_id = rich_demo(folder / "source.responder", folder)
        original = df.export_dossier(session, tender_id, folder / "envoi.responder").path
        data = original.read_bytes()
        session.close()
        play = folder / "terrain"
        for n in range(args.cases):
            if n % 200 == 0:  # a fresh target now and then: imports pile up in one
                shutil.rmtree(play, ignore_errors=True)
                play.mkdir()
                target = open_session(play / "cible.responder")
            mutated = _dossier_mutation(data, rng)
            tallies[0].run(lambda m=mutated, t=target: ft.dossier_case(m, play, t))
            if n % 200 == 199:
                target.close()
        if args.cases % 200:
            target.close()
        for _ in range(args.cases):
            content = _csv_mutation(rng)
            tallies[1].run(lambda c=content: ft.csv_case(c, folder))
        for _ in range(args.rc_cases):
            rc_bytes, suffix = _rc_mutation(rng)
            tallies[2].run(lambda c=rc_bytes, s=suffix: ft.rc_case(c, folder, s))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'kind':<8} {'cases':>6} {'ok':>6} {'refused':>8} {'crashes':>8} {'escapes':>8} "
          f"{'max time':>9}")
    for t in tallies:
        print(f"{t.name:<8} {t.cases:>6} {t.counts['ok']:>6} {t.counts['refused']:>8} "
              f"{t.counts['crash']:>8} {t.counts['escape']:>8} {t.slowest:>8.2f}s")
        for example in t.examples[:5]:
            print(f"    {example}")
    print(f"max memory: {peak_mb:.0f} MB (this process), {children_mb:.0f} MB (largest RC worker)")
    bad = sum(t.counts["crash"] + t.counts["escape"] for t in tallies)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
