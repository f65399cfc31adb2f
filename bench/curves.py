"""Charts of how a bench's figures grow, drawn with the app's own Qt-free chart code.

The benches print their scale figures (search over 1k / 10k / 100k references, dossier
import of 100 / 1,000 / 3,000 items) and draw them as grouped bars, ours beside the floor,
with ``responder.documents.png_chart`` (the rasteriser of the Bilan report's charts).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from responder.documents.png_chart import chart_png  # noqa: E402
from responder.domain.charts import BLUE, GREY, RED, BarChart, Series  # noqa: E402

DOCS = ROOT / "docs"
#: Colours of the series, in order: the floor first, then ours.
COLOURS = (GREY, BLUE, RED)


def write_bars(
    path: Path, title: str, categories: list[str],
    series: list[tuple[str, list[float]]], value_format: str = "{:.1f}",
) -> Path:
    """Grouped bars (one group per size, one bar per series) as a PNG at ``path``."""
    chart = BarChart(
        key=path.stem, title=title, categories=tuple(categories),
        series=tuple(Series(name, COLOURS[n % len(COLOURS)], tuple(values))
                     for n, (name, values) in enumerate(series)),
        value_format=value_format,
    )
    path.write_bytes(chart_png(chart, 1200, 560))
    return path


def thousands(count: int) -> str:
    """« 10 000 » (a plain space: the chart font has no narrow no-break one)."""
    return f"{count:,}".replace(",", " ")
