"""Rendering mémoire templates: French formats, sandbox, bounded time, template checks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from responder.documents.filters import amount_fr, date_fr, percent_fr
from responder.documents.memoire import (
    TemplateProblem,
    builtin_template,
    check_template,
    render_memoire,
)


def test_french_dates_and_amounts() -> None:
    assert date_fr(date(2026, 5, 12)) == "12\u00a0mai 2026"
    assert date_fr(date(2026, 5, 1)).startswith("1er")
    assert amount_fr(Decimal("12345.5")) == "12\u202f345,50\u00a0€\u00a0HT"
    assert amount_fr(None) == ""
    assert percent_fr(Decimal("12.50")) == "12,5\u00a0%"


def _template(tmp_path: Path, *lines: str) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / "modele.docx"
    doc.save(str(path))
    return path


def _context() -> dict[str, object]:
    return {
        "structure": {"name": "Les Jardins & Cie"},
        "tender": {"title": "Tonte <urgente>", "buyer": "Ville d'\"Alès\""},
        "lot": None,
        "today": date(2026, 5, 12),
        "sections": [],
        "references": [],
    }


def test_user_text_comes_out_intact(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ structure.name }} | {{ tender.title }} | {{ tender.buyer }}",
                     "{{ today|date_fr }}")
    out = render_memoire(_context(), path, tmp_path / "out.docx")
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts == ['Les Jardins & Cie | Tonte <urgente> | Ville d\'"Alès"', "12\u00a0mai 2026"]


def test_security_error_is_french_and_nothing_is_written(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ ''.__class__.__mro__ }}")
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateProblem) as err:
        render_memoire(_context(), path, out)
    assert "instruction interdite" in err.value.message
    assert not out.exists()


def test_endless_loop_is_stopped_in_bounded_time(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
        "x{% endfor %}{% endfor %}{% endfor %}",
    )
    with pytest.raises(TemplateProblem) as err:
        render_memoire(_context(), path, tmp_path / "out.docx", seconds=1.0)
    assert "boucle sans fin" in err.value.message


def test_huge_range_and_repetition_are_refused(tmp_path: Path) -> None:
    for line in ("{% for i in range(10**9) %}x{% endfor %}", "{{ 'x' * 1000000000 }}"):
        path = _template(tmp_path, line)
        with pytest.raises(TemplateProblem) as err:
            render_memoire(_context(), path, tmp_path / "out.docx")
        assert "interdite" in err.value.message


def test_check_template_lists_unknown_variables_and_broken_files(tmp_path: Path) -> None:
    assert check_template(builtin_template("standard")) == []
    assert check_template(builtin_template("insertion")) == []
    path = _template(tmp_path, "{{ structure.name }} {{ signataire }} {{ tarif }}")
    problems = check_template(path)
    assert len(problems) == 1 and "« signataire », « tarif »" in problems[0]
    broken = _template(tmp_path, "{% for x in %}")
    assert "balise mal écrite" in check_template(broken)[0]
    not_docx = tmp_path / "faux.docx"
    not_docx.write_text("bonjour", encoding="utf-8")
    assert "n'est pas un document Word" in check_template(not_docx)[0]


# --- memory bombs: refused before they allocate, with a French message --------------------------
_BOMB_SCRIPT = r"""
import json, resource, sys, tempfile
from pathlib import Path

limit = 2 * 1024**3  # a bomb that got through would need ~10 GB: MemoryError, not a swap storm
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from docx import Document
from responder.documents.memoire import TemplateProblem, render_memoire

tmp = Path(tempfile.mkdtemp())
context = {"structure": {"name": "Jardins"}, "tender": {"title": "Tonte"}, "lot": None,
           "sections": [], "references": []}
results = []
for line in json.loads(sys.argv[1]):
    doc = Document()
    doc.add_paragraph(line)
    path = tmp / "bombe.docx"
    doc.save(str(path))
    try:
        render_memoire(context, path, tmp / "out.docx")
        outcome = "rendu"
    except TemplateProblem as exc:
        outcome = exc.message
    except BaseException as exc:
        outcome = "brut " + type(exc).__name__
    results.append([line, outcome, (tmp / "out.docx").exists()])
print(json.dumps(results))
"""

MEMORY_BOMBS = [
    '{{ "x"|center(10**10)|length }}',
    '{% set a = "x"*1000000 %}{{ ([a]*10000)|join|length }}',
    '{{ "x"|indent(10**10)|length }}',
    '{{ "x".center(10**10)|length }}',
    '{{ "%10000000000s"|format("x")|length }}',
    '{{ ("%10000000000s" % "x")|length }}',
    '{{ "{:>10000000000}".format("x")|length }}',
    "{{ (10**64)**64 }}",
    "{{ 2.0 ** 100000 }}",
    '{% set a = "x"*1000000 %}{{ a.replace("", a)|length }}',
    '{% set a = "x"*1000000 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}'
    "{% set c = [b, b, b, b, b, b, b, b, b, b] %}{% set d = [c, c, c, c, c, c, c, c, c, c] %}"
    "{{ d }}",
    '{% set ns = namespace(x="xx") %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}'
    "{% endfor %}{{ ns.x|length }}",
    "{% set ns = namespace(x=3) %}{% for i in range(60) %}{% set ns.x = ns.x * ns.x %}"
    "{% endfor %}{{ ns.x > 1 }}",
    "{{ [1]|batch(10**9, 0)|list|length }}",
    "{{ 1|nombre(10**9) }}",
]


def test_memory_bombs_are_refused_in_french() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BOMB_SCRIPT, json.dumps(MEMORY_BOMBS)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for line, outcome, written in json.loads(result.stdout):
        assert outcome.startswith("Le modèle « bombe.docx » "), (line, outcome)
        assert "interdite" in outcome or "démesuré" in outcome, (line, outcome)
        assert not written, line


def test_bounded_filters_and_operators_still_work(tmp_path: Path) -> None:
    path = _template(
        tmp_path,
        "[{{ 'ab'|center(6) }}]",
        "{{ 'ab'|indent(2, true) }}",
        "{{ ['x', 'y', 'z']|join(', ') }} {{ [{'n': 'A'}, {'n': 'B'}]|join('/', attribute='n') }}",
        "{{ 'tonte tonte'|replace('tonte', 'taille', 1) }} {{ 'a-b'.replace('-', '+') }}",
        "{{ '%05d|%-4s|%.2f'|format(42, 'x', 3.14159) }} {{ '%s et %s' % ('A', 'B') }}",
        "{{ '{:>5}|{:.1f}'.format('x', 2.25) }} {{ 'x'.ljust(3) ~ '|' ~ 'y' * 3 ~ 2 ** 10 }}",
        "{{ ('mot ' * 3)|trim }}{{ ('un deux trois quatre')|wordwrap(9, wrapstring=' / ') }}",
        "{{ 'Un texte assez long pour être coupé'|truncate(12, leeway=0) }}",
        "{{ 12345.5|nombre(2) }} {{ (10**20) * (10**20) }} {{ [1, 2] + [3] }}",
    )
    out = render_memoire(_context(), path, tmp_path / "out.docx")
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts[0] == "[  ab  ]"
    assert texts[1] == "  ab"
    assert texts[2] == "x, y, z A/B"
    assert texts[3] == "taille tonte a+b"
    assert texts[4] == "00042|x   |3.14 A et B"
    assert texts[5] == "    x|2.2 x  |yyy1024"
    assert texts[6] == "mot mot motun deux / trois / quatre"
    assert texts[7] == "Un texte..."
    assert texts[8] == "12\u202f345,50 " + str(10**40) + " [1, 2, 3]"


def test_recursive_macro_and_loop_are_stopped_without_a_tracer(tmp_path: Path) -> None:
    # 2**60 macro calls, and a recursive loop as wide: no {% for %} over a range involved.
    lines = (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}",
        "{% for x in [60] recursive %}{% if x %}{{ loop([x - 1, x - 1]) }}{% endif %}"
        "{% endfor %}",
    )
    for line in lines:
        doc = Document()
        doc.add_paragraph(line)
        path = tmp_path / "modele.docx"
        doc.save(str(path))
        before = sys.gettrace()
        with pytest.raises(TemplateProblem) as err:
            render_memoire(_context(), path, tmp_path / "out.docx", seconds=0.5)
        assert "boucle sans fin" in err.value.message
        assert sys.gettrace() is before
