"""Letters rendered in the mémoire's sandbox; Bilan charts written as real PNG files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from docx import Document

from responder.documents.letters import LETTER_FILES, letter_template, render_letter
from responder.documents.memoire import TemplateProblem
from responder.documents.png_chart import chart_png
from responder.domain.charts import GREEN, RED, BarChart, Series

CONTEXT = {
    "kind": "motifs",
    "structure": {"name": "Jardins & Cie", "street": "1 rue Haute", "postcode": "30100",
                  "city": "Alès", "address": "1 rue Haute, 30100 Alès",
                  "siret": "732 829 320 00074",
                  "contact": {"name": "A. Martin", "role": "Directrice", "email": "",
                              "phone": ""}},
    "buyer": "Ville de Nîmes <service achats>",
    "tender": {"title": "Tonte & débroussaillement", "reference": "2026-07",
               "procedure": "Procédure adaptée (MAPA)"},
    "lot": {"number": 2, "title": "Parcs"},
    "formalised": False,
    "article": "R2181-2",
    "notified_on": "2 juin 2026",
    "winner": "",
    "today": "3 juin 2026",
    "place": "Alès",
}


@pytest.mark.parametrize("kind", sorted(LETTER_FILES))
def test_each_shipped_letter_renders_with_its_ampersands_kept(kind: str, tmp_path: Path) -> None:
    out = render_letter(kind, {**CONTEXT, "kind": kind}, tmp_path / f"{kind}.docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Jardins & Cie" in text and "Tonte & débroussaillement" in text
    assert "Ville de Nîmes <service achats>" in text
    assert "lot 2" in text
    assert "{{" not in text and "{%" not in text


def _template(tmp_path: Path, body: str) -> Path:
    doc = Document()
    doc.add_paragraph(body)
    path = tmp_path / "mon-courrier.docx"
    doc.save(str(path))
    return path


def test_a_user_template_that_never_ends_is_stopped_with_a_french_message(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, "{% for i in range(10**12) %}{{ i }}{% endfor %}")
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateProblem) as err:
        render_letter("motifs", CONTEXT, out, template=template, seconds=1.0)
    assert "mon-courrier.docx" in err.value.message
    assert not out.exists()


def test_a_user_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ buyer.__class__.__mro__ }}")
    with pytest.raises(TemplateProblem) as err:
        render_letter("motifs", CONTEXT, tmp_path / "out.docx", template=template)
    assert "interdite" in err.value.message


def test_shipped_templates_exist() -> None:
    for kind in LETTER_FILES:
        assert letter_template(kind).is_file()


def _decode_png(data: bytes) -> tuple[int, int, bytes]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_a_chart_is_a_valid_png_with_its_bars_and_its_french_text(tmp_path: Path) -> None:
    chart = BarChart("years", "Gagnés et perdus par année", ("2024", "2025"),
                     (Series("Gagnés", GREEN, (3.0, 0.0)), Series("Perdus", RED, (1.0, 4.0))))
    data = chart_png(chart, 600, 300)
    width, height, raw = _decode_png(data)
    assert (width, height) == (600, 300)
    stride = width * 3 + 1
    pixels = {bytes(raw[y * stride + 1 + x * 3:y * stride + 4 + x * 3])
              for y in range(height) for x in range(0, width, 2)}
    assert bytes.fromhex(GREEN[1:]) in pixels and bytes.fromhex(RED[1:]) in pixels
    # The title row holds dark anti-aliased text (the « é » glyphs included).
    title_rows = raw[20 * stride:40 * stride]
    assert min(title_rows[1::3]) < 80
    empty = chart_png(BarChart("x", "Rien", (), ()), 300, 200)
    assert _decode_png(empty)[:2] == (300, 200)
