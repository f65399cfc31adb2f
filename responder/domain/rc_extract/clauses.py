"""Site visit, information meeting, variants, PSE, tranches and form of groupement."""

from __future__ import annotations

import re
from typing import Any

from ...fr import iso_minute
from .dates import _dates_in
from .lines import _sentences
from .text import RcLine, _fold, parse_french_number

# --- visit, meeting, variants, PSE, tranches, groupement ------------------------------------


def _site_visit(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        for folded in _sentences(line.folded) if len(line.folded) > 200 else [line.folded]:
            if re.search(r"(?:pas de|aucune|sans) visite|ne comporte pas de visite", folded):
                continue
            if not re.search(r"\bvisites?\b", folded) or re.search(
                    r"(?:attestation|certificat) de visite", folded) and "obligatoire" not in \
                    folded:
                continue
            if re.search(r"visite (?:medicale|de controle|d'inspection|technique periodique)",
                         folded):
                continue
            if re.search(r"facultati|conseill|recommand|libre|n'est pas obligatoire|"
                         r"non obligatoire|pas obligatoire|possible|peuvent visiter|pourront|"
                         r"souhait|s'ils le|sur demande", folded):
                return "facultative", line
            if re.search(r"obligatoire|imperati|exigee|sous peine|doivent visiter|"
                         r"devront visiter", folded):
                return "obligatoire", line
            if re.search(r"pas de visite|aucune visite|sans objet", folded):
                continue
    return None


_MEETING = re.compile(r"reunion (?:d'information|de presentation|prealable|obligatoire|"
                      r"des candidats|de lancement)|seance d'information|reunion\b[^.]{0,40}"
                      r"obligatoire")


def _meeting(lines: list[RcLine], years: list[int]) -> tuple[dict[str, Any], RcLine] | None:
    """A briefing meeting of the candidates (not a site visit): its date and whether the RC
    makes it mandatory."""
    for index, line in enumerate(lines):
        if not _MEETING.search(line.folded) or re.search(r"reunion de chantier|reunions? de "
                                                         r"suivi|comite", line.folded):
            continue
        text = " ".join(ln.text for ln in lines[index:index + 2]) if len(line.text) < 120 \
            else line.text
        folded = _fold(text)
        hits = _dates_in(text, years, folded)
        mandatory = bool(re.search(r"obligatoire|imperati|sous peine|exigee", folded)) and \
            not re.search(r"non obligatoire|n'est pas obligatoire|facultati", folded)
        value = {"date": iso_minute(hits[0].value) if hits else None, "mandatory": mandatory}
        return value, line
    return None


def _variants(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        if "variante" not in line.folded:
            continue
        for folded in _sentences(line.folded):
            if "variante" not in folded or re.search(r"variantes? (?:exigees|imposees)\s*$|"
                                                     r"\bnon\s+oui\b|\boui\s+non\b", folded):
                continue
            if re.search(r"(?:ne sont|n'est) pas (?:autorisee|admise|acceptee|prevue)|interdite|"
                         r"\bnon (?:autorisee|admise|acceptee)|"
                         r"aucune variante|pas de variante|variantes?\s*:\s*non\b|"
                         r"ne (?:sont|seront) pas (?:autorisee|admise|acceptee)|"
                         r"n'(?:autorise|admet|accepte) pas|refusee|sans objet", folded):
                return "interdites", line
            if re.search(r"exigee|obligatoire|imposee|devra (?:presenter|proposer) une variante",
                         folded):
                return "exigees", line
            if re.search(r"autorisee|admise|acceptee|peuvent (?:presenter|proposer)|"
                         r"pourront|libres?|possibilite|variantes?\s*:\s*oui\b", folded):
                return "autorisees", line
    return None


_PSE = re.compile(r"prestations? supplementaires? eventuelles?|\bpse\b|"
                  r"options? (?:obligatoires?|facultatives?)?\s*\(?pse")


def _pse(lines: list[RcLine]) -> tuple[bool, RcLine] | None:
    for line in lines:
        if not _PSE.search(line.folded):
            continue
        for folded in _sentences(line.folded):
            if not _PSE.search(folded):
                continue
            if re.search(r"sans objet|\bpas de (?:pse|prestations?)|aucune|ne comporte pas|"
                         r"n'est pas prevu|ne sont pas prevues?|n'y a pas|non prevue|\bnon\b\s*$"
                         r"|pse\s*:\s*non\b", folded):
                return False, line
            if re.search(r"\bnon\s+oui\b|\boui\s+non\b", folded):
                continue  # a form's check boxes: the ticked one is not in the text
            if not re.search(r"\b(?:comporte|comprend|prevoit|prevue?s?|chiffr\w*|demande|"
                             r"obligatoires?|doivent|devront|est|sont|porte|oui|retenue?s?|"
                             r"propose\w*|remettre)\b", folded):
                continue  # a heading (« Variantes et PSE »), not a statement
            return True, line
    return None


_TRANCHE_COUNT = re.compile(
    r"(?:une|1) tranche ferme(?: et| ,)?\s*(?:de |d')?(?:(\w+)(?:\s*\(\d\))? tranches? "
    r"(?:optionnelles?|conditionnelles?))?"
)


def _tranches(lines: list[RcLine]) -> tuple[int, RcLine] | None:
    """How many tranches (firm and optional) the contract has; 0 when the RC says none."""
    optional: set[str] = set()
    first: RcLine | None = None
    firm = False
    for line in lines:
        folded = line.folded
        if "tranche" not in folded:
            continue
        if re.search(r"(?:\bpas\b|\bsans\b|\baucune\b)[^.]{0,40}\btranches?\b|"
                     r"tranches?\s*:\s*(?:non|sans objet)", folded) and "tranche ferme" not in \
                folded and not re.search(r"\bnon\s+oui\b|\boui\s+non\b", folded):
            return 0, line
        count = _TRANCHE_COUNT.search(folded)
        if count and count[1]:
            number = parse_french_number(count[1]) or (int(count[1]) if count[1].isdigit()
                                                       else None)
            if number:
                return 1 + number, line
        if "tranche ferme" in folded:
            firm = True
            first = first or line
        for match in re.finditer(r"tranches? (?:optionnelles?|conditionnelles?)\s*"
                                 r"(?:n°\s*)?(\d{1,2}|[a-z]\b)?", folded):
            optional.add(match[1] or "1")
            first = first or line
    if first is None or not firm:
        return None
    return 1 + len(optional), first


def _groupement_form(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        folded = line.folded
        if "groupement" not in folded or "groupement de commandes" in folded:
            continue
        if re.search(r"aucune forme|pas de forme|n'impose pas|ne (?:sera|soit) (?:pas )?impose|"
                     r"forme (?:du groupement )?(?:est )?libre|conjoint ou solidaire|"
                     r"solidaire ou conjoint|indifferemment", folded):
            return "libre", line
        # « le mandataire ne sera pas solidaire » says conjoint, not solidaire.
        stated = re.sub(r"(?:ne sera|n'est|ne doit|ne devra) pas (?:etre )?solidaire|"
                        r"sans solidarite", "", folded)
        if not re.search(r"impos|exig|devra|doit|sera|prendre la forme|forme|requis|"
                         r"groupement\s*:", stated):
            continue
        solidaire = "solidaire" in stated
        conjoint = "conjoint" in stated
        if conjoint and solidaire and "mandataire" in stated:
            return "conjoint_mandataire_solidaire", line
        if solidaire and not conjoint:
            return "solidaire", line
        if conjoint and not solidaire:
            return "conjoint", line
    return None
