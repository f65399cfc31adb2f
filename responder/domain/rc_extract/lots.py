"""Lots and reservations (articles L2113-12 to L2113-15) of an RC."""

from __future__ import annotations

import re
from typing import Any

from .dates import _DAY_NAMES
from .lines import _sentences
from .text import RcLine, _fold

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


def _lot_reservations(lines: list[RcLine], lots: dict[int, dict[str, Any]]) -> None:
    """Reservations stated apart: « Le lot n° 2 est réservé … (article L2113-13) »."""
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
    _lot_reservations(lines, lots)
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
