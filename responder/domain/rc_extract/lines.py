"""The pages cut into lines: the sommaire set apart (never content), wrapped lines joined back,
the evidence sentence of a found value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .dates import _MONTH_NAMES
from .text import _SECTION_HEADING, RcLine, _fold

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
        # A line that ends with a space was wrapped by the layout (a table cell, a title):
        # the generator kept the space it broke at. Stripped below, so remembered here.
        kept = [t for t in page.split("\n") if t.strip() and not _PAGE_NUMBER.fullmatch(
            _fold(t.strip()))]
        soft = [t.endswith(" ") for t in kept]
        raw = [t.strip() for t in kept]
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
            softly = index > 0 and soft[index - 1] and previous is not None and (
                previous.text.endswith(raw[index - 1]) and _is_tail(previous, text, folded))
            if previous and previous.page == number and (
                    softly or _is_wrapped(previous, text, folded)):
                # A PDF wraps long sentences: join them so a value is read whole.
                text = f"{previous.text} {text}"
                folded = f"{previous.folded} {folded}"
                lines.pop()
            lines.append(RcLine(number, text, folded))
    return out


_LABEL_START = re.compile(r"(?:article|lot|objet|reference|date|heure|procedure|type|"
                          r"duree|montant|adresse|acheteur|pouvoir|contact)\b")


def _is_tail(previous: RcLine, text: str, folded: str) -> bool:
    """The last words of a wrapped cell or title (« Est » / « Ensemble »): a short line
    after one the layout broke at a space, that is neither a label nor a heading."""
    if "|" in previous.text or "|" in text or ":" in text:
        return False
    if previous.text.endswith((".", ";", ":", "!", "?")):
        return False
    return (len(text.split()) <= 3 and not _SECTION_HEADING.match(folded)
            and not _LABEL_START.match(folded))


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
