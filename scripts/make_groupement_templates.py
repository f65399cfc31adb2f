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


def _field(paragraph: Any, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute."""
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        elif kind == "text":
            run.text = "1"
            continue
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _footer(doc: Any, title: str) -> None:
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{title} – page ").font.size = Pt(8.5)
    _field(footer, "PAGE")
    footer.add_run(" sur ").font.size = Pt(8.5)
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8.5)


#: (heading, paragraphs) of the convention's articles, in order; the répartition, the
#: sub-contractors and the signatures are built in code between them.
ARTICLES_BEFORE: list[tuple[str, list[str]]] = [
    ("Article 1 – Objet et durée", [
        "La présente convention organise la réponse commune des membres à la consultation "
        "« {{ title }} » lancée par {{ buyer }}{% if reference %} (référence {{ reference }})"
        "{% endif %}, {{ procedure | lower }}{% if deadline %}, dont la date limite de remise "
        "des offres est fixée au {{ deadline }}{% endif %}, puis l'exécution du marché s'il "
        "est attribué au groupement, pour les lots suivants :",
    ]),
]


def build_convention(target: Path) -> Path:
    """Write the convention template to ``target``."""
    doc = _base()
    title = doc.add_heading("Convention de groupement momentané d'entreprises", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph("{{ form }} — marché « {{ title }} »")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading("Entre les soussignés", level=1)
    doc.add_paragraph("{%p for m in members %}")
    doc.add_paragraph("{{ m.party }}, {{ m.representative }} — {{ m.role | lower }} ;",
                      style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("ci-après ensemble « les membres » ou « le groupement ». Il est convenu "
                      "ce qui suit.")

    _article(doc, *ARTICLES_BEFORE[0])
    doc.add_paragraph("{%p for lot in lots %}")
    doc.add_paragraph("{{ lot.name }} : {{ lot.title }} — {{ lot.total }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(
        "Elle prend effet à sa signature. Elle prend fin de plein droit si le marché n'est pas "
        "attribué au groupement ; sinon, elle dure {{ duration }}, et jusqu'au règlement de "
        "tous les comptes entre les membres."
    )

    _article(
        doc, "Article 2 – Forme du groupement, absence de société",
        "Les membres constituent un {{ form | lower }}{% if rc_form %} (forme demandée par le "
        "règlement de consultation : {{ rc_form | lower }}){% endif %}, au sens des articles "
        "R2142-19 à R2142-27 du code de la commande publique.",
        "{% if form_key == 'solidaire' %}Chaque membre est engagé financièrement pour la "
        "totalité du marché à l'égard de l'acheteur.{% elif form_key == 'conjoint' %}Chaque "
        "membre n'est engagé que pour la part des prestations qui lui revient selon la "
        "répartition de l'article 7.{% else %}Chaque membre n'est engagé que pour la part des "
        "prestations qui lui revient selon la répartition de l'article 7 ; le mandataire est "
        "en outre solidaire de chacun des autres membres pour leurs obligations contractuelles "
        "à l'égard de l'acheteur.{% endif %}",
        "Le groupement n'a pas la personnalité morale. Les membres n'entendent constituer "
        "entre eux ni société, ni société créée de fait, ni société en participation : ils "
        "n'ont pas l'intention de partager des bénéfices ou des pertes, chacun conserve son "
        "autonomie, sa clientèle et la responsabilité de ses propres prestations.",
    )
    _article(
        doc, "Article 3 – Exclusivité",
        "Pendant la durée de la consultation, chaque membre s'interdit de présenter, pour les "
        "mêmes lots, une candidature ou une offre seul ou au sein d'un autre groupement, et de "
        "participer à une autre réponse concurrente, sauf accord écrit de tous les membres et "
        "sous réserve de ce que permet le règlement de consultation (article R2142-21).",
    )
    _article(
        doc, "Article 4 – Frais de préparation de la réponse",
        "Chaque membre supporte ses propres frais de préparation de la candidature et de "
        "l'offre, qui ne donnent lieu à aucun remboursement, que le marché soit attribué ou "
        "non. Les frais engagés d'un commun accord pour le compte de tous (reprographie, "
        "traduction, visite, déplacements communs) sont partagés au prorata des montants de "
        "l'article 7, sur justificatifs présentés par le membre qui les a avancés.",
    )
    _article(
        doc, "Article 5 – Mandataire : missions, pouvoirs, rémunération",
        "Les membres désignent {{ mandataire.name }} comme mandataire du groupement. Il "
        "représente l'ensemble des membres vis-à-vis de l'acheteur, transmet les documents, "
        "coordonne les prestations et tient les autres membres informés de tout échange avec "
        "l'acheteur dans un délai de deux jours ouvrés. Les membres lui donnent pouvoir de :",
    )
    doc.add_paragraph("{%p for p in powers %}")
    doc.add_paragraph("{{ p }} ;", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(
        "Il ne peut engager un membre au-delà de sa part, ni accepter une modification de ses "
        "prestations ou de son prix, sans l'accord écrit de ce membre. Chaque membre fournit "
        "au mandataire, en temps utile, les pièces et informations qui le concernent."
    )
    doc.add_paragraph(
        "Rémunération du mandataire pour sa mission de coordination : …… % du montant hors "
        "taxes des prestations des autres membres (écrire « néant » si la mission est "
        "gratuite). Les frais communs d'exécution (réunions, coordination, outils partagés) "
        "sont répartis au prorata des montants de l'article 7."
    )
    _article(
        doc, "Article 6 – Remplacement du mandataire",
        "Si le mandataire se retire, fait l'objet d'une procédure collective ou ne remplit plus "
        "ses missions après mise en demeure restée sans effet pendant quinze jours, les autres "
        "membres désignent parmi eux un nouveau mandataire, à l'unanimité, et le proposent à "
        "l'acheteur. Avant la signature du marché, ce changement suppose l'autorisation de "
        "l'acheteur (article R2142-26) ; après la signature, un avenant.",
    )

    doc.add_heading("Article 7 – Répartition des prestations", level=2)
    doc.add_paragraph(
        "Les prestations sont réparties entre les membres comme suit. Cette répartition "
        "détaillée figure dans l'offre du groupement (acte d'engagement ou DC1, rubrique E) : "
        "une fois signée par l'acheteur, c'est elle qui fixe la part de chacun."
    )
    doc.add_paragraph("{%p for lot in lots %}")
    heading = doc.add_paragraph("{{ lot.name }} — {{ lot.title }} (total {{ lot.total }})")
    heading.runs[0].bold = True
    heading.paragraph_format.space_before = Pt(8)
    heading.paragraph_format.keep_with_next = True
    _table(
        doc,
        [("Prestation", "prestation", 6.8), ("Membre", "member", 4.2),
         ("Montant", "amount", 3.4), ("Part", "share", 2.2)],
        "r in lot.rows",
    )
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Montant total de l'offre du groupement : {{ total }}. Montant revenant "
                      "à chaque membre, tous lots confondus :")
    doc.add_paragraph("{%p for m in members %}")
    doc.add_paragraph("{{ m.name }} : {{ m.total }} ({{ m.share }})", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    _article(
        doc, "Article 8 – Paiement",
        "{{ payment }}. {{ payment_note }}{% if single_account %} Le mandataire reverse à "
        "chaque membre la part qui lui revient dans les quinze jours suivant chaque paiement "
        "de l'acheteur, sur présentation de sa facture ; chaque membre peut demander à "
        "l'acheteur d'être payé directement pour sa part.{% else %} Chaque membre facture "
        "l'acheteur pour les prestations qu'il exécute et est payé sur son propre compte ; le "
        "mandataire transmet les demandes de paiement de tous les membres et vise leur "
        "cohérence avec la répartition de l'article 7.{% endif %}",
    )
    _article(
        doc, "Article 9 – Garanties, avance, retenue de garantie, nantissement",
        "L'avance éventuelle est versée à chaque membre pour sa part, ou au mandataire qui la "
        "reverse selon l'article 8. La retenue de garantie ou la garantie à première demande "
        "qui la remplace est constituée par chaque membre pour sa part ; pour une PME, elle "
        "ne peut excéder {{ retention_cap }} du montant du marché (à vérifier dans le CCAP). "
        "Chaque membre peut céder ou nantir la créance correspondant à sa part et demande "
        "pour cela l'exemplaire unique ou le certificat de cessibilité qui la mentionne.",
    )
    _article(
        doc, "Article 10 – Responsabilités, assurances et pénalités",
        "Chaque membre exécute ses prestations selon les pièces du marché et les règles de "
        "l'art, et en répond. Les pénalités appliquées par l'acheteur sont supportées par le "
        "membre dont la prestation les a causées ; à défaut de pouvoir les imputer, elles sont "
        "partagées au prorata des montants de l'article 7. Chaque membre justifie d'une "
        "assurance de responsabilité civile professionnelle couvrant ses prestations.",
    )
    _article(
        doc, "Article 11 – Défaillance, retrait ou procédure collective d'un membre",
        "La composition du groupement ne peut être modifiée entre la remise des candidatures "
        "et la signature du marché, sauf restructuration d'un membre ou membre dans "
        "l'impossibilité d'exécuter sa part, avec l'autorisation de l'acheteur (article "
        "R2142-26). En cours d'exécution, le membre défaillant est mis en demeure par le "
        "mandataire ; sans exécution sous quinze jours, les autres membres proposent à "
        "l'acheteur de reprendre ses prestations ou de les confier à un sous-traitant accepté, "
        "les surcoûts restant à la charge du membre défaillant. Un membre ne peut se retirer "
        "du groupement avant la fin de ses prestations. Le membre placé en sauvegarde, "
        "redressement ou liquidation judiciaire en informe aussitôt les autres ; l'avenant "
        "nécessaire est préparé avec l'administrateur ou le liquidateur.",
    )
    _article(
        doc, "Article 12 – Sous-traitance et avenants",
        "Chaque membre peut sous-traiter une partie de ses prestations après acceptation du "
        "sous-traitant et agrément de ses conditions de paiement par l'acheteur (une "
        "déclaration DC4 par sous-traitant ; paiement direct dès {{ threshold }}, article "
        "R2193-10). Il reste responsable de ses sous-traitants. Un avenant qui modifie les "
        "prestations, le prix ou les délais d'un membre n'est signé par le mandataire qu'avec "
        "l'accord écrit de ce membre.",
    )
    doc.add_paragraph("{%p if subcontractors %}")
    doc.add_paragraph("Sous-traitants déclarés à la remise de l'offre :")
    _table(
        doc,
        [("Sous-traitant", "name", 3.2), ("Prestations", "prestations", 4.8),
         ("Déclaré par", "member", 3.0), ("Montant", "amount", 3.2),
         ("Paiement direct", "direct_payment", 2.4)],
        "s in subcontractors",
    )
    doc.add_paragraph("{%p endif %}")
    _article(
        doc, "Article 13 – Clause d'insertion",
        "Lorsque le marché comporte une clause sociale d'insertion, les heures d'insertion "
        "exigées sont réalisées par les membres au prorata des montants de l'article 7, sauf "
        "autre répartition écrite entre eux. Chaque membre transmet chaque mois au mandataire "
        "le relevé de ses heures, que celui-ci communique à l'acheteur ou au facilitateur de "
        "la clause ; le membre qui ne réalise pas ses heures supporte seul la pénalité "
        "correspondante.",
    )
    _article(
        doc, "Article 14 – Réclamations",
        "Les réclamations à l'égard de l'acheteur (mémoire en réclamation, contestation d'un "
        "décompte) sont présentées par le mandataire au nom du ou des membres concernés, dans "
        "les délais du cahier des clauses administratives générales applicable ; chaque "
        "membre lui fournit les éléments justificatifs en temps utile et supporte la part "
        "des frais qui le concerne.",
    )
    _article(
        doc, "Article 15 – Confidentialité",
        "Les membres tiennent pour confidentielles les informations échangées pour préparer "
        "l'offre et exécuter le marché (prix, méthodes, données personnelles des salariés et "
        "des usagers), pendant la durée de la convention et deux ans après sa fin.",
    )
    _article(
        doc, "Article 16 – Règlement des différends",
        "Les membres s'efforcent de régler à l'amiable tout différend né de la présente "
        "convention, au besoin par une médiation, dans un délai d'un mois à compter de la "
        "demande écrite d'un membre. {{ disputes }}",
    )
    _article(
        doc, "Article 17 – Pouvoirs des signataires",
        "Chaque signataire déclare être habilité à engager le membre qu'il représente et "
        "joint à la présente convention la pièce qui l'établit :",
    )
    doc.add_paragraph("{%p for m in members %}")
    doc.add_paragraph("{{ m.name }} : {{ m.representative }}.", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("Signatures", level=1)
    doc.add_paragraph("Fait en autant d'exemplaires originaux que de membres.")
    doc.add_paragraph("{%p for m in members %}")
    block = doc.add_paragraph("{{ m.name }} ({{ m.role | lower }})")
    block.runs[0].bold = True
    block.paragraph_format.keep_with_next = True
    block.paragraph_format.space_before = Pt(10)
    for text in ("Nom et qualité du signataire : ………………………………………………",
                 "Fait à ………………………………, le ………………………",
                 "Signature (et cachet) :"):
        line = doc.add_paragraph(text)
        line.paragraph_format.keep_with_next = True
    doc.add_paragraph("").paragraph_format.space_after = Pt(28)
    doc.add_paragraph("{%p endfor %}")
    _footer(doc, "Convention de groupement")
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
        [("Membre", "name", 3.0), ("SIRET", "siret_fmt", 3.4), ("Lots", "lot_numbers", 1.4),
         ("Prestations exécutées", "prestations", 5.8), ("Total", "total", 3.0)],
        "m in members",
    )
    doc.add_heading("Rubrique G — Mandataire", level=2)
    doc.add_paragraph("Mandataire : {{ mandataire.name }}, SIRET {{ mandataire.siret_fmt }}.")
    doc.add_paragraph("Habilitation donnée par les autres membres pour :")
    doc.add_paragraph("{%p for p in powers %}")
    doc.add_paragraph("{{ p }} ;", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Paiement : {{ payment }}.")
    doc.add_heading("Fiche contacts du groupement", level=2)
    _table(
        doc,
        [("Membre", "name", 3.4), ("Rôle", "role", 2.2), ("Contact", "contact", 3.0),
         ("Courriel", "email", 5.0), ("Téléphone", "phone", 3.0)],
        "m in members",
    )
    doc.add_paragraph("Établi le {{ today }}.")
    _footer(doc, "Groupement – éléments du DC1")
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


def _pairs(doc: Any, rows: list[tuple[str, str]]) -> Any:
    """A two-column « donnée / valeur » table with fixed widths."""
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, (5.0, 11.6), strict=True):
        column.width = Cm(width)
    for row, (key, value) in zip(table.rows, rows, strict=True):
        for cell, text, width, bold in ((row.cells[0], key, 5.0, True),
                                        (row.cells[1], value, 11.6, False)):
            cell.text = ""
            cell.width = Cm(width)
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
            run.font.size = TABLE_FONT
    return table


def build_dc4(target: Path) -> Path:
    """Write the DC4 template: the data of the DAJ form, rubrique by rubrique."""
    doc = _base()
    title = doc.add_heading("Déclaration de sous-traitance (DC4)", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph("Sous-traitant : {{ sub.name }} — marché « {{ title }} »")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "Ce document rassemble, rubrique par rubrique, les renseignements du formulaire DC4 "
        "publié par la direction des affaires juridiques du ministère de l'économie. "
        "Reportez-les sur le formulaire officiel si l'acheteur l'exige ; complétez les "
        "mentions « {{ to_fill }} » avec le sous-traitant."
    ).runs[0].italic = True
    doc.add_heading("A – Acheteur", level=2)
    doc.add_paragraph("{{ buyer }}")
    doc.add_heading("B – Objet du marché", level=2)
    _pairs(doc, [("Objet", "{{ title }}"),
                 ("Référence", "{% if reference %}{{ reference }}{% else %}{{ to_fill }}"
                               "{% endif %}"),
                 ("Procédure", "{{ procedure }}"), ("Lot concerné", "{{ lot }}")])
    doc.add_heading("C – Objet de la déclaration", level=2)
    doc.add_paragraph("☒ Document annexé à l'offre du soumissionnaire")
    doc.add_paragraph("☐ Acte spécial, en cours d'exécution du marché")
    doc.add_paragraph("☐ Acte spécial modificatif")
    doc.add_heading("D – Soumissionnaire qui sous-traite", level=2)
    # A bidder answering alone (no groupement) sub-contracts too: no member, no mandataire.
    _pairs(doc, [("{% if alone %}Soumissionnaire{% else %}Membre{% endif %}", "{{ holder }}"),
                 ("{% if alone %}Candidature{% else %}Rôle dans le groupement{% endif %}",
                  "{% if alone %}seul, sans groupement{% else %}{{ holder_role }} — "
                  "{{ form | lower }}, mandataire : {{ mandataire }}{% endif %}")])
    doc.add_heading("E – Sous-traitant", level=2)
    _pairs(doc, [("Dénomination", "{{ sub.name }}"), ("Forme juridique", "{{ sub.legal_form }}"),
                 ("SIRET", "{{ sub.siret }}"), ("Adresse", "{{ sub.address }}"),
                 ("Personne à contacter", "{{ sub.contact }}"), ("Courriel", "{{ sub.email }}"),
                 ("Téléphone", "{{ sub.phone }}")])
    doc.add_heading("F – Prestations sous-traitées et montant", level=2)
    _pairs(doc, [("Nature des prestations", "{{ sub.prestations }}"),
                 ("Montant maximal", "{{ sub.amount_ttc }}"),
                 ("Montant hors taxes et taux de TVA", "{{ to_fill }}")])
    doc.add_heading("G – Conditions de paiement", level=2)
    doc.add_paragraph(
        "{% if direct_payment %}Le montant sous-traité atteint {{ threshold }} : le "
        "sous-traitant est payé directement par l'acheteur pour les prestations qu'il "
        "exécute (article R2193-10), sur demandes de paiement visées par {{ holder_name }}. "
        "Toute renonciation à ce paiement direct serait réputée non écrite.{% else %}Le "
        "montant sous-traité reste inférieur à {{ threshold }} : le sous-traitant est payé "
        "par {{ holder_name }}, qui reste seul créancier de l'acheteur (article R2193-10)."
        "{% endif %}"
    )
    _pairs(doc, [("Compte à créditer", "{{ to_fill }} (joindre le RIB du sous-traitant)"),
                 ("Avance", "{{ to_fill }} (le sous-traitant payé directement peut en "
                            "bénéficier dans les conditions du marché)"),
                 ("Prix et variation des prix", "Ceux du marché pour les prestations "
                                                "concernées, sauf mention contraire : "
                                                "{{ to_fill }}")])
    doc.add_heading("H – Capacités du sous-traitant", level=2)
    doc.add_paragraph(
        "Le sous-traitant joint les renseignements sur ses capacités que l'acheteur "
        "demande aux candidats (références, moyens, qualifications) : {{ to_fill }}."
    )
    doc.add_paragraph("{%p if reserved %}")
    doc.add_paragraph(
        "Le marché ou le lot est réservé : le sous-traitant doit lui-même remplir les "
        "conditions de la réservation (joindre son agrément, son conventionnement ou son "
        "autorisation)."
    )
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("I – Déclaration sur l'honneur du sous-traitant", level=2)
    doc.add_paragraph(
        "Le sous-traitant déclare sur l'honneur n'entrer dans aucun des cas d'exclusion des "
        "articles L2141-1 à L2141-5 et L2141-7 à L2141-10 du code de la commande publique, "
        "et être en règle au regard des articles L5212-1 à L5212-11 du code du travail "
        "(emploi des travailleurs handicapés)."
    )
    doc.add_heading("Signatures", level=2)
    doc.add_paragraph(
        "Présenté avec l'offre, le DC4 n'a pas à être signé avant l'attribution, sauf si "
        "l'acheteur l'exige dans les documents de la consultation."
    ).runs[0].italic = True
    for who in ("Le soumissionnaire : {{ holder_name }}", "Le sous-traitant : {{ sub.name }}"):
        block = doc.add_paragraph(who)
        block.runs[0].bold = True
        block.paragraph_format.keep_with_next = True
        block.paragraph_format.space_before = Pt(8)
        for text in ("Nom et qualité du signataire : ………………………………………………",
                     "Fait à ………………………………, le ………………………", "Signature :"):
            doc.add_paragraph(text).paragraph_format.keep_with_next = True
        doc.add_paragraph("").paragraph_format.space_after = Pt(20)
    _footer(doc, "Déclaration de sous-traitance – {{ sub.name }}")
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET_DIR
    print(f"wrote {build_convention(folder / 'convention.docx')}")
    print(f"wrote {build_dc1(folder / 'dc1.docx')}")
    print(f"wrote {build_dc4(folder / 'dc4.docx')}")
