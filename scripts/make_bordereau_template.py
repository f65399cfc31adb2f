"""Build ``templates/checklist/bordereau.docx``, the « bordereau des pièces » template.

Run once (``.venv/bin/python scripts/make_bordereau_template.py``) and commit the .docx; users
may then restyle it in Word or LibreOffice as long as the ``{{ … }}`` and ``{%tr … %}`` tags
stay in place. The context is built by ``ChecklistService.bordereau_context``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TARGET = Path(__file__).resolve().parents[1] / "templates" / "checklist" / "bordereau.docx"
COLUMNS = [
    ("N°", "number", 1.0),
    ("Pièce", "label", 8.7),
    ("Lot(s)", "lots", 2.8),
    ("Fournie par", "member", 7.0),
    ("Fichier déposé", "file", 7.0),
]


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _field(paragraph: object, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute."""
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()  # type: ignore[attr-defined]
        if kind == "text":
            run.text = "1"
            continue
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def build(target: Path = TARGET) -> Path:
    """Write the template to ``target``."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.6))
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)

    doc.add_heading("Bordereau des pièces", level=1)
    doc.add_paragraph("Consultation : {{ title }}")
    doc.add_paragraph("Acheteur : {{ buyer }}{% if reference %} — Référence : {{ reference }}"
                      "{% endif %}")
    doc.add_paragraph("Date et heure limites de remise des offres : {{ deadline }}")
    doc.add_heading("Candidat ou membres du groupement", level=2)
    doc.add_paragraph("{%p for m in members %}")
    doc.add_paragraph(
        "{{ m.name }} ({{ m.role }}){% if m.siret %} — SIRET {{ m.siret }}{% endif %}",
        style="List Bullet",
    )
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p for sec in sections %}")
    doc.add_heading("{{ sec.title }}", level=2).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=4, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for column, (_title, _key, width) in zip(table.columns, COLUMNS, strict=True):
        column.width = Cm(width)  # the grid LibreOffice and Word lay the table out from
    header = table.rows[0]
    _repeat_header(header)
    for cell, (title, _key, width) in zip(header.cells, COLUMNS, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        cell.width = Cm(width)
    table.rows[1].cells[0].text = "{%tr for r in sec.rows %}"
    for cell, (_title, key, width) in zip(table.rows[2].cells, COLUMNS, strict=True):
        cell.text = "{{ r." + key + " }}"
        cell.width = Cm(width)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p if left_out %}")
    note = doc.add_paragraph(
        "Ne figurent pas ici {{ left_out }} de l'attributaire (attestations, certificats) : "
        "elles sont remises par le candidat classé premier, à la demande de l'acheteur, après "
        "la date limite (article R2144-4)."
    )
    note.paragraph_format.space_before = Pt(10)
    note.runs[0].italic = True
    doc.add_paragraph("{%p endif %}")
    signature = doc.add_paragraph(
        "Fait à ………………………………, le ………………………, pour le candidat ou le mandataire :"
    )
    signature.paragraph_format.space_before = Pt(12)
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Bordereau des pièces – page ")
    _field(footer, "PAGE")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8.5)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    print(f"wrote {out}")
