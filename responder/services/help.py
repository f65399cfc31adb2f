"""The glossary (``resources/help/glossaire.json``) and the « Guide de la réponse »
(``resources/help/guide.json``): loaded once, looked up without caring about accents or case.
Used by the Aide and Guide pages, the « ? » buttons, F1 and ``responder glossary``."""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from typing import Any

from pydantic import Field

from ..domain.common import DomainModel, InvalidInput
from ..paths import resources_dir


class Term(DomainModel):
    """One glossary entry, in plain French."""

    term: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    definition: str = Field(min_length=20)
    example: str = Field(min_length=10)
    article: str = ""
    see_also: list[str] = Field(default_factory=list)


class Glossary(DomainModel):
    """The file's contents."""

    comment: str = ""
    terms: list[Term]


class GuideStep(DomainModel):
    """One of the journey's eight steps: what to do, why, where in the app."""

    number: int = Field(ge=1, le=8)
    title: str
    where: str
    what: str
    why: str
    terms: list[str] = Field(default_factory=list)


class Guide(DomainModel):
    """The file's contents."""

    comment: str = ""
    steps: list[GuideStep]


def fold(text: str) -> str:
    """Lower case, accents removed, œ/æ spelled out, apostrophes unified: for lookups."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@lru_cache(maxsize=1)
def glossary() -> tuple[Term, ...]:
    """Every term, sorted alphabetically (accents ignored)."""
    raw = json.loads((resources_dir() / "help" / "glossaire.json").read_text(encoding="utf-8"))
    terms = Glossary.model_validate(raw).terms
    return tuple(sorted(terms, key=lambda t: fold(t.term)))


@lru_cache(maxsize=1)
def guide() -> tuple[GuideStep, ...]:
    """The eight steps of the journey, in order."""
    raw = json.loads((resources_dir() / "help" / "guide.json").read_text(encoding="utf-8"))
    return tuple(sorted(Guide.model_validate(raw).steps, key=lambda s: s.number))


def find_term(name: str) -> Term | None:
    """The entry whose name or alias is ``name`` (accents and case ignored)."""
    key = fold(name)
    for term in glossary():
        if fold(term.term) == key or any(fold(alias) == key for alias in term.aliases):
            return term
    return None


def search_terms(text: str) -> list[Term]:
    """Entries whose name contains ``text``, then those with such an alias, then those whose
    definition does."""
    key = fold(text)
    if not key:
        return list(glossary())
    names = [t for t in glossary() if key in fold(t.term)]
    aliases = [t for t in glossary()
               if t not in names and any(key in fold(a) for a in t.aliases)]
    rest = [t for t in glossary()
            if t not in names and t not in aliases and key in fold(t.definition)]
    return names + aliases + rest


def lookup(name: str) -> Term:
    """``find_term`` or a French ``InvalidInput`` proposing close entries."""
    found = find_term(name)
    if found is not None:
        return found
    close = [t.term for t in search_terms(name)][:5]
    hint = (f" Termes proches : {', '.join(close)}." if close
            else " « responder glossary » les liste tous.")
    raise InvalidInput({"terme": f"« {name} » n'est pas dans le glossaire.{hint}"})


def term_json(term: Term) -> dict[str, Any]:
    """A term as ``responder glossary --json`` prints it."""
    return term.model_dump()


def term_text(term: Term) -> str:
    """A term as plain text (CLI, tooltips)."""
    lines = [term.term + (f" ({', '.join(term.aliases)})" if term.aliases else ""),
             term.definition, f"Exemple : {term.example}"]
    if term.article:
        lines.append(f"Article : {term.article}")
    if term.see_also:
        lines.append(f"Voir aussi : {', '.join(term.see_also)}")
    return "\n".join(lines)
