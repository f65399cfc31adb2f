"""The glossary and the journey guide: enough terms, each in plain French with an example,
articles that LAW.md's articles back, and ``responder glossary`` as a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from responder.services.help import find_term, glossary, guide, search_terms

ROOT = Path(__file__).resolve().parents[2]
#: Every article the glossary may cite: those the project's legal notes and rules file use.
KNOWN_ARTICLES = {
    "R2151-5", "R2123-4", "R2161-2", "R2161-6", "R2161-9", "R2161-12", "R2161-15", "R2122-8",
    "L2113-10", "L2113-12", "L2113-13", "L2113-15", "R2142-19", "R2142-27", "R2142-20",
    "R2142-24", "R2193-10", "R2152-7", "R2132-6", "R2151-4", "D8222-5", "R2144-4", "R2144-7",
    "R2144-2", "R2143-13", "R2143-14", "R2142-7", "L2112-2", "R2182-1", "R2181-2", "R2181-4",
}


def test_at_least_sixty_terms_each_explained_with_an_example() -> None:
    terms = glossary()
    assert len(terms) >= 60
    for term in terms:
        assert len(term.definition) >= 40, term.term
        assert term.example and term.example != term.definition, term.term
    names = [t.term for t in terms]
    assert len(set(names)) == len(names)
    for needed in ("Groupement conjoint", "Groupement solidaire", "Mandataire", "DUME",
                   "ATTRI1", "BPU", "DQE", "DPGF", "DLRO", "SIAE"):
        assert find_term(needed) is not None, needed


def test_every_article_cited_is_one_the_legal_notes_back() -> None:
    for term in glossary():
        for article in re.findall(r"[LRD]\d{4}-\d+", term.article):
            assert article in KNOWN_ARTICLES, (term.term, article)
    assert find_term("mandataire").article == "R2142-24"  # type: ignore[union-attr]
    assert "R2142-20" in find_term("Groupement conjoint").article  # type: ignore[union-attr]


def test_lookup_ignores_accents_case_and_finds_aliases() -> None:
    assert find_term("dlro") == find_term("date limite de remise des offres")
    assert find_term("réglement de consultation") is not None
    assert find_term("atelier et chantier d'insertion").term == "ACI"  # type: ignore[union-attr]
    assert search_terms("solidaire")[0].term in {"Groupement solidaire", "Mandataire solidaire"}


def test_the_guide_follows_the_eight_steps_and_links_known_terms() -> None:
    steps = guide()
    assert [s.number for s in steps] == list(range(1, 9))
    assert steps[1].title == "Décider d'y aller ou non"
    for step in steps:
        assert step.what and step.why
        for name in step.terms:
            assert find_term(name) is not None, name


def _responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "responder", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env=dict(os.environ), check=False)


def test_help_of_the_command_line_is_french() -> None:
    done = _responder("--help")
    assert "affiche la version et quitte" in done.stdout
    assert "show program" not in done.stdout
    assert "glossary" in done.stdout and "gonogo" in done.stdout


def test_glossary_command_prints_one_term_the_list_or_a_french_error() -> None:
    one = _responder("glossary", "dume", "--json")
    assert one.returncode == 0, one.stderr
    data = json.loads(one.stdout)
    assert data["term"] == "DUME" and data["example"]
    text = _responder("glossary", "Mandataire")
    assert "Article : R2142-24" in text.stdout
    listing = json.loads(_responder("glossary", "--json").stdout)
    assert len(listing) >= 60
    unknown = _responder("glossary", "solidarit")
    assert unknown.returncode == 1
    assert "n'est pas dans le glossaire" in unknown.stderr
    assert "Groupement solidaire" in unknown.stderr  # close terms proposed
