"""``parse_inline`` takes plain stretches at once; the runs must be the ones of reading the
line character by character (the parser before December 2026, kept here as the oracle)."""

from __future__ import annotations

import random

from responder.domain.richtext import Run, _closes, parse_inline


def char_by_char(line: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = False
    marker = ""

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold, italic))
            buf.clear()

    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            buf.append(line[i + 1])
            i += 2
        elif line.startswith("**", i) and (bold or _closes(line, i + 2, "**")):
            flush()
            bold = not bold
            i += 2
        elif line.startswith("**", i):
            buf.append("**")
            i += 2
        elif ch in "*_" and (
            (italic and ch == marker) or (not italic and _closes(line, i + 1, ch))
        ):
            if ch == "_" and not italic and i > 0 and line[i - 1].isalnum():
                buf.append(ch)
            else:
                flush()
                italic = not italic
                marker = ch if italic else ""
            i += 1
        else:
            buf.append(ch)
            i += 1
    flush()
    return tuple(runs)


def test_same_runs_as_reading_each_character() -> None:
    rng = random.Random(20261206)
    alphabet = list("ab é1 *_\\") + ["**", "***", " - "]
    for _ in range(20_000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert parse_inline(line) == char_by_char(line), line


def test_examples() -> None:
    assert parse_inline("un **gras** et *italique* \\* réf_2024") == (
        Run("un "), Run("gras", bold=True), Run(" et "), Run("italique", italic=True),
        Run(" * réf_2024"),
    )


def test_an_unclosed_double_star_stays_literal() -> None:
    # « 5 ** 3 » lost both stars: the first was read as an italic marker closed by the second.
    assert parse_inline("5 ** 3") == (Run("5 ** 3"),)
    assert parse_inline("**gras** et **reste") == (
        Run("gras", bold=True), Run(" et **reste"),
    )
    assert parse_inline("*voir **note*") == (Run("voir **note", italic=True),)
