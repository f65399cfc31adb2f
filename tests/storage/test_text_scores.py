"""The word scores behind « Références proches » of a dossier, with FTS5 and with the LIKE
fallback of a SQLite without it: the same rows found, a title hit before a body hit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.domain.library import Reference, TextBlock
from responder.services.workspace import Session
from responder.storage.search import SearchIndex, search_index, use_like_search
from tests.helpers import new_session


@pytest.fixture(params=["fts", "like"])
def library(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Session, SearchIndex, dict[str, int]]]:
    session, sid = new_session(tmp_path / "bibliotheque.responder")
    index = search_index(session.ws) if request.param == "fts" else use_like_search(session.ws)
    ids = {}
    for key, title, description in (
        ("titre", "Débroussaillement des berges", "Chantier d'insertion, 6 salariés."),
        ("corps", "Entretien des chemins", "Fauchage et débroussaillement manuel."),
        ("autre", "Collecte des encombrants", "Tri et réemploi en recyclerie."),
    ):
        saved = session.references.add(Reference(structure_id=sid, title=title,
                                                 description=description))
        assert saved.id is not None
        ids[key] = saved.id
    yield session, index, ids
    session.close()


def test_rows_with_the_word_are_found_title_hits_first(library: tuple) -> None:
    _, index, ids = library
    scores = index.text_scores("library_references", ["debroussaillement"])
    assert set(scores) == {ids["titre"], ids["corps"]}
    assert scores[ids["titre"]] > scores[ids["corps"]]


def test_any_of_several_words_is_enough(library: tuple) -> None:
    _, index, ids = library
    scores = index.text_scores("library_references", ["reemploi", "fauchage"])
    assert set(scores) == {ids["autre"], ids["corps"]}


def test_no_word_or_an_unknown_word_scores_nothing(library: tuple) -> None:
    session, index, _ = library
    assert index.text_scores("library_references", []) == {}
    assert index.text_scores("library_references", ["photovoltaique"]) == {}
    block = session.text_blocks.add(TextBlock(structure_id=1, title="Notre démarche",
                                              body="Débroussaillement raisonné."))
    assert list(index.text_scores("text_blocks", ["debroussaillement"])) == [block.id]
