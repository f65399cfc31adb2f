"""The « points d'attention » of a mémoire technique: what a buyer's analyst would mark down.

``check_memoire`` reads a ``Memoire`` (see ``responder.domain.memoire``) against its tender
and the library's references: empty or short weighted sections, blocks inserted unchanged
that name neither the buyer nor the object, sentences repeated from another section, starter
markers left, missing, confidential or old references, and a mémoire over the page limit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from .enums import WeightUnit
from .library import Reference
from .tender import Tender
from .text import normalized, significant_words

if TYPE_CHECKING:
    from .memoire import Memoire, MemoireSection

#: A weighted section below this share of its budget is « far below » it.
SHORT_SHARE = Decimal("0.4")
#: References whose contract ended more than this many years ago are « anciennes ».
OLD_REFERENCE_YEARS = 5
#: A sentence shorter than this (in words) may legitimately repeat (« Voir annexe 2. »).
DUPLICATE_MIN_WORDS = 8

#: The case law every warning about generic content cites.
CASE_LAW = (
    "TA Paris, 5 janvier 2024, n° 2328772 : un mémoire technique générique, qui ne répond pas "
    "au besoin de l'acheteur, peut rendre l'offre irrégulière."
)


class AttentionCode(StrEnum):
    """Kinds of « points d'attention »."""

    EMPTY = "vide"
    SHORT = "trop_court"
    OVER_LIMIT = "trop_long"
    GENERIC_BLOCK = "bloc_generique"
    DUPLICATE = "phrase_repetee"
    NO_REFERENCE = "sans_reference"
    OLD_REFERENCE = "reference_ancienne"
    MISSING_REFERENCE = "reference_absente"
    CONFIDENTIAL_REFERENCE = "reference_confidentielle"
    TO_COMPLETE = "a_completer"


#: The marker a starter text leaves where the structure must write its own facts, alone
#: (« [à compléter] ») or with a hint (« [à compléter : année] »).
TO_COMPLETE_MARKER = "[à compléter]"
TO_COMPLETE_PATTERN = re.compile(r"\[\s*à compléter[^\]]*\]", re.IGNORECASE)


@dataclass(frozen=True)
class Attention:
    """One point d'attention: what is wrong, why it matters, and the section it is about."""

    code: AttentionCode
    message_fr: str
    why_fr: str
    section_key: str | None


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _weight(value: Decimal, unit: WeightUnit) -> str:
    return _num(value) + ("\u00a0%" if unit == WeightUnit.PERCENT else "\u00a0points")


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
#: Words of buyer names that name no one in particular.
_GENERIC_BUYER_TEXT = """
    communaute agglomeration commune ville departement region conseil metropole syndicat
    mixte intercommunal intercommunale office public habitat centre hospitalier etablissement
    direction service services etat ministere universite college lycee caisse groupement
    association societe
"""
_GENERIC_BUYER_WORDS = frozenset(_GENERIC_BUYER_TEXT.split())


def buyer_markers(tender: Tender) -> list[str]:
    """Folded words and phrases that show a text was written for this tender.

    The buyer's distinctive words (« Gardon-Cèze » in « Communauté d'agglomération
    Gardon-Cèze », which also names the place), the tender's reference, and its object.
    """
    markers = [w for w in significant_words(tender.buyer) if w not in _GENERIC_BUYER_WORDS]
    if tender.reference.strip():
        markers.append(normalized(tender.reference))
    if tender.title.strip():
        markers.append(normalized(tender.title))
    markers.extend(normalized(lot.title) for lot in tender.lots)
    return [m for m in markers if m]


def _names_tender(text: str, markers: Sequence[str]) -> bool:
    haystack = f" {normalized(text)} "
    return any(f" {m} " in haystack for m in markers)


def _sentences(text: str) -> list[str]:
    out = []
    for raw in _SENTENCE_END.split(text):
        norm = normalized(raw)
        if len(norm.split()) >= DUPLICATE_MIN_WORDS:
            out.append(norm)
    return out


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _size_attention(
    section: MemoireSection, leaf: bool, unit: WeightUnit, words_per_page: int
) -> Attention | None:
    """« vide » for a weighted leaf section without content, « trop court » far below budget."""
    if not leaf or not section.weight:
        return None
    if not section.has_content:
        return Attention(
            AttentionCode.EMPTY,
            f"« {section.title} » (pondéré {_weight(section.weight, unit)}) n'a "
            "encore aucun contenu.",
            "Un critère pondéré laissé vide vaut zéro point, et l'offre peut être jugée "
            f"incomplète. {CASE_LAW}",
            section.key,
        )
    budget = section.budget_words(words_per_page)
    count = section.word_count()
    if not budget or count >= budget * SHORT_SHARE:
        return None
    return Attention(
        AttentionCode.SHORT,
        f"« {section.title} » compte {count} mots pour un budget de "
        f"{_num(section.page_budget or Decimal(0))} page(s), soit environ {budget} "
        f"mots à {words_per_page} mots par page : développez-la.",
        "La place accordée à chaque partie devrait suivre le poids du critère : une "
        "réponse courte sur un critère lourd laisse des points à la concurrence.",
        section.key,
    )


def _generic_blocks(section: MemoireSection, markers: Sequence[str]) -> list[Attention]:
    """Blocks inserted unchanged that name neither the buyer, the object nor the place."""
    return [
        Attention(
            AttentionCode.GENERIC_BLOCK,
            f"Le bloc « {block.title or 'sans titre'} » a été inséré tel quel dans "
            f"« {section.title} » et ne cite ni l'acheteur, ni l'objet, ni le lieu : "
            "adaptez-le à cette consultation.",
            f"Un texte générique montre que le besoin n'a pas été lu. {CASE_LAW}",
            section.key,
        )
        for block in section.blocks
        if block.unchanged and block.body.strip() and not _names_tender(block.body, markers)
    ]


def _repeated_sentences(
    memoire: Memoire, section: MemoireSection, text: str, seen: dict[str, str]
) -> list[Attention]:
    """Sentences of ``text`` already met in another section (``seen``: sentence → key)."""
    found = []
    for sentence in _sentences(text):
        first = seen.get(sentence)
        if first is None:
            seen[sentence] = section.key
        elif first != section.key:
            other = memoire.section(first)
            found.append(Attention(
                AttentionCode.DUPLICATE,
                f"« {section.title} » reprend mot pour mot une phrase de "
                f"« {other.title if other else first} » : reformulez ou supprimez-la.",
                "Les répétitions d'une partie à l'autre donnent l'impression d'un texte "
                f"copié-collé, peu adapté au besoin. {CASE_LAW}",
                section.key,
            ))
            seen[sentence] = section.key  # report each repeat once per section
    return found


def _markers_left(section: MemoireSection, text: str) -> Attention | None:
    """« à compléter » markers a starter text left in ``text``."""
    left = len(TO_COMPLETE_PATTERN.findall(text))
    if not left:
        return None
    return Attention(
        AttentionCode.TO_COMPLETE,
        f"« {section.title} » contient encore {left} mention(s) "
        f"« {TO_COMPLETE_MARKER} » : remplacez-les par vos propres informations.",
        "Un texte modèle laissé tel quel se voit : l'acheteur attend des faits propres "
        f"à votre structure et à son besoin. {CASE_LAW}",
        section.key,
    )


def _reference_attention(
    section: MemoireSection, references: Mapping[int, Reference], old_limit: date
) -> list[Attention]:
    """Each chosen reference that is gone from the library, confidential, or old."""
    found = []
    for ref_id in section.reference_ids:
        ref = references.get(ref_id)
        if ref is None:
            found.append(Attention(
                AttentionCode.MISSING_REFERENCE,
                f"Une référence choisie dans « {section.title} » (n° {ref_id}) n'existe "
                "plus dans la bibliothèque : retirez-la.",
                "Elle n'apparaîtra pas dans le document.",
                section.key,
            ))
            continue
        if ref.confidential:
            found.append(Attention(
                AttentionCode.CONFIDENTIAL_REFERENCE,
                f"La référence « {ref.title} » ({ref.buyer_name}) est confidentielle : "
                "retirez-la de « " + section.title + " » ou confirmez sa diffusion à la "
                "génération du mémoire.",
                "Une référence confidentielle ne doit pas être communiquée à un autre "
                "acheteur sans l'accord du client : le mémoire n'est généré qu'après "
                "confirmation (memoire build --allow-confidential).",
                section.key,
            ))
        when = ref.end or ref.start
        if when is not None and when < old_limit:
            found.append(Attention(
                AttentionCode.OLD_REFERENCE,
                f"La référence « {ref.title} » ({ref.year}) a plus de "
                f"{OLD_REFERENCE_YEARS} ans : préférez une référence récente.",
                "Les acheteurs demandent en général les références des trois à cinq "
                "dernières années (arrêté du 22 mars 2019, capacités techniques).",
                section.key,
            ))
    return found


def _over_limit(memoire: Memoire, limit: int | None) -> Attention | None:
    """The whole mémoire beyond the RC's page limit (in words at its words per page)."""
    if not limit:
        return None
    wpp = memoire.words_per_page
    total = memoire.word_count()
    allowed = limit * wpp
    if total <= allowed:
        return None
    return Attention(
        AttentionCode.OVER_LIMIT,
        f"Le mémoire compte environ {total} mots, soit plus que la limite de {limit} "
        f"pages du règlement (environ {allowed} mots à {wpp} mots par page).",
        "Au-delà de la limite fixée par le RC, l'acheteur peut ne pas lire les pages en "
        "trop, voire écarter l'offre.",
        None,
    )


def check_memoire(
    memoire: Memoire,
    tender: Tender,
    references: Mapping[int, Reference],
    today: date,
    page_limit: int | None = None,
) -> list[Attention]:
    """The points d'attention of a mémoire, in outline order then global ones.

    ``references`` maps the selected reference ids to the library's references (a missing id
    is reported); ``page_limit`` defaults to the tender's.
    """
    from .memoire import has_children

    found: list[Attention] = []
    markers = buyer_markers(tender)
    seen_sentences: dict[str, str] = {}
    old_limit = _years_before(today, OLD_REFERENCE_YEARS)
    sections = memoire.sections
    for index, section in enumerate(sections):
        leaf = not has_children(sections, index)
        text = section.full_text()
        size = _size_attention(section, leaf, tender.weight_unit, memoire.words_per_page)
        found.extend([size] if size else [])
        found.extend(_generic_blocks(section, markers))
        found.extend(_repeated_sentences(memoire, section, text, seen_sentences))
        left = _markers_left(section, text)
        found.extend([left] if left else [])
        if leaf and section.experience and not section.reference_ids:
            found.append(Attention(
                AttentionCode.NO_REFERENCE,
                f"« {section.title} » porte sur l'expérience mais ne cite aucune référence.",
                "L'acheteur juge l'expérience sur des preuves : des contrats comparables, "
                "datés, chiffrés, avec leur impact.",
                section.key,
            ))
        found.extend(_reference_attention(section, references, old_limit))
    over = _over_limit(memoire, page_limit if page_limit is not None else tender.page_limit)
    found.extend([over] if over else [])
    return found
