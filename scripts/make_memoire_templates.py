"""Build ``templates/memoire/standard.docx`` and ``insertion.docx`` with python-docx.

Run ``python scripts/make_memoire_templates.py`` after changing this script, look at the
result in Word or LibreOffice, then commit the .docx files. The templates use only named
styles (Title, Heading 1/2, TOC 1/2, « Mémoire – … ») so a user can restyle them in Word,
and docxtpl tags documented in docs/templates.md.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates" / "memoire"


@dataclass(frozen=True)
class Look:
    """What differs between the two templates."""

    file: str
    font: str
    accent: RGBColor
    shade: str  # table header fill, hex
    insertion: bool


STANDARD = Look("standard.docx", "Liberation Sans", RGBColor(0x1F, 0x3A, 0x5F), "DCE4EE", False)
INSERTION = Look("insertion.docx", "Liberation Sans", RGBColor(0x2E, 0x6B, 0x3A), "DDEBDD", True)


def _field(paragraph: Paragraph, instr: str, placeholder: str = "") -> None:
    """Insert a Word field (PAGE, NUMPAGES …) that Word and LibreOffice compute."""
    def char(kind: str) -> None:
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _fld_char(paragraph: Paragraph, kind: str, instr: str = "") -> None:
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")  # Word refreshes the table when the file is opened
    run._r.append(el)
    if instr:
        run = paragraph.add_run()
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = f" {instr} "
        run._r.append(text)


def _shade(cell_el: object, fill: str) -> None:
    tc_pr = cell_el._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _styles(doc: DocumentObject, look: Look) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = look.font
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), look.font)
    for name, size, before in (("Title", 26, 0), ("Heading 1", 15, 18), ("Heading 2", 12.5, 12)):
        style = styles[name]
        style.font.name = look.font
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = look.accent
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, indent in (("TOC 1", 0.0), ("TOC 2", 0.6)):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Cm(indent)
        style.paragraph_format.space_after = Pt(3)
        style.font.bold = indent == 0
    own = (
        ("Mémoire – Sous-titre", 14, False, True),
        ("Mémoire – Page de titre", 12, False, False),
        ("Mémoire – Intertitre", 11, True, False),
        ("Mémoire – Tableau", 9, False, False),
        ("Mémoire – Pied de page", 8.5, False, False),
    )
    for name, size, bold, accent in own:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        if accent:
            style.font.color.rgb = look.accent
        if name != "Mémoire – Tableau":
            continue
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
    for name in ("Mémoire – Sous-titre", "Mémoire – Page de titre"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Mémoire – Pied de page"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Mémoire – Intertitre"].font.color.rgb = look.accent
    styles["Mémoire – Intertitre"].paragraph_format.keep_with_next = True


def _title_page(doc: DocumentObject, look: Look) -> None:
    doc.add_paragraph("{%p if logo %}")
    logo = doc.add_paragraph("{{ logo }}", style="Mémoire – Page de titre")
    logo.paragraph_format.space_after = Pt(24)
    doc.add_paragraph("{%p endif %}")
    for _ in range(3):
        doc.add_paragraph("", style="Mémoire – Page de titre")
    doc.add_paragraph("Mémoire technique", style="Title")
    doc.add_paragraph("{{ tender.title }}", style="Mémoire – Sous-titre")
    doc.add_paragraph("{%p if lot %}")
    doc.add_paragraph("Lot {{ lot.number }} : {{ lot.title }}", style="Mémoire – Sous-titre")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("", style="Mémoire – Page de titre")
    doc.add_paragraph("Acheteur : {{ tender.buyer }}", style="Mémoire – Page de titre")
    doc.add_paragraph("{%p if tender.reference %}")
    doc.add_paragraph(
        "Référence de la consultation : {{ tender.reference }}", style="Mémoire – Page de titre"
    )
    doc.add_paragraph("{%p endif %}")
    for _ in range(2):
        doc.add_paragraph("", style="Mémoire – Page de titre")
    doc.add_paragraph("{%p if candidat.groupement %}")
    doc.add_paragraph("Offre présentée par le groupement", style="Mémoire – Page de titre")
    doc.add_paragraph("{%p for m in candidat.members %}")
    member = doc.add_paragraph("{{ m.name }}", style="Mémoire – Sous-titre")
    member.runs[0].bold = True
    member.paragraph_format.space_after = Pt(0)
    doc.add_paragraph("{{ m.role }} – SIRET {{ m.siret }}", style="Mémoire – Page de titre")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ candidat.form }}", style="Mémoire – Page de titre")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Offre présentée par", style="Mémoire – Page de titre")
    name = doc.add_paragraph("{{ structure.name }}", style="Mémoire – Sous-titre")
    name.runs[0].bold = True
    doc.add_paragraph(
        "{{ structure.legal_form }}{% if structure.siret %} – SIRET {{ structure.siret }}"
        "{% endif %}",
        style="Mémoire – Page de titre",
    )
    doc.add_paragraph("{{ structure.address }}", style="Mémoire – Page de titre")
    doc.add_paragraph("{%p endif %}")
    if look.insertion:
        doc.add_paragraph("", style="Mémoire – Page de titre")
        box = doc.add_paragraph(
            "{% if structure.ess_statuses %}{{ structure.ess_statuses }}{% endif %}",
            style="Mémoire – Sous-titre",
        )
        box.paragraph_format.space_before = Pt(12)
        doc.add_paragraph(
            "{{ structure.headcount.total }} salariés dont {{ structure.headcount.insertion }} "
            "en parcours d'insertion et {{ structure.headcount.disabled }} travailleurs "
            "handicapés",
            style="Mémoire – Page de titre",
        )
    doc.add_paragraph("", style="Mémoire – Page de titre")
    doc.add_paragraph("{{ today|date_fr }}", style="Mémoire – Page de titre")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc: DocumentObject) -> None:
    doc.add_paragraph("Sommaire", style="Mémoire – Sous-titre").alignment = (
        WD_ALIGN_PARAGRAPH.LEFT
    )
    # A real TOC field: Word and LibreOffice rebuild it (with page numbers) on « Mettre à
    # jour »; until then its cached result is the outline written by the loop below.
    first = doc.add_paragraph(style="TOC 1")
    _fld_char(first, "begin", 'TOC \\o "1-2" \\h \\z \\u')
    _fld_char(first, "separate")
    doc.add_paragraph("{%p if candidat.groupement %}")
    doc.add_paragraph("Présentation du groupement", style="TOC 1")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_paragraph("{%p if s.level == 1 %}")
    doc.add_paragraph("{{ s.number }} {{ s.title }}", style="TOC 1")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ s.number }} {{ s.title }}", style="TOC 2")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    last = doc.add_paragraph(style="TOC 1")
    _fld_char(last, "end")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table(doc: DocumentObject, look: Look, headers: list[str], cells: list[str],
           loop: str, widths: list[float]) -> None:
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].style = doc.styles["Mémoire – Tableau"]
        _shade(cell, look.shade)
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for i, text in enumerate(cells):
        cell = table.rows[2].cells[i]
        cell.text = text
        cell.paragraphs[0].style = doc.styles["Mémoire – Tableau"]
    table.rows[3].cells[0].text = "{%tr endfor %}"
    # LibreOffice reads the grid, Word the cells: set both, and keep the widths fixed.
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for row in table.rows:
            row.cells[i].width = Cm(width)
    _repeat_header(table)


def _groupement(doc: DocumentObject, look: Look) -> None:
    """« Présentation du groupement »: form, mandataire, each member's role, répartition."""
    doc.add_paragraph("{%p if candidat.groupement %}")
    doc.add_paragraph("Présentation du groupement", style="Heading 1")
    doc.add_paragraph(
        "Cette offre est présentée par un {{ candidat.form|lower }} de "
        "{{ candidat.members|length }} membres. Son mandataire, {{ candidat.mandataire.name }}, "
        "représente l'ensemble des membres auprès de l'acheteur et coordonne l'exécution des "
        "prestations. Chaque membre exécute la part décrite ci-dessous."
    )
    _table(
        doc, look,
        ["Membre", "Rôle", "Lots", "Prestations exécutées", "Part"],
        ["{{ m.name }}", "{{ m.role }}", "{{ m.lots }}", "{{ m.prestations }}",
         "{{ m.total }}{% if m.share %} ({{ m.share }}){% endif %}"],
        "m in candidat.members",
        [3.4, 2.2, 1.4, 6.0, 3.5],
    )
    doc.add_paragraph("")
    doc.add_paragraph("{%p for lot in candidat.repartition %}")
    doc.add_paragraph("Répartition – {{ lot.title }} ({{ lot.total }})",
                      style="Mémoire – Intertitre")
    _table(
        doc, look,
        ["Prestation", "Membre", "Montant", "Part"],
        ["{{ r.prestation }}", "{{ r.member }}", "{{ r.amount }}", "{{ r.share }}"],
        "r in lot.rows",
        [7.2, 4.2, 3.0, 2.1],
    )
    doc.add_paragraph("")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _body(doc: DocumentObject, look: Look) -> None:
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_paragraph("{%p if s.level == 1 %}")
    doc.add_paragraph(
        "{{ s.number }} {{ s.title }}{% if s.weight_label %} ({{ s.weight_label }}){% endif %}",
        style="Heading 1",
    )
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(
        "{{ s.number }} {{ s.title }}{% if s.weight_label %} ({{ s.weight_label }}){% endif %}",
        style="Heading 2",
    )
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if s.has_body %}")
    doc.add_paragraph("{{p s.body }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if s.fields %}")
    _table(doc, look, ["Donnée", "Valeur"], ["{{ f.label }}", "{{ f.value }}"],
           "f in s.fields", [6.0, 10.5])
    doc.add_paragraph("")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if s.references %}")
    doc.add_paragraph("Références", style="Mémoire – Intertitre")
    _table(
        doc, look,
        ["Acheteur", "Objet", "Année", "Montant", "Rôle", "Impact"],
        ["{{ r.buyer }}", "{{ r.title }}", "{{ r.year }}", "{{ r.amount|montant }}",
         "{{ r.role }}", "{{ r.impact }}"],
        "r in s.references",
        [3.0, 3.4, 1.7, 2.9, 2.2, 3.4],
    )
    doc.add_paragraph("")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    if look.insertion:
        doc.add_paragraph("{%p if references %}")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_paragraph("Annexe – Synthèse des références et de leur impact social",
                          style="Heading 1")
        _table(
            doc, look,
            ["Acheteur", "Objet", "Période", "Montant", "Heures d'insertion",
             "Sorties dynamiques"],
            ["{{ r.buyer }}", "{{ r.title }}", "{{ r.period }}", "{{ r.amount|montant }}",
             "{{ r.insertion_hours|nombre }}", "{{ r.positive_exits }}"],
            "r in references",
            [3.2, 3.6, 2.0, 2.9, 2.5, 2.4],
        )
        doc.add_paragraph("{%p endif %}")


def _footer(doc: DocumentObject) -> None:
    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Mémoire – Pied de page"]
    footer.add_run("{{ candidat.short_name }} – Mémoire technique – page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES", "1")
    section.different_first_page_header_footer = True  # no number on the title page


def _update_fields_on_open(doc: DocumentObject) -> None:
    settings = doc.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.append(el)


def build(look: Look, out_dir: Path) -> Path:
    """Write one template and return its path."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    _styles(doc, look)
    core = doc.core_properties
    core.title = "Mémoire technique"
    core.author = "Responder"
    core.comments = "Modèle de mémoire technique – variables décrites dans docs/templates.md"
    _title_page(doc, look)
    _contents(doc)
    _groupement(doc, look)
    _body(doc, look)
    _footer(doc)
    _update_fields_on_open(doc)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / look.file
    doc.save(str(path))
    return path


def main() -> None:
    """Build both templates into ``templates/memoire`` (or the folder given)."""
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for look in (STANDARD, INSERTION):
        print(build(look, out_dir))


if __name__ == "__main__":
    main()
