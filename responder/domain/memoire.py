"""The mémoire technique of a dossier: an outline that follows the award criteria, and its checks.

A ``Memoire`` belongs to one tender (or one lot of it, when lots differ). Its sections follow
the RC's non-price criteria and sub-criteria in order, each with its weight and a page budget
proportional to it within the RC's page limit; when the criteria are too vague to write to
(none, or a lone « valeur technique » without sub-criteria), the standard ESS sections are
offered instead. Each section holds tender-specific text, text blocks copied from the library
(the copy is edited, never the library block), structure fields and selected references.

``check_memoire`` (in ``memoire_checks``, importable from here) gives the « points d'attention ».
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from .common import DomainModel, Entity, LocalDateTime
from .enums import TextCategory
from .fields import not_blank
from .richtext import plain_text
from .tender import Criterion, Tender
from .text import fold, normalized, words

#: Words per page used to turn a page budget into words (Word, 11 pt, single spacing, with
#: headings and a table or two: 450 is what coaches use as a rule of thumb).
WORDS_PER_PAGE = 450

#: Words in a criterion's name that make it a criterion about experience (references expected).
_EXPERIENCE_WORDS = ("experience", "reference", "savoir faire", "savoir-faire", "realisations")

#: Structure fields a section may show: key → French label (values are formatted by the
#: rendering layer, which knows French number and money formats).
STRUCTURE_FIELDS: dict[str, str] = {
    "name": "Nom de la structure",
    "legal_form": "Forme juridique",
    "ess_statuses": "Statuts et agréments",
    "siret": "SIRET",
    "address": "Adresse",
    "headcount_total": "Effectif total",
    "headcount_insertion": "Salariés en parcours d'insertion",
    "headcount_disabled": "Travailleurs handicapés",
    "turnover": "Chiffre d'affaires HT (derniers exercices)",
    "mission": "Projet social",
}

#: Template names shipped in ``templates/memoire``: key → French title.
BUILTIN_TEMPLATES: dict[str, str] = {
    "standard": "Standard",
    "insertion": "Structure d'insertion / ESS",
}


#: The combining accents of Latin letters (U+0300–U+036F but the grapheme joiner U+034F,
#: which ``fold`` keeps), and what may hide another combining mark once they are gone.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_OTHER_MARKS = re.compile("[^\x00-\u036f\u2000-\u20cf]")
_WORD = re.compile(r"[^\W_]+")


def count_words(text: str) -> int:
    """``len(words(text))``, without folding case and ligatures (they keep the count).

    Accents are dropped from the decomposed text at C speed; a text with characters beyond
    Latin, punctuation and currency signs (where other combining marks may hide) is counted
    by ``words`` itself.
    """
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if _OTHER_MARKS.search(decomposed) is not None:
        return len(words(text))
    return len(_WORD.findall(decomposed))


@dataclass(frozen=True)
class StandardSection:
    """A section offered when the criteria are vague: key, title, matching block category."""

    key: str
    title: str
    category: TextCategory | None
    fields: tuple[str, ...] = ()
    experience: bool = False


#: The standard sections of an ESS mémoire, in the order coaches recommend.
STANDARD_SECTIONS: tuple[StandardSection, ...] = (
    StandardSection(
        "presentation",
        "Présentation de la structure et de son projet social",
        TextCategory.PRESENTATION,
        ("legal_form", "ess_statuses", "headcount_total", "turnover"),
    ),
    StandardSection("besoin", "Compréhension du besoin", TextCategory.COMPREHENSION),
    StandardSection(
        "moyens_humains",
        "Moyens humains : encadrement technique et accompagnement socio-professionnel",
        TextCategory.MOYENS_HUMAINS,
        ("headcount_total", "headcount_insertion", "headcount_disabled"),
    ),
    StandardSection("moyens_materiels", "Moyens matériels", TextCategory.MOYENS_MATERIELS),
    StandardSection("methodologie", "Méthodologie par lot", TextCategory.METHODOLOGIE),
    StandardSection("planning", "Planning d'intervention", None),
    StandardSection("qualite", "Qualité et sécurité", TextCategory.QUALITE),
    StandardSection("environnement", "Démarche environnementale", TextCategory.ENVIRONNEMENT),
    StandardSection(
        "insertion", "Insertion professionnelle", TextCategory.INSERTION, ("headcount_insertion",)
    ),
    StandardSection("references", "Références", TextCategory.REFERENCES, (), True),
)


class SectionSource(StrEnum):
    """Where a section comes from."""

    CRITERION = "critere"
    STANDARD = "standard"
    CUSTOM = "libre"


class InsertedBlock(DomainModel):
    """A library text block copied into a section: edited here, the library is untouched."""

    block_id: int | None = None
    title: str = ""
    #: The body as it was in the library when inserted (to tell « inserted unchanged »).
    original: str = ""
    body: str = ""

    @property
    def unchanged(self) -> bool:
        """True while the copy is still word for word the library's text."""
        return normalized(self.body) == normalized(self.original)


class MemoireSection(DomainModel):
    """One heading of the mémoire and what the structure writes under it."""

    key: str = Field(min_length=1)
    title: Annotated[str, not_blank("Chaque partie du mémoire doit avoir un titre.")] = Field(
        min_length=1)
    level: int = Field(default=1, ge=1, le=2)
    source: SectionSource = SectionSource.CRITERION
    weight: Decimal | None = Field(default=None, ge=0)
    page_budget: Decimal | None = Field(default=None, ge=0)
    #: True for a criterion about experience: a reference is expected there.
    experience: bool = False
    text: str = ""
    blocks: list[InsertedBlock] = Field(default_factory=list)
    structure_fields: list[str] = Field(default_factory=list)
    reference_ids: list[int] = Field(default_factory=list)

    @field_validator("structure_fields")
    @classmethod
    def _fields(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in STRUCTURE_FIELDS]
        if unknown:
            raise ValueError(
                f"Champ de la structure inconnu : {', '.join(unknown)}. Choisissez parmi "
                f"{', '.join(STRUCTURE_FIELDS)}."
            )
        return list(dict.fromkeys(value))

    @field_validator("reference_ids")
    @classmethod
    def _refs(cls, value: list[int]) -> list[int]:
        return list(dict.fromkeys(value))

    def full_text(self) -> str:
        """The section's own text then its blocks, without markup (for counts and checks)."""
        parts = [plain_text(self.text), *(plain_text(b.body) for b in self.blocks)]
        return "\n".join(p for p in parts if p)

    def word_count(self) -> int:
        """Words the section contains (text and blocks)."""
        return count_words(self.full_text())

    @property
    def has_content(self) -> bool:
        """True when anything will be printed under the heading."""
        return bool(self.full_text().strip() or self.reference_ids or self.structure_fields)

    def budget_words(self, words_per_page: int = WORDS_PER_PAGE) -> int | None:
        """The page budget in words, or ``None`` when the section has no budget."""
        if self.page_budget is None:
            return None
        return int(self.page_budget * words_per_page)


class Memoire(Entity):
    """The mémoire technique of one tender (or one of its lots)."""

    tender_id: int
    lot: int | None = Field(default=None, ge=1)
    template: Annotated[
        str, not_blank("Choisissez un modèle de mémoire (par exemple « standard »).")
    ] = "standard"
    words_per_page: int = Field(default=WORDS_PER_PAGE, ge=100, le=1500)
    sections: list[MemoireSection] = Field(default_factory=list)
    created_at: LocalDateTime | None = None
    updated_at: LocalDateTime | None = None

    @model_validator(mode="after")
    def _unique_keys(self) -> Memoire:
        keys = [s.key for s in self.sections]
        if len(set(keys)) != len(keys):
            raise ValueError("Deux parties du mémoire ont la même clé : recréez le plan.")
        return self

    @property
    def title(self) -> str:
        """Row title in the workspace."""
        return f"Mémoire {self.tender_id}" + (f" lot {self.lot}" if self.lot else "")

    def section(self, key: str) -> MemoireSection | None:
        """The section with this key, or ``None``."""
        return next((s for s in self.sections if s.key == key), None)

    def word_count(self) -> int:
        """Words in the whole mémoire."""
        return sum(s.word_count() for s in self.sections)

    def reference_ids(self) -> list[int]:
        """Every selected reference, in the order they first appear."""
        seen: dict[int, None] = {}
        for s in self.sections:
            for ref_id in s.reference_ids:
                seen.setdefault(ref_id, None)
        return list(seen)


# --- outline ------------------------------------------------------------------------------
def is_experience(name: str) -> bool:
    """True for a criterion about experience or references (a reference is expected)."""
    folded = fold(name)
    return any(word in folded for word in _EXPERIENCE_WORDS)


def criteria_are_vague(criteria: Sequence[Criterion]) -> bool:
    """True when the non-price criteria give nothing to write to.

    No non-price criterion, or a single one without sub-criteria (« Valeur technique : 60 % »)
    says nothing of what the buyer looks at: the standard ESS sections are then offered.
    """
    technical = [c for c in criteria if not c.is_price]
    return not technical or (len(technical) == 1 and not technical[0].sub_criteria)


def _budget(weight: Decimal, total: Decimal, page_limit: int | None) -> Decimal | None:
    if page_limit is None or total <= 0:
        return None
    share = Decimal(page_limit) * weight / total
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _standard(std: StandardSection, level: int, budget: Decimal | None) -> MemoireSection:
    return MemoireSection(
        key=f"std-{std.key}",
        title=std.title,
        level=level,
        source=SectionSource.STANDARD,
        page_budget=budget,
        experience=std.experience,
        structure_fields=list(std.fields),
    )


def build_outline(tender: Tender) -> list[MemoireSection]:
    """The sections of a new mémoire for ``tender``, in RC order, the price criterion left out.

    A criterion with sub-criteria gives a level-1 heading and one level-2 heading per
    sub-criterion. Page budgets share the RC's page limit among the non-price criteria in
    proportion to their weights. Vague criteria (see ``criteria_are_vague``) give the standard
    ESS sections, under the lone criterion's heading when there is one.
    """
    technical = [c for c in tender.criteria if not c.is_price]
    total = sum((c.weight for c in technical), Decimal(0))
    limit = tender.page_limit
    if criteria_are_vague(tender.criteria):
        sections: list[MemoireSection] = []
        level = 1
        if technical:
            crit = technical[0]
            sections.append(
                MemoireSection(
                    key="c1", title=crit.name, weight=crit.weight,
                    page_budget=Decimal(limit) if limit else None,
                    experience=is_experience(crit.name),
                )
            )
            level = 2
        each = (
            (Decimal(limit) / len(STANDARD_SECTIONS)).quantize(Decimal("0.1"))
            if limit else None
        )
        sections.extend(_standard(std, level, each) for std in STANDARD_SECTIONS)
        return sections
    sections = []
    for i, crit in enumerate(technical, start=1):
        sections.append(
            MemoireSection(
                key=f"c{i}", title=crit.name, weight=crit.weight,
                page_budget=_budget(crit.weight, total, limit),
                experience=is_experience(crit.name),
            )
        )
        for j, sub in enumerate(crit.sub_criteria, start=1):
            sections.append(
                MemoireSection(
                    key=f"c{i}.{j}", title=sub.name, level=2, weight=sub.weight,
                    page_budget=_budget(sub.weight, total, limit),
                    experience=is_experience(sub.name) or is_experience(crit.name),
                )
            )
    return sections


def standard_section(key: str, level: int = 1) -> MemoireSection:
    """A standard ESS section by key (« presentation », « references » …) to add to a plan."""
    for std in STANDARD_SECTIONS:
        if std.key == key:
            return _standard(std, level, None)
    raise ValueError(
        f"Partie standard inconnue : « {key} ». Choisissez parmi "
        f"{', '.join(s.key for s in STANDARD_SECTIONS)}."
    )


def _shape(sections: Sequence[MemoireSection]) -> list[tuple[object, ...]]:
    return [
        (s.key, s.title, s.level, s.weight, s.page_budget, s.experience)
        for s in sections
        if s.source != SectionSource.CUSTOM
    ]


def outline_outdated(memoire: Memoire, tender: Tender) -> bool:
    """True when the tender's criteria (names, weights, page limit) no longer match the plan."""
    return _shape(memoire.sections) != _shape(build_outline(tender))


def merge_outline(
    old: Sequence[MemoireSection], fresh: Sequence[MemoireSection]
) -> list[MemoireSection]:
    """The ``fresh`` outline carrying what was written in the ``old`` one.

    Content follows its section by title first (a criterion moved or renumbered keeps its
    text), then by key (a criterion renamed in place); old sections matching nothing but
    holding content are kept at the end as free sections (« libre »), so nothing the user
    wrote is ever lost.
    """
    remaining = list(old)
    merged: list[MemoireSection] = []
    fresh_titles = {normalized(f.title) for f in fresh}

    def take(index: int | None) -> MemoireSection | None:
        return None if index is None else remaining.pop(index)

    for section in fresh:
        title = normalized(section.title)
        by_title = next(
            (i for i, c in enumerate(remaining)
             if normalized(c.title) == title and c.level == section.level),
            None,
        )
        previous = take(by_title)
        if previous is None:
            by_key = next(
                (i for i, c in enumerate(remaining)
                 if c.key == section.key and normalized(c.title) not in fresh_titles),
                None,
            )
            previous = take(by_key)
        if previous is not None:
            section = section.model_copy(update={
                "text": previous.text, "blocks": previous.blocks,
                "structure_fields": previous.structure_fields,
                "reference_ids": previous.reference_ids,
            })
        merged.append(section)
    keys = {s.key for s in merged}
    for leftover in remaining:
        if not (leftover.full_text().strip() or leftover.reference_ids):
            continue
        key = leftover.key if leftover.source == SectionSource.CUSTOM else f"ancien-{leftover.key}"
        while key in keys:
            key += "-bis"
        keys.add(key)
        merged.append(leftover.model_copy(update={
            "key": key, "source": SectionSource.CUSTOM, "level": 1,
            "weight": None, "page_budget": None,
        }))
    return merged


def has_children(sections: Sequence[MemoireSection], index: int) -> bool:
    """True when the section at ``index`` is a heading followed by level-2 sections."""
    return (
        sections[index].level == 1
        and index + 1 < len(sections)
        and sections[index + 1].level == 2
    )


# The points d'attention live in their own module; their names stay importable from here.
from .memoire_checks import (  # noqa: E402
    CASE_LAW,
    DUPLICATE_MIN_WORDS,
    OLD_REFERENCE_YEARS,
    SHORT_SHARE,
    TO_COMPLETE_MARKER,
    TO_COMPLETE_PATTERN,
    Attention,
    AttentionCode,
    buyer_markers,
    check_memoire,
)

__all__ = [
    "BUILTIN_TEMPLATES", "CASE_LAW", "DUPLICATE_MIN_WORDS", "OLD_REFERENCE_YEARS",
    "SHORT_SHARE", "STANDARD_SECTIONS", "STRUCTURE_FIELDS", "TO_COMPLETE_MARKER",
    "TO_COMPLETE_PATTERN", "WORDS_PER_PAGE", "Attention", "AttentionCode", "InsertedBlock",
    "Memoire", "MemoireSection", "SectionSource", "StandardSection", "buyer_markers",
    "build_outline", "check_memoire", "count_words", "criteria_are_vague", "has_children",
    "is_experience", "merge_outline", "outline_outdated", "standard_section",
]
