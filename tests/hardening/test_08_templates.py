"""Item 8: a template's total output and its nesting are bounded; the check refuses what the
render cannot do."""

from __future__ import annotations

import resource
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from responder.documents import sandbox as rendering
from responder.documents.memoire import (
    MAX_NESTING,
    TemplateProblem,
    builtin_template,
    check_template,
    render_memoire,
)


def _template(tmp_path: Path, *lines: str, name: str = "modele.docx") -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / name
    doc.save(str(path))
    return path


def _context() -> dict[str, object]:
    return {"structure": {"name": "Jardins & Cie"}, "tender": {"title": "Tonte"}, "lot": None,
            "today": date(2026, 5, 12), "sections": [], "references": []}


def _nested(levels: int) -> str:
    return "{% for a in [1] %}" * levels + "x" + "{% endfor %}" * levels


def test_item08_deep_nesting_is_refused_by_check_and_render(tmp_path: Path) -> None:
    deep = _template(tmp_path, _nested(25), name="profond.docx")
    problems = check_template(deep)
    assert problems and "imbriqués" in problems[0]
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateProblem) as err:
        render_memoire(_context(), deep, out)
    assert "imbriqués" in err.value.message and not out.exists()
    fine = _template(tmp_path, _nested(MAX_NESTING), name="ok.docx")
    assert check_template(fine) == []
    assert render_memoire(_context(), fine, out).is_file()


def test_item08_accumulated_output_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each {{ }} is small; 10,000 × 10,000 of them would pile up 4 GB of text.
    monkeypatch.setattr(rendering, "MAX_OUTPUT", 5_000_000)
    path = _template(
        tmp_path,
        "{% for i in range(10000) %}{% for j in range(10000) %}{{ 'abcdefghij' * 50 }}"
        "{% endfor %}{% endfor %}",
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(TemplateProblem) as err:
        render_memoire(_context(), path, tmp_path / "out.docx", seconds=60)
    assert "démesuré" in err.value.message or "interdite" in err.value.message
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 500


def test_item08_shipped_templates_still_pass(tmp_path: Path) -> None:
    for name in ("standard", "insertion"):
        template = builtin_template(name)
        if template.exists():
            assert check_template(template) == []
