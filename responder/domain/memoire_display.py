"""What the mémoire editor shows of a section: words written, weight, page budget (no Qt).

The outline counts a criterion's words with its sub-criteria; the weights read « 30 % » or
« 30 pts » by the tender's unit; the budget is given in pages and in words.
"""

from __future__ import annotations

from .. import fr
from .memoire import Memoire, MemoireSection

CONFIRM_CONFIDENTIAL = "\n\nCes références peuvent-elles figurer dans ce mémoire ?"


def words_of(memoire: Memoire, key: str) -> int:
    """Words of section ``key``; a criterion heading (level 1) counts its sub-criteria too."""
    sections = memoire.sections
    index = next(i for i, s in enumerate(sections) if s.key == key)
    total = sections[index].word_count()
    if sections[index].level == 1:
        for sub in sections[index + 1:]:
            if sub.level == 1:
                break
            total += sub.word_count()
    return total


def weight_text(section: MemoireSection, percent: bool, *, long_unit: bool = False) -> str:
    """« 30 % », or in points « 30 pts » (« 30 points » with ``long_unit``); "" without."""
    if section.weight is None:
        return ""
    unit = "%" if percent else ("points" if long_unit else "pts")
    return f"{fr.decimal_plain(section.weight)}{fr.NBSP}{unit}"


def budget_tip(section: MemoireSection, words_per_page: int) -> str:
    """The page budget in words, for the outline's tooltip."""
    budget = section.budget_words(words_per_page)
    if not budget:
        return "Pas de limite de pages dans le RC"
    return f"Budget : environ {budget} mots ({words_per_page} mots par page)"


def section_info(memoire: Memoire, section: MemoireSection, percent: bool) -> str:
    """« Pondération : 30 % · budget : 7,5 page(s), environ 3750 mots · 12 mots écrits »."""
    parts = []
    if section.weight is not None:
        parts.append(f"Pondération : {weight_text(section, percent, long_unit=True)}")
    budget = section.budget_words(memoire.words_per_page)
    if budget:
        parts.append(f"budget : {fr.decimal_plain(section.page_budget)} page(s), "
                     f"environ {budget} mots")
    parts.append(f"{section.word_count()} mots écrits")
    return " · ".join(parts)


def confidential_question(refusal: str) -> str:
    """The question asked before a mémoire citing confidential references is written, from
    the refusal's message (its list of references, without the advice that follows)."""
    return refusal.split("\nRetirez")[0] + CONFIRM_CONFIDENTIAL
