"""Rule-based extraction of a règlement de consultation (RC): deadlines, lots, criteria, pieces.

Pure functions on text already read from the PDF, DOCX or ODT (one string per page): no
network, no model. The result uses the field names and enumeration values of the tender JSON,
with ``None`` (or an empty list) where a field was not stated, an ``evidence`` entry per found
field giving the page and the sentence it came from, a ``confidence`` per found field
(``sure``: read as written; ``inferred``: completed by a rule, such as a year taken from the
weekday or a questions deadline counted back from the deadline; ``guess``: taken from where
such a value usually stands, such as the first lines of the cover) and ``missing``, the
fields the document does not state.

The rules aim at what French RCs have in common across house styles (buyer-platform
generators, departmental and hospital templates, State services, short MAPA letters), not at
any one document: the sommaire is recognised and never used as content, a line wrapped by
the PDF is joined back, a value is looked for in the sentence naming it and, when a label
stands alone (cover pages, table cells), in the lines that follow it. Only a sentence that
states a value gives it: a decree's date is not a deadline, a page number is not a weight.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "DOCUMENT_RULES",
    "FIELDS",
    "RcLine",
    "extract_rc",
    "looks_like_rc",
    "normalize_text",
    "not_rc_reason",
    "parse_french_datetime",
    "parse_french_number",
]

# --- normalisation ------------------------------------------------------------------------

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\t]")
_ZERO_WIDTH = re.compile(r"[\u00ad\u200b\u200c\u200d\ufeff]")
# Bullets drawn with a symbol font come out of PDFs as private-use characters (U+F0B7 …).
_PRIVATE_BULLET = re.compile(r"^[\ue000-\uf8ff•▪◦●■□➢➤►✓]\s*", re.M)
# A word cut at the end of a line: « adminis-\ntration » (lower-case letters on both sides).
_HYPHENATED = re.compile(r"([a-zà-ÿœæ])-\n([a-zà-ÿœæ])")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "‒": "-", "´": "'"})


def normalize_text(text: str) -> str:
    """``text`` in NFKC with plain spaces, straight apostrophes and line-end hyphenation undone.

    NFKC already turns ligatures (« ﬁ ») and non-breaking or narrow spaces into their plain
    forms; the explicit passes catch what it leaves (tabs, soft hyphens, typographic quotes).
    """
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = text.translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HYPHENATED.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text)
    text = _PRIVATE_BULLET.sub("- ", text)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def _base_letter(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)) or char
    return base if len(base) == 1 else char


# One translation table for the Latin letters RCs use: far faster than decomposing each
# character of an 80-page document. Every entry maps one character to one character, so a
# position in the folded text is the same position in the text (« œ » folds to « œ »: the
# patterns spell it « (?:oe|œ) »).
_FOLD_TABLE = {code: _base_letter(chr(code)) for code in range(0xC0, 0x250)}
_FOLD_TABLE.update({ord("œ"): "œ", ord("Œ"): "œ", ord("æ"): "æ", ord("Æ"): "æ"})


def _fold(text: str) -> str:
    """Lower case without accents, for matching (« Élément » → « element »), same length."""
    return text.translate(_FOLD_TABLE).lower()


# --- numbers written in words ---------------------------------------------------------------

_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
}
_NUMBER_WORDS = sorted(_UNITS, key=len, reverse=True)
_WORDS_NUMBER = re.compile(
    r"\b(?:" + "|".join(_NUMBER_WORDS) + r")(?:[\s-]+(?:et[\s-]+)?(?:"
    + "|".join(_NUMBER_WORDS) + r"))*\b"
)


def parse_french_number(text: str) -> int | None:
    """An integer written in figures or French words: « 90 », « quatre-vingt-dix » → 90."""
    text = _fold(text).strip()
    if text.isdigit():
        return int(text)
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "et"]
    if not words or any(w not in _UNITS for w in words):
        return None
    total, current = 0, 0
    for word in words:
        value = _UNITS[word]
        if value == 100:
            current = max(current, 1) * 100
        elif value == 20 and current % 100 == 4:  # « quatre-vingt »
            current = current - 4 + 80
        else:
            current += value
    total += current
    return total


# --- dates ----------------------------------------------------------------------------------

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
             "dimanche": 6}
_DAY_NAMES = "|".join(_WEEKDAYS)
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# « lundi 31 janvier 2022 », « 1er juillet 2016 », « 1 er juillet », « LUNDI 31 JANVIER »:
# the year may be missing (then inferred from the weekday and the document's other dates).
_DATE_WORDS = re.compile(
    r"(?:\b(" + _DAY_NAMES + r")\s*,?\s+(?:le\s+)?)?\b(\d{1,2})\s*(?:er|°|e)?\s+("
    + _MONTH_NAMES + r")\b\.?(?:\s*,?\s*(\d{4})\b)?"
)
_DATE_NUMERIC = re.compile(
    r"(?:\b(" + _DAY_NAMES + r")\s*,?\s+(?:le\s+)?)?\b(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?"
    r"(\d{4}|\d{2})(?![\d/.-]\d)"
)
# A time after a date: « à 12:00 », « à 11h30 », « à 14 h », « , 12 heures », « - 16h »,
# « avant 17 h 30 », « à midi », « (12h00) ».
_TIME_AFTER = re.compile(
    r"^[\s,;|\-–(]*(?:a|avant|jusqu'a|au plus tard a|et|heure(?: limite)?\s*:?|,)?\s*"
    r"(?:a\s+)?(?:(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?(?!\d)|(midi))"
)
_TIME_BEFORE = re.compile(
    r"(?:a|avant)\s+(?:(\d{1,2})\s*(?:h|heures?)\s*(\d{2})?|(midi))\s*(?:,|le|du|,\s*le)?\s*$"
)
_TIME_ALONE = re.compile(
    r"(?:heures?(?: limites?)?(?: de (?:remise|reception|depot))?(?: des (?:offres|plis))?"
    r"\s*[:|]?\s*)?(?:a\s+)?(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?(?:\s*(?:\(|heure).*)?$"
)
# A date that belongs to a text, not to the consultation: « décret n° 2016-360 du 25 mars
# 2016 », « arrêté du … », « mis à jour le … ».
_CITED_BEFORE = re.compile(
    r"(?:decret|arrete|loi|ordonnance|directive|deliberation|circulaire|reglement \(?ue\)?|"
    r"code|avis|instruction|version|mise? a jour|edite|redige|publie|envoi de l'avis|"
    r"jo(?:ue)?|boamp|ccag)[^.;:]{0,45}?\b(?:du|le|en date du)\s*$"
)
_ZONES = (
    (r"reunion", "Indian/Reunion"), (r"mayotte", "Indian/Mayotte"),
    (r"guyane|cayenne", "America/Cayenne"), (r"martinique", "America/Martinique"),
    (r"guadeloupe", "America/Guadeloupe"), (r"nouvelle[- ]caledonie|noumea", "Pacific/Noumea"),
    (r"polynesie|tahiti|papeete", "Pacific/Tahiti"),
    (r"saint[- ]pierre[- ]et[- ]miquelon", "America/Miquelon"),
    (r"paris|metropole|metropolitaine|francaise|france", "Europe/Paris"),
)
_ZONE = re.compile(r"heures? (?:legale |locale |officielle )?(?:de |d'|du |des )?"
                   r"(?:l'ile de |la |l')?(" + "|".join(p for p, _ in _ZONES) + r")")


@dataclass(frozen=True)
class _DateHit:
    value: datetime
    start: int
    end: int
    has_time: bool
    inferred: bool = False


def _year_for(day: int, month: int, weekday: int | None, years: list[int]) -> int | None:
    """The year of a date written without one: the weekday decides among the years the
    document cites (and those next to them); without a weekday, the year it cites most."""
    if not years:
        return None
    common = Counter(years).most_common()
    ordered = [y for y, _ in common]
    if weekday is None:
        return ordered[0]
    candidates = ordered + [y + d for y in ordered[:2] for d in (1, -1)]
    for year in candidates:
        try:
            if date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def _dates_in(text: str, years: list[int] | None = None, folded: str | None = None,
              cited: bool = False) -> list[_DateHit]:
    """Every date (with its time when one is written beside it) in ``text``, in order.

    ``years``: the years the whole document cites, to complete a date written without one.
    Dates of cited texts (decrees, laws, the notice) are left out.
    """
    folded = _fold(text) if folded is None else folded
    hits: list[_DateHit] = []
    taken: list[tuple[int, int]] = []
    for match in _DATE_WORDS.finditer(folded):
        day, month = int(match[2]), _MONTHS[match[3]]
        weekday = _WEEKDAYS.get(match[1] or "")
        inferred = False
        if match[4]:
            year = int(match[4])
        else:
            # « 3 mars » alone is common in prose; without a weekday or a year, skip unless
            # a time follows (« 3 mars à 12h »).
            if match[3] in ("mars", "mai") and not match[1] and not _TIME_AFTER.match(
                    folded[match.end():match.end() + 30]):
                continue
            guessed = _year_for(day, month, weekday, years or [])
            if guessed is None:
                continue
            year, inferred = guessed, True
        hit = _build_hit(folded, match.start(), match.end(), year, month, day, inferred, cited)
        if hit:
            hits.append(hit)
            taken.append((match.start(), match.end()))
    for match in _DATE_NUMERIC.finditer(folded):
        if any(s <= match.start(2) < e for s, e in taken):
            continue
        day, month, year = int(match[2]), int(match[3]), int(match[4])
        if year < 100:
            year += 2000
        if not 1990 <= year <= 2100:
            continue
        hit = _build_hit(folded, match.start(), match.end(), year, month, day, False, cited)
        if hit:
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


def _build_hit(folded: str, start: int, end: int, year: int, month: int, day: int,
               inferred: bool, cited: bool = False) -> _DateHit | None:
    if not cited and _CITED_BEFORE.search(folded[max(0, start - 70):start]):
        return None
    hour, minute, has_time = 0, 0, False
    found = _TIME_AFTER.match(folded[end:end + 40])
    if found is None:
        found = _TIME_BEFORE.search(folded[max(0, start - 22):start])
    if found:
        if found[3]:
            hour, minute, has_time = 12, 0, True
        elif found[1] is not None and int(found[1]) < 24 and int(found[2] or 0) < 60:
            hour, minute, has_time = int(found[1]), int(found[2] or 0), True
    try:
        value = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    return _DateHit(value, start, end, has_time, inferred)


def parse_french_datetime(text: str) -> datetime | None:
    """The first date (and time) written in ``text``, or ``None``.

    Handles « Lundi 19 janvier 2026 à 12:00 », « 13/03/2026 à 11h30 », « le 12 mai 2026 à
    14 h », « avant le 2 avril 2026, 12 heures »; a date without a time is taken at 00:00.
    """
    hits = _dates_in(text)
    return hits[0].value if hits else None


def _years_of(lines: list[RcLine]) -> list[int]:
    """Years of the complete dates of the document (to complete a date written without)."""
    years: list[int] = []
    cited: list[int] = []
    for line in lines:
        if not re.search(r"\b20\d\d\b", line.folded):
            continue
        years.extend(h.value.year for h in _dates_in(line.text, None, line.folded)
                     if not h.inferred)
        cited.extend(h.value.year for h in _dates_in(line.text, None, line.folded, cited=True)
                     if not h.inferred)
    # Dates of the consultation first; else the cited ones: a DCE edited in 2022 dates a
    # « lundi 31 janvier », a decree of 2016 does not outweigh the consultation's own dates.
    return years or cited


# --- lines and evidence ---------------------------------------------------------------------


@dataclass(frozen=True)
class RcLine:
    """One line of the RC with the page it is on (1-based) and its folded form for matching."""

    page: int
    text: str
    folded: str


# « 2.1 - Délai de validité des offres ........ 4 »: a table-of-contents entry.
_TOC = re.compile(r"(?:\.\s?){3,}\s*\d{1,3}\s*$|…+\s*\d{1,3}\s*$|_{4,}\s*\d{1,3}\s*$")
_TOC_HEAD = re.compile(r"^(?:sommaire|table des matieres|plan du reglement)\b"
                       r"(?:\s*(?:pages?|du reglement|de la consultation))?\s*:?$")
# Inside a sommaire, an entry ends with its page number: « ARTICLE 1 - OBJET 3 ».
_TOC_ENTRY = re.compile(r"^(?!.*(?:\d[/.]\d|%|\bpoints?\b)).*[a-zà-ÿ)'.]\s+\d{1,3}$")
_TOC_TAIL = re.compile(r"\s*(?:(?:\.\s?){2,}|…+|_{2,})?\s*\d{1,3}\s*$")
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,3}(?:\s*(?:/|sur)\s*\d{1,3})?|-\s*\d{1,3}\s*-")
_CONTINUES = re.compile(r"(?:\b(?:a|au|aux|le|la|les|du|de|des|et|en|pour|par|sur|avant|"
                        r"l'|d'|n°|dont|avec)|,|[-–])$")
_MONTH_END = re.compile(r"\b(?:\d{1,2}\s*(?:er)?\s+(?:" + _MONTH_NAMES + r")|\d{1,2})$")


@dataclass
class _Text:
    """The lines of the RC and the sommaire entries (kept apart: never content)."""

    lines: list[RcLine] = field(default_factory=list)
    toc: list[RcLine] = field(default_factory=list)


def _split(pages: list[str]) -> _Text:
    out = _Text()
    lines, toc = out.lines, out.toc
    for number, page in enumerate(pages, start=1):
        raw = [t.strip() for t in page.split("\n")]
        raw = [t for t in raw if t and not _PAGE_NUMBER.fullmatch(_fold(t))]
        in_toc = False
        for index, text in enumerate(raw):
            folded = _fold(text)
            if _TOC_HEAD.match(folded):
                in_toc = True
                continue
            if _TOC.search(text):
                toc.append(RcLine(number, _TOC_TAIL.sub("", text), _fold(_TOC_TAIL.sub("", text))))
                in_toc = True
                continue
            if in_toc:
                if _TOC_ENTRY.search(folded) and len(text) < 140 and "|" not in text:
                    clean = _TOC_TAIL.sub("", text)
                    toc.append(RcLine(number, clean, _fold(clean)))
                    continue
                following = raw[index + 1] if index + 1 < len(raw) else ""
                if (len(text) < 100 and following and (_TOC.search(following)
                                                      or _TOC_ENTRY.search(_fold(following)))):
                    toc.append(RcLine(number, text, folded))  # an entry wrapped on two lines
                    continue
                in_toc = False
            previous = lines[-1] if lines else None
            if previous and previous.page == number and _is_wrapped(previous, text, folded):
                # A PDF wraps long sentences: join them so a value is read whole.
                text = f"{previous.text} {text}"
                folded = f"{previous.folded} {folded}"
                lines.pop()
            lines.append(RcLine(number, text, folded))
    return out


def _is_wrapped(previous: RcLine, text: str, folded: str) -> bool:
    if "|" in previous.text or "|" in text or len(previous.text) > 600:
        return False
    if previous.text.endswith((".", ";", ":", "!", "?")):
        return False
    if re.match(r"[%),.;]", folded) or (re.match(r"\(", folded) and len(previous.text) >= 60):
        return True  # « … valeur technique (60 » / « %). »
    if re.match(r"\d{4}\b", folded) and _MONTH_END.search(previous.folded[-20:]):
        return True  # « 1 er juillet » / « 2016 »
    if re.match(r"er\s", folded) and re.search(r"\b\d{1,2}$", previous.folded):
        return True  # « 1 » / « er juillet 2016 »
    if re.match(r"(?:" + _MONTH_NAMES + r")\b", folded) and re.search(
            r"\b\d{1,2}\s*(?:er)?$", previous.folded):
        return True  # « le 1er » / « juillet 2022 à »
    if _CONTINUES.search(previous.folded) and not re.match(r"(?:article|lot)\b", folded):
        return len(text) < 300 and not _SECTION_HEADING.match(folded)
    if len(previous.text) >= 45 and previous.text.isupper() and text.isupper() and len(
            text) < 120 and not _SECTION_HEADING.match(folded):
        return True  # a capital title wrapped on the cover
    return len(previous.text) >= 60 and text[:1].islower()


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-ÝŒ«(\-])")


def _sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def _evidence(line: RcLine, hint: str | None = None) -> dict[str, Any]:
    """Page and text of ``line``; for a long paragraph, only the sentence matching ``hint``."""
    text = line.text
    if hint and len(text) > 160:
        for sentence in _sentences(text):
            if re.search(hint, _fold(sentence)):
                text = sentence
                break
    text = text if len(text) <= 300 else text[:297] + "…"
    return {"page": line.page, "text": text}


# --- is it an RC? ---------------------------------------------------------------------------

_DEADLINE_PHRASE = re.compile(
    r"(?:date|heure)s?(?: et (?:heure|date)s?)? limites?|(?:remise|reception|depot) des "
    r"(?:offres|plis|candidatures|propositions|devis)|(?:offres|plis|candidatures) "
    r"(?:devront|doivent)|\bdlro\b"
)


def not_rc_reason(pages: list[str]) -> str | None:
    """Why the text is not an RC (no deadline phrase and no procedure), else ``None``."""
    folded = _fold("\n".join(pages))
    if _DEADLINE_PHRASE.search(folded):
        return None
    if any(re.search(pattern, folded) for _, pattern in _PROCEDURES):
        return None
    if re.search(r"reglement de (?:la )?consultation|avis d'appel public", folded) and re.search(
            r"\bcandidat|\bacheteur|pouvoir adjudicateur", folded):
        return None
    return ("il ne mentionne ni date limite de remise des offres ni procédure de passation "
            "(appel d'offres, procédure adaptée …)")


def looks_like_rc(pages: list[str]) -> bool:
    """True unless the text has neither a deadline phrase nor a procedure (see
    ``not_rc_reason``): a readable RC is never refused for its house style."""
    return not_rc_reason(pages) is None


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


# --- deadlines ------------------------------------------------------------------------------

_WHAT = (r"(?P<what>offres?(?: finales| initiales)?|plis?|propositions?|candidatures?"
         r"(?: et (?:des )?offres)?|dossiers?(?: de candidature)?|demandes? de participation|"
         r"devis|reponses?|projets?|prestations)")
_DEADLINE_LABEL = re.compile(
    r"(?:date|heure)s?(?: et (?:l'|d')?(?:heure|date)s?)? limites?(?: de| d'| pour (?:la|le))?\s*"
    r"(?:la |le |l')?(?:reception|remise|depot|envoi|transmission|presentation)?"
    r"(?:\s*(?:des|de l'|du|de la|d'))?\s*" + _WHAT + r"?"
    r"|(?:reception|remise|depot) (?:des|de l'|du|de la) " + _WHAT.replace("what", "what2")
    + r"|(?P<what3>offres?|plis|propositions|candidatures|devis|dossiers) (?:devront|doivent|"
    r"devra|doit|sont a|seront|sont)\s+(?:(?:nous|vous) )?(?:etre\s+)?(?:remis|remises|"
    r"deposes?|deposees|transmis|transmises|recus?|recues|parvenir|etre parvenus?|"
    r"adresses|adressees)"
    r"|\bdlro\b|\bdate de remise\b|\blimite de (?:reception|remise|depot)"
    r"|\bdate de cloture(?: de la consultation| des offres)?\b|\bcloture de la consultation\b"
    r"|(?P<what4>offres|plis|propositions|candidatures) (?:seront|sont) (?:receptionnees|recues|"
    r"acceptees|reçues) (?:jusqu|avant|au plus tard)"
    r"|(?:remettre|deposer|transmettre|faire parvenir|adresser) (?:leur|son|votre|les|une) "
    r"(?P<what5>offres?|plis?|propositions?|candidatures?|dossiers?)\b[^.]{0,60}?"
    r"(?:avant|au plus tard|jusqu)"
)
_QUESTION_WORDS = re.compile(
    r"question|renseignements? (?:complementaires?|techniques?|administratifs?)|"
    r"demandes? (?:de|d') (?:precisions?|renseignements?|informations?|eclaircissements?)|"
    r"informations? complementaires?"
)
_VISIT_WORDS = re.compile(r"\bvisites?\b|\breunion\b")
_RELATIVE = re.compile(
    r"(\d+|[a-z-]+(?:[\s-][a-z-]+)?)\s*(?:\((\d+)\)\s*)?jours?\s*(calendaires|francs|"
    r"ouvres|ouvrables)?\s*(?:au plus tard\s*)?(?:avant|precedant) (?:la date|l'heure|"
    r"la remise|la reception|l'echeance|le terme)"
)


@dataclass
class _Deadline:
    value: datetime
    line: RcLine
    confidence: str
    lots: dict[int, datetime] = field(default_factory=dict)


def _kind(match: re.Match[str]) -> str:
    what = (match["what"] or match["what2"] or match["what3"] or match["what4"]
            or match["what5"] or "")
    if "candidature" in what and "offre" not in what or "participation" in what:
        return "candidatures"
    return "offers"


def _window(lines: list[RcLine], index: int, years: list[int]) -> list[RcLine]:
    """The label's line and the lines that may complete it: the value of a label standing
    alone (cover pages, table cells), a time on its own line, one line per lot."""
    first = lines[index]
    window = [first]
    hits = _dates_in(first.text, years, first.folded)
    if not hits and first.text.endswith("."):
        return window  # a whole sentence without a date: the date is elsewhere
    for line in lines[index + 1:index + 6]:
        hour_label = re.match(r"heures? limites?\b", line.folded) and not _dates_in(
            line.text, years, line.folded)
        if (_DEADLINE_LABEL.search(line.folded) and not hour_label
                or _QUESTION_WORDS.search(line.folded) or _VISIT_WORDS.search(line.folded)):
            break
        lot_line = re.match(r"^(?:[-•*]\s*)?lots?\b", line.folded)
        if hits and hits[-1].has_time and not lot_line:
            break
        if hits and not lot_line and len(window) >= 4:
            break
        window.append(line)
        if not lot_line and _dates_in(line.text, years, line.folded) and not hits:
            hits = _dates_in(line.text, years, line.folded)
    return window


def _time_alone(window: list[RcLine], after: RcLine) -> tuple[int, int] | None:
    """A time stated apart from its date: « HEURE LIMITE : 12h00 » or « 12:00 » alone."""
    seen = False
    for index, line in enumerate(window):
        if seen and re.fullmatch(r"heures? limites?(?: de (?:remise|reception|depot))?"
                                 r"(?: des (?:offres|plis))?\s*[:|]?", line.folded) and \
                index + 1 < len(window):
            found = _TIME_ALONE.fullmatch(window[index + 1].folded.strip(" .|"))
            if found and int(found[1]) < 24:
                return int(found[1]), int(found[2] or 0)
        if line is after:
            seen = True
            rest = line.folded.split("heure", 1)
            if len(rest) == 2:
                found = _TIME_ALONE.search("heure" + rest[1])
                if found:
                    return int(found[1]), int(found[2] or 0)
            continue
        if seen:
            found = _TIME_ALONE.fullmatch(line.folded.strip(" .|"))
            if found and int(found[1]) < 24:
                return int(found[1]), int(found[2] or 0)
    return None


def _lot_of(folded: str, position: int) -> int | None:
    before = folded[:position]
    found = list(re.finditer(r"\blots?\s*(?:n\s*°|n°|no|numero)?\s*(\d{1,2})\b", before))
    if not found:
        return None
    last = found[-1]
    # The lot must be the last thing named before the date (« Lot 2 : 12/03/2026 »).
    if re.search(r"\blot\b", before[last.end():]):
        return None
    return int(last[1])


def _deadlines(lines: list[RcLine], years: list[int]) -> dict[str, _Deadline]:
    """The offers' and the candidatures' deadlines (with any per-lot dates)."""
    found: dict[str, _Deadline] = {}
    for index, line in enumerate(lines):
        if _RELATIVE.search(line.folded):
            continue
        matches = list(_DEADLINE_LABEL.finditer(line.folded))
        # « Date limite des candidatures : … – Date limite des offres : … » on one line: each
        # label reads up to the next one; only the last may go on to the next lines.
        for k, match in enumerate(matches):
            stop = matches[k + 1].start() if k + 1 < len(matches) else len(line.folded)
            _one_deadline(lines, index, match, stop, len(matches) == 1, years, found)
    return found


def _one_deadline(lines: list[RcLine], index: int, match: re.Match[str], stop: int,
                  single: bool, years: list[int], found: dict[str, _Deadline]) -> None:
    line = lines[index]
    last = stop == len(line.folded)
    if _QUESTION_WORDS.search(line.folded[:match.start()]) or re.search(
            r"validite|questions?|prolong|report", line.folded[match.start():match.end() + 25]):
        return
    kind = _kind(match)
    if kind == "offers" and re.search(r"\bcandidatures?\b", line.folded[:match.start()]) \
            and "offre" not in line.folded:
        kind = "candidatures"
    window = _window(lines, index, years) if last else [line]
    joined_hits: list[tuple[_DateHit, RcLine]] = []
    for position, candidate in enumerate(window):
        hits = _dates_in(candidate.text, years, candidate.folded)
        if position == 0:
            after = [h for h in hits if match.start() <= h.start < stop]
            # A date before the label counts only on a short line with this one label
            # (« 12/03/2022 : date limite »).
            hits = after or (hits if len(candidate.text) < 90 and single else [])
        joined_hits.extend((hit, candidate) for hit in hits)
    if not joined_hits:
        return
    entry = found.get(kind)
    per_lot: dict[int, datetime] = {}
    for hit, candidate in joined_hits:
        lot = _lot_of(candidate.folded, hit.start)
        if lot is not None:
            per_lot.setdefault(lot, _with_time(hit, window, candidate)[0])
    hit, candidate = joined_hits[0]
    value, confidence = _with_time(hit, window, candidate)
    if per_lot:
        value = min(per_lot.values())
    if entry is None:
        found[kind] = _Deadline(value, candidate, confidence, per_lot)
    else:
        for lot, when in per_lot.items():
            entry.lots.setdefault(lot, when)
        if per_lot:
            entry.value = min(entry.value, *per_lot.values())


def _with_time(hit: _DateHit, window: list[RcLine], line: RcLine) -> tuple[datetime, str]:
    confidence = "inferred" if hit.inferred else "sure"
    if hit.has_time:
        return hit.value, confidence
    alone = _time_alone(window, line)
    if alone and alone[0] < 24 and alone[1] < 60:
        return hit.value.replace(hour=alone[0], minute=alone[1]), confidence
    return hit.value, "inferred"


def _count_back(deadline: datetime, days: int, unit: str | None) -> datetime:
    """``days`` before ``deadline``: working days (« ouvrés ») skip weekends and French
    public holidays, « ouvrables » skip Sundays and holidays, otherwise calendar days."""
    if unit not in ("ouvres", "ouvrables"):
        return deadline - timedelta(days=days)
    from .deadlines import WorkingCalendar

    calendar = WorkingCalendar()
    day = deadline.date()
    remaining = days
    while remaining:
        day -= timedelta(days=1)
        if calendar.is_holiday(day) or day.weekday() == 6 or (
                unit == "ouvres" and day.weekday() == 5):
            continue
        remaining -= 1
    return datetime.combine(day, deadline.time())


_ASKS = re.compile(r"au plus tard|avant (?:le|la|l')|jusqu'(?:au|a)|date limite|"
                   r"doivent (?:etre |nous )?(?:parvenir|posees|adressees|transmises|envoyees)|"
                   r"devront (?:etre |nous )?(?:parvenir|posees|adressees|transmises|envoyees)|"
                   r"peuvent etre (?:posees|adressees|transmises)|"
                   r"(?:posees|adressees|transmises|formulees|recues)\s*(?:\w+\s*){0,6}"
                   r"(?:avant|jusqu|au plus tard|le )|limite\s*:")


def _questions_deadline(
    lines: list[RcLine], deadline: datetime | None, years: list[int]
) -> tuple[datetime, RcLine, str] | None:
    for index, line in enumerate(lines):
        if not _QUESTION_WORDS.search(line.folded):
            continue
        sentences = [line.text] if len(line.text) < 200 else _sentences(line.text)
        window = [line, *lines[index + 1:index + 2]] if line.text.rstrip().endswith(":") \
            or len(line.text) < 90 else [line]
        for sentence in sentences:
            folded = _fold(sentence)
            if not _QUESTION_WORDS.search(folded) and len(sentences) > 1:
                continue
            if re.search(r"\brepon(?:se|dra)", folded) and not re.search(
                    r"question|demande", folded):
                continue
            relative = _RELATIVE.search(folded)
            if relative and deadline is not None and _ASKS.search(folded + " au plus tard"):
                days = (int(relative[2]) if relative[2]
                        else parse_french_number(relative[1].split()[-1])
                        or parse_french_number(relative[1]))
                if re.search(r"repon\w*[^.]{0,60}" + re.escape(relative[0]), folded) and \
                        not re.search(r"(?:question|demande)[^.]{0,80}" + re.escape(
                            relative[0]), folded):
                    continue  # the buyer's answer, not the candidates' question
                if days:
                    return _count_back(deadline, days, relative[3]), line, "inferred"
            if not _ASKS.search(folded) and len(sentences) > 1:
                continue
            for candidate in window:
                text = sentence if candidate is line else candidate.text
                if candidate is not line and (_DEADLINE_LABEL.search(candidate.folded)
                                              and not _QUESTION_WORDS.search(candidate.folded)):
                    break
                hits = _dates_in(text, years)
                if hits and (_ASKS.search(folded) or candidate is not line):
                    hit = hits[0]
                    sure = hit.has_time and not hit.inferred
                    return hit.value, candidate, "sure" if sure else "inferred"
    return None


def _invitation(lines: list[RcLine], years: list[int]) -> tuple[str, RcLine, str] | None:
    """The (planned) day the invitations to tender go to the selected candidates."""
    for line in lines:
        if not re.search(r"(?:envoi|date)[^.]{0,30}\binvitations? a (?:soumissionner|"
                         r"presenter une offre|remettre une offre)", line.folded):
            continue
        hits = _dates_in(line.text, years, line.folded)
        if hits:
            hit = hits[0]
            return hit.value.strftime("%Y-%m-%d"), line, "inferred" if hit.inferred else "sure"
    return None


_VALIDITY = re.compile(r"validite|valables?|engage|maintenir (?:leur|son)")


def _offer_validity(lines: list[RcLine]) -> tuple[int, RcLine] | None:
    for index, line in enumerate(lines):
        if not _VALIDITY.search(line.folded) or "offre" not in line.folded:
            continue
        for candidate in lines[index:index + 2]:
            days = _days_in(candidate.folded)
            if days:
                return days, candidate
    return None


def _days_in(folded: str) -> int | None:
    match = re.search(r"\((\d{1,3})\)\s*(jours|mois)", folded)
    if match:
        return int(match[1]) * (30 if match[2] == "mois" else 1)
    match = re.search(r"\b(\d{1,3})\s*(jours|mois)\b", folded)
    if match:
        return int(match[1]) * (30 if match[2] == "mois" else 1)
    for words in _WORDS_NUMBER.finditer(folded):
        after = folded[words.end():words.end() + 8]
        unit = re.match(r"\s*(jours|mois)", after)
        number = parse_french_number(words[0])
        if unit and number:
            return number * (30 if unit[1] == "mois" else 1)
    return None


# --- reservations and lots ------------------------------------------------------------------

# « L2113-13-1 » (people in prison) is its own article: never read it as L2113-13.
_RESERVATION_ARTICLE = re.compile(r"\bl\.?\s*2113[-‑ ]?(12|13|14|15)(?:[-‑ ]?(1)\b)?(?![-\d])")
_RESERVATION_WORDS = (
    ("L2113-12", r"(?:reserve(?:e|s|es)?|reservation) (?:aux|a des|au profit des?) "
                 r"(?:etablissements? et services? d'aide|entreprises adaptees|esat|"
                 r"operateurs economiques qui emploient (?:des |une proportion [^.]{0,40})"
                 r"travailleurs handicapes)"),
    ("L2113-13", r"(?:reserve(?:e|s|es)?|reservation) (?:aux|a des|au profit des?) "
                 r"(?:structures? d'insertion|siae|entreprises d'insertion|"
                 r"structures d'insertion par l'activite)"),
    ("L2113-13-1", r"(?:reserve(?:e|s|es)?|reservation) (?:aux|a des|au profit des?) "
                   r"(?:operateurs economiques qui emploient des (?:personnes )?detenu|"
                   r"structures employant des (?:personnes )?detenu)"),
    ("L2113-15", r"(?:reserve(?:e|s|es)?|reservation) (?:aux|a des|au profit des?) "
                 r"entreprises de l'economie sociale"),
)


def _reservations_in(folded: str) -> list[str]:
    """Articles of the reservations stated in ``folded`` (« L2113-12 », « L2113-13-1 » …)."""
    found: list[str] = []
    if "reserv" in folded or "article" in folded or "lot" in folded:
        for match in _RESERVATION_ARTICLE.finditer(folded):
            article = f"L2113-{match[1]}" + (f"-{match[2]}" if match[2] else "")
            if article == "L2113-14":  # joint reservation: both articles
                for both in ("L2113-12", "L2113-13"):
                    if both not in found:
                        found.append(both)
                continue
            if article not in found:
                found.append(article)
    for value, pattern in _RESERVATION_WORDS:
        if value not in found and re.search(pattern, folded):
            found.append(value)
    return sorted(found)


_LOT_MARK = r"lot\s*(?:n\s*°|n°|no\.?|numero|n)?\s*(\d{1,2})"
_LOT_LINE = re.compile(
    r"^(?:[-•*]\s*)?" + _LOT_MARK + r"\s*(?:[:|\-–—.)]\s*|\s+)(.+)$"
)
_LOT_SENTENCE = re.compile(
    _LOT_MARK + r"\s*(?:[:\-–—(]|\s)\s*"
    r"(.+?)(?=\s*(?:[;,)]|\.(?:\s|$)|\bet (?:le )?lot\b|$))"
)
_NOT_A_TITLE = re.compile(
    r"^(?:est |sont |sera |seront |ne |n'|fait |porte |a |pour |du |de la |comprend |"
    r"concerne |\(|les |le |la |l'|et |ou |au |aux |en |sur |\d|:|peut |doit |devra |"
    r"reserve|uniquement)"
)
_LOT_REF = re.compile(r"\s*[-–(,]?\s*(?:r[ée]f(?:[ée]rence)?\.?|n° de march[ée]|"
                      r"march[ée] n°)\s*:?\s*"
                      r"([A-Za-z0-9][A-Za-z0-9/_.\-]*\d[A-Za-z0-9/_.\-]*)\)?", re.I)


def _clean_title(text: str) -> str:
    text = re.sub(r"\s*[|]\s*", " | ", text).split(" | ")[0]
    text = _LOT_REF.sub("", text)
    text = re.sub(r"\s*\((?:reserve|l\.?\s*2113|article)[^)]*\)\s*", " ", text, flags=re.I)
    text = re.split(r"\s+[-–—]\s+(?=r[ée]serv)|\s*[-–—,]?\s*r[ée]serv[ée]s? (?:aux|à)\b", text,
                    flags=re.I)[0]
    text = re.sub(r"\s*(?:\.\s?){3,}\s*\d{0,3}$", "", text)
    # « Lot 1 : Voirie – 150 000 € HT », « (estimation : 100 000 € HT) »: not the title.
    text = re.sub(r"\s*\([^)]*(?:€|euros?)[^)]*\)|\s*[-–:,]\s*(?:estim\w*\s*:?\s*)?"
                  r"[\d  .,]+\s*(?:€|euros?)(?:\s*(?:ht|ttc|h\.t\.))?\s*$", "", text, flags=re.I)
    text = re.split(r"\s*:\s*(?:le\s+|avant le\s+)?(?:\d{1,2}\b|" + _DAY_NAMES + r")", text,
                    flags=re.I)[0]
    return text.strip(" .;:-–—").strip("«»\"“” ").strip()


def _lot(number: int, title: str, folded: str, text: str) -> dict[str, Any]:
    ref = _LOT_REF.search(text)
    return {"number": number, "title": title[:1].upper() + title[1:],
            "reserved": _reservations_in(folded), "reference": ref[1] if ref else None,
            "deadline": None, "criteria": None}


def _split_lots(line: RcLine) -> list[RcLine]:
    """« LOT 1 – Voirie LOT 2 – Réseaux » on one line: one piece per lot."""
    marks = [m.start() for m in re.finditer(r"\blot\s*(?:n\s*°|n°|no\.?)?\s*\d{1,2}\s*[:\-–—.)]",
                                            line.folded)]
    if len(marks) < 2 or marks[0] != 0 and not re.match(r"^[-•*]\s*$", line.folded[:marks[0]]):
        return [line]
    bounds = [*marks, len(line.text)]
    return [RcLine(line.page, line.text[a:b].strip(" ;,"), line.folded[a:b].strip(" ;,"))
            for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _lots(lines: list[RcLine], toc: list[RcLine]) -> tuple[list[dict[str, Any]], RcLine | None]:
    lots: dict[int, dict[str, Any]] = {}
    first: RcLine | None = None
    for index, whole in enumerate(lines):
        for line in _split_lots(whole):
            folded = line.folded
            match = _LOT_LINE.match(folded)
            if match and not _NOT_A_TITLE.match(match[2]):
                number = int(match[1])
                title = _clean_title(line.text[match.start(2):])
                if title and number not in lots and len(title) < 150 and not re.fullmatch(
                        r"[\d\s/.:h-]+", title):
                    lots[number] = _lot(number, title, folded, line.text)
                    first = first or line
                continue
            table = re.match(r"^(?:lot\s*)?(\d{1,2})\s*\|\s*(.+)$", line.text, re.I)
            if table and _in_lot_table(lines, index):
                number = int(table[1])
                title = _clean_title(table[2])
                if title and number not in lots:
                    lots[number] = _lot(number, title, folded, line.text)
                    first = first or line
                continue
            if re.search(r"\blots?\b", folded) and ":" in folded and folded.count("lot") >= 3:
                for hit in _LOT_SENTENCE.finditer(folded):
                    number = int(hit[1])
                    title = _clean_title(line.text[hit.start(2):hit.end(2)])
                    if title and number not in lots and not _NOT_A_TITLE.match(hit[2]):
                        lots[number] = _lot(number, title, hit[0], hit[0])
                        first = first or line
    if not lots:
        flat, flat_line = _flat_lot_table(lines)
        for lot in flat:
            lots[lot["number"]] = lot
        first = first or flat_line
    if not lots:
        # Lots named only in the sommaire (« 1.3 Lot 2 : Menuiseries ...... 4 »).
        for line in toc:
            match = re.search(_LOT_MARK + r"\s*[:\-–—.)]\s*(.+)$", line.folded)
            if match and not _NOT_A_TITLE.match(match[2]):
                number = int(match[1])
                title = _clean_title(line.text[match.start(2):])
                if title and number not in lots:
                    lots[number] = _lot(number, title, match[0], line.text)
                    first = first or line
    # Reservations stated apart: « Le lot n° 2 est réservé … (article L2113-13) ».
    for line in lines:
        if "reserv" not in line.folded:
            continue
        for sentence in _sentences(line.folded):
            numbers = [int(n) for n in re.findall(r"\blots?\s*(?:n\s*°|n°|no)?\s*(\d{1,2})\b",
                                                  sentence)]
            numbers += [int(n) for n in re.findall(r"\bet\s*(?:n°\s*)?(\d{1,2})\b", sentence)
                        if numbers]
            if not numbers or re.search(r"\bsauf\b|\bnon reserve|n'est pas reserve|"
                                        r"ne sont pas reserves|se reserve", sentence):
                continue
            found = _reservations_in(sentence)
            for number in numbers:
                if found and number in lots:
                    lots[number]["reserved"] = sorted(set(lots[number]["reserved"]) | set(found))
    return [lots[n] for n in sorted(lots)], first


def _flat_lot_table(lines: list[RcLine]) -> tuple[list[dict[str, Any]], RcLine | None]:
    """Lots of a table that a PDF flattened cell by cell: « 1 Tonte et … » / « parcs » / « — ».

    Rows are told apart by their numbers following each other (1, 2, 3 …), which also stops
    the table at the next numbered heading.
    """
    header = re.compile(r"^(?:n° (?:de )?|numero (?:de )?)?lots?(?:\(s\))?\s+(?:n°\s+)?"
                        r"(?:designation|"
                        r"intitule|libelle|objet)")
    for index, line in enumerate(lines):
        if "|" in line.folded or not header.match(line.folded):
            continue
        rows: list[dict[str, Any]] = []
        in_title = False
        for row_line in lines[index + 1:index + 60]:
            start = re.match(r"^(?:lot\s*)?(\d{1,2})\s+(\S.*)$", row_line.text, re.I)
            if start and int(start[1]) == len(rows) + 1:
                rows.append({"number": len(rows) + 1, "title": start[2].strip(),
                             "_tail": ""})
                in_title = True
                continue
            if not rows:
                break
            current = rows[-1]
            if row_line.folded.startswith("reserv") or re.match(r"^[—–-]$", row_line.text):
                in_title = False
                current["_tail"] += " " + row_line.folded
            elif in_title and row_line.text[:1].islower() and len(row_line.text) < 60:
                current["title"] += " " + row_line.text
            elif not in_title and len(row_line.text) < 40 and (
                    current["_tail"].strip() not in ("", "—", "–", "-")):
                current["_tail"] += " " + row_line.folded
            else:
                break
        if rows:
            out = []
            for row in rows:
                # The last cells of a flattened row: « … Non », « … Réservé L2113-13 ».
                title = re.split(r"\s+(?=(?:non|oui|neant|sans objet|[—–-]|"
                                 r"r[ée]serv[ée]e?s?\b.*)$)", row["title"], maxsplit=1,
                                 flags=re.I)[0]
                tail = row["title"][len(title):]
                out.append(_lot(row["number"], _clean_title(title), _fold(tail) + " "
                                + row["_tail"], ""))
            # Quote the first row, not the header: it is what the user recognises.
            return out, lines[index + 1]
    return [], None


def _in_lot_table(lines: list[RcLine], index: int) -> bool:
    for back in lines[max(0, index - 12):index]:
        if re.match(r"^(?:n° (?:de )?|numero (?:de )?)?lots?\b.*\|", back.folded) or (
                "|" in back.folded and re.search(r"\blots?\b", back.folded) and re.search(
                    r"intitule|designation|libelle|objet", back.folded)):
            return True
    return False


def _market_reservation(lines: list[RcLine]) -> tuple[list[str], RcLine] | None:
    for line in lines:
        if "reserv" not in line.folded:
            continue
        for sentence in _sentences(line.folded):
            if "reserv" not in sentence:
                continue
            if re.search(r"\blots?\b", sentence) and not re.search(
                r"(?:ensemble des|tous les) lots|(?:marche|consultation|accord-cadre) (?:est )?"
                r"(?:entierement |integralement )?reserve", sentence
            ):
                continue
            if re.search(r"\bn'est pas reserve|\bnon reserve|\bse reserve\b|aucune reserv|"
                         r"pas de reserv", sentence):
                continue
            if not re.search(r"\b(?:marche|consultation|accord-cadre|contrat)\b", sentence):
                continue
            found = _reservations_in(sentence)
            if found and "reserve" in sentence:
                return found, line
    return None


_CRITERIA_START = re.compile(
    r"criteres? (?:d'attribution|de jugement|de choix|d'analyse|de selection des offres|"
    r"suivants|ponderes|de notation)|jugement des offres|(?:analyse|classement) des offres|"
    r"offre economiquement la plus avantageuse"
)
_WEIGHT = r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|pour ?cent|points?|pts?|/\s*\d+)?"
_CRITERION_LINE = re.compile(
    r"^(?P<mark>(?:[-•*–o]|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-z][.)]|sous-critere\s*\d*\s*:?)\s*)?"
    r"(?:critere\s*(?:n°\s*)?\d*\s*[:\-–]?\s*)?"
    r"(?P<name>[a-zà-ÿœæ' ,/()-]{3,}?)\s*"
    r"(?:[:|\-–=]|\(|pondere (?:a|de)|note sur|sur)?\s*(?:ponderation\s*:?\s*)?"
    + _WEIGHT.replace("(\\d", "(?P<weight>\\d", 1).replace("(%|", "(?P<unit>%|", 1)
    + r"\s*\)?\s*(?:,?\s*dont\s*:?|:)?\s*\.?"
    # « Valeur technique : 50 % appréciée au regard du mémoire »: words may follow a unit.
    r"(?:(?<=%|s|t)\s*[,;]?\s+[a-zà-ÿœæ(][^%\d]{0,100}|\s*\|[^%|\d]*)?$"
)
_SENTENCE_CRITERION = re.compile(
    r"(?P<name>[a-zà-ÿœæ' /-]{3,80}?)\s*(?:\(|:|pour|a hauteur de|ponderee? a|=|"
    r"(?:est |sera )?(?:notee? |ponderee? |evaluee? )?sur)\s*"
    r"(?P<weight>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>%|points?|pts)\s*\)?"
)
_SECTION_HEADING = re.compile(r"^(?:article\s*)?\d{1,2}(?:\.\d{1,2})*\s*[-–.)]?\s+[a-z]")


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


_BULLET = 2  # provisional level of a criterion introduced by a bullet


@dataclass
class _Crit:
    name: str
    weight: Decimal
    level: int | None  # 0 top, 1 sub, None unknown
    subs: list[_Crit]
    unit: bool = False


_LOT_INTRO = re.compile(r"^(?:[-•*]\s*)?(?:pour (?:le |les )?|critere[s]? (?:du |pour le )?)?"
                        r"lots?\s*(?:n\s*°|n°|no)?\s*(\d{1,2})\b")


@dataclass
class _Block:
    lot: int | None
    criteria: list[dict[str, Any]]
    line: RcLine


def _criteria_blocks(lines: list[RcLine]) -> list[_Block]:
    """Every list of weighted criteria, with the lot it is for when the RC says so."""
    blocks: list[_Block] = []
    section = -1000
    index = 0
    while index < len(lines):
        line = lines[index]
        starts = bool(_CRITERIA_START.search(line.folded))
        if starts:
            section = index
        intro = _LOT_INTRO.match(line.folded)
        if starts or (intro and index - section < 60) or (index - section < 8 and (
                "|" in line.text or line.folded.startswith("critere"))):
            table = _lot_table_criteria(lines, index)
            if table:
                blocks.extend(table)
                index += 1
                continue
            found, first, end = _criteria_after(lines, index)
            if _valid(found, first):
                lot = int(intro[1]) if intro else None
                assert first is not None
                stop = next((k for k in range(index, min(end + 1, len(lines)))
                             if lines[k] is first), index)
                for between in lines[index + 1:stop]:
                    match = _LOT_INTRO.match(between.folded)
                    if lot is None and match:
                        lot = int(match[1])
                if lot is None:
                    for back in (line, *lines[max(0, index - 2):index][::-1]):
                        match = _LOT_INTRO.match(back.folded) or re.search(
                            r"\b(?:pour|du) (?:le )?lot\s*(?:n\s*°|n°)?\s*(\d{1,2})\b",
                            back.folded)
                        if match:
                            lot = int(match[1])
                            break
                assert first is not None
                blocks.append(_Block(lot, [_crit_json(c) for c in found], first))
                index = max(end, index + 1)
                continue
        index += 1
    return blocks


def _valid(found: list[_Crit], first: RcLine | None) -> bool:
    if not found or first is None or not (len(found) >= 2 or found[0].subs):
        return False
    if any(c.unit for c in found) or "|" in first.text:
        return True
    total = sum((c.weight for c in found), Decimal(0))
    # Bare numbers are weights only when they add up like weights (never page numbers).
    return total in (Decimal(1), Decimal(10), Decimal(20), Decimal(100))


def _lot_table_criteria(lines: list[RcLine], index: int) -> list[_Block]:
    """« Critère | Lot 1 | Lot 2 » then « Prix | 40 % | 60 % »: one list per lot."""
    header = lines[index]
    if "|" not in header.text:
        return _flat_lot_table_criteria(lines, index)
    cells = [c.strip() for c in header.folded.split("|")]
    lots = [int(m[1]) if (m := re.match(r"lot\s*(?:n°\s*)?(\d{1,2})", c)) else None
            for c in cells]
    if sum(n is not None for n in lots) < 2:
        return []
    per: dict[int, list[_Crit]] = {n: [] for n in lots if n is not None}
    for row in lines[index + 1:index + 15]:
        values = [c.strip() for c in row.text.split("|")]
        if len(values) != len(cells):
            break
        name = values[0].strip(" -•*")
        for column, lot in enumerate(lots):
            if lot is None:
                continue
            weight = re.match(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|points?|pts)?", values[column])
            if weight and name:
                per[lot].append(_Crit(name[:1].upper() + name[1:],
                                      _number(weight[1]) or Decimal(0), 0, [],
                                      bool(weight[2])))
    return [_Block(lot, [_crit_json(c) for c in _nest(crits)], header)
            for lot, crits in per.items() if len(crits) >= 2]


def _flat_lot_table_criteria(lines: list[RcLine], index: int) -> list[_Block]:
    """The same table flattened by a PDF: « Critère Lot 1 Lot 2 » / « Prix 60 % 50 % »."""
    header = lines[index]
    if not re.fullmatch(r"criteres?(?: d'attribution)?(?:\s+lot\s*(?:n°\s*)?\d{1,2}){2,}",
                        header.folded):
        return []
    lots = [int(n) for n in re.findall(r"lot\s*(?:n°\s*)?(\d{1,2})", header.folded)]
    per: dict[int, list[_Crit]] = {n: [] for n in lots}
    row = re.compile(r"^(.+?)" + r"\s+(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|points?|pts)?"
                     * len(lots) + r"$")
    for line in lines[index + 1:index + 15]:
        match = row.match(line.text)
        if not match:
            break
        name = match[1].strip(" -•*")
        for k, lot in enumerate(lots):
            per[lot].append(_Crit(name[:1].upper() + name[1:],
                                  _number(match[2 + 2 * k]) or Decimal(0), 0, [],
                                  bool(match[3 + 2 * k])))
    return [_Block(lot, [_crit_json(c) for c in _nest(crits)], header)
            for lot, crits in per.items() if len(crits) >= 2]


def _criteria(lines: list[RcLine]) -> tuple[list[dict[str, Any]], RcLine | None,
                                            dict[int, list[dict[str, Any]]]]:
    """The criteria of the whole consultation, and those of each lot when they differ."""
    blocks = _criteria_blocks(lines)
    if not blocks:
        return [], None, {}
    general = next((b for b in blocks if b.lot is None), None)
    per_lot: dict[int, list[dict[str, Any]]] = {}
    for block in blocks:
        if block.lot is not None:
            per_lot.setdefault(block.lot, block.criteria)
    if not per_lot:
        return blocks[0].criteria, blocks[0].line, {}
    distinct = {repr(c) for c in per_lot.values()}
    if len(distinct) == 1 and (general is None or repr(general.criteria) in distinct):
        block = general or next(b for b in blocks if b.lot is not None)
        return block.criteria, block.line, {}
    first = min((b for b in blocks if b.lot is not None), key=lambda b: lines.index(b.line)
                if b.line in lines else 0)
    if general is not None:
        return general.criteria, general.line, per_lot
    return [], first.line, per_lot


def _criteria_after(lines: list[RcLine], start: int,
                    ) -> tuple[list[_Crit], RcLine | None, int]:
    items: list[_Crit] = []
    first: RcLine | None = None
    pending_name: str | None = None
    misses = 0
    end = start
    for offset, line in enumerate(lines[start:start + 45]):
        folded = line.folded
        end = start + offset
        if offset > 0 and items and _SECTION_HEADING.match(folded) and not _crit_match(folded):
            break
        if offset > 0 and items and (_LOT_INTRO.match(folded) or _CRITERIA_START.search(folded)):
            break
        sentence = [] if offset > 0 and _crit_match(folded) else _sentence_criteria(folded)
        if len(sentence) >= 2:
            items.extend(_Crit(_tidy(line.text, s.start("name"), s.end("name")),
                               Decimal(0), None, []) for s in sentence)
            for crit, s in zip(items[-len(sentence):], sentence, strict=True):
                crit.weight = _number(s["weight"]) or Decimal(0)
                crit.unit = True
                crit.level = 1 if re.search(r"\bdont\b", folded[:s.end("name")]
                                            .split(",")[-1]) else None
            first = first or line
            misses = 0
            continue
        match = _crit_match(folded)
        if match:
            weight = _number(match["weight"])
            name = _tidy(line.text, match.start("name"), match.end("name"))
            if weight is not None and name:
                mark = (match["mark"] or "").strip()
                level = (1 if re.match(r"\d+\.\d+|[a-z][.)]|sous", mark)
                         else 0 if re.match(r"\d+[.)]?$", mark)
                         else _BULLET if re.match(r"[-•*–o]$", mark) else None)
                items.append(_Crit(name, weight, level, [], bool(match["unit"])))
                first = first or line
                misses = 0
                pending_name = None
                continue
        # A flattened table: the name on one line, the weight alone on the next.
        alone = re.fullmatch(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|points?|pts)?", folded)
        if alone and pending_name and (alone[2] or items):
            items.append(_Crit(pending_name, _number(alone[1]) or Decimal(0), None, [],
                               bool(alone[2])))
            first = first or line
            pending_name = None
            misses = 0
            continue
        if (re.fullmatch(r"[a-zà-ÿœæ' ,/()-]{3,80}", folded) and not re.search(
                r"criteres?|ponderation|sous-criteres?$|^pourcentage|^points$", folded)):
            pending_name = line.text.strip(" :-–•*")
        elif items:
            misses += 1
            if misses > 4:
                break
    else:
        end = start + 45
    return _nest(items), first, end


# « - 60 % : Valeur technique »: the weight first.
_CRITERION_WEIGHT_FIRST = re.compile(
    r"^(?P<mark>[-•*–]\s*)?(?P<weight>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>%|points?|pts)\s*"
    r"(?::|-|–|pour)?\s*(?:la |le |les |l')?(?P<name>[a-zà-ÿœæ' ,/()-]{3,80}?)\s*[.;]?$"
)
_SENTENCE_WEIGHT_FIRST = re.compile(
    r"(?P<weight>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>%|points?|pts)\s*(?:pour|au titre de|a)\s+"
    r"(?:la |le |les |l')?(?P<name>[a-zà-ÿœæ' /-]{3,80}?)(?=\s*(?:,|;|\bet\b|\.|$))"
)


def _crit_match(folded: str) -> re.Match[str] | None:
    match = _CRITERION_LINE.match(folded) or _CRITERION_WEIGHT_FIRST.match(folded)
    if match and not re.search(r"\b(?:jours?|mois|ans?|euros?|€|ht|ttc|lot|criteres?|jugement)\b"
                               r"|sont notes", match["name"]):
        return match
    return None


_WEIGHT_MARK = re.compile(r"\d{1,3}(?:[.,]\d{1,2})?\s*(?:%|points?|pts)")
# The name starts where a run of letters starts: a few places to try, not every character.
_SENTENCE_CRITERION_END = re.compile(r"(?<![a-zà-ÿœæ' /-])" + _SENTENCE_CRITERION.pattern
                                     + r"\s*$")


def _sentence_criteria(folded: str) -> list[re.Match[str]]:
    """Criteria named in a sentence: « prix (45 %), valeur technique (55 %) ».

    Each weight is found first, then its name just before it (or after it: « 60 % pour la
    valeur technique »): linear in the length of the line, however long the paragraph.
    """
    weights = list(_WEIGHT_MARK.finditer(folded))
    if not weights:
        return []
    found: list[re.Match[str]] = []
    last = 0
    for weight in weights:
        end = weight.end() + (1 if folded[weight.end():weight.end() + 1] == ")" else 0)
        match = _SENTENCE_CRITERION_END.search(folded, max(last, weight.start() - 120), end)
        if match and not re.search(r"\b(?:jours?|mois|euros?)\b", match["name"]):
            found.append(match)
            last = match.end()
    if len(found) < 2:
        found = []
        for weight in weights:
            match = _SENTENCE_WEIGHT_FIRST.match(folded, weight.start())
            if match and not re.search(r"\b(?:jours?|mois|euros?)\b", match["name"]):
                found.append(match)
    return found


_NAME_NOISE = re.compile(
    r"^(?:(?:et|dont|puis|le|la|les|du|de la|critere\s*(?:n°\s*)?\d*|sous-critere\s*\d*|"
    r"\d+(?:\.\d+)*[.)]?|[a-z][.)]|suivants?|:|,|-|–|•|\*)\s+)+",
    re.I,
)


def _tidy(text: str, start: int, end: int) -> str:
    name = text[start:end]
    for _ in range(3):
        name = _NAME_NOISE.sub("", name.strip(" ,:;-–•*("))
    name = re.sub(r"\s+", " ", name).strip(" ,:;-–•*(")
    return name[:1].upper() + name[1:]


def _nest(items: list[_Crit]) -> list[_Crit]:
    """Nest sub-criteria under their parent by marks, else by weights adding up.

    When marks say nothing, weights decide: an item that fits in what remains of the previous
    criterion's weight is its sub-criterion whenever the whole list sums to more than the
    criteria alone would (a sub-criterion repeats part of its parent's weight).
    """
    if not items:
        return []
    if items[0].level == 1:
        # « a) … b) … c) … » with no parent above: letters number the criteria themselves.
        for crit in items:
            if crit.level == 1:
                crit.level = 0
    # A bullet under numbered or plain criteria is a sub-criterion; a list of bullets alone
    # says nothing about levels.
    bullet_level = None if all(c.level in (_BULLET, None) for c in items) else 1
    for crit in items:
        if crit.level == _BULLET:
            crit.level = bullet_level
    total = sum((c.weight for c in items), Decimal(0))
    explicit = any(c.level == 1 for c in items)
    top: list[_Crit] = []
    for crit in items:
        parent = top[-1] if top else None
        remaining = (parent.weight - sum((s.weight for s in parent.subs), Decimal(0))
                     if parent else Decimal(0))
        fits = (crit.level is None and not explicit and remaining > 0
                and crit.weight <= remaining + Decimal("0.01") and total > _target(items))
        if parent and (crit.level == 1 or fits):
            parent.subs.append(crit)
        else:
            top.append(crit)
    top_total = sum((c.weight for c in top), Decimal(0))
    if top_total and abs(top_total - 1) < Decimal("0.011"):  # decimals: 0,6 + 0,4
        for crit in top:
            crit.weight *= 100
            for sub in crit.subs:
                sub.weight *= 100
    return top


def _target(items: list[_Crit]) -> Decimal:
    weights = [c.weight for c in items]
    if all(w <= 1 for w in weights):
        return Decimal(1)
    return Decimal(100) if max(weights) > 20 or sum(weights) >= 100 else Decimal(20)


def _crit_json(crit: _Crit) -> dict[str, Any]:
    return {
        "name": crit.name,
        "weight": _plain(crit.weight),
        "subcriteria": [{"name": s.name, "weight": _plain(s.weight)} for s in crit.subs],
    }


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


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
        value = {"date": _iso(hits[0].value) if hits else None, "mandatory": mandatory}
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


# --- entry point ----------------------------------------------------------------------------

#: Fields of the extraction, in the order of the tender JSON (evidence keys use these names).
FIELDS = (
    "buyer", "reference", "object", "procedure", "market_type", "deadline",
    "candidatures_deadline", "invitation_on", "questions_deadline", "timezone",
    "offer_validity_days",
    "reserved", "lots", "criteria", "site_visit", "meeting", "variants", "pse", "tranches",
    "groupement_form", "documents",
)


def _iso(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M") if value else None


def _not_allotted(lines: list[RcLine]) -> RcLine | None:
    for line in lines:
        if re.search(r"(?:n'est pas|ne fait pas l'objet d'un|pas d')\s*allot|"
                     r"(?:ne fait pas l'objet d'une|pas de) (?:decomposition|division) en lots|"
                     r"lot unique|\bun seul lot\b|non allotie?|n'est pas decompose en lots|"
                     r"\bpas\b[^.]{0,30}(?:decomposition|division) en lots|"
                     r"(?:sans|aucun) allotissement|pas alloti", line.folded):
            return line
    return None


def extract_rc(pages: list[str], source: str = "") -> dict[str, Any]:
    """The consultation described by an RC's pages (already normalised), with evidence.

    Returns the JSON of ``docs/formats.md``: every field present, ``None`` (or an empty list)
    when it was not stated, ``evidence[field] = {"page", "text", "confidence"}`` and
    ``confidence[field]`` for each field found, and ``missing``: the fields not stated.
    """
    text = _split(pages)
    lines = text.lines
    years = _years_of(lines)
    evidence: dict[str, dict[str, Any]] = {}
    confidence: dict[str, str] = {}
    result: dict[str, Any] = {"source": source}

    def keep(name: str, value: Any, line: RcLine | None, sure: str = "sure") -> Any:
        result[name] = value
        if value in (None, []) or line is None:
            return value
        hint = _HINTS.get(name)
        if hint is None and isinstance(value, str):
            hint = re.escape(_fold(value)[:24])
        evidence[name] = {**_evidence(line, hint), "confidence": sure}
        confidence[name] = sure
        return value

    def keep_found(name: str, found: tuple[Any, ...] | None) -> Any:
        if found is None:
            return keep(name, None, None)
        return keep(name, found[0], found[1], found[2] if len(found) > 2 else "sure")

    keep_found("buyer", _buyer(lines))
    keep_found("reference", _reference(lines))
    obj = keep_found("object", _object(lines))
    keep_found("procedure", _procedure(lines))
    keep_found("market_type", _market_type(lines, obj))
    deadlines = _deadlines(lines, years)
    offers = deadlines.get("offers")
    candidatures = deadlines.get("candidatures")
    keep("deadline", _iso(offers.value) if offers else None, offers.line if offers else None,
         offers.confidence if offers else "sure")
    keep("candidatures_deadline", _iso(candidatures.value) if candidatures else None,
         candidatures.line if candidatures else None,
         candidatures.confidence if candidatures else "sure")
    keep_found("invitation_on", _invitation(lines, years))
    questions = _questions_deadline(lines, offers.value if offers else None, years)
    if questions and offers and questions[0] > offers.value:
        questions = None
    keep("questions_deadline", _iso(questions[0]) if questions else None,
         questions[1] if questions else None, questions[2] if questions else "sure")
    keep_found("timezone", _timezone(lines))
    keep_found("offer_validity_days", _offer_validity(lines))
    reserved = _market_reservation(lines)
    keep("reserved", reserved[0] if reserved else [], reserved[1] if reserved else None)
    lots, lots_line = _lots(lines, text.toc)
    criteria, criteria_line, per_lot = _criteria(lines)
    for lot in lots:
        if offers and lot["number"] in offers.lots and offers.lots[lot["number"]] != offers.value:
            lot["deadline"] = _iso(offers.lots[lot["number"]])
        if lot["number"] in per_lot:
            lot["criteria"] = per_lot[lot["number"]]
    keep("lots", lots, lots_line, "sure" if lots_line in lines else "inferred")
    keep("criteria", criteria, criteria_line)
    if per_lot and not criteria and criteria_line is not None:
        evidence["criteria"] = {**_evidence(criteria_line), "confidence": "sure"}
    keep_found("site_visit", _site_visit(lines))
    keep_found("meeting", _meeting(lines, years))
    keep_found("variants", _variants(lines))
    keep_found("pse", _pse(lines))
    keep_found("tranches", _tranches(lines))
    keep_found("groupement_form", _groupement_form(lines))
    documents, documents_line = _documents(lines)
    keep("documents", documents, documents_line)
    stated_none = {"lots": _not_allotted(lines) is not None and not lots,
                   "criteria": bool(per_lot)}
    result["missing"] = [name for name in FIELDS
                         if result[name] in (None, []) and not stated_none.get(name)]
    result["evidence"] = evidence
    result["confidence"] = confidence
    return result
