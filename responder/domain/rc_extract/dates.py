"""French dates and hours as RCs write them (« lundi 19 janvier 2026 à 12 h »), with the year
completed from the weekday or the document's other dates."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from .text import RcLine, _fold

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

