"""The Bilan's bar charts as shapes (the page paints them, the report rasterises them): bars
in proportion, round ticks, labels that fit, a sentence when there is nothing to show."""

from __future__ import annotations

import pytest

from responder.domain.bilan import Bilan, Counts, CriterionMarks
from responder.domain.charts import (
    GREEN,
    RED,
    BarChart,
    Drawing,
    Rect,
    Series,
    Text,
    bilan_charts,
    layout,
)


def measure(text: str, _style: str) -> float:
    return 7.0 * len(text)  # a monospaced painter: 7 pixels a character


def draw(chart: BarChart, width: int = 600, height: int = 300) -> Drawing:
    return layout(chart, width, height, measure, line_height=14)


def bars(drawing: Drawing, colour: str) -> list[Rect]:
    """The bars of one series (the legend's box, at the top, left out)."""
    return [s for s in drawing.shapes if isinstance(s, Rect) and s.color == colour and s.y > 50]


def texts(drawing: Drawing) -> list[str]:
    return [s.text for s in drawing.shapes if isinstance(s, Text)]


BUYERS = BarChart("buyers", "Par acheteur", ("Ville de Nîmes", "Département du Gard"),
                  (Series("Gagnés", GREEN, (4.0, 0.0)), Series("Perdus", RED, (8.0, None))),
                  horizontal=True)


def test_horizontal_bars_are_in_proportion_and_zeros_draw_nothing() -> None:
    drawing = draw(BUYERS)
    [won] = bars(drawing, GREEN)  # the Gard's 0 draws no bar
    [lost] = bars(drawing, RED)  # nor does its missing value
    assert lost.w == pytest.approx(2 * won.w)
    assert lost.x == won.x


def test_ticks_are_round_figures_up_to_the_largest_value() -> None:
    drawing = draw(BUYERS)
    assert [t for t in texts(drawing) if t.isdigit()][:5] == ["0", "2", "4", "6", "8"]


def test_the_legend_names_each_series_under_the_title() -> None:
    assert texts(draw(BUYERS))[:3] == ["Par acheteur", "Gagnés", "Perdus"]


def test_vertical_bars_grow_upwards_from_the_same_base() -> None:
    years = BarChart("years", "Par année", ("2025", "2026"), (Series("Gagnés", GREEN, (1.0, 3.0)),))
    first, second = bars(draw(years, 400), GREEN)
    assert second.h == pytest.approx(3 * first.h)
    assert first.y + first.h == pytest.approx(second.y + second.h)


def test_a_long_buyer_name_is_cut_with_an_ellipsis() -> None:
    chart = BarChart("buyers", "T", ("Communauté d'agglomération du Grand Avignon",),
                     (Series("Gagnés", GREEN, (2.0,)),), horizontal=True)
    [name] = [t for t in texts(draw(chart, 300, 200)) if t.startswith("Communauté")]
    assert name.endswith("…") and measure(name, "label") <= 300 * 0.38


def test_an_empty_chart_says_so_in_the_middle() -> None:
    chart = BarChart("reasons", "Motifs", (), (Series("Perdus", RED, ()),),
                     empty_text="Aucun motif de rejet enregistré.")
    drawing = draw(chart)
    assert chart.is_empty and texts(drawing)[-1] == "Aucun motif de rejet enregistré."
    assert not bars(drawing, RED)


def test_the_bilan_gives_its_charts_in_page_order_with_marks_out_of_20() -> None:
    bilan = Bilan(year=None, by_year={2026: Counts(won=2, lost=1)},
                  marks=[CriterionMarks("Prix", 12.0, 16.0, 1)], reasons=[("Prix", 1)])
    charts = bilan_charts(bilan)
    assert [c.key for c in charts] == ["years", "markets", "buyers", "marks", "reasons"]
    marks = charts[3]
    assert marks.max_value == 20.0 and marks.series[0].values == (12.0,)
    several = Bilan(year=None, by_structure=[("Régie", Counts(won=1))])
    assert bilan_charts(several)[-1].key == "structures"
