"""The benches' scale charts: grouped bars drawn by the Bilan report's PNG code."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_scale_chart_is_a_png_of_the_asked_size(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from curves import thousands, write_bars
    finally:
        sys.path.remove(str(BENCH))
    out = write_bars(tmp_path / "curve.png", "Recherche, p95 en ms",
                     [f"{thousands(n)} références" for n in (1_000, 10_000, 100_000)],
                     [("requête brute", [8.7, 30.3, 288.2]), ("Responder", [11.5, 46.7, 271.4])])
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", data[16:24]) == (1200, 560)
    assert thousands(100_000) == "100 000"
