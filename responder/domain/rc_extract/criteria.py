"""The award criteria of an RC and their weights, nested and per lot."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .text import _SECTION_HEADING, RcLine

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
