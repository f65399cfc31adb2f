"""French text helpers for search: accent, case and ligature folding, word splitting.

The same folding is applied when indexing and when querying, so « Cœur », « coeur » and
« COEUR » are one word, and « débroussaillement » matches « debroussaillement ». SQLite's
``unicode61 remove_diacritics 2`` tokenizer strips accents but keeps « œ » and « æ » as
letters of their own, hence the explicit ligature table.
"""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ﬁ": "fi",
        "ﬂ": "fl",
    }
)
#: A word: letters and digits only (``_``, apostrophes, hyphens and spaces separate words).
_WORD = re.compile(r"[^\W_]+")


def fold_ligatures(text: str) -> str:
    """``text`` with « œ », « æ » (and a few others) written out: « cœur » → « coeur »."""
    return text.translate(_LIGATURES)


def fold(text: str) -> str:
    """Lower-case ``text`` without accents or ligatures: « Cœur Épée » → « coeur epee »."""
    decomposed = unicodedata.normalize("NFKD", fold_ligatures(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, split on anything that is not a letter or a digit.

    « Espaces-verts d'insertion » → ``["espaces", "verts", "d", "insertion"]``; a query made
    only of punctuation (« * », « " ») gives no word at all.
    """
    return _WORD.findall(fold(text))


def normalized(text: str) -> str:
    """The folded words of ``text`` joined by single spaces (what the search index stores)."""
    return " ".join(words(text))


#: Words too common in French tender titles to tell two contracts apart.
_STOP_WORDS_TEXT = """
    a au aux avec ce ces dans de des du en et la le les leur leurs l d un une par pour
    sur sous ou son sa ses qu que qui se s n ne pas plus y lot lots marche marches
    prestation prestations service services travaux fourniture fournitures accord cadre
    mise relatif relative relatifs relatives entre chez tout tous toute toutes ete etre
    objet concernant ainsi dont afin cas notamment compris divers diverses
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def significant_words(text: str) -> list[str]:
    """Folded words of ``text`` without stop words or one-letter words, in order, once each."""
    seen: dict[str, None] = {}
    for word in words(text):
        if len(word) > 2 and word not in STOP_WORDS and not word.isdigit():
            seen.setdefault(word, None)
    return list(seen)
