"""The text of an RC made comparable: spaces, quotes and accents folded, numbers in words, lines."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
    # One trailing space is kept: a PDF line that ends with one was broken there by the
    # layout (a table cell or a title too narrow), which ``lines._split`` uses to join a
    # short tail back (« … territorial Est » / « Ensemble »).
    lines = [_trimmed(line) for line in text.split("\n")]
    return "\n".join(lines)


def _trimmed(line: str) -> str:
    trimmed = re.sub(r" {2,}", " ", line).strip()
    return trimmed + " " if trimmed and line[-1:].isspace() else trimmed


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


# --- lines and evidence ---------------------------------------------------------------------


@dataclass(frozen=True)
class RcLine:
    """One line of the RC with the page it is on (1-based) and its folded form for matching."""

    page: int
    text: str
    folded: str


_SECTION_HEADING = re.compile(r"^(?:article\s*)?\d{1,2}(?:\.\d{1,2})*\s*[-–.)]?\s+[a-z]")
