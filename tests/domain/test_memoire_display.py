"""What the mémoire editor shows of a section: words, weight, budget (no Qt)."""

from __future__ import annotations

from decimal import Decimal

from responder.domain.memoire import Memoire, MemoireSection
from responder.domain.memoire_display import (
    budget_tip,
    confidential_question,
    section_info,
    weight_text,
    words_of,
)


def _memoire() -> Memoire:
    return Memoire(tender_id=1, words_per_page=500, sections=[
        MemoireSection(key="c1", title="Valeur technique", level=1, weight=Decimal(60),
                       page_budget=Decimal(15), text="Un deux"),
        MemoireSection(key="c1.1", title="Moyens", level=2, weight=Decimal("7.5"),
                       page_budget=Decimal("7.5"), text="trois quatre cinq"),
        MemoireSection(key="c2", title="Prix", level=1, text="six"),
    ])


def test_a_criterion_counts_the_words_of_its_sub_criteria() -> None:
    memoire = _memoire()
    assert words_of(memoire, "c1") == 5
    assert words_of(memoire, "c1.1") == 3
    assert words_of(memoire, "c2") == 1


def test_weights_read_in_the_tender_unit() -> None:
    sections = _memoire().sections
    assert weight_text(sections[1], True) == "7,5\u00a0%"
    assert weight_text(sections[1], False) == "7,5\u00a0pts"
    assert weight_text(sections[1], False, long_unit=True) == "7,5\u00a0points"
    assert weight_text(sections[2], True) == ""


def test_the_budget_is_given_in_pages_and_words() -> None:
    memoire = _memoire()
    assert budget_tip(memoire.sections[1], 500) == "Budget : environ 3750 mots (500 mots par page)"
    assert budget_tip(memoire.sections[2], 500) == "Pas de limite de pages dans le RC"
    assert section_info(memoire, memoire.sections[1], True) == (
        "Pondération : 7,5\u00a0% · budget : 7,5 page(s), environ 3750 mots · 3 mots écrits")
    assert section_info(memoire, memoire.sections[2], True) == "1 mots écrits"


def test_the_confidential_question_keeps_the_list_and_drops_the_advice() -> None:
    refusal = ("Le mémoire cite 1 référence(s) confidentielle(s) :\n- « Parc » (Ville)\n"
               "Retirez-les de leur partie, ou confirmez …")
    assert confidential_question(refusal) == (
        "Le mémoire cite 1 référence(s) confidentielle(s) :\n- « Parc » (Ville)\n\n"
        "Ces références peuvent-elles figurer dans ce mémoire ?")
