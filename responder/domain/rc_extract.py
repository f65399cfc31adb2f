"""Rule-based extraction of a règlement de consultation (RC): deadlines, lots, criteria, pieces.

Pure functions on text already read from the PDF or DOCX (one string per page): no network,
no model. The result uses the field names and enumeration values of the tender JSON, with
``None`` where a field was not found, and an ``evidence`` entry per found field giving the
page and the line it came from, so the user can check every value before it is saved.

The rules aim at what French RCs have in common across house styles (buyer-platform
generators, departmental templates, short MAPA letters), not at any one document:
a table of contents (lines ending in dot leaders and a page number) is ignored, values are
looked for in the line naming them and, when a table was flattened cell by cell, in the next
lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "DOCUMENT_RULES",
    "RcLine",
    "extract_rc",
    "looks_like_rc",
    "normalize_text",
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
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "‒": "-"})


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
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)) or char


# One translation table for the Latin letters RCs use: far faster than decomposing each
# character of an 80-page document.
_FOLD_TABLE = {code: _base_letter(chr(code)) for code in range(0xC0, 0x250)}
_FOLD_TABLE.update({ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE"})


def _fold(text: str) -> str:
    """Lower case without accents, for matching (« Élément » → « element »)."""
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
}
_DAY_NAMES = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_DATE_WORDS = re.compile(
    r"(?:" + _DAY_NAMES + r"\s+)?(\d{1,2})\s*(?:er)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})"
)
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
# The time after a date: « à 12:00 », « à 11h30 », « à 14 h », « , 12 heures », « - 16h ».
_TIME = re.compile(
    r"^[\s,;|\-–(]*(?:a|avant|jusqu'a|au plus tard a|heure limite\s*:?)?\s*"
    r"(?:(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?|(midi))"
)


@dataclass(frozen=True)
class _DateHit:
    value: datetime
    start: int
    has_time: bool


def _dates_in(text: str) -> list[_DateHit]:
    """Every date (with its time when one follows) in ``text``, in reading order."""
    folded = _fold(text)
    hits: list[_DateHit] = []
    for match in _DATE_WORDS.finditer(folded):
        day, month, year = int(match[1]), _MONTHS[match[2]], int(match[3])
        hits.append(_build_hit(folded, match.start(), match.end(), year, month, day))
    for match in _DATE_NUMERIC.finditer(folded):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 2000
        hits.append(_build_hit(folded, match.start(), match.end(), year, month, day))
    valid = [h for h in hits if h.value.year > 1]
    return sorted(valid, key=lambda h: h.start)


def _build_hit(folded: str, start: int, end: int, year: int, month: int, day: int) -> _DateHit:
    hour, minute, has_time = 0, 0, False
    time = _TIME.match(folded[end:end + 40])
    if time:
        if time[3]:
            hour, minute, has_time = 12, 0, True
        elif time[1] is not None and int(time[1]) < 24:
            hour, minute, has_time = int(time[1]), int(time[2] or 0), True
    try:
        value = datetime(year, month, day, hour, minute)
    except ValueError:
        value = datetime(1, 1, 1)
    return _DateHit(value, start, has_time)


def parse_french_datetime(text: str) -> datetime | None:
    """The first date (and time) written in ``text``, or ``None``.

    Handles « Lundi 19 janvier 2026 à 12:00 », « 13/03/2026 à 11h30 », « le 12 mai 2026 à
    14 h », « avant le 2 avril 2026, 12 heures »; a date without a time is taken at 00:00.
    """
    hits = _dates_in(text)
    return hits[0].value if hits else None


# --- lines and evidence ---------------------------------------------------------------------


@dataclass(frozen=True)
class RcLine:
    """One line of the RC with the page it is on (1-based) and its folded form for matching."""

    page: int
    text: str
    folded: str


# « 2.1 - Délai de validité des offres ........ 4 » or « Objet\t3 »: a table-of-contents entry.
_TOC = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\s*$|…+\s*\d{1,3}\s*$|_{4,}\s*\d{1,3}\s*$")


def _lines(pages: list[str]) -> list[RcLine]:
    lines: list[RcLine] = []
    for number, page in enumerate(pages, start=1):
        for raw in page.split("\n"):
            text = raw.strip()
            if not text or _TOC.search(text):
                continue
            if re.fullmatch(r"(?:page\s*)?\d{1,3}(?:\s*(?:/|sur)\s*\d{1,3})?", _fold(text)):
                continue  # page numbers of headers and footers
            previous = lines[-1] if lines else None
            if (previous and previous.page == number and _is_wrapped(previous.text, text)):
                # A PDF wraps long sentences: join them so a value is read whole.
                text = f"{previous.text} {text}"
                lines.pop()
            lines.append(RcLine(number, text, _fold(text)))
    return lines


def _is_wrapped(previous: str, text: str) -> bool:
    return (len(previous) >= 60 and not previous.endswith((".", ";", ":", "!", "?"))
            and "|" not in previous and text[:1].islower())


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-ÝŒ«(\-])")


def _evidence(line: RcLine, hint: str | None = None) -> dict[str, Any]:
    """Page and text of ``line``; for a long paragraph, only the sentence matching ``hint``."""
    text = line.text
    if hint and len(text) > 160:
        for sentence in _SENTENCE_END.split(text):
            if re.search(hint, _fold(sentence)):
                text = sentence
                break
    text = text if len(text) <= 300 else text[:297] + "…"
    return {"page": line.page, "text": text}




_RC_MARKERS = (
    "reglement de (la )?consultation",
    "remise des (offres|plis)",
    "reception des (offres|plis)",
    "date limite",
    "criteres? d'attribution",
    "jugement des offres",
    "pouvoir adjudicateur",
    "acheteur",
    "candidat",
)


def looks_like_rc(pages: list[str]) -> bool:
    """True when the text reads like a consultation document (at least three RC markers)."""
    folded = _fold("\n".join(pages))
    return sum(1 for marker in _RC_MARKERS if re.search(marker, folded)) >= 3


# --- simple fields --------------------------------------------------------------------------

_LABEL_VALUE = r"\s*(?:\([^)]*\))?\s*[:|]\s*(.+)$"
_BUYER_LABELS = (
    r"(?:nom (?:et adresse )?(?:de l'|du )?)?(?:pouvoir adjudicateur|entite adjudicatrice|"
    r"acheteur public|acheteur|maitre d'ouvrage|organisme acheteur|collectivite)"
)
_BUYER_NAMES = re.compile(
    r"^(?:commune|ville|mairie|departement|conseil departemental|region|conseil regional|"
    r"communaute (?:de communes|d'agglomeration|urbaine)|metropole|centre hospitalier|"
    r"syndicat|office public|centre communal|etablissement public|chu|sivom|sivu|caisse|"
    r"universite|opac|oph) ",
)


def _label_value(lines: list[RcLine], labels: str) -> tuple[str, RcLine] | None:
    pattern = re.compile(r"^(?:[\d.]+\s*[-–.]?\s*)?" + labels + _LABEL_VALUE)
    # Generators often put the label alone on its line and the value on the next one.
    alone = re.compile(r"^(?:[\d.]+\s*[-–.]?\s*)?" + labels + r"\s*(?:\([^)]*\))?\s*:\s*$")
    for index, line in enumerate(lines):
        match = pattern.match(line.folded)
        if match:
            value = line.text[match.start(1):].strip(" .;")
            if value:
                return value[:1].upper() + value[1:], line
        elif alone.match(line.folded) and index + 1 < len(lines):
            following = lines[index + 1]
            value = following.text.strip(" .;")
            if value and not following.text.rstrip().endswith(":"):
                return value[:1].upper() + value[1:], following
    return None


def _buyer(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    found = _label_value(lines, _BUYER_LABELS)
    if found:
        return found
    for line in lines[:40]:
        if _BUYER_NAMES.match(line.folded) and len(line.text) < 120:
            return line.text.strip(" .;"), line
    return None


_REFERENCE = re.compile(
    r"(?:reference|ref\.|n° de (?:la )?consultation|numero de (?:la )?consultation|"
    r"marche n°|consultation n°|dossier n°)(?: de la consultation| du marche| interne)?"
    r"\s*(?:n°)?\s*:?\s*([a-z0-9][a-z0-9/_.-]*\d[a-z0-9/_.-]*)"
)


def _reference(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        match = _REFERENCE.search(line.folded)
        if match:
            return line.text[match.start(1):match.end(1)].strip(" .-"), line
    return None


_OBJECT_LABEL = r"(?:objet (?:de la consultation|du marche|de l'accord-cadre|du contrat)|objet)"
_OBJECT_SENTENCE = re.compile(
    r"(?:la presente consultation|le present marche|le present accord-cadre|la consultation|"
    r"le marche)\s+(?:a pour objet|porte sur|concerne)\s+(?:la |le |les |l')?"
)


def _object(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    found = _label_value(lines, _OBJECT_LABEL)
    if found and len(found[0]) > 8:
        return found
    for line in lines:
        match = _OBJECT_SENTENCE.search(line.folded)
        if match:
            rest = line.text[match.end():]
            value = re.split(r"\.(?:\s|$)", rest)[0].strip(" .;:")
            if len(value) > 8:
                return value[0].upper() + value[1:], line
    return None


_PROCEDURES = (
    ("concours", r"\bconcours\b(?! de)"),
    ("dialogue", r"dialogue competitif"),
    ("negociee", r"procedure (?:concurrentielle )?avec negociation|procedure negociee"),
    ("aor", r"appel d'offres? restreint"),
    ("aoo", r"appel d'offres? ouvert"),
    ("mapa", r"procedure adaptee|\bmapa\b|marche a procedure adaptee"),
)


def _procedure(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    best: tuple[int, str, RcLine] | None = None
    for index, line in enumerate(lines):
        for value, pattern in _PROCEDURES:
            if re.search(pattern, line.folded):
                # The line stating the procedure wins over a later mention.
                rank = index - (1000 if re.search(r"procedure|passee|selon|type", line.folded)
                                else 0)
                if best is None or rank < best[0]:
                    best = (rank, value, line)
                break
    return (best[1], best[2]) if best else None


_MARKET_TYPES = (
    ("travaux", r"\btravaux\b"),
    ("fournitures", r"\bfournitures?\b|\bacquisition\b|\bachat de\b|\blivraison de\b"),
    ("services", r"\bservices?\b|\bprestations?\b"),
)


def _market_type(lines: list[RcLine], obj: str | None) -> tuple[str, RcLine] | None:
    explicit = re.compile(
        r"(?:type de marche|nature du marche|nature des prestations|categorie)\s*:?\s*"
        r"(?:marche (?:public )?(?:de |d')?)?(travaux|fournitures?|services?)"
        r"|(?:marche|accord-cadre) (?:public )?(?:de |d')(travaux|fournitures?|services?)\b"
    )
    for line in lines:
        match = explicit.search(line.folded)
        if match:
            word = match[1] or match[2]
            return ("fournitures" if word.startswith("fourniture") else
                    "services" if word.startswith("service") else "travaux"), line
    if obj:
        folded = _fold(obj)
        line = next((ln for ln in lines if obj[:30] in ln.text), lines[0])
        for value, pattern in _MARKET_TYPES:
            if re.search(pattern, folded):
                return value, line
        # Services is the residual category: what is neither works nor supplies (L1111-4).
        return "services", line
    return None


# --- deadlines ------------------------------------------------------------------------------

_DEADLINE_WORDS = re.compile(
    r"date (?:et heure )?limites? (?:de )?(?:reception|remise|depot)"
    r"|(?:remise|reception|depot) des (?:offres|plis|candidatures)"
    r"|(?:offres|plis) (?:devront|doivent) (?:etre (?:remis|deposes|transmis)|parvenir)"
    r"|date limite\s*:"
)
_QUESTION_WORDS = re.compile(r"question|renseignements? (?:complementaires?|techniques)|"
                             r"demandes? de (?:precisions?|renseignements?)")
_RELATIVE = re.compile(
    r"(\d+|[a-z-]+(?:[\s-][a-z-]+)?)\s*(?:\((\d+)\)\s*)?jours?\s*(?:calendaires|francs|"
    r"ouvres|ouvrables)?\s*avant la date (?:limite|de remise|de reception)"
)


def _window(lines: list[RcLine], index: int, size: int = 3) -> list[RcLine]:
    return lines[index:index + size]


def _deadline(lines: list[RcLine]) -> tuple[datetime, RcLine] | None:
    for index, line in enumerate(lines):
        if not _DEADLINE_WORDS.search(line.folded) or _QUESTION_WORDS.search(line.folded):
            continue
        if _RELATIVE.search(line.folded):
            continue
        for candidate in _window(lines, index):
            hits = _dates_in(candidate.text)
            if hits:
                timed = [h for h in hits if h.has_time] or hits
                return timed[0].value, (line if candidate is line else candidate)
    return None


def _questions_deadline(
    lines: list[RcLine], deadline: datetime | None
) -> tuple[datetime, RcLine] | None:
    for index, line in enumerate(lines):
        if not _QUESTION_WORDS.search(line.folded):
            continue
        for candidate in _window(lines, index, 2):
            relative = _RELATIVE.search(candidate.folded)
            if relative and deadline is not None:
                days = (int(relative[2]) if relative[2]
                        else parse_french_number(relative[1].split()[-1])
                        or parse_french_number(relative[1]))
                if days:
                    return deadline - timedelta(days=days), candidate
            hits = _dates_in(candidate.text)
            if hits and (candidate is line or not _DEADLINE_WORDS.search(candidate.folded)):
                return hits[0].value, candidate
    return None


_VALIDITY = re.compile(r"validite|valables?|engage|maintenir (?:leur|son)")


def _offer_validity(lines: list[RcLine]) -> tuple[int, RcLine] | None:
    for index, line in enumerate(lines):
        if not _VALIDITY.search(line.folded) or "offre" not in line.folded:
            continue
        for candidate in _window(lines, index, 2):
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

# « L2113-13-1 » (people in prison) is its own reservation, never L2113-13 (SIAE).
_RESERVATION_ARTICLE = re.compile(r"l\.?\s*2113[-‑ ]?(12|13[-‑]1|13|15)(?![-‑]?\d)")
_RESERVATION_WORDS = (
    ("L2113-12", r"reserve(?:e|s|es)? (?:aux|a des) (?:etablissements? et services? d'aide|"
                 r"entreprises adaptees|esat|operateurs economiques qui emploient)"),
    ("L2113-13", r"reserve(?:e|s|es)? (?:aux|a des) (?:structures? d'insertion|siae|"
                 r"entreprises d'insertion|structures d'insertion par l'activite)"),
    ("L2113-15", r"reserve(?:e|s|es)? (?:aux|a des) entreprises de l'economie sociale"),
)


def _reservation_in(folded: str) -> str | None:
    match = _RESERVATION_ARTICLE.search(folded)
    if match and ("reserv" in folded or "article" in folded or "lot" in folded):
        return f"L2113-{match[1].replace('‑', '-')}"
    for value, pattern in _RESERVATION_WORDS:
        if re.search(pattern, folded):
            return value
    return None


_LOT_LINE = re.compile(
    r"^(?:[-•*]\s*)?lot\s*(?:n\s*°|n°|no|numero|n)?\s*(\d{1,2})\s*(?:[:|\-–—.)]\s*|\s+)(.+)$"
)
_LOT_SENTENCE = re.compile(
    r"lot\s*(?:n\s*°|n°|no)?\s*(\d{1,2})\s*(?:[:\-–—(]|\s)\s*"
    r"(.+?)(?=\s*(?:[;,)]|\.(?:\s|$)|\bet (?:le )?lot\b|$))"
)
_NOT_A_TITLE = re.compile(
    r"^(?:est |sont |sera |seront |ne |n'|fait |porte |a |pour |du |de la |comprend |"
    r"concerne |\(|les |le |la |l')"
)


def _clean_title(text: str) -> str:
    text = re.sub(r"\s*[|]\s*", " | ", text).split(" | ")[0]
    text = re.sub(r"\s*\((?:reserve|l\.?\s*2113)[^)]*\)\s*", " ", text, flags=re.I)
    text = re.split(r"\s+[-–—]\s+(?=r[ée]serv)", text, flags=re.I)[0]
    return text.strip(" .;:-–—")


def _lots(lines: list[RcLine]) -> tuple[list[dict[str, Any]], RcLine | None]:
    lots: dict[int, dict[str, Any]] = {}
    first: RcLine | None = None
    for index, line in enumerate(lines):
        folded = line.folded
        match = _LOT_LINE.match(folded)
        if match and not _NOT_A_TITLE.match(match[2]):
            number = int(match[1])
            title = _clean_title(line.text[match.start(2):])
            if title and number not in lots and len(title) < 150:
                lots[number] = {"number": number, "title": title,
                                "reserved": _reservation_in(folded)}
                first = first or line
            continue
        table = re.match(r"^(\d{1,2})\s*\|\s*(.+)$", line.text)
        if table and _in_lot_table(lines, index):
            number = int(table[1])
            title = _clean_title(table[2])
            if title and number not in lots:
                lots[number] = {"number": number, "title": title,
                                "reserved": _reservation_in(folded)}
                first = first or line
            continue
        if re.search(r"\blots?\b", folded) and ":" in folded and folded.count("lot") >= 3:
            for hit in _LOT_SENTENCE.finditer(folded):
                number = int(hit[1])
                title = _clean_title(line.text[hit.start(2):hit.end(2)])
                if title and number not in lots and not _NOT_A_TITLE.match(hit[2]):
                    lots[number] = {"number": number, "title": title[0].upper() + title[1:],
                                    "reserved": _reservation_in(hit[0])}
                    first = first or line
    if not lots:
        flat, flat_line = _flat_lot_table(lines)
        for lot in flat:
            lots[lot["number"]] = lot
        first = first or flat_line
    # Reservations stated apart: « Le lot n° 2 est réservé … (article L2113-13) ».
    for line in lines:
        match = re.search(r"\blot\s*(?:n\s*°|n°|no)?\s*(\d{1,2})\b", line.folded)
        if match and "reserv" in line.folded and int(match[1]) in lots:
            found = _reservation_in(line.folded)
            if found and not re.search(r"\bsauf\b|\bnon reserve", line.folded):
                lots[int(match[1])]["reserved"] = found
    return [lots[n] for n in sorted(lots)], first


def _flat_lot_table(lines: list[RcLine]) -> tuple[list[dict[str, Any]], RcLine | None]:
    """Lots of a table that a PDF flattened cell by cell: « 1 Tonte et … » / « parcs » / « — ».

    Rows are told apart by their numbers following each other (1, 2, 3 …), which also stops
    the table at the next numbered heading.
    """
    header = re.compile(r"^(?:n° (?:de )?)?lots?\s+(?:designation|intitule|libelle|objet)")
    for index, line in enumerate(lines):
        if "|" in line.folded or not header.match(line.folded):
            continue
        rows: list[dict[str, Any]] = []
        in_title = False
        for row_line in lines[index + 1:index + 60]:
            start = re.match(r"^(\d{1,2})\s+(\S.*)$", row_line.text)
            if start and int(start[1]) == len(rows) + 1:
                rows.append({"number": len(rows) + 1, "title": start[2].strip(),
                             "reserved": None, "_tail": ""})
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
            for row in rows:
                row["reserved"] = _reservation_in(row.pop("_tail"))
                row["title"] = _clean_title(row["title"])
            # Quote the first row, not the header: it is what the user recognises.
            return rows, lines[index + 1]
    return [], None


def _in_lot_table(lines: list[RcLine], index: int) -> bool:
    for back in lines[max(0, index - 12):index]:
        if re.match(r"^(?:n° (?:de )?)?lots?\b.*\|", back.folded):
            return True
    return False


def _market_reservation(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        if "reserv" not in line.folded and not _RESERVATION_ARTICLE.search(line.folded):
            continue
        if re.search(r"\blots?\b", line.folded) and not re.search(
            r"(?:ensemble des|tous les) lots|(?:marche|consultation|accord-cadre) (?:est )?"
            r"(?:entierement |integralement )?reserve", line.folded
        ):
            continue
        if re.search(r"\bn'est pas reserve|\bnon reserve|\bse reserve\b", line.folded):
            continue
        if not re.search(r"\b(?:marche|consultation|accord-cadre|contrat)\b", line.folded):
            continue
        found = _reservation_in(line.folded)
        if found and re.search(r"reserve", line.folded):
            return found, line
    return None


# --- criteria -------------------------------------------------------------------------------

_CRITERIA_START = re.compile(
    r"criteres? (?:d'attribution|de jugement|de choix|d'analyse|de selection des offres|"
    r"suivants|ponderes|de notation)|jugement des offres|(?:analyse|classement) des offres|"
    r"offre economiquement la plus avantageuse"
)
_WEIGHT = r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|pour ?cent|points?|pts?|/\s*\d+)?"
_CRITERION_LINE = re.compile(
    r"^(?P<mark>(?:[-•*–o]|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-z][.)]|sous-critere\s*\d*\s*:?)\s*)?"
    r"(?:critere\s*(?:n°\s*)?\d*\s*[:\-–]?\s*)?"
    r"(?P<name>[a-zà-ÿ' ,/()-]{3,}?)\s*"
    r"(?:[:|\-–=]|\(|pondere (?:a|de)|note sur|sur)?\s*(?:ponderation\s*:?\s*)?"
    + _WEIGHT.replace("(\\d", "(?P<weight>\\d", 1).replace("(%|", "(?P<unit>%|", 1)
    + r"\s*\)?\s*\.?$"
)
_SENTENCE_CRITERION = re.compile(
    r"(?P<name>[a-zà-ÿ' /-]{3,}?)\s*(?:\(|:|pour|a hauteur de|ponderee? a|=|"
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


def _criteria(lines: list[RcLine]) -> tuple[list[dict[str, Any]], RcLine | None]:
    for index, line in enumerate(lines):
        if not _CRITERIA_START.search(line.folded):
            continue
        found, first = _criteria_after(lines, index)
        if len(found) >= 2 or (found and found[0].subs):
            return [_crit_json(c) for c in found], first
    return [], None


def _criteria_after(lines: list[RcLine], start: int) -> tuple[list[_Crit], RcLine | None]:
    items: list[_Crit] = []
    first: RcLine | None = None
    pending_name: str | None = None
    misses = 0
    for offset, line in enumerate(lines[start:start + 45]):
        folded = line.folded
        if offset > 0 and items and _SECTION_HEADING.match(folded) and not _crit_match(folded):
            break
        sentence = [] if offset > 0 and _crit_match(folded) else _sentence_criteria(folded)
        if len(sentence) >= 2:
            items.extend(_Crit(_tidy(line.text, s.start("name"), s.end("name")),
                               Decimal(0), None, []) for s in sentence)
            for crit, s in zip(items[-len(sentence):], sentence, strict=True):
                crit.weight = _number(s["weight"]) or Decimal(0)
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
                items.append(_Crit(name, weight, level, []))
                first = first or line
                misses = 0
                pending_name = None
                continue
        # A flattened table: the name on one line, the weight alone on the next.
        alone = re.fullmatch(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|points?|pts)?", folded)
        if alone and pending_name and (alone[2] or items):
            items.append(_Crit(pending_name, _number(alone[1]) or Decimal(0), None, []))
            first = first or line
            pending_name = None
            misses = 0
            continue
        if (re.fullmatch(r"[a-zà-ÿ' ,/()-]{3,80}", folded) and not re.search(
                r"criteres?|ponderation|sous-criteres?$|^pourcentage|^points$", folded)):
            pending_name = line.text.strip(" :-–•*")
        elif items:
            misses += 1
            if misses > 4:
                break
    return _nest(items), first


def _crit_match(folded: str) -> re.Match[str] | None:
    match = _CRITERION_LINE.match(folded)
    if match and not re.search(r"\b(?:jours?|mois|ans?|euros?|€|ht|ttc|lot)\b", match["name"]):
        return match
    return None


def _sentence_criteria(folded: str) -> list[re.Match[str]]:
    return [m for m in _SENTENCE_CRITERION.finditer(folded)
            if not re.search(r"\b(?:jours?|mois|euros?)\b", m["name"])]


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


# --- visit, variants, groupement ------------------------------------------------------------


def _site_visit(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        folded = line.folded
        if not re.search(r"\bvisites?\b", folded) or re.search(
                r"(?:attestation|certificat) de visite", folded) and "obligatoire" not in folded:
            continue
        if re.search(r"facultati|conseill|recommand|libre|n'est pas obligatoire|non obligatoire|"
                     r"pas obligatoire|possible|peuvent visiter|pourront", folded):
            return "facultative", line
        if re.search(r"obligatoire|imperati|exigee|sous peine", folded):
            return "obligatoire", line
    return None


def _variants(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        folded = line.folded
        if "variante" not in folded:
            continue
        if re.search(r"(?:ne sont|n'est) pas (?:autorisee|admise|acceptee)|interdite|"
                     r"\bnon (?:autorisee|admise|acceptee)|"
                     r"aucune variante|pas de variante|variantes? non (?:autorisee|admise)|"
                     r"ne (?:sont|seront) pas (?:autorisee|admise|acceptee)|"
                     r"n'(?:autorise|admet|accepte) pas|refusee", folded):
            return "interdites", line
        if re.search(r"exigee|obligatoire|imposee|devra (?:presenter|proposer) une variante",
                     folded):
            return "exigees", line
        if re.search(r"autorisee|admise|acceptee|peuvent (?:presenter|proposer)|"
                     r"pourront|libres?|possibilite", folded):
            return "autorisees", line
    return None


def _groupement_form(lines: list[RcLine]) -> tuple[str, RcLine] | None:
    for line in lines:
        folded = line.folded
        if "groupement" not in folded:
            continue
        if re.search(r"aucune forme|pas de forme|n'impose pas|ne (?:sera|soit) (?:pas )?impose|"
                     r"forme (?:du groupement )?(?:est )?libre|conjoint ou solidaire|"
                     r"solidaire ou conjoint|indifferemment", folded):
            return "libre", line
        # « le mandataire ne sera pas solidaire » says conjoint, not solidaire.
        stated = re.sub(r"(?:ne sera|n'est|ne doit|ne devra) pas (?:etre )?solidaire|"
                        r"sans solidarite", "", folded)
        if not re.search(r"impos|exig|devra|doit|sera|prendre la forme|forme|requis", stated):
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
    ("pouvoir_signataire", r"pouvoirs? (?:du|de la personne|des personnes)|habilitation|"
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
    ("references", r"\breferences\b(?! (?:de la consultation|du marche|interne))"),
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
    r"\b(?:joindre|fournir|produire|remettre)\b"
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
    "questions_deadline": r"question|renseignement",
    "offer_validity_days": r"jours|mois",
    "reserved": r"reserv|2113",
    "site_visit": r"visite",
    "variants": r"variante",
    "groupement_form": r"groupement",
    "market_type": r"travaux|fourniture|service|prestation|acquisition|achat",
    "procedure": "|".join(pattern for _, pattern in _PROCEDURES) + "|procedure",
}


# --- entry point ----------------------------------------------------------------------------

#: Fields of the extraction, in the order of the tender JSON (evidence keys use these names).
FIELDS = (
    "buyer", "reference", "object", "procedure", "market_type", "deadline",
    "questions_deadline", "offer_validity_days", "reserved", "lots", "criteria", "site_visit",
    "variants", "groupement_form", "documents",
)


def _iso(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M") if value else None


def extract_rc(pages: list[str], source: str = "") -> dict[str, Any]:
    """The consultation described by an RC's pages (already normalised), with evidence.

    Returns the issue's JSON structure: every field present, ``None`` (or an empty list) when
    it was not found, and ``evidence[field] = {"page", "text"}`` for each field found.
    """
    lines = _lines(pages)
    evidence: dict[str, dict[str, Any]] = {}
    result: dict[str, Any] = {"source": source}

    def keep(name: str, found: tuple[Any, RcLine] | None) -> Any:
        if found is None:
            result[name] = None
            return None
        result[name] = found[0]
        hint = _HINTS.get(name)
        if hint is None and isinstance(found[0], str):
            hint = re.escape(_fold(found[0])[:24])
        evidence[name] = _evidence(found[1], hint)
        return found[0]

    keep("buyer", _buyer(lines))
    keep("reference", _reference(lines))
    obj = keep("object", _object(lines))
    keep("procedure", _procedure(lines))
    keep("market_type", _market_type(lines, obj))
    deadline_found = _deadline(lines)
    deadline = deadline_found[0] if deadline_found else None
    questions = _questions_deadline(lines, deadline)
    if questions and deadline and questions[0] > deadline:
        questions = None
    keep("deadline", (_iso(deadline), deadline_found[1]) if deadline_found else None)
    keep("questions_deadline", (_iso(questions[0]), questions[1]) if questions else None)
    keep("offer_validity_days", _offer_validity(lines))
    keep("reserved", _market_reservation(lines))
    lots, lots_line = _lots(lines)
    result["lots"] = lots
    if lots_line:
        evidence["lots"] = _evidence(lots_line)
    criteria, criteria_line = _criteria(lines)
    result["criteria"] = criteria
    if criteria_line:
        evidence["criteria"] = _evidence(criteria_line)
    keep("site_visit", _site_visit(lines))
    keep("variants", _variants(lines))
    keep("groupement_form", _groupement_form(lines))
    documents, documents_line = _documents(lines)
    result["documents"] = documents
    if documents_line:
        evidence["documents"] = _evidence(documents_line)
    result["evidence"] = evidence
    return result
