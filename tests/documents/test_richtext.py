"""Text-block bodies written to a real .docx keep paragraphs, bullets, bold and italic."""

from __future__ import annotations

from pathlib import Path

import docx
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from responder.documents.richtext import add_body, body_paragraphs

BODY = (
    "Créée en 2011, **Jardins & Cie** agit *depuis* 15 ans.\n"
    "\n"
    "Nos métiers :\n"
    "- la **collecte** ;\n"
    "- le _tri_ & la réparation."
)


def _runs(paragraph: docx.text.paragraph.Paragraph) -> list[tuple[str, bool, bool]]:
    return [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs]


def test_body_into_a_document(tmp_path: Path) -> None:
    document = docx.Document()
    assert add_body(document, BODY) == 4
    out = tmp_path / "bloc.docx"
    document.save(str(out))
    paragraphs = docx.Document(str(out)).paragraphs
    assert [p.text for p in paragraphs] == [
        "Créée en 2011, Jardins & Cie agit depuis 15 ans.",
        "Nos métiers :",
        "la collecte ;",
        "le tri & la réparation.",
    ]
    assert _runs(paragraphs[0]) == [
        ("Créée en 2011, ", False, False), ("Jardins & Cie", True, False),
        (" agit ", False, False), ("depuis", False, True), (" 15 ans.", False, False),
    ]
    assert [p.style.name for p in paragraphs] == [
        "Normal", "Normal", "List Bullet", "List Bullet"]
    assert ("tri", False, True) in _runs(paragraphs[3])


def test_body_as_subdocument_in_a_template(tmp_path: Path) -> None:
    template_path = tmp_path / "modele.docx"
    base = docx.Document()
    base.add_paragraph("Mémoire technique")
    base.add_paragraph("{{p presentation }}")
    base.save(str(template_path))

    template = DocxTemplate(str(template_path))
    context = {"presentation": body_paragraphs(template, BODY)}
    template.render(context, jinja_env=ImmutableSandboxedEnvironment(autoescape=True))
    out = tmp_path / "memoire.docx"
    template.save(str(out))

    paragraphs = docx.Document(str(out)).paragraphs
    texts = [p.text for p in paragraphs]
    assert "Créée en 2011, Jardins & Cie agit depuis 15 ans." in texts
    assert "le tri & la réparation." in texts
    first = paragraphs[texts.index("Créée en 2011, Jardins & Cie agit depuis 15 ans.")]
    assert ("Jardins & Cie", True, False) in _runs(first)
    bullets = [p for p in paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in bullets] == ["la collecte ;", "le tri & la réparation."]
