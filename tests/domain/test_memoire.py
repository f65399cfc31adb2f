"""The mémoire outline follows the criteria; the points d'attention catch what analysts mark."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from responder.domain.library import Reference
from responder.domain.memoire import (
    STANDARD_SECTIONS,
    AttentionCode,
    InsertedBlock,
    Memoire,
    build_outline,
    check_memoire,
    criteria_are_vague,
)
from responder.domain.tender import Tender
from tests.helpers import tender_data

TODAY = date(2026, 11, 29)


def _tender(**overrides: object) -> Tender:
    return Tender.model_validate(tender_data(**overrides))


def test_outline_follows_rc_order_without_price_and_shares_the_page_limit() -> None:
    tender = _tender(
        page_limit=20,
        criteria=[
            {"name": "Prix des prestations", "weight": 40},
            {"name": "Valeur technique", "weight": 45, "sub_criteria": [
                {"name": "Organisation", "weight": 20},
                {"name": "Moyens humains", "weight": 25},
            ]},
            {"name": "Performance en matière d'insertion", "weight": 15},
        ],
    )
    sections = build_outline(tender)
    assert [(s.key, s.level, s.title) for s in sections] == [
        ("c1", 1, "Valeur technique"),
        ("c1.1", 2, "Organisation"),
        ("c1.2", 2, "Moyens humains"),
        ("c2", 1, "Performance en matière d'insertion"),
    ]
    # 20 pages shared among the 60 non-price points: 45 → 15 pages, 20 → 6.7, 15 → 5.
    assert [s.page_budget for s in sections] == [
        Decimal("15.0"), Decimal("6.7"), Decimal("8.3"), Decimal("5.0")
    ]
    assert [s.weight for s in sections] == [45, 20, 25, 15]


def test_vague_criteria_offer_the_standard_ess_sections() -> None:
    tender = _tender(page_limit=10, criteria=[
        {"name": "Valeur technique", "weight": 60}, {"name": "Prix", "weight": 40},
    ])
    assert criteria_are_vague(tender.criteria)
    sections = build_outline(tender)
    assert sections[0].title == "Valeur technique" and sections[0].level == 1
    assert [s.title for s in sections[1:]] == [s.title for s in STANDARD_SECTIONS]
    assert all(s.level == 2 for s in sections[1:])
    assert any(s.experience for s in sections)  # « Références » expects references
    no_criteria = build_outline(_tender(criteria=[]))
    assert len(no_criteria) == len(STANDARD_SECTIONS) and no_criteria[0].level == 1


def _memoire(tender: Tender) -> Memoire:
    return Memoire(tender_id=1, sections=build_outline(tender))


def test_empty_and_short_weighted_sections_are_reported_with_words_per_page() -> None:
    tender = _tender(page_limit=10)
    memoire = _memoire(tender)
    memoire.section("c1.1").text = "Notre méthode pour Nîmes Métropole. " * 5  # type: ignore[union-attr]
    codes = {(a.code, a.section_key) for a in check_memoire(memoire, tender, {}, TODAY)}
    assert (AttentionCode.SHORT, "c1.1") in codes
    assert (AttentionCode.EMPTY, "c1.2") in codes
    assert (AttentionCode.EMPTY, "c1") not in codes  # a heading with sub-sections
    short = next(a for a in check_memoire(memoire, tender, {}, TODAY)
                 if a.code == AttentionCode.SHORT)
    assert "450 mots par page" in short.message_fr
    empty = next(a for a in check_memoire(memoire, tender, {}, TODAY)
                 if a.code == AttentionCode.EMPTY)
    assert "2328772" in empty.why_fr and "20\u00a0%" in empty.message_fr


def test_over_the_page_limit() -> None:
    tender = _tender(page_limit=1)
    memoire = _memoire(tender)
    memoire.section("c1.1").text = "mot " * 600  # type: ignore[union-attr]
    over = [a for a in check_memoire(memoire, tender, {}, TODAY)
            if a.code == AttentionCode.OVER_LIMIT]
    assert len(over) == 1 and "600 mots" in over[0].message_fr and "450" in over[0].message_fr


def test_generic_block_unchanged_and_not_naming_the_buyer() -> None:
    tender = _tender()
    memoire = _memoire(tender)
    section = memoire.section("c1.1")
    assert section is not None
    generic = "Notre équipe intervient avec soin et rigueur sur tous les chantiers."
    section.blocks = [InsertedBlock(block_id=3, title="Méthode", original=generic, body=generic)]
    found = check_memoire(memoire, tender, {}, TODAY)
    assert [a.section_key for a in found if a.code == AttentionCode.GENERIC_BLOCK] == ["c1.1"]
    # Naming the buyer (distinctive word « Nîmes ») or editing the copy clears it.
    named = generic + " Pour Nîmes Métropole, nous adaptons le planning."
    section.blocks = [InsertedBlock(block_id=3, title="Méthode", original=named, body=named)]
    assert not [a for a in check_memoire(memoire, tender, {}, TODAY)
                if a.code == AttentionCode.GENERIC_BLOCK]
    section.blocks = [InsertedBlock(block_id=3, title="Méthode", original=generic,
                                    body=generic + " Adapté.")]
    assert not [a for a in check_memoire(memoire, tender, {}, TODAY)
                if a.code == AttentionCode.GENERIC_BLOCK]


def test_same_sentence_in_two_sections() -> None:
    tender = _tender()
    memoire = _memoire(tender)
    sentence = "Nos encadrants techniques accompagnent chaque salarié tout au long du chantier."
    memoire.section("c1.1").text = sentence  # type: ignore[union-attr]
    memoire.section("c1.3").text = "Autre chose. " + sentence  # type: ignore[union-attr]
    dup = [a for a in check_memoire(memoire, tender, {}, TODAY)
           if a.code == AttentionCode.DUPLICATE]
    assert [a.section_key for a in dup] == ["c1.3"]
    assert "Méthodologie" in dup[0].message_fr


def test_experience_criterion_needs_a_recent_reference() -> None:
    tender = _tender(criteria=[
        {"name": "Expérience et références similaires", "weight": 30},
        {"name": "Valeur technique", "weight": 30},
        {"name": "Prix", "weight": 40},
    ])
    memoire = _memoire(tender)
    assert memoire.sections[0].experience and not memoire.sections[1].experience
    codes = [a.code for a in check_memoire(memoire, tender, {}, TODAY)]
    assert AttentionCode.NO_REFERENCE in codes
    old = Reference(id=5, title="Tonte 2019", end=date(2020, 6, 30))
    recent = Reference(id=6, title="Tonte 2025", end=date(2025, 6, 30))
    memoire.sections[0].reference_ids = [5, 6, 99]
    found = check_memoire(memoire, tender, {5: old, 6: recent}, TODAY)
    codes = [a.code for a in found]
    assert AttentionCode.NO_REFERENCE not in codes
    assert [a.message_fr for a in found if a.code == AttentionCode.OLD_REFERENCE] == [
        "La référence « Tonte 2019 » (2020) a plus de 5 ans : préférez une référence récente."
    ]
    assert AttentionCode.MISSING_REFERENCE in codes


def test_model_refuses_bad_data_in_french() -> None:
    with pytest.raises(ValidationError) as err:
        Memoire.model_validate({"tender_id": 1, "sections": [
            {"key": "a", "title": "A", "structure_fields": ["pointure"]}]})
    assert "Champ de la structure inconnu" in str(err.value)
    with pytest.raises(ValidationError) as err:
        Memoire.model_validate({"tender_id": 1, "sections": [
            {"key": "a", "title": "A"}, {"key": "a", "title": "B"}]})
    assert "même clé" in str(err.value)


def test_edited_criteria_keep_what_was_written() -> None:
    from responder.domain.memoire import SectionSource, merge_outline, outline_outdated

    tender = _tender(criteria=[
        {"name": "Méthodologie", "weight": 30},
        {"name": "Moyens humains", "weight": 20},
        {"name": "Références", "weight": 10},
        {"name": "Prix", "weight": 40},
    ])
    memoire = _memoire(tender)
    for section, text in zip(memoire.sections, ["méthode", "équipe", "contrats"], strict=True):
        section.text = text
    assert not outline_outdated(memoire, tender)
    # « Méthodologie » removed, « Moyens humains » renamed in place (now first), a new one.
    edited = _tender(criteria=[
        {"name": "Moyens humains et matériels", "weight": 30},
        {"name": "Références", "weight": 20},
        {"name": "Environnement", "weight": 10},
        {"name": "Prix", "weight": 40},
    ])
    assert outline_outdated(memoire, edited)
    merged = merge_outline(memoire.sections, build_outline(edited))
    assert [(s.title, s.text) for s in merged] == [
        ("Moyens humains et matériels", "méthode"),  # same place (c1), new name
        ("Références", "contrats"),  # followed its title from c3 to c2
        ("Environnement", ""),
        ("Moyens humains", "équipe"),  # no longer a criterion: kept, never lost
    ]
    assert merged[-1].source == SectionSource.CUSTOM and merged[-1].weight is None
    assert len({s.key for s in merged}) == 4


def test_count_words_is_the_count_of_the_folded_words() -> None:
    from responder.domain.memoire import count_words
    from responder.domain.text import words

    samples = [
        "", "Cœur d'Alès : 12 500 € HT, « réemploi » — étape n° 3 !",
        "de\u0301composé, ﬁnal², ½ part, e\u034fa, Ἀθῆναι, q\u0303a, İstanbul, 日本語 テスト",
        "snake_case et réf_2024 ; l’équipe… 100 %", "ÉTÉ\u202fÉTÉ\u00a0été",
    ]
    for text in samples:
        assert count_words(text) == len(words(text)), text
