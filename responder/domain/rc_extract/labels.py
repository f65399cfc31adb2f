"""Values stated after a label or on the cover: the buyer, the reference, the object."""

from __future__ import annotations

import re

from .dates import _dates_in
from .procedure import _type_from_object
from .text import RcLine, _fold

# --- simple fields --------------------------------------------------------------------------

_LABEL_VALUE = r"\s*(?:\([^)]*\))?\s*(?:est\s*)?[:|]\s*(.+)$"
_NUMBERING = (r"^(?:(?:article|chapitre)\s+(?:\d+|premier|[ivx]+)\s*[-–.:)]?\s*|"
              r"[\d.]+\s*[-–.)]?\s*)?")
_BUYER_LABELS = (
    r"(?:(?:le |la |l')?(?:nom (?:et adresse )?(?:officiels? )?(?:de l'|du |de la )?)?"
    r"(?:identification (?:de l'|du )|designation (?:de l'|du ))?"
    r"(?:pouvoir adjudicateur|entite adjudicatrice|acheteur public|acheteur|"
    r"maitre (?:d'ouvrage|de l'ouvrage)|organisme acheteur|personne publique(?: contractante)?|"
    r"entite acheteuse|collectivite|etablissement acheteur|organisme)"
    r"(?: qui passe le marche| passant le marche| contractant| public)?)"
)
_BUYER_NAMES = re.compile(
    r"^(?:commune|ville|mairie|departement|conseil departemental|region|conseil regional|"
    r"communaute (?:de communes|d'agglomeration|urbaine)|metropole|centre hospitalier|"
    r"groupement hospitalier|hopita(?:l|ux)|syndicat|office public|centre communal|"
    r"centre intercommunal|etablissement public|chu|chru|sivom|sivu|caisse|universite|opac|"
    r"oph|ministere|prefecture|direction (?:regionale|departementale|interregionale|"
    r"generale|interdepartementale)|agence|sdis|ccas|cias|ehpad|college|lycee|"
    r"conseil general|collectivite|parc naturel|grand port|port autonome)\b",
)
_NOT_A_BUYER = re.compile(r"^(?:monsieur|madame|m\.|mme|le maire|le president|la presidente|"
                          r"le directeur|la directrice|le representant|voir|cf\.?|\(|-)")
_ADDRESS = re.compile(r"(?:,\s*|\s+[-–]\s+|\s+)(?:\d{1,4}(?:\s*(?:bis|ter))?,?\s+|bp\s|cs\s)?"
                      r"(?:rue|avenue|av\.|boulevard|bd|place|chemin|route|allee|quai|square|"
                      r"impasse|cours|bp|cs|hotel de ville)\s.*$")


def _cut_address(value: str) -> str:
    """« Département du Gard, 3 rue Guillemette … » → « Département du Gard »."""
    found = _ADDRESS.search(_fold(value))
    return value[:found.start()] if found else value


def _label_value(lines: list[RcLine], labels: str, *, reject: re.Pattern[str] | None = None,
                 ) -> tuple[str, RcLine] | None:
    pattern = re.compile(_NUMBERING + labels + _LABEL_VALUE)
    # Generators often put the label alone on its line (or in a table cell) and the value
    # on the next one.
    alone = re.compile(_NUMBERING + labels + r"\s*(?:\([^)]*\))?\s*(?:est\s*)?:?\s*$")
    # A PDF flattens a cover table's row to « Objet Collecte des encombrants »: the label,
    # a space, then a value starting with a capital (a heading goes on in lower case).
    spaced = re.compile(r"^" + labels + r" (?=\S)")
    fallback: tuple[str, RcLine] | None = None
    for index, line in enumerate(lines):
        match = pattern.match(line.folded)
        candidate: tuple[str, RcLine] | None = None
        if match:
            value = line.text[match.start(1):].strip(" .;|")
            if value and not value.endswith(":"):
                candidate = value, line
        elif alone.match(line.folded) and index + 1 < len(lines):
            following = lines[index + 1]
            if pattern.match(following.folded) or alone.match(following.folded):
                continue  # a heading, then the label (and its value) on the next line
            value = following.text.split(" | ")[0].strip(" .;|")
            if value and not following.text.rstrip().endswith(":"):
                candidate = value, following
        elif fallback is None and ":" not in line.text and (found := spaced.match(line.folded)):
            value = line.text[found.end():].strip(" .;|")
            if value[:1].isupper() and len(value) > 3 and not _COVER_NOISE.search(_fold(value)):
                fallback = value, line
        if candidate and not (reject and reject.search(_fold(candidate[0]))):
            value = candidate[0]
            return value[:1].upper() + value[1:], candidate[1]
    if fallback and not (reject and reject.search(_fold(fallback[0]))):
        return fallback
    return None


_SERVICE = re.compile(r"(?<=\S)\s+(?:service|cellule|pole|bureau|direction)s? (?:des |de la |"
                      r"du |de l')?\s*(?:marches|achats|commande)")


def _cut_service(value: str) -> str:
    """« Ville de Mauguio Service des Marchés Publics » → « Ville de Mauguio »."""
    found = _SERVICE.search(_fold(value))
    return value[:found.start()].strip(" ,.;-–") if found else value


def _buyer(lines: list[RcLine]) -> tuple[str, RcLine, str] | None:
    found = _label_value(lines, _BUYER_LABELS, reject=_NOT_A_BUYER)
    if found:
        value = _cut_address(found[0])
        cut = re.search(r",?\s+\(?represente(?:e)? par", _fold(value))
        value = _cut_service(value[:cut.start()] if cut else value)
        # « La personne publique contractante est : La Direction … » → « Direction … ».
        value = re.sub(r"^(?:La|Le|L') ?(?=[A-ZÉÈ])", "", value.strip())
        return value.strip(" ,.;-–"), found[1], "sure"
    for line in lines[:40]:
        named = _BUYER_NAMES.match(line.folded) or re.fullmatch(
            r"[a-z' -]{2,40} (?:metropole|agglomeration|agglo)", line.folded)
        if named and len(line.text) < 120 and "|" not in line.text:
            value = _cut_address(line.text).strip(" ,.;-–")
            return _cut_service(value), line, "guess"
    return None


_REFERENCE_LABEL = re.compile(
    r"(?:\bn° (?:de (?:la )?|du )?(?:consultation|marche|dossier|procedure|affaire|"
    r"accord-cadre|operation)|\bnumero (?:de (?:la )?|du )?(?:consultation|marche|dossier)|"
    r"\b(?:reference|ref\.?)(?: (?:de la consultation|du marche|du dossier|de l'accord-cadre|"
    r"interne|acheteur|consultation))?|\b(?:marche|accord-cadre|consultation|dossier|"
    r"procedure|affaire|r\.?c\.?|marche public)\s*(?:n°|no\.?|n\b|numero))"
    r"\s*(?:n°)?\s*(?:[:|]|-)?\s*"
)
_REF_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]*|/")


def _ref_value(text: str) -> str | None:
    """The reference at the start of ``text``: tokens with a digit, short capitals, « / »."""
    tokens: list[str] = []
    for token in text.split():
        token = token.strip(",;()«»\"")
        if not token:
            break
        if token in ("/", "-", "–") and tokens:
            tokens.append(token)
            continue
        if not _REF_TOKEN.fullmatch(token):
            break
        has_digit = any(ch.isdigit() for ch in token)
        short_caps = token.isupper() and (len(token) <= 8 or "-" in token)
        if has_digit or (short_caps and token not in ("DU", "DE", "LA", "LE", "ET", "LES")):
            tokens.append(token)
            continue
        break
    while tokens and tokens[-1] in ("/", "-", "–"):
        tokens.pop()
    value = " ".join(tokens).strip(" .-")
    if not any(ch.isdigit() for ch in value) or len(value) < 3:
        return None
    if re.fullmatch(r"\d{1,2}|[lr]\.?\s?\d{4}-\d+(?:-\d+)?", value.lower()):
        return None  # « article 2 », an article of the Code
    return value


def _reference(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for index, line in enumerate(lines):
        for match in _REFERENCE_LABEL.finditer(line.folded):
            if re.match(r"\s*(?:cpv|siret|siren|tva|de l'avis|boamp|joue)\b",
                        line.folded[match.end() - 1:match.end() + 12].lstrip(" :")):
                continue
            rest = line.text[match.end():]
            value = _ref_value(rest)
            if value is None and not rest.strip(" :") and index + 1 < len(lines):
                following = lines[index + 1]
                value = _ref_value(following.text)
                if value:
                    return value, following
            if value:
                return value, line
    return None


_OBJECT_LABEL = (
    r"(?:objet (?:de la consultation|du marche|de l'accord-cadre|du contrat|du present "
    r"(?:marche|accord-cadre|reglement))|objet|intitule(?: (?:de la consultation|du marche))?|"
    r"designation (?:de la consultation|du marche))"
)
_OBJECT_SENTENCE = re.compile(
    r"(?:la presente consultation|le present (?:marche|accord-cadre|contrat)|la consultation|"
    r"le marche|l'accord-cadre|les presents? marches?)\s+(?:a pour objet|porte sur|concerne|"
    r"ont pour objet|vise)\s*:?\s*(?:la |le |les |l')?"
)
_COVER_NOISE = re.compile(
    r"reglement de (?:la )?consultation|^\(?r\.?c\.?\)?$|marches? publics?|^accord-cadre de "
    r"(?:fournitures|services|travaux)|^procedure|^date|^heure|^dce\b|^dossier de consultation|"
    r"^page\b|^(?:tel|fax|courriel|adresse|mail)\b|@|^\d|^phase\b|^lot\b|^n°|^reference|"
    r"^cedex|\b\d{5}\b|^acheteur|^pouvoir|^maitre|^objet|^representant|^service|^remise|"
    r"^reponse|^important|^attention|^version|^sommaire|^article\b|^chapitre\b|^\d+\s*[-–.)]|"
    r"^(?:marche|accord-cadre|contrat)s?(?: publics?)? (?:de |d')(?:services|fournitures|travaux|"
    r"prestations)[a-z ]{0,30}$"
)


def _object(lines: list[RcLine]) -> tuple[str, RcLine, str] | None:
    found = _label_value(lines, _OBJECT_LABEL)
    if found and len(found[0]) > 8 and not _OBJECT_SENTENCE.match(_fold(found[0])):
        return found[0], found[1], "sure"
    for index, line in enumerate(lines):
        match = _OBJECT_SENTENCE.search(line.folded)
        if match:
            rest = line.text[match.end():]
            value = re.split(r"\.(?:\s|$)", rest)[0].strip(" .;:")
            source = line
            if not value and index + 1 < len(lines):
                source = lines[index + 1]
                value = re.split(r"\.(?:\s|$)", source.text)[0].strip(" .;:-–•")
                value = re.sub(r"^(?:la|le|les|l')\s*(?=\w)", "", value, flags=re.I)
            value = re.split(r"\s+(?=(?:Le|La|Les) présente?s? |Il s'agit )", value)[0]
            if len(value) > 8:
                return value[0].upper() + value[1:], source, "sure"
    # « Marché n° AMO 2017-05 : Mission de conduite d'opération … »: the title after the
    # reference.
    for line in lines[:40]:
        match = re.match(r"(?:marche|accord-cadre|consultation)\s*n°\s*[^:]{2,30}:\s*(.{10,})$",
                         line.folded)
        if match and _type_from_object(match[1]):
            return line.text[match.start(1):].strip(" .;"), line, "guess"
    # A cover with only the title: on the first pages, the first line that reads like an
    # object (its wording gives a market type), else the first plain line after
    # « Règlement de la consultation ».
    cover = [ln for ln in lines[:30] if ln.page <= 2 and _cover_candidate(ln)]
    for line in cover:
        if _type_from_object(_HEAD_NOISE.sub("", line.folded)):
            return line.text.strip(" .;:-–"), line, "guess"
    for index, line in enumerate(lines[:25]):
        if re.search(r"reglement de (?:la )?consultation", line.folded):
            following = next((ln for ln in lines[index + 1:index + 8] if ln in cover), None)
            if following:
                return following.text.strip(" .;:-–"), following, "guess"
            break
    return None


_HEAD_NOISE = re.compile(r"^(?:marche|accord-cadre)s? (?:public )?(?:de |d')?")


def _cover_candidate(line: RcLine) -> bool:
    folded = line.folded
    return not (_COVER_NOISE.search(folded) or _BUYER_NAMES.match(folded)
                or len(folded.split()) < 3 or len(line.text) > 200
                or _dates_in(line.text, [], folded, cited=True)
                or re.search(r"\b(?:delai|obligatoire|candidats?|dematerialis|plateforme|"
                             r"signature)\b", folded))
