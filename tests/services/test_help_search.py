"""The glossary as the help panel and ``responder glossary`` search it: names first, then
aliases, then definitions; accents, case, « œ » and curly apostrophes ignored."""

from __future__ import annotations

import pytest

from responder.domain.errors import InvalidInput
from responder.services.help import find_term, fold, glossary, lookup, search_terms, term_text


def test_fold_ignores_case_accents_ligatures_apostrophes_and_spaces() -> None:
    assert fold("  Maîtrise D’ŒUVRE  d'été ") == "maitrise d'oeuvre d'ete"


@pytest.mark.parametrize(("typed", "term"), [
    ("aapc", "Avis de marché"), ("Procedure adaptee", "Procédure adaptée"),
    ("co-traitant", "Cotraitant"), ("MAPA", "Procédure adaptée"),
    ("dites-le nous une fois", "Pièces déjà détenues"),
])
def test_a_term_is_found_by_its_name_or_an_alias(typed: str, term: str) -> None:
    found = find_term(typed)
    assert found is not None and found.term == term


def test_a_search_lists_names_then_aliases_then_definitions() -> None:
    found = [t.term for t in search_terms("insertion")]
    assert found[0] == "Heures d'insertion"  # in the name
    assert found.index("ACI") < found.index("Critères d'attribution")  # alias before text
    assert [t.term for t in search_terms("mandat")][:2] == ["Mandataire", "Mandataire solidaire"]


def test_an_empty_search_lists_the_whole_glossary_in_order() -> None:
    everything = search_terms("  ")
    assert everything == list(glossary())
    assert [fold(t.term) for t in everything] == sorted(fold(t.term) for t in everything)


def test_an_unknown_term_proposes_close_entries_or_the_full_list() -> None:
    with pytest.raises(InvalidInput) as close:
        lookup("groupement m")
    assert close.value.messages["terme"].endswith("Termes proches : Groupement.")
    with pytest.raises(InvalidInput) as none:
        lookup("cotraitanse")
    assert "« responder glossary » les liste tous." in none.value.messages["terme"]


def test_a_term_as_text_gives_aliases_definition_example_article_and_links() -> None:
    lines = term_text(lookup("standstill")).splitlines()
    assert lines[0] == "Délai de suspension (standstill, délai de standstill)"
    assert "11 jours" in lines[1] and lines[2].startswith("Exemple : ")
    assert lines[3:] == ["Article : R2182-1", "Voir aussi : Référé précontractuel"]
