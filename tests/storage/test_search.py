"""Library search: accent folding, prefixes, hostile input, filters, index kept in sync."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from responder.domain.enums import BuyerKind, ReferenceRole
from responder.domain.library import Reference, ReferenceFilters, SortOrder, TextBlock
from responder.services.workspace import Session, open_session
from responder.storage.db import open_workspace
from responder.storage.search import SearchIndex, fts_query, search_index, use_like_search
from tests.helpers import new_session

HOSTILE = [
    "espaces-verts",
    "d'insertion",
    "d’insertion",
    "NOT",
    "NOT insertion",
    "insertion NOT",
    "AND",
    "OR OR",
    "NEAR(a b)",
    '"',
    '""',
    '"espaces verts',
    "'",
    "*",
    "**",
    "* *",
    "-",
    "^espaces",
    "title:espaces",
    "search_title:x",
    "(",
    ")",
    "{}",
    "%",
    "_",
    "\\",
    "%_%",
    "",
    "   ",
    "🌳 espaces",
    "é",
    "œ",
    "x" * 500,
    "a" * 3 + " " + "b" * 3,
    "12 345,50",
    "77310000-6",
    "\x00",
    "e;DROP TABLE library_references;--",
]


def ref(sid: int, title: str, **fields: Any) -> Reference:
    return Reference.model_validate({"structure_id": sid, "title": title, **fields})


def _fill(session: Session, sid: int) -> dict[str, int]:
    refs = [
        ref(sid, "Débroussaillement des talus de la RD 6110", families=["espaces verts"],
            buyer_kind="departement", start="2024-03-01", end="2025-10-31",
            amount_ht="48000", role="titulaire", description="Fauchage et élagage."),
        ref(sid, "Entretien du cœur de ville et des espaces verts", families=["espaces verts",
            "propreté"], buyer_kind="commune", start="2020-01-01", end="2021-12-31",
            amount_ht="125000.50", role="mandataire", partners=["Jardins & Cie"]),
        ref(sid, "Chantier d'insertion : ressourcerie et réemploi", families=[
            "réemploi / recyclerie"], buyer_kind="intercommunalite", start="2025-01-01",
            amount_ht="15000", role="cotraitant",
            description="Heures d'insertion pour des salariés en parcours."),
        ref(sid, "Nettoyage des locaux — ÉCOLE MATERNELLE", families=["propreté"],
            buyer_kind="commune", start="2019-09-01", end="2019-12-31", role="sous_traitant",
            confidential=True),
    ]
    ids = {}
    for item in refs:
        saved = session.references.add(item)
        assert saved.id is not None
        ids[item.title.split()[0]] = saved.id
    return ids


@pytest.fixture(params=["fts", "like"])
def library(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Session,
                                                                              SearchIndex,
                                                                              dict[str, int]]]:
    session, sid = new_session(tmp_path / "w.responder")
    index = search_index(session.ws) if request.param == "fts" else use_like_search(session.ws)
    if request.param == "fts":
        assert index.fts, "this SQLite should have FTS5"
    ids = _fill(session, sid)
    yield session, index, ids
    session.close()


def found(index: SearchIndex, query: str, **filters: Any) -> list[int]:
    return [h.id for h in index.search_references(query, ReferenceFilters(**filters))]


@pytest.mark.parametrize(
    "query",
    ["debroussaillement", "DÉBROUSSAILLEMENT", "débroussaillement", "Debrouss", "débr"],
)
def test_accents_and_case_are_ignored(library: Any, query: str) -> None:
    _, index, ids = library
    assert found(index, query) == [ids["Débroussaillement"]]


@pytest.mark.parametrize("query", ["coeur", "cœur", "CŒUR", "Coeur de ville", "cœ"])
def test_ligatures_are_folded(library: Any, query: str) -> None:
    _, index, ids = library
    assert ids["Entretien"] in found(index, query)


def test_prefix_matching_as_you_type(library: Any) -> None:
    _, index, ids = library
    for typed in ("e", "es", "esp", "espa", "espaces", "espaces v", "espaces ver"):
        assert ids["Entretien"] in found(index, typed), typed
    assert found(index, "espaces verts entre") == [ids["Entretien"]]
    assert found(index, "zzz") == []


def test_words_in_the_middle_and_apostrophes(library: Any) -> None:
    _, index, ids = library
    assert found(index, "d'insertion") == [ids["Chantier"]]
    assert found(index, "salariés en parcours") == [ids["Chantier"]]
    assert found(index, "Jardins & Cie") == [ids["Entretien"]]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(library: Any, query: str) -> None:
    _, index, _ = library
    hits = index.search_references(query)
    assert isinstance(hits, list)
    blocks = index.search_blocks(query)
    assert isinstance(blocks, list)


def test_hostile_words_are_plain_words(library: Any) -> None:
    _, index, ids = library
    # the title hit first, then the reference filed under « espaces verts »
    assert found(index, "espaces-verts") == [ids["Entretien"], ids["Débroussaillement"]]
    assert found(index, "NOT") == []
    assert found(index, "*") == found(index, "")  # no word: everything, newest first
    assert len(found(index, "")) == 4


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('espaces-verts NOT "x') == '"espaces" "verts" "not" "x"*'
    assert fts_query("*") is None
    assert fts_query("Cœur") == '"coeur"*'


def test_filters(library: Any) -> None:
    _, index, ids = library
    assert found(index, "", family="Espaces verts") == [ids["Débroussaillement"],
                                                        ids["Entretien"]]
    assert found(index, "", family="proprete") == [ids["Entretien"], ids["Nettoyage"]]
    assert found(index, "", buyer_kind=BuyerKind.COMMUNE) == [ids["Entretien"],
                                                              ids["Nettoyage"]]
    assert found(index, "", role=ReferenceRole.COTRAITANT) == [ids["Chantier"]]
    assert found(index, "", year_from=2024) == [ids["Chantier"], ids["Débroussaillement"]]
    assert found(index, "", year_from=2020, year_to=2021) == [ids["Entretien"]]
    assert found(index, "", amount_min=Decimal("20000"), amount_max=Decimal("125000.50")) == [
        ids["Débroussaillement"], ids["Entretien"]]
    assert found(index, "", include_confidential=False) == [
        ids["Chantier"], ids["Débroussaillement"], ids["Entretien"]]
    assert found(index, "espaces", family="propreté", year_to=2022) == [ids["Entretien"]]


def test_sort_orders(library: Any) -> None:
    _, index, ids = library
    by_amount = [h.id for h in index.search_references("", sort=SortOrder.AMOUNT)]
    assert by_amount == [ids["Entretien"], ids["Débroussaillement"], ids["Chantier"],
                         ids["Nettoyage"]]  # no amount: last
    by_date = [h.id for h in index.search_references("e", sort=SortOrder.DATE)]
    assert by_date[0] == ids["Chantier"]


def test_title_words_rank_first(library: Any) -> None:
    session, index, ids = library
    assert found(index, "insertion")[0] == ids["Chantier"]


def test_index_follows_updates_deletes_and_rollbacks(library: Any) -> None:
    session, index, ids = library
    item = session.references.get(ids["Chantier"])
    item.title = "Atelier vélo solidaire"
    session.references.update(item)
    assert found(index, "ressourcerie") == []
    assert found(index, "velo") == [ids["Chantier"]]
    session.references.delete(ids["Débroussaillement"])
    assert found(index, "debroussaillement") == []
    with pytest.raises(RuntimeError), session.ws.transaction():
        session.references.add(ref(item.structure_id, "Blanchisserie hospitalière"))
        raise RuntimeError("coupure")
    assert found(index, "blanchisserie") == []
    if index.fts:
        row = session.ws.conn.execute(
            "INSERT INTO library_references_fts(library_references_fts) VALUES ('integrity-check')"
        )
        assert row is not None  # raises if the external-content index disagrees


def test_text_blocks_search(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        session.text_blocks.add(TextBlock(structure_id=sid, title="Présentation",
                                          body="Notre **chantier d'insertion** accueille…"))
        session.text_blocks.add(TextBlock(structure_id=sid, title="Sécurité",
                                          body="- port des EPI\n- *consignes* écrites",
                                          category="securite"))
        index = search_index(session.ws)
        ids = [h.id for h in index.search_blocks("chantier d'insert")]
        assert len(ids) == 1
        assert [h.id for h in index.search_blocks("consignes")] != []
        assert index.search_blocks("securite", category="presentation") == []
        assert len(index.search_blocks("", category="securite")) == 1
    finally:
        session.close()


def test_writes_without_fts_are_indexed_when_fts_returns(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    search_index(session.ws).ensure()
    use_like_search(session.ws)  # as on a computer whose SQLite lacks FTS5
    session.references.add(ref(sid, "Restauration collective du collège"))
    session.close()
    session = open_session(path)
    try:
        index = search_index(session.ws)
        assert index.fts
        assert len(found(index, "restauration")) == 1
    finally:
        session.close()


def test_workspace_from_schema_1_gets_its_references_indexed(tmp_path: Path) -> None:
    path = tmp_path / "old.responder"
    ws = open_workspace(path, schema_version=1)
    ws.conn.execute("INSERT INTO structures(name, data, created_at, updated_at) VALUES "
                    "('A', ?, '2026-01-01', '2026-01-01')",
                    (json.dumps({"name": "A"}),))
    data = ref(1, "Élagage des platanes du cours", start="2023-01-01", amount_ht="9000")
    ws.conn.execute(
        "INSERT INTO library_references(structure_id, title, data, created_at, updated_at) "
        "VALUES (1, ?, ?, '2026-01-01', '2026-01-01')",
        (data.title, data.model_dump_json(exclude={"id"})),
    )
    ws.close()
    session = open_session(path)
    try:
        index = search_index(session.ws)
        assert len(found(index, "elagage platanes")) == 1
        assert len(found(index, "", year_from=2023, amount_max=Decimal(9000))) == 1
    finally:
        session.close()


def test_each_typed_prefix_on_a_thousand_references_gives_a_full_first_page(
    tmp_path: Path,
) -> None:
    # How fast this is measured by bench/library.py; here, what typing returns.
    session, sid = new_session(tmp_path / "w.responder")
    try:
        with session.ws.transaction():
            for n in range(1000):
                session.references.add(ref(sid, f"Entretien des espaces verts n° {n}",
                                           start=date(2015 + n % 10, 1, 1).isoformat(),
                                           amount_ht=str(1000 + n)))
        index = search_index(session.ws)
        for typed in ("e", "en", "ent", "entr", "entretien des esp"):
            assert len(index.search_references(typed)) == 50, typed
        assert len(index.search_references("entretien des esp", limit=None)) == 1000
        [only] = index.search_references("espaces verts 999")
        assert session.references.get(only.id).title == "Entretien des espaces verts n° 999"
    finally:
        session.close()


def _sqlite_says_fts5(conn: sqlite3.Connection) -> bool:
    """The oracle: SQLite's own build options, and the version that brought the
    « remove_diacritics 2 » option of unicode61 (3.27.0)."""
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    version = tuple(int(part) for part in sqlite3.sqlite_version.split("."))
    return "ENABLE_FTS5" in options and version >= (3, 27, 0)


def test_fts_probe_matches_sqlite() -> None:
    from responder.storage.db import fts5_available

    conn = sqlite3.connect(":memory:")
    assert fts5_available(conn) is _sqlite_says_fts5(conn)
    # The probe leaves nothing behind, and a second probe says the same.
    assert conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone() == (0,)
    assert fts5_available(conn) is _sqlite_says_fts5(conn)


def test_candidate_batch_follows_what_the_filters_keep(tmp_path: Path) -> None:
    from responder.domain.structure import Structure
    from responder.storage.search import _reference_filters

    session, sid = new_session(tmp_path / "w.responder")
    try:
        other = session.structures.add(Structure(name="Autre structure")).id
        assert other is not None
        with session.ws.transaction():
            for n in range(600):  # one in three is ours
                owner = sid if n % 3 == 0 else other
                session.references.add(ref(owner, f"Entretien des espaces verts n° {n}"))
        index = search_index(session.ws)
        ours = ReferenceFilters(structure_id=sid)
        where = _reference_filters(ours)[0]
        first = index._batch_size(where, 50)
        for typed in ("e", "en", "entretien", "esp"):
            best = index.search_references(typed, ours, limit=50)
            every = index.search_references(typed, ours, limit=None)
            assert [h.id for h in best] == [h.id for h in every[:50]]
            assert len(best) == 50
        # A third of the candidates pass: the next batch is about three times larger.
        assert index._batch_size(where, 50) > 2.5 * first
    finally:
        session.close()
