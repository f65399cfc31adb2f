"""The start-up dossier list read straight from the workspace file (``storage/listing.py``):
the same answer as the services, ``None`` for anything unusual, and never a write."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from responder.domain.enums import Procedure
from responder.domain.tender_row import TenderRow
from responder.services.demo import create_demo
from responder.services.structure_admin import StructureAdmin
from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.services.workspace import Session, open_session
from responder.storage.listing import Listing, read_listing
from responder.storage.migrations import SCHEMA_VERSION
from tests.helpers import new_session, tender_data


def _services_view(session: Session) -> tuple[str, tuple[TenderRow, ...]]:
    """What the services show: the current structure's name and its rows, in order."""
    structure = StructureService(session).current()
    assert structure.id is not None
    rows = tuple(TenderRow.of(t) for t in TenderService(session).list(structure.id))
    return structure.name, rows


def _expected(path: Path) -> tuple[str, tuple[TenderRow, ...]]:
    session = open_session(path, create=False)
    try:
        return _services_view(session)
    finally:
        session.close()


def _assert_same_as_services(path: Path) -> Listing:
    listing = read_listing(path)
    assert listing is not None
    name, rows = _expected(path)
    assert listing.structure_name == name
    assert listing.tenders == rows
    assert [r.id for r in listing.tenders] == [r.id for r in rows]
    return listing


def _undated(**overrides: Any) -> dict[str, Any]:
    return tender_data(deadline=None, questions_deadline=None, **overrides)


def _workspace_with_dossiers(path: Path) -> list[int]:
    """A closed workspace with one structure and three dated dossiers; their ids."""
    session, sid = new_session(path)
    try:
        service = TenderService(session)
        ids = []
        for deadline in ("2027-01-15T12:00:00", "2026-12-18T12:00:00", "2027-02-01T09:00:00"):
            saved = service.save(tender_data(deadline=deadline), sid)
            assert saved.id is not None
            ids.append(saved.id)
        return ids
    finally:
        session.close()


def _raw_execute(path: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


# --- 1. demo and normal workspaces --------------------------------------------------------
def test_demo_workspace_listing_equals_services_and_is_marked_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.responder"
    session = create_demo(path)
    try:
        name, rows = _services_view(session)
    finally:
        session.close()
    assert len(rows) >= 2  # the demo has several dossiers to compare
    listing = read_listing(path)
    assert listing is not None
    assert listing.demo is True
    assert listing.structure_name == name
    assert listing.tenders == rows
    assert _assert_same_as_services(path).demo is True


def test_normal_workspace_listing_equals_services_and_is_not_demo(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    _workspace_with_dossiers(path)
    listing = _assert_same_as_services(path)
    assert listing.demo is False
    assert listing.structure_name == "Ressourcerie des Garrigues"
    assert len(listing.tenders) == 3


def test_a_file_whose_path_holds_uri_signs_is_read(tmp_path: Path) -> None:
    # The file is opened through an SQLite URI: « ? », « # », « % » and spaces are its own.
    folder = tmp_path / "Dossiers 100% #1 ?"
    folder.mkdir()
    path = folder / "espace d'été.responder"
    _workspace_with_dossiers(path)
    assert len(_assert_same_as_services(path).tenders) == 3


# --- 2. the current structure -------------------------------------------------------------
def _three_structures(path: Path) -> dict[str, int]:
    """Structures A, B, C (in that order), each with its own dossier titled by its name."""
    session = open_session(path)
    try:
        ids: dict[str, int] = {}
        for name in ("A", "B", "C"):
            structure = StructureService(session).save({"name": f"Structure {name}"})
            assert structure.id is not None
            ids[name] = structure.id
            TenderService(session).save(tender_data(title=f"Dossier de {name}"), structure.id)
        return ids
    finally:
        session.close()


def _check_current(path: Path, expected_name: str) -> None:
    listing = _assert_same_as_services(path)
    assert listing.structure_name == f"Structure {expected_name}"
    assert [r.title for r in listing.tenders] == [f"Dossier de {expected_name}"]


def test_without_remembered_structure_the_first_one_is_chosen(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    _three_structures(path)
    _check_current(path, "A")


def test_remembered_current_structure_is_chosen(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    ids = _three_structures(path)
    for name in ("B", "C"):
        session = open_session(path)
        StructureService(session).set_current(ids[name])
        session.close()
        _check_current(path, name)


def _admin(path: Path, ids: dict[str, int], name: str, how: str, *, current: bool = False,
           ) -> None:
    """``StructureAdmin``'s ``how`` (archive, delete, restore) on structure ``name``, made the
    current one first with ``current``."""
    session = open_session(path)
    if current:
        StructureService(session).set_current(ids[name])
    getattr(StructureAdmin(session), how)(ids[name])
    session.close()


def test_archived_current_structure_falls_back_to_first_active(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    ids = _three_structures(path)
    _admin(path, ids, "C", "archive", current=True)
    _check_current(path, "A")
    _admin(path, ids, "A", "archive")  # the first one archived too: the next active one
    _check_current(path, "B")


def test_deleted_current_structure_falls_back_to_first_active(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    ids = _three_structures(path)
    _admin(path, ids, "A", "delete", current=True)
    _check_current(path, "B")


def test_restored_structure_is_current_again_when_remembered(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    ids = _three_structures(path)
    _admin(path, ids, "B", "archive", current=True)
    _check_current(path, "A")
    _admin(path, ids, "B", "restore")  # its state becomes "" (active)
    _check_current(path, "B")


# --- 3. which dossiers ---------------------------------------------------------------------
def test_deleted_dossiers_are_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    first, second, third = _workspace_with_dossiers(path)
    session = open_session(path)
    TenderService(session).delete(first)
    assert session.tenders.delete(third)
    session.close()
    listing = _assert_same_as_services(path)
    assert [r.id for r in listing.tenders] == [second]


def test_dossiers_of_another_structure_are_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    ids = _workspace_with_dossiers(path)
    session = open_session(path)
    other = StructureService(session).save({"name": "Autre structure"})
    assert other.id is not None
    foreign = TenderService(session).save(tender_data(title="Pas le nôtre"), other.id)
    session.close()
    listing = _assert_same_as_services(path)
    assert listing.structure_name == "Ressourcerie des Garrigues"
    assert foreign.id not in {r.id for r in listing.tenders}
    assert sorted(r.id for r in listing.tenders) == sorted(ids)


# --- 4. fields of a row -------------------------------------------------------------------
def test_two_phase_dossier_with_only_candidatures_deadline(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    saved = TenderService(session).save(
        _undated(procedure="aor", candidatures_deadline="2026-12-01T12:00:00"), sid)
    session.close()
    listing = _assert_same_as_services(path)
    (row,) = listing.tenders
    assert row.id == saved.id
    assert row.procedure is Procedure.AOR
    assert row.deadline is None
    assert row.candidatures_deadline == datetime(2026, 12, 1, 12, 0)
    assert row.next_deadline == datetime(2026, 12, 1, 12, 0)
    assert row.no_go is False


def test_no_go_dossier_row(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    service = TenderService(session)
    no_go = service.save(
        tender_data(procedure="aoo", go_no_go={"decision": "no_go", "reasons": "Trop loin"}), sid)
    go = service.save(tender_data(go_no_go={"decision": "go"}), sid)
    undecided = service.save(tender_data(go_no_go={"min_turnover": "100000"}), sid)
    session.close()
    assert no_go.go_no_go is not None and no_go.go_no_go.decision == "no_go"
    listing = _assert_same_as_services(path)
    by_id = {r.id: r for r in listing.tenders}
    assert by_id[no_go.id].no_go is True
    assert by_id[no_go.id].procedure is Procedure.AOO
    assert by_id[go.id].no_go is False
    assert by_id[undecided.id].no_go is False


# --- 5. order ------------------------------------------------------------------------------
def test_undated_dossiers_are_listed_last(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    service = TenderService(session)
    made = [
        service.save(_undated(title="Sans date 1"), sid),
        service.save(tender_data(title="Janvier", deadline="2027-01-10T12:00:00"), sid),
        service.save(_undated(title="Candidatures seulement", procedure="aor",
                              candidatures_deadline="2026-11-25T12:00:00"), sid),
        service.save(tender_data(title="Décembre", deadline="2026-12-18T12:00:00"), sid),
        service.save(_undated(title="Sans date 2"), sid),
        service.save(tender_data(title="Décembre bis", deadline="2026-12-18T12:00:00"), sid),
    ]
    session.close()
    ids = {t.title: t.id for t in made}
    listing = _assert_same_as_services(path)
    assert [r.id for r in listing.tenders] == [
        ids["Décembre"], ids["Décembre bis"], ids["Janvier"],
        ids["Sans date 1"], ids["Candidatures seulement"], ids["Sans date 2"],
    ]
    assert all(r.deadline is None for r in listing.tenders[3:])


# --- 6. None for anything unusual ------------------------------------------------------------
def test_missing_file_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "absent.responder"
    assert read_listing(path) is None
    assert not path.exists()


def test_directory_gives_none(tmp_path: Path) -> None:
    assert read_listing(tmp_path) is None


def test_random_bytes_give_none(tmp_path: Path) -> None:
    path = tmp_path / "bruit.responder"
    data = random.Random(1234).randbytes(8192)
    path.write_bytes(data)
    assert read_listing(path) is None
    assert path.read_bytes() == data


def _foreign_database(path: Path, version: int) -> bytes:
    """Another program's SQLite file (a table of its own) at format ``version``; its bytes."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('bonjour')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_sqlite_file_of_another_program_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite"
    before = _foreign_database(path, 0)
    assert read_listing(path) is None
    assert path.read_bytes() == before


def test_sqlite_file_of_another_program_with_our_version_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite"
    _foreign_database(path, SCHEMA_VERSION)
    assert read_listing(path) is None


def test_older_schema_version_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    _workspace_with_dossiers(path)
    assert read_listing(path) is not None
    _raw_execute(path, f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    assert read_listing(path) is None


def test_newer_schema_version_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    _workspace_with_dossiers(path)
    _raw_execute(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert read_listing(path) is None


def test_unknown_status_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    first, _, _ = _workspace_with_dossiers(path)
    assert read_listing(path) is not None
    _raw_execute(path, "UPDATE tenders SET status = 'inconnu' WHERE id = ?", (first,))
    assert read_listing(path) is None


def test_deadline_with_time_zone_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    first, _, _ = _workspace_with_dossiers(path)
    assert read_listing(path) is not None
    _raw_execute(path, "UPDATE tenders SET deadline = '2026-12-18T12:00:00+01:00' WHERE id = ?",
                 (first,))
    assert read_listing(path) is None


def test_unreadable_deadline_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    first, _, _ = _workspace_with_dossiers(path)
    _raw_execute(path, "UPDATE tenders SET deadline = 'demain midi' WHERE id = ?", (first,))
    assert read_listing(path) is None


def test_empty_workspace_without_structure_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "vide.responder"
    open_session(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # Opening does not create a structure: the services create it on first use.
        assert conn.execute("SELECT COUNT(*) FROM structures").fetchone()[0] == 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
    assert read_listing(path) is None


# --- 7. reading never writes ----------------------------------------------------------------
def test_reading_does_not_change_the_file(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    _workspace_with_dossiers(path)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.responder"]  # closed cleanly
    listing = read_listing(path)
    assert listing is not None and len(listing.tenders) == 3
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    # SQLite's read-only WAL reader may leave an empty -wal (and a -shm index) behind: no
    # data is written to it, and the real opening afterwards sees the same dossiers.
    wal = tmp_path / "w.responder-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert _assert_same_as_services(path).tenders == listing.tenders


def test_reading_a_refused_file_does_not_change_it(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    _workspace_with_dossiers(path)
    _raw_execute(path, f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    assert read_listing(path) is None
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime


def test_reading_while_a_session_holds_the_workspace_open(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    _workspace_with_dossiers(path)
    session = open_session(path)
    try:
        structure = StructureService(session).current()
        added = TenderService(session).save(
            tender_data(title="Ajouté pendant la session", deadline="2026-12-20T10:00:00"),
            structure.id)
        name, rows = _services_view(session)
        before = path.read_bytes()
        mtime = path.stat().st_mtime_ns
        listing = read_listing(path)
        assert listing is not None
        assert listing.structure_name == name
        assert listing.tenders == rows
        assert added.id in {r.id for r in listing.tenders}
        assert path.read_bytes() == before
        assert path.stat().st_mtime_ns == mtime
        # The session still writes after the read (no lock left behind).
        TenderService(session).delete(added.id or 0)
    finally:
        session.close()
    assert added.id not in {r.id for r in _assert_same_as_services(path).tenders}
