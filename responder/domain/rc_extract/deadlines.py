"""The deadlines of an RC: offers, candidatures, questions, invitation, offers' validity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ...fr import iso_date
from .dates import _TIME_ALONE, _DateHit, _dates_in
from .lines import _sentences
from .text import _WORDS_NUMBER, RcLine, _fold, parse_french_number

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
    from ..deadlines import WorkingCalendar

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
            return iso_date(hit.value), line, "inferred" if hit.inferred else "sure"
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
