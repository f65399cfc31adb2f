"""Rendering mémoire templates: French formats, sandbox, bounded time, template checks."""

from __future__ import annotations

import time
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
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as err:
        render_memoire(_context(), path, tmp_path / "out.docx", seconds=1.0)
    assert time.monotonic() - started < 10
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
