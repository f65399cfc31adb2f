"""Build the letters of ``templates/courriers/`` with python-docx.

Run ``python scripts/make_courrier_templates.py`` after changing this script, look at the
result in Word or LibreOffice, then commit the .docx files. The letters use docxtpl tags
documented in docs/templates.md (« Courriers ») and only named styles, so a user can restyle
or rewrite them in Word.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates" / "courriers"

SENDER = (
    "{{ structure.name }}",
    "{{ structure.street }}",
    "{{ structure.postcode }} {{ structure.city }}",
    "{% if structure.siret %}SIRET {{ structure.siret }}{% endif %}",
    "{% if structure.contact.email %}{{ structure.contact.email }}{% endif %}"
    "{% if structure.contact.phone %} — {{ structure.contact.phone }}{% endif %}",
)
CONSULTATION = (
    "Objet : {{ subject }}",
    "Consultation : « {{ tender.title }} »{% if tender.reference %} (réf. {{ tender.reference }})"
    "{% endif %}{% if lot %}, lot {{ lot.number }} : {{ lot.title }}{% endif %}",
    "Procédure : {{ tender.procedure }}",
)


def _base() -> DocumentObject:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Liberation Sans"
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(6)
    for section in doc.sections:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = section.right_margin = Cm(2.2)
    for line in SENDER:
        p = doc.add_paragraph(line)
        p.paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    buyer = doc.add_paragraph("{{ buyer }}")
    buyer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place = doc.add_paragraph("{% if place %}{{ place }}, le{% else %}Le{% endif %} {{ today }}")
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def _head(doc: DocumentObject, subject: str) -> None:
    for line in CONSULTATION:
        p = doc.add_paragraph(line.replace("{{ subject }}", subject))
        p.paragraph_format.space_after = Pt(0)
        if line.startswith("Objet"):
            p.runs[0].bold = True
    doc.add_paragraph()
    doc.add_paragraph("Madame, Monsieur,")


def _sign(doc: DocumentObject, closing: str) -> None:
    doc.add_paragraph(closing)
    doc.add_paragraph()
    sign = doc.add_paragraph(
        "{% if structure.contact.name %}{{ structure.contact.name }}{% endif %}"
        "{% if structure.contact.role %}, {{ structure.contact.role }}{% endif %}"
    )
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name = doc.add_paragraph("{{ structure.name }}")
    name.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def motifs() -> DocumentObject:
    """Request for the reasons of rejection and the winning offer's advantages."""
    doc = _base()
    _head(doc, "demande des motifs du rejet de notre offre (article {{ article }} du code de "
               "la commande publique)")
    doc.add_paragraph(
        "Nous avons pris connaissance{% if notified_on %}, le {{ notified_on }},{% endif %} du "
        "rejet de notre offre pour la consultation citée en objet{% if lot %} (lot "
        "{{ lot.number }}){% endif %}."
    )
    doc.add_paragraph(
        "{% if formalised %}En application de l'article {{ article }} du code de la commande "
        "publique, nous vous prions de bien vouloir nous communiquer les caractéristiques et "
        "les avantages relatifs de l'offre retenue{% if winner %}, celle de {{ winner }}"
        "{% endif %}, ainsi que le détail des notes obtenues par notre offre et par l'offre "
        "retenue pour chacun des critères d'attribution. Ces informations nous sont dues dans "
        "les quinze jours suivant la réception de la présente demande."
        "{% else %}En application de l'article {{ article }} du code de la commande publique, "
        "nous vous prions de bien vouloir nous communiquer les motifs du rejet de notre offre "
        "et, notre offre étant régulière, le nom de l'attributaire ainsi que les "
        "caractéristiques et les avantages de l'offre retenue. Nous vous serions également "
        "reconnaissants de nous indiquer les notes obtenues par notre offre et par l'offre "
        "retenue pour chacun des critères. Ces informations nous sont dues dans les quinze "
        "jours suivant la réception de la présente demande.{% endif %}"
    )
    doc.add_paragraph(
        "Ces éléments nous permettront de comprendre votre appréciation et d'améliorer nos "
        "prochaines réponses à vos consultations."
    )
    _sign(doc, "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
               "distinguées.")
    return doc


def entretien() -> DocumentObject:
    """Request for a debriefing meeting."""
    doc = _base()
    _head(doc, "demande d'un entretien de débriefing")
    doc.add_paragraph(
        "Votre décision concernant la consultation citée en objet{% if lot %} (lot "
        "{{ lot.number }}){% endif %} nous a été notifiée{% if notified_on %} le "
        "{{ notified_on }}{% endif %}. Nous vous remercions de l'attention portée à notre "
        "offre."
    )
    doc.add_paragraph(
        "Afin de mieux comprendre l'appréciation de notre offre au regard de chacun des "
        "critères et de progresser pour vos prochaines consultations, nous souhaiterions "
        "échanger avec vous lors d'un court entretien, téléphonique ou dans vos locaux, à la "
        "date qui vous conviendra. Cette demande s'ajoute, sans la remplacer, à l'information "
        "prévue par l'article {{ article }} du code de la commande publique."
    )
    doc.add_paragraph(
        "Nous sommes joignables{% if structure.contact.phone %} au "
        "{{ structure.contact.phone }}{% endif %}{% if structure.contact.email %} ou par "
        "courriel à {{ structure.contact.email }}{% endif %}."
    )
    _sign(doc, "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
               "distinguées.")
    return doc


def remerciement() -> DocumentObject:
    """Thank-you and follow-up after a win."""
    doc = _base()
    _head(doc, "attribution du marché — remerciements et organisation du démarrage")
    doc.add_paragraph(
        "Nous avons bien reçu{% if notified_on %}, le {{ notified_on }},{% endif %} la "
        "notification de l'attribution du marché cité en objet{% if lot %} (lot "
        "{{ lot.number }}){% endif %} et nous vous remercions de votre confiance."
    )
    doc.add_paragraph(
        "Nous vous proposons une réunion de démarrage pour caler le calendrier, les "
        "interlocuteurs de part et d'autre, les modalités de suivi et, le cas échéant, le suivi "
        "des heures d'insertion. Les pièces qui nous seraient encore demandées vous seront "
        "transmises dans le délai que vous fixerez."
    )
    _sign(doc, "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
               "distinguées.")
    return doc


def main() -> None:
    """Write the three letters."""
    OUT.mkdir(parents=True, exist_ok=True)
    motifs().save(str(OUT / "demande-motifs.docx"))
    entretien().save(str(OUT / "demande-entretien.docx"))
    remerciement().save(str(OUT / "remerciement.docx"))


if __name__ == "__main__":
    main()
