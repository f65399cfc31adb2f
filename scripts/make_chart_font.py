"""Build ``resources/fonts/chart-font.json``: the glyphs the report's PNG charts are drawn with.

The .docx report is written by the Qt-free layers (services/documents), so its charts cannot
be painted with Qt; ``documents/png_chart.py`` draws them in pure Python and needs its text as
bitmaps. This script renders each character once, at the two sizes the charts use, with Qt
and the DejaVu Sans font (Bitstream Vera licence, free to redistribute), and stores each
glyph's 8-bit coverage. Run it with the development environment after changing the sizes or
the character set, then commit the JSON.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts" / "chart-font.json"
FAMILY = "DejaVu Sans"
#: style → (pixel size, bold): labels and titles, at twice the page size (crisp in Word).
STYLES = {"label": (22, False), "title": (27, True)}
CHARS = (
    "".join(chr(c) for c in range(32, 127))
    + "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—…€°·×≈ "
)


def render_style(pixel_size: int, bold: bool) -> dict[str, object]:
    font = QFont(FAMILY)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    metrics = QFontMetrics(font)
    glyphs: dict[str, list[object]] = {}
    height = metrics.height()
    for char in CHARS:
        advance = metrics.horizontalAdvance(char)
        width = max(advance + 4, 1)
        image = QImage(width, height, QImage.Format.Format_Grayscale8)
        image.fill(QColor(0, 0, 0))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(QPoint(1, metrics.ascent()), char)
        painter.end()
        rows = []
        for y in range(height):
            line = image.constScanLine(y)
            rows.append(bytes(line)[:width])
        data = b"".join(rows)
        glyphs[char] = [advance, width, base64.b64encode(data).decode("ascii")]
    return {"height": height, "ascent": metrics.ascent(), "glyphs": glyphs}


def main() -> None:
    """Write the font file."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    assert app is not None
    styles = {name: render_style(size, bold) for name, (size, bold) in STYLES.items()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "comment": "Glyph coverage maps rendered from DejaVu Sans by "
                   "scripts/make_chart_font.py; used by documents/png_chart.py.",
        "family": FAMILY,
        "styles": styles,
    }, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size // 1024} Ko", file=sys.stderr)


if __name__ == "__main__":
    main()
