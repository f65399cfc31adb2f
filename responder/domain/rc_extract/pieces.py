"""The pieces an RC asks for, by catalogue key, and the evidence hints of each field."""

from __future__ import annotations

import re

from .procedure import _PROCEDURES
from .text import _SECTION_HEADING, RcLine

# --- pieces ---------------------------------------------------------------------------------

#: French wordings of the pieces an RC asks for, by catalogue key (first match wins per line).
DOCUMENT_RULES: tuple[tuple[str, str], ...] = (
    ("lettre_candidature", r"\bdc\s?1\b|lettre de candidature"),
    ("declaration_candidat", r"\bdc\s?2\b|declaration du candidat"),
    ("dume", r"\bdume\b|document unique de marche europeen"),
    ("sous_traitance", r"\bdc\s?4\b|declaration de sous-traitance"),
    ("pouvoir_signataire", r"pouvoirs? (?:du|de la personne|des personnes)|"
                           r"\bhabilitation\b(?! du mandataire)|"
                           r"delegation de signature"),
    ("kbis", r"\bk-?bis\b|extrait (?:d'immatriculation|du registre)|\brne\b|"
             r"recepisse de declaration"),
    ("attestation_urssaf", r"urssaf|attestation de vigilance|d\.?\s?8222-5"),
    ("attestation_fiscale", r"regularite fiscale|attestation fiscale|obligations fiscales"),
    ("attestation_assurance", r"attestation d'assurance|assurance (?:de )?responsabilite|"
                              r"responsabilite civile"),
    ("attestation_handicap", r"travailleurs handicapes|\bdoeth\b|agefiph"),
    ("liste_salaries_etrangers", r"salaries etrangers"),
    ("capacite_financiere", r"chiffre d'affaires"),
    ("certificats_capacite", r"certificats? de capacite|bonne execution"),
    ("references", r"\breferences\b(?! (?:de la consultation|du marche|interne))|"
                   r"principa(?:les|ux) (?:fournitures|prestations|services|travaux)"),
    ("moyens_humains", r"effectifs|moyens humains|\bcv\b|curriculum"),
    ("moyens_materiels", r"outillage|moyens materiels|materiel(?:s)? (?:et|dont)|"
                         r"equipement technique"),
    ("certifications", r"certifications?|qualibat|\biso\b|qualifications? professionnelles?"),
    ("agrement_structure", r"agrement|conventionnement|justificatifs? (?:du|de) statut|"
                           r"preuve (?:du|de (?:son|votre|leur)) statut"),
    ("acte_engagement", r"acte d'engagement|\battri\s?1\b"),
    ("memoire_technique", r"memoire (?:technique|justificatif)|cadre de reponse technique"),
    ("bpu", r"\bbpu\b|bordereau des prix unitaires|bordereau de prix"),
    ("dpgf", r"\bdpgf\b|decomposition du prix global"),
    ("dqe", r"\bdqe\b|detail quantitatif"),
    ("devis", r"\bdevis\b"),
    ("planning", r"planning|calendrier (?:previsionnel |detaille )?d'execution"),
    ("fiches_techniques", r"fiches? techniques?|fiches? produits?|documentation technique"),
    ("echantillons", r"echantillons?"),
    ("attestation_visite", r"(?:attestation|certificat) de visite"),
    ("rib", r"\brib\b|releve d'identite bancaire"),
    ("declaration_honneur", r"declaration sur l'honneur|attestation sur l'honneur"),
)
_PIECES_SECTION = re.compile(
    r"pieces? (?:a fournir|a produire|demandees|constitutives|justificatives|de la candidature|"
    r"de l'offre)|contenu (?:des plis|du pli|de l'offre|de la candidature|du dossier)|"
    r"presentation des (?:offres|candidatures|plis)|dossier (?:de candidature|d'offre)|"
    r"(?:le|un) dossier (?:comprenant|contenant)|documents? a (?:fournir|produire|remettre)|"
    r"justificatifs? a (?:fournir|produire)|(?:offre|candidature|pli)[^.]{0,40}\bcompren|"
    r"\b(?:joindre|fournir|fournit|fourniront|produire|produit|remettre|remet|remettront)\b|"
    r"dossier de reponse|\b(?:comprendra|comprend|contiendra|contient|comporte|comportera)\s*"
    r"(?:les (?:pieces|documents) suivants?\s*)?:$"
)


def _documents(lines: list[RcLine]) -> tuple[list[str], RcLine | None]:
    """Catalogue keys of the pieces requested, read in the sections that list them."""
    keys: list[str] = []
    first: RcLine | None = None
    active = 0
    for line in lines:
        if _PIECES_SECTION.search(line.folded):
            active = 40
        elif active and _SECTION_HEADING.match(line.folded) and not any(
                re.search(p, line.folded) for _, p in DOCUMENT_RULES):
            active = min(active, 3)
        if not active:
            continue
        active -= 1
        for key, pattern in DOCUMENT_RULES:
            if re.search(pattern, line.folded) and key not in keys:
                if re.search(r"\bpas (?:exige|demande|requis)|\bn'est pas demande", line.folded):
                    continue
                keys.append(key)
                first = first or line
    order = [key for key, _ in DOCUMENT_RULES]
    return sorted(keys, key=order.index), first


#: What the sentence giving each field contains (to quote that sentence, not its paragraph).
_HINTS: dict[str, str] = {
    "deadline": r"\d{1,2}(?:er)? ?[/. a-z]",
    "candidatures_deadline": r"candidature|participation",
    "questions_deadline": r"question|renseignement",
    "offer_validity_days": r"jours|mois",
    "reserved": r"reserv|2113",
    "site_visit": r"visite",
    "meeting": r"reunion|seance",
    "variants": r"variante",
    "pse": r"supplementaire|pse",
    "tranches": r"tranche",
    "invitation_on": r"invitation",
    "timezone": r"heure",
    "groupement_form": r"groupement",
    "market_type": r"travaux|fourniture|service|prestation|acquisition|achat|oeuvre|œuvre",
    "procedure": "|".join(pattern for _, pattern in _PROCEDURES) + "|procedure",
}
