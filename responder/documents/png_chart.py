"""Charts of the « Bilan » as PNG images, in pure Python (no Qt in the report's layers).

The shapes come from :func:`responder.domain.charts.layout`, the same as the Qt page paints;
rectangles and lines are filled row by row into an RGB buffer, text is blended from the
glyph coverage maps of ``resources/fonts/chart-font.json`` (DejaVu Sans, made by
``scripts/make_chart_font.py``), and the buffer is written as a PNG with zlib.

Thread contract: pure computation, safe in a background thread.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..domain.charts import BarChart, Drawing, Line, Rect, Text, TextStyle, layout
from ..paths import resources_dir

#: The report's charts are drawn at twice their printed size (crisp when Word scales them).
SCALE = 2.0


@dataclass(frozen=True)
class _Glyph:
    advance: int
    width: int
    coverage: bytes


@dataclass(frozen=True)
class _Face:
    height: int
    glyphs: dict[str, _Glyph]

    def glyph(self, char: str) -> _Glyph:
        return self.glyphs.get(char) or self.glyphs["?"]

    def measure(self, text: str) -> float:
        return float(sum(self.glyph(c).advance for c in text))


def font_file() -> Path:
    """The glyph file shipped in ``resources/fonts``."""
    return resources_dir() / "fonts" / "chart-font.json"


@lru_cache(maxsize=1)
def _faces() -> dict[str, _Face]:
    data = json.loads(font_file().read_text(encoding="utf-8"))
    faces: dict[str, _Face] = {}
    for name, style in data["styles"].items():
        glyphs = {
            char: _Glyph(int(adv), int(width), base64.b64decode(cov))
            for char, (adv, width, cov) in style["glyphs"].items()
        }
        faces[name] = _Face(int(style["height"]), glyphs)
    return faces


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.w, self.h = width, height
        self.px = bytearray(b"\xff" * (width * height * 3))

    def rect(self, x: float, y: float, w: float, h: float, color: str) -> None:
        x0, y0 = max(0, round(x)), max(0, round(y))
        x1, y1 = min(self.w, round(x + w)), min(self.h, round(y + h))
        if x1 <= x0 or y1 <= y0:
            return
        row = bytes(_rgb(color)) * (x1 - x0)
        for yy in range(y0, y1):
            start = (yy * self.w + x0) * 3
            self.px[start:start + len(row)] = row

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str) -> None:
        # Charts only draw horizontal and vertical lines (axes and grid).
        if round(x1) == round(x2):
            self.rect(x1, min(y1, y2), 1, abs(y2 - y1) + 1, color)
        else:
            self.rect(min(x1, x2), y1, abs(x2 - x1) + 1, 1, color)

    def text(self, x: float, y: float, text: str, face: _Face, color: str) -> None:
        r, g, b = _rgb(color)
        px, w, h = self.px, self.w, self.h
        cx = round(x)
        top = round(y)
        for char in text:
            glyph = face.glyph(char)
            gw = glyph.width
            cov = glyph.coverage
            for gy in range(face.height):
                yy = top + gy
                if not 0 <= yy < h:
                    continue
                row = cov[gy * gw:(gy + 1) * gw]
                if not any(row):
                    continue
                base = yy * w
                for gx, a in enumerate(row):
                    if not a:
                        continue
                    xx = cx + gx
                    if not 0 <= xx < w:
                        continue
                    i = (base + xx) * 3
                    if a == 255:
                        px[i], px[i + 1], px[i + 2] = r, g, b
                    else:
                        inv = 255 - a
                        px[i] = (r * a + px[i] * inv) // 255
                        px[i + 1] = (g * a + px[i + 1] * inv) // 255
                        px[i + 2] = (b * a + px[i + 2] * inv) // 255
            cx += glyph.advance

    def png(self) -> bytes:
        stride = self.w * 3
        raw = b"".join(
            b"\x00" + bytes(self.px[y * stride:(y + 1) * stride]) for y in range(self.h)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(
                ">I", zlib.crc32(body) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def measure(text: str, style: TextStyle) -> float:
    """Width in pixels of ``text`` in the report's ``style``."""
    return _faces()[style].measure(text)


def drawing(chart: BarChart, width: int, height: int) -> Drawing:
    """The chart's shapes at the report's scale (``width`` × ``height`` pixels)."""
    return layout(chart, width, height, measure, line_height=_faces()["label"].height,
                  scale=SCALE)


def chart_png(chart: BarChart, width: int = 1200, height: int = 560) -> bytes:
    """The chart as PNG bytes (``width`` × ``height`` pixels)."""
    faces = _faces()
    canvas = _Canvas(width, height)
    for shape in drawing(chart, width, height).shapes:
        if isinstance(shape, Rect):
            canvas.rect(shape.x, shape.y, shape.w, shape.h, shape.color)
        elif isinstance(shape, Line):
            canvas.line(shape.x1, shape.y1, shape.x2, shape.y2, shape.color)
        elif isinstance(shape, Text):
            face = faces[shape.style]
            x = shape.x
            if shape.align != "left":
                width_text = face.measure(shape.text)
                x -= width_text if shape.align == "right" else width_text / 2
            canvas.text(x, shape.y, shape.text, face, shape.color)
    return canvas.png()
