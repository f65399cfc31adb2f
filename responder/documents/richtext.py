"""Text-block bodies into Word: paragraphs, bullet items, bold and italic kept.

The body markup is parsed by ``responder.domain.richtext``; this module only writes the
result with python-docx straight into a document (``add_body``), or as docxtpl rich
paragraphs to place with ``{{p block_body }}`` in a template (``body_paragraphs``).

Thread contract: pure document building, safe in a background thread.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject
from docxtpl import DocxTemplate, RichText, RichTextParagraph

from ..domain.richtext import parse_body

#: Word's built-in style for bullet items (present in the default template, and in
#: LibreOffice-saved documents as « List Bullet »).
BULLET_STYLE = "List Bullet"


def _bullet_style(document: Any) -> str | None:
    try:
        document.styles[BULLET_STYLE]
    except KeyError:
        return None
    return BULLET_STYLE


def add_body(document: DocumentObject | Any, body: str) -> int:
    """Append the body's paragraphs to ``document`` (a python-docx document or sub-document).

    Bullet items get the « List Bullet » style when the document has it, else a « • »
    prefix; runs keep their bold and italic. Returns the number of paragraphs written.
    """
    style = _bullet_style(document)
    paragraphs = parse_body(body)
    for para in paragraphs:
        if para.bullet and style:
            out = document.add_paragraph(style=style)
        else:
            out = document.add_paragraph()
            if para.bullet:
                out.add_run("• ")
        for run in para.runs:
            written = out.add_run(run.text)
            if run.bold:
                written.bold = True
            if run.italic:
                written.italic = True
    return len(paragraphs)


def bullet_style_id(template: DocxTemplate) -> str | None:
    """The id of the template's « List Bullet » style (whatever its language), or ``None``."""
    try:
        return str(template.get_docx().styles[BULLET_STYLE].style_id)
    except KeyError:
        return None


def rich_paragraphs(body: str, bullet_style: str | None) -> RichTextParagraph:
    """The body as docxtpl paragraphs, bullet items in the style ``bullet_style`` (an id from
    :func:`bullet_style_id`) or, when ``None``, with a « • » prefix."""
    rich = RichTextParagraph()
    for para in parse_body(body):
        text = RichText()
        if para.bullet and bullet_style is None:
            text.add("• ")
        for run in para.runs:
            text.add(run.text, bold=run.bold, italic=run.italic)
        rich.add(text, parastyle=bullet_style if para.bullet else None)
    return rich


def body_paragraphs(template: DocxTemplate, body: str) -> RichTextParagraph:
    """The body as paragraphs for ``{{p name }}`` in a docxtpl ``template``.

    Text is XML-escaped by docxtpl (« Jardins & Cie » keeps its « & »); bullet items take
    the template's « List Bullet » style, whatever its id in the template's language, or a
    « • » prefix when the template has no such style.
    """
    return rich_paragraphs(body, bullet_style_id(template))
