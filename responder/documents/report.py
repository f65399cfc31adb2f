"""The « Bilan » as a .docx report: the figures, and the same charts as the page, as PNG.

Built with python-docx from a :class:`~responder.domain.bilan.Bilan` (no template: the report
is a read-out of figures, not a letter to adapt). Charts are drawn by ``png_chart`` in pure
Python, because this layer must not import Qt; they come from the same layout as the page.

Thread contract: pure file output, safe in a background thread.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..domain.bilan import Bilan, Counts
from ..domain.charts import bilan_charts
from ..fsutil import atomic_write_bytes
from .filters import amount_fr, date_fr
from .png_chart import chart_png

#: Printed chart width; the PNG is 1200 × 560 pixels (labels print at about 9 pt).
CHART_WIDTH = Cm(16.5)


def _rate(counts: Counts) -> str:
    rate = counts.success_rate
    return "—" if rate is None else f"{round(rate * 100)}\u00a0%"


def _mark(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def _new_document(bilan: Bilan, scope: str, today: date) -> Any:
    """The document with its font, margins, title and « scope · date » line."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10.5)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(1.8)
    title = "Bilan des réponses aux marchés publics"
    if bilan.year is not None:
        title += f" — {bilan.year}"
    doc.add_heading(title, level=0)
    sub = doc.add_paragraph(f"{scope} · établi le {date_fr(today)}")
    sub.runs[0].italic = True
    return doc


def _summary(doc: Any, bilan: Bilan) -> None:
    """« En bref »: the counts, the rate, the amount won, what buyers say, the widest gap."""
    total = bilan.total
    doc.add_heading("En bref", level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Light Grid Accent 1"
    rows = [
        ("Dossiers", str(bilan.dossiers)),
        ("Gagnés", str(total.won)),
        ("Perdus", str(total.lost)),
        ("Non déposés", str(total.no_bid)),
        ("Infructueux ou sans suite", str(total.other)),
        ("En cours", str(total.pending)),
        ("Taux de réussite (gagnés / décidés)", _rate(total)),
        ("Montant des lots gagnés (offres saisies)", amount_fr(bilan.amount_won)),
    ]
    for name, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, value
    if bilan.reasons:
        doc.add_paragraph()
        doc.add_paragraph("Ce que disent les acheteurs : les motifs de rejet les plus cités "
                          "portent sur " + ", ".join(f"{r.lower()} ({n})" for r, n in
                                                     bilan.reasons[:3]) + ".")
    weakest = [m for m in bilan.marks if m.ours is not None and m.winners is not None]
    if weakest:
        gap = max(weakest, key=lambda m: (m.winners or 0) - (m.ours or 0))
        if (gap.winners or 0) > (gap.ours or 0):
            doc.add_paragraph(
                f"Le plus grand écart avec les offres retenues porte sur « {gap.criterion} » : "
                f"{_mark(gap.ours)}/20 pour nous contre {_mark(gap.winners)}/20 en moyenne."
            )


def _marks(doc: Any, bilan: Bilan) -> None:
    """« Notes par critère »: our average, the winners', how many marks were entered."""
    doc.add_heading("Notes par critère", level=1)
    marks = doc.add_table(rows=1, cols=4)
    marks.style = "Light Grid Accent 1"
    head = marks.rows[0].cells
    for cell, text in zip(head, ("Critère", "Notre moyenne /20", "Offres retenues /20",
                                 "Notes saisies"), strict=True):
        cell.text = text
    for m in bilan.marks:
        cells = marks.add_row().cells
        cells[0].text = m.criterion
        cells[1].text = _mark(m.ours)
        cells[2].text = _mark(m.winners)
        cells[3].text = str(m.count)


def render_report(bilan: Bilan, out: Path, *, scope: str, today: date) -> Path:
    """Write the Bilan report to ``out`` (atomically) and return ``out``."""
    doc = _new_document(bilan, scope, today)
    _summary(doc, bilan)
    doc.add_heading("Graphiques", level=1)
    for chart in bilan_charts(bilan):
        picture = doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=CHART_WIDTH)
    if bilan.marks:
        _marks(doc, bilan)
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(out, buffer.getvalue())
    return out
