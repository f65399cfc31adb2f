"""Bar charts as plain shapes, laid out once for both painters of the « Bilan ».

:func:`layout` turns a :class:`BarChart` into rectangles, lines and texts in pixels. The Qt
page paints them with QPainter (``ui/widgets/bar_chart.py``) and the .docx report rasterises
them to PNG without Qt (``documents/png_chart.py``), so the page and the report show the
same chart. Text widths come from the painter (``measure``), so labels never overlap.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .bilan import Bilan

TextStyle = Literal["label", "title"]
Align = Literal["left", "center", "right"]

#: Colours of the series (won / ours, lost / winners, no bid, other), readable in grey too.
GREEN, RED, GREY, BLUE, AMBER = "#2e7d32", "#c62828", "#9e9e9e", "#1f5fa8", "#ef8f00"
INK, MUTED, GRID, WHITE = "#222222", "#666666", "#e3e3e3", "#ffffff"


@dataclass(frozen=True)
class Series:
    """One series of values, one per category."""

    name: str
    color: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class BarChart:
    """Grouped bars: ``categories`` × ``series``; ``horizontal`` for long category names."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    horizontal: bool = False
    max_value: float | None = None
    value_format: str = "{:.0f}"
    empty_text: str = "Pas encore de données."

    @property
    def is_empty(self) -> bool:
        """True when no value is given."""
        return not any(v for s in self.series for v in s.values if v)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    color: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str


@dataclass(frozen=True)
class Text:
    """A line of text whose baseline-free box starts at ``y`` (top) and is aligned on ``x``."""

    x: float
    y: float
    text: str
    style: TextStyle = "label"
    color: str = INK
    align: Align = "left"


@dataclass
class Drawing:
    """What a painter draws, in order."""

    width: int
    height: int
    shapes: list[Rect | Line | Text] = field(default_factory=list)


Measure = Callable[[str, TextStyle], float]


def _axis(data_max: float, fixed: float | None) -> tuple[float, int]:
    """The axis maximum and its number of intervals: steps of 1, 2 or 5 × 10ⁿ, at most 5
    intervals, so every tick is a round figure (10 → 0, 2, 4, 6, 8, 10)."""
    top = fixed if fixed is not None else max(data_max, 1.0)
    exponent = math.floor(math.log10(top / 5)) if top > 5 else 0
    for base in (1, 2, 5, 10):
        step = base * 10.0**exponent
        if top / step <= 5 + 1e-9:
            ticks = math.ceil(top / step - 1e-9)
            return step * ticks, max(ticks, 1)
    return top, 4  # pragma: no cover - the loop always finds a step


def _tick(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}".replace(".", ",")


def _fit(text: str, width: float, style: TextStyle, measure: Measure) -> str:
    if measure(text, style) <= width:
        return text
    while text and measure(text + "…", style) > width:
        text = text[:-1]
    return text + "…"


@dataclass(frozen=True)
class _Plot:
    """The plotting area of a chart and what its parts are measured with."""

    chart: BarChart
    measure: Measure
    line_height: float
    scale: float
    left: float
    right: float
    top: float
    bottom: float
    vmax: float
    ticks: int

    def value_text(self, value: float) -> str:
        return self.chart.value_format.format(value).replace(".", ",")


def layout(chart: BarChart, width: int, height: int, measure: Measure, *,
           line_height: float, scale: float = 1.0) -> Drawing:
    """The shapes of ``chart`` in a ``width`` × ``height`` box.

    ``line_height`` is the height of a label line in pixels; ``scale`` multiplies margins.
    """
    d = Drawing(width, height)
    pad = 10 * scale
    d.shapes.append(Rect(0, 0, width, height, WHITE))
    d.shapes.append(Text(pad, pad, chart.title, "title", INK))
    top = pad + line_height * 1.6
    _legend(d, chart, pad, top, measure, line_height, scale)
    top += line_height * 1.5
    bottom = height - pad
    if chart.is_empty:
        d.shapes.append(Text(width / 2, (top + bottom) / 2, chart.empty_text, "label", MUTED,
                             "center"))
        return d
    values = [v for s_ in chart.series for v in s_.values if v is not None]
    vmax, ticks = _axis(max(values), chart.max_value)
    plot = _Plot(chart, measure, line_height, scale, pad, width - pad, top, bottom, vmax, ticks)
    if chart.horizontal:
        _horizontal_bars(d, plot, width)
    else:
        _vertical_bars(d, plot)
    return d


def _legend(d: Drawing, chart: BarChart, x: float, top: float, measure: Measure,
            line_height: float, s: float) -> None:
    """One line under the title: a coloured box and the name of each series."""
    box = line_height * 0.7
    for series in chart.series:
        d.shapes.append(Rect(x, top + (line_height - box) / 2, box, box, series.color))
        d.shapes.append(Text(x + box + 4 * s, top, series.name, "label", MUTED))
        x += box + 12 * s + measure(series.name, "label")


def _horizontal_bars(d: Drawing, p: _Plot, width: int) -> None:
    """Categories down the left, bars to the right, values at their ends."""
    chart, measure, lh, s = p.chart, p.measure, p.line_height, p.scale
    n_cat, n_ser = len(chart.categories), len(chart.series)
    label_w = min(width * 0.38, max(measure(c, "label") for c in chart.categories) + 8 * s)
    x0 = p.left + label_w
    x1 = p.right - measure(p.value_text(p.vmax), "label") - 8 * s
    for i in range(p.ticks + 1):
        gx = x0 + (x1 - x0) * i / p.ticks
        d.shapes.append(Line(gx, p.top, gx, p.bottom - lh * 1.2, GRID))
        d.shapes.append(Text(gx, p.bottom - lh, _tick(p.vmax * i / p.ticks), "label",
                             MUTED, "center"))
    group = (p.bottom - lh * 1.4 - p.top) / n_cat
    bar = max(2.0, min(lh * 1.1, group * 0.8 / n_ser))
    for ci, category in enumerate(chart.categories):
        gy = p.top + ci * group + (group - bar * n_ser) / 2
        name = _fit(category, label_w - 8 * s, "label", measure)
        d.shapes.append(Text(x0 - 6 * s, gy + (bar * n_ser - lh) / 2, name,
                             "label", INK, "right"))
        for si, value in _values(chart, ci):
            if not value:
                continue  # a zero draws nothing: the other series of the group say it
            w = (x1 - x0) * min(value, p.vmax) / p.vmax
            y = gy + si * bar
            d.shapes.append(Rect(x0, y + 1, max(w, 1.0), bar - 2, chart.series[si].color))
            d.shapes.append(Text(x0 + w + 4 * s, y + (bar - lh) / 2,
                                 p.value_text(value), "label", MUTED))
    d.shapes.append(Line(x0, p.top, x0, p.bottom - lh * 1.2, INK))


def _vertical_bars(d: Drawing, p: _Plot) -> None:
    """Categories along the bottom, bars upwards, values above them."""
    chart, measure, lh, s = p.chart, p.measure, p.line_height, p.scale
    n_cat, n_ser = len(chart.categories), len(chart.series)
    x0 = p.left + measure(_tick(p.vmax), "label") + 8 * s
    x1 = p.right
    y1 = p.bottom - lh * 1.4
    y0 = p.top + lh
    for i in range(p.ticks + 1):
        gy = y1 - (y1 - y0) * i / p.ticks
        d.shapes.append(Line(x0, gy, x1, gy, GRID))
        d.shapes.append(Text(x0 - 4 * s, gy - lh / 2, _tick(p.vmax * i / p.ticks),
                             "label", MUTED, "right"))
    group = (x1 - x0) / n_cat
    bar = max(2.0, min(group * 0.8 / n_ser, 60 * s))
    for ci, category in enumerate(chart.categories):
        gx = x0 + ci * group + (group - bar * n_ser) / 2
        name = _fit(category, group - 4 * s, "label", measure)
        d.shapes.append(Text(x0 + ci * group + group / 2, y1 + lh * 0.3, name,
                             "label", INK, "center"))
        for si, value in _values(chart, ci):
            h = (y1 - y0) * min(value, p.vmax) / p.vmax
            x = gx + si * bar
            d.shapes.append(Rect(x + 1, y1 - h, bar - 2, h, chart.series[si].color))
            if value:
                d.shapes.append(Text(x + bar / 2, y1 - h - lh, p.value_text(value), "label",
                                     MUTED, "center"))
    d.shapes.append(Line(x0, y1, x1, y1, INK))


def _values(chart: BarChart, category: int) -> list[tuple[int, float]]:
    """(series index, value) of one category, the series without a value left out."""
    return [
        (si, value) for si, series in enumerate(chart.series)
        if (value := series.values[category]) is not None
    ]


def bilan_charts(bilan: Bilan) -> list[BarChart]:
    """The charts of the Bilan, in the order the page and the report show them."""
    years = tuple(str(y) for y in bilan.by_year)
    per_year = list(bilan.by_year.values())
    charts = [
        BarChart(
            "years", "Gagnés, perdus et non déposés par année", years,
            (Series("Gagnés", GREEN, tuple(float(c.won) for c in per_year)),
             Series("Perdus", RED, tuple(float(c.lost) for c in per_year)),
             Series("Non déposés", GREY, tuple(float(c.no_bid) for c in per_year))),
        ),
        BarChart(
            "markets", "Par type de marché", tuple(bilan.by_market),
            (Series("Gagnés", GREEN, tuple(float(c.won) for c in bilan.by_market.values())),
             Series("Perdus", RED, tuple(float(c.lost) for c in bilan.by_market.values())),
             Series("Non déposés", GREY,
                    tuple(float(c.no_bid) for c in bilan.by_market.values()))),
        ),
        BarChart(
            "buyers", "Par acheteur (les plus fréquents)",
            tuple(name for name, _ in bilan.by_buyer),
            (Series("Gagnés", GREEN, tuple(float(c.won) for _, c in bilan.by_buyer)),
             Series("Perdus", RED, tuple(float(c.lost) for _, c in bilan.by_buyer))),
            horizontal=True,
        ),
        BarChart(
            "marks", "Notes moyennes par critère (sur 20) : nous et l'attributaire",
            tuple(m.criterion for m in bilan.marks),
            (Series("Notre offre", BLUE, tuple(m.ours for m in bilan.marks)),
             Series("Offre retenue", AMBER, tuple(m.winners for m in bilan.marks))),
            horizontal=True, max_value=20.0, value_format="{:.1f}",
            empty_text="Aucune note enregistrée : saisissez-les dans l'onglet « Résultat ».",
        ),
        BarChart(
            "reasons", "Motifs de rejet les plus fréquents", tuple(r for r, _ in bilan.reasons),
            (Series("Dossiers perdus", RED, tuple(float(n) for _, n in bilan.reasons)),),
            horizontal=True,
            empty_text="Aucun motif de rejet enregistré.",
        ),
    ]
    if bilan.by_structure:
        charts.append(BarChart(
            "structures", "Par structure accompagnée",
            tuple(name for name, _ in bilan.by_structure),
            (Series("Gagnés", GREEN, tuple(float(c.won) for _, c in bilan.by_structure)),
             Series("Perdus", RED, tuple(float(c.lost) for _, c in bilan.by_structure)),
             Series("Non déposés", GREY,
                    tuple(float(c.no_bid) for _, c in bilan.by_structure))),
            horizontal=True,
        ))
    return charts
