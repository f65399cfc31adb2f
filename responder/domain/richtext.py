"""The light markup of text-block bodies: paragraphs, bullet lists, bold and italic.

A body is plain text in which:

- each non-empty line is a paragraph (an empty line is only spacing);
- a line starting with « - », « • » or « * » followed by a space is a bullet item;
- ``**gras**`` is bold, ``*italique*`` or ``_italique_`` is italic (``***les deux***``);
- a backslash keeps the next character literal (``\\*`` is a star).

``parse_body`` turns a body into paragraphs of runs, which the .docx renderer writes with
the matching Word styles; ``plain_text`` gives the same text without markup (search index,
word counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_BULLETS = ("- ", "• ", "* ", "– ")


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a body: its runs, and whether it is a bullet item."""

    runs: tuple[Run, ...]
    bullet: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text without formatting."""
        return "".join(run.text for run in self.runs)


#: What parse_inline interprets: without any of these, a line is one plain run.
_MARKERS = re.compile(r"[*_\\]")


def _closes(line: str, start: int, marker: str) -> bool:
    """True when ``marker`` appears again (unescaped) after ``start`` in ``line``."""
    i = start
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line.startswith(marker, i):
            return True
        i += 1
    return False


def parse_inline(line: str) -> tuple[Run, ...]:
    """Runs of one line: ``**`` toggles bold, ``*`` or ``_`` toggles italic.

    A marker without its closing partner is kept as a literal character, so « 5 * 3 » or a
    stray « _ » in a reference number survive unchanged.
    """
    if not _MARKERS.search(line):  # plain text, most lines: one run, as the loop would give
        return (Run(line, False, False),) if line else ()
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = False
    italic_marker = ""

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold, italic))
            buf.clear()

    i = 0
    while i < len(line):
        ch = line[i]
        if ch not in "*_\\":  # a stretch of plain text up to the next marker, at once
            marker = _MARKERS.search(line, i + 1)
            end = marker.start() if marker else len(line)
            buf.append(line[i:end])
            i = end
            continue
        if ch == "\\" and i + 1 < len(line):
            buf.append(line[i + 1])
            i += 2
            continue
        if line.startswith("**", i) and (bold or _closes(line, i + 2, "**")):
            flush()
            bold = not bold
            i += 2
            continue
        if line.startswith("**", i):  # an unclosed « ** » stays as typed, both stars
            buf.append("**")
            i += 2
            continue
        if ch in "*_" and (
            (italic and ch == italic_marker) or (not italic and _closes(line, i + 1, ch))
        ):
            if ch == "_" and not italic and i > 0 and line[i - 1].isalnum():
                buf.append(ch)  # snake_case or « réf_2024 »: not a marker
                i += 1
                continue
            flush()
            italic = not italic
            italic_marker = ch if italic else ""
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    return tuple(runs)


def parse_body(body: str) -> list[Paragraph]:
    """The paragraphs of a text-block body (see the module docstring for the markup)."""
    return list(_parsed(body))


@lru_cache(maxsize=2048)
def _parsed(body: str) -> tuple[Paragraph, ...]:
    # Cached: one rendering parses each body three times (word count, checks, Word
    # paragraphs); paragraphs and runs are frozen, so sharing them is safe.
    paragraphs: list[Paragraph] = []
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        bullet = line.startswith(_BULLETS)
        if bullet:
            line = line[2:].lstrip()
        paragraphs.append(Paragraph(parse_inline(line), bullet))
    return tuple(paragraphs)


def plain_text(body: str) -> str:
    """The body's text without markup, one paragraph per line."""
    return "\n".join(p.text for p in parse_body(body))
