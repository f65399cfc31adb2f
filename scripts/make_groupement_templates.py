"""Build ``templates/groupement/convention.docx`` and ``templates/groupement/dc1.docx``.

Run once (``.venv/bin/python scripts/make_groupement_templates.py``) and commit the .docx;
users may then restyle them in Word or LibreOffice as long as the ``{{ … }}``, ``{%p … %}``
and ``{%tr … %}`` tags stay in place. The context is built by ``GroupementService.context``
(documented in ``responder/documents/convention.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TABLE_FONT = Pt(9)
TARGET_DIR = Path(__file__).resolve().parents[1] / "templates" / "groupement"


def _base() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("Heading 1", "Heading 2", "Title"):
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    return doc


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(doc: Any, columns: list[tuple[str, str, float]], loop: str) -> Any:
    """A grid table: a bold header row, then one row per item of ``loop`` (``x in xs``)."""
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for column, (_t, _k, width) in zip(table.columns, columns, strict=True):
        column.width = Cm(width)
    _repeat_header(table.rows[0])
    for cell, (title, _k, width) in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        run.font.size = TABLE_FONT
        cell.width = Cm(width)
    var = loop.split()[0]
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, (_t, key, width) in zip(table.rows[2].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run("{{ " + var + "." + key + " }}").font.size = TABLE_FONT
        cell.width = Cm(width)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    return table


def _article(doc: Any, title: str, *paragraphs: str) -> None:
    doc.add_heading(title, level=2)
    for text in paragraphs:
        doc.add_paragraph(text)


def build_convention(target: Path) -> Path:
    """Write the convention template to ``target``."""
    doc = _base()
    title = doc.add_heading("Convention de groupement momentané d'entreprises", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph("{{ form }} — marché « {{ title }} »")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading("Entre les soussignés", level=1)
    doc.add_paragraph("{%p for m in members %}")
    doc.add_paragraph(
        "{{ m.name }}, {{ m.legal_form }}, SIRET {{ m.siret }}, dont le siège est "
        "{{ m.address }}, représenté(e) par {{ m.contact }}{% if m.contact_role %}, "
        "{{ m.contact_role }}{% endif %} — {{ m.role }} ;",
        style="List Bullet",
    )
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("ci-après ensemble « les membres » ou « le groupement ».")

    _article(
        doc, "Article 1 – Objet et lots",
        "La présente convention organise la réponse commune des membres à la consultation "
        "« {{ title }} » lancée par {{ buyer }}{% if reference %} (référence {{ reference }})"
        "{% endif %}, {{ procedure | lower }}{% if deadline %}, dont la date limite de remise "
        "des offres est fixée au {{ deadline }}{% endif %}, puis l'exécution du marché en cas "
        "d'attribution.",
        "Le groupement se porte candidat pour :",
    )
    doc.add_paragraph("{%p for lot in lots %}")
    doc.add_paragraph("{{ lot.name }} : {{ lot.title }} — {{ lot.total }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    _article(
        doc, "Article 2 – Forme du groupement",
        "Les membres constituent un {{ form | lower }}{% if rc_form %} (forme demandée par le "
        "règlement de consultation : {{ rc_form | lower }}){% endif %}, au sens des articles "
        "R2142-19 à R2142-27 du code de la commande publique.",
        "{% if form_key == 'solidaire' %}Chaque membre est engagé financièrement pour la "
        "totalité du marché.{% elif form_key == 'conjoint' %}Chaque membre n'est engagé que "
        "pour la part des prestations qui lui revient selon la répartition de l'article 4."
        "{% else %}Chaque membre n'est engagé que pour sa part des prestations ; le mandataire "
        "est en outre solidaire de chacun des autres membres pour ses obligations "
        "contractuelles à l'égard de l'acheteur.{% endif %}",
    )

    _article(
        doc, "Article 3 – Mandataire et pouvoirs",
        "Les membres désignent {{ mandataire.name }} (SIRET {{ mandataire.siret }}) comme "
        "mandataire du groupement. Il représente l'ensemble des membres vis-à-vis de "
        "l'acheteur et coordonne les prestations. Les membres lui donnent pouvoir de :",
    )
    doc.add_paragraph("{%p for p in powers %}")
    doc.add_paragraph("{{ p }} ;", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Article 4 – Répartition des prestations", level=2)
    doc.add_paragraph(
        "Les prestations sont réparties entre les membres comme suit ; cette répartition "
        "détaillée engage chaque membre et figure dans l'offre du groupement."
    )
    doc.add_paragraph("{%p for lot in lots %}")
    heading = doc.add_paragraph("{{ lot.name }} — {{ lot.title }} (total {{ lot.total }})")
    heading.runs[0].bold = True
    heading.paragraph_format.space_before = Pt(8)
    heading.paragraph_format.keep_with_next = True
    _table(
        doc,
        [("Prestation", "prestation", 6.4), ("Membre", "member", 4.2),
         ("Montant", "amount", 3.8), ("Part", "share", 2.0)],
        "r in lot.rows",
    )
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Montant total de l'offre du groupement : {{ total }}.")
    doc.add_paragraph("Montant revenant à chaque membre, tous lots confondus :")
    doc.add_paragraph("{%p for m in members %}")
    doc.add_paragraph("{{ m.name }} : {{ m.total }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if subcontractors %}")
    doc.add_paragraph(
        "Sous-traitants déclarés (un DC4 chacun ; paiement direct dès {{ threshold }}, "
        "article R2193-10) :"
    )
    _table(
        doc,
        [("Sous-traitant", "name", 3.4), ("Prestations", "prestations", 4.6),
         ("Déclaré par", "member", 3.0), ("Montant", "amount", 3.2),
         ("Paiement direct", "direct_payment", 2.2)],
        "s in subcontractors",
    )
    doc.add_paragraph("{%p endif %}")

    _article(
        doc, "Article 5 – Modalités de paiement",
        "{{ payment }}.{% if single_account %} Le mandataire reverse à chaque membre la part "
        "qui lui revient dans un délai de quinze jours après réception de chaque paiement, "
        "sur présentation de sa facture.{% else %} Chaque membre facture directement "
        "l'acheteur pour les prestations qu'il exécute ; le mandataire vise les factures "
        "avant leur transmission.{% endif %}",
    )
    _article(
        doc, "Article 6 – Responsabilités et pénalités",
        "Chaque membre exécute les prestations qui lui reviennent selon les règles de l'art et "
        "les pièces du marché, et en répond. Les pénalités appliquées par l'acheteur sont "
        "supportées par le membre dont la prestation les a causées ; à défaut de pouvoir les "
        "imputer, elles sont partagées au prorata des montants de l'article 4. Chaque membre "
        "justifie d'une assurance couvrant sa responsabilité civile professionnelle.",
    )
    _article(
        doc, "Article 7 – Confidentialité",
        "Les membres tiennent pour confidentielles les informations échangées pour préparer "
        "l'offre et exécuter le marché (prix, méthodes, données des usagers), pendant la "
        "durée de la convention et deux ans après.",
    )
    _article(
        doc, "Article 8 – Retrait ou défaillance d'un membre",
        "La composition du groupement ne peut être modifiée entre la remise des candidatures et "
        "la signature du marché, sauf opération de restructuration ou membre dans "
        "l'impossibilité d'exécuter sa part (article R2142-26). En cours d'exécution, un membre "
        "défaillant est mis en demeure par le mandataire ; à défaut d'exécution sous quinze "
        "jours, les autres membres proposent à l'acheteur de reprendre ses prestations ou de "
        "les confier à un sous-traitant agréé, les surcoûts restant à la charge du membre "
        "défaillant.",
    )
    _article(
        doc, "Article 9 – Règlement des différends",
        "Les membres s'efforcent de régler à l'amiable tout différend né de la présente "
        "convention, au besoin par une médiation, dans un délai d'un mois à compter de la "
        "demande écrite d'un membre. À défaut d'accord, le différend est porté devant "
        "{{ court }}.",
    )
    _article(
        doc, "Article 10 – Durée",
        "La convention prend effet à sa signature. Elle prend fin si le marché n'est pas "
        "attribué au groupement ; sinon, elle dure {{ duration }}.",
    )

    doc.add_heading("Signatures", level=1)
    doc.add_paragraph("Fait en autant d'exemplaires que de membres, le {{ today }}.")
    doc.add_paragraph("{%p for m in members %}")
    block = doc.add_paragraph(
        "{{ m.name }} ({{ m.role }}) — {{ m.contact }}{% if m.contact_role %}, "
        "{{ m.contact_role }}{% endif %}"
    )
    block.paragraph_format.keep_with_next = True
    block.paragraph_format.space_before = Pt(10)
    doc.add_paragraph("Signature et cachet : ______________________________")
    doc.add_paragraph("{%p endfor %}")
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


def build_dc1(target: Path) -> Path:
    """Write the DC1-table template (rubriques D, E, G, then the contact sheet)."""
    doc = _base()
    doc.add_heading("Groupement — éléments à reporter dans le DC1 ou le DUME", level=1)
    doc.add_paragraph("Consultation : {{ title }} — {{ buyer }}{% if reference %} "
                      "(réf. {{ reference }}){% endif %}")
    doc.add_heading("Rubrique D — Forme du groupement", level=2)
    doc.add_paragraph("Le candidat se présente en groupement : {{ form | lower }}.")
    doc.add_paragraph("{%p if rc_form %}")
    doc.add_paragraph("Forme demandée par le règlement de consultation : {{ rc_form | lower }}.")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Rubrique E — Membres et répartition des prestations", level=2)
    _table(
        doc,
        [("Membre", "name", 3.4), ("SIRET", "siret_fmt", 3.0), ("Lots", "lots", 1.6),
         ("Prestations exécutées", "prestations", 5.6), ("Total", "total", 3.0)],
        "m in members",
    )
    doc.add_heading("Rubrique G — Mandataire", level=2)
    doc.add_paragraph("Mandataire : {{ mandataire.name }}, SIRET {{ mandataire.siret }}.")
    doc.add_paragraph("Habilitation donnée par les autres membres pour :")
    doc.add_paragraph("{%p for p in powers %}")
    doc.add_paragraph("{{ p }} ;", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Paiement : {{ payment }}.")
    doc.add_heading("Fiche contacts du groupement", level=2)
    _table(
        doc,
        [("Membre", "name", 4.0), ("Rôle", "role", 2.4), ("Contact", "contact", 3.6),
         ("Courriel", "email", 4.2), ("Téléphone", "phone", 2.4)],
        "m in members",
    )
    doc.add_paragraph("Établi le {{ today }}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET_DIR
    print(f"wrote {build_convention(folder / 'convention.docx')}")
    print(f"wrote {build_dc1(folder / 'dc1.docx')}")
