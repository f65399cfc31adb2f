"""The procedure, the type of market and the time zone of an RC."""

from __future__ import annotations

import re

from .dates import _ZONE, _ZONES
from .text import RcLine, _fold

_PROCEDURES = (
    ("concours", r"\bconcours\b(?! de (?:la|l'))(?! ?a l')"),
    ("dialogue", r"dialogue competitif"),
    ("negociee", r"procedure (?:concurrentielle )?avec negociation|procedure negociee|"
                 r"marche negocie"),
    ("aor", r"appel d'offres? restreint"),
    ("aoo", r"appel d'offres? ouvert|\baoo\b"),
    ("mapa", r"procedure adaptee|\bmapa\b|marche a procedure adaptee|r\.? ?2123-1\b"),
)


def _procedure(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    best: tuple[int, str, RcLine] | None = None
    for index, line in enumerate(lines):
        for value, pattern in _PROCEDURES:
            if re.search(pattern, line.folded):
                # The line stating the procedure wins over a later mention.
                rank = index - (1000 if re.search(r"procedure|passee|selon|type|passation",
                                                  line.folded) else 0)
                if best is None or rank < best[0]:
                    best = (rank, value, line)
                break
    return (best[1], best[2]) if best else None


# What the wording of an object says of the market type (services first: a « mission de
# maîtrise d'œuvre » for works, « travaux d'impression » are services).
_SERVICE_WORDS = re.compile(
    r"maitrise d'(?:oe|œ)uvre|\bmoe\b|\bamo\b|assistance a maitrise d'ouvrage|"
    r"prestations? intellectuelles?|controle technique|coordination (?:sps|securite)|"
    r"\bsps\b|securite et protection de la sante|conduite d'operation|\bopc\b|"
    r"travaux d'impr|\betudes?\b|\bmission\b|diagnostic|\baudit\b|nettoyage|entretien|"
    r"maintenance|gardiennage|surveillance|transport|collecte|restauration collective|"
    r"formation|accompagnement|prestations? de services|\bconseil\b|assurances?|"
    r"location|traiteur|blanchisserie|\bimpression|elagage|tonte|debroussaillage|"
    r"verification|controles? periodiques?|insertion|animation|evaluation|redaction|"
    r"traduction|portage de repas|fauchage|deneigement|balayage"
)
_WORKS_WORDS = re.compile(
    r"\btravaux\b|construction d|rehabilitation|renovation|refection|amenagement|"
    r"extension d|demolition|terrassement|voirie|gros (?:oe|œ)uvre|couverture|charpente|"
    r"menuiseries?|plomberie|electricite|peinture des|carrelage|ravalement|desamiantage|"
    r"mise aux normes|restructuration|reseaux? d'"
)
_SUPPLY_WORDS = re.compile(
    r"\bfournitures?\b|\bacquisition\b|\bachat\b|\blivraison de\b|\bmobilier\b|"
    r"\bvehicules?\b|\bmateriels?\b|denrees|produits|consommables|\bequipements?\b|"
    r"\bdotation\b|\bvetements\b|\blicences?\b"
)


def _market_type(lines: list[RcLine], obj: str | None) -> tuple[str, RcLine, str] | None:
    explicit = re.compile(
        r"(?:type de (?:marche|contrat)|nature du (?:marche|contrat)|nature des prestations|"
        r"categorie(?: du marche)?)\s*:?\s*(?:marche (?:public )?(?:de |d')?|accord-cadre "
        r"(?:de |d')?)?(travaux|fournitures?|services?|prestations? intellectuelles|"
        r"maitrise d'(?:oe|œ)uvre)"
        r"|(?:^|il s'agit d'un |^le present )(?:marches? (?:publics? )?|accord-cadre |contrat )"
        r"(?:de |d')(travaux|fournitures?|"
        r"services?|prestations? (?:de services|intellectuelles)|maitrise d'(?:oe|œ)uvre)\b"
        r"(?!(?: courantes?)? et (?:de )?(?:services|fournitures))"
    )
    for line in lines:
        if len(line.folded) > 160:
            continue
        match = explicit.search(line.folded)
        if match:
            word = match[1] or match[2]
            if word.startswith("fourniture"):
                return "fournitures", line, "sure"
            if word.startswith("travaux"):
                if re.search(r"travaux d'impr", line.folded):
                    return "services", line, "sure"
                if obj and _SERVICE_WORDS.search(_fold(obj)) and re.search(
                        r"maitrise d'|\bamo\b|assistance|sps|controle technique", _fold(obj)):
                    continue
                return "travaux", line, "sure"
            return "services", line, "sure"
    if obj:
        line = next((ln for ln in lines if obj[:30] in ln.text), lines[0])
        found = _type_from_object(_fold(obj))
        if found:
            return found, line, "inferred"
    return None


_INTELLECTUAL = re.compile(
    r"maitrise d'(?:oe|œ)uvre|moe|amo|assistance a (?:la )?maitrise d'ouvrage|"
    r"prestations? intellectuelles?|controle technique|coordination|travaux d'impr|"
    r"missions?|etudes?|diagnostics?|audit|conduite d'operation"
)
_HEAD = re.compile(r"^(?:(?:marche|accord-cadre|consultation|contrat)s? (?:de |d'|pour (?:la |le "
                   r"|les |l')?|relatifs? (?:a|aux) (?:la |le |l')?)?)?")


def _type_from_object(folded: str) -> str | None:
    """The market type the object's wording gives: its first words decide (« organisation
    de chantiers de rénovation » is a service), then the words it contains."""
    found = _HEAD.match(folded)
    head = folded[found.end():] if found else folded
    if _INTELLECTUAL.match(head):
        return "services"
    if re.match(r"travaux\b", head):
        return "travaux"
    if re.match(r"(?:fournitures?|acquisition|achat|livraison|location|dotation)\b", head):
        return "fournitures"
    if re.match(r"(?:construction|rehabilitation|renovation|refection|amenagement|extension|"
                r"demolition|restructuration|mise (?:aux normes|en accessibilite|en conformite)|"
                r"remplacement|reparation|creation d'|realisation d'(?:un|une) (?:batiment|"
                r"ouvrage|local))", head):
        return "travaux"
    if _SERVICE_WORDS.match(head) or re.match(r"(?:organisation|gestion|exploitation|"
                                              r"prestations?|services?)\b", head):
        return "services"
    if _INTELLECTUAL.search(folded):
        return "services"
    if re.search(r"\btravaux\b", folded):
        return "travaux"
    if _SUPPLY_WORDS.search(folded):
        return "fournitures"
    if _SERVICE_WORDS.search(folded) or re.search(r"\bservices?\b|\bprestations?\b", folded):
        return "services"
    if _WORKS_WORDS.search(folded):
        return "travaux"
    return None


def _timezone(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        if "heure" not in line.folded:
            continue
        match = _ZONE.search(line.folded)
        if match:
            for pattern, zone in _ZONES:
                if re.fullmatch(pattern, match[1]):
                    return zone, line
    return None
