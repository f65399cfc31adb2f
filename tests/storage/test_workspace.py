"""The workspace file: WAL, migrations, errors a user can act on, file store."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from responder.domain.tender import Tender
from responder.storage.db import WorkspaceError, open_workspace
from responder.storage.migrations import SCHEMA_VERSION
from responder.storage.repositories import TenderRepository
from tests.helpers import new_session, tender_data

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_new_workspace_is_wal_and_current(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "w.responder")
    try:
        assert ws.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ws.schema_version() == SCHEMA_VERSION
        assert ws.integrity_ok()
    finally:
        ws.close()


def test_data_survives_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    saved = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
    session.close()
    ws = open_workspace(path, create=False)
    try:
        again = TenderRepository(ws).get(saved.id or 0)
        assert again is not None
        assert again.model_dump() == saved.model_dump()
    finally:
        ws.close()


def test_failed_transaction_leaves_nothing_half_written(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        with pytest.raises(RuntimeError), session.ws.transaction():
            session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
            raise RuntimeError("coupure")
        assert session.tenders.count() == 0
    finally:
        session.close()


def test_not_a_database_gets_a_french_message(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.responder"
    bogus.write_bytes(b"Ceci n'est pas une base SQLite" * 200)
    with pytest.raises(WorkspaceError) as info:
        open_workspace(bogus)
    assert "n'est pas un espace de travail Responder valide" in str(info.value)
    assert bogus.read_bytes().startswith(b"Ceci")  # the user's file is left alone


def test_workspace_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "futur.responder"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(WorkspaceError) as info:
        open_workspace(path)
    assert "version plus récente" in str(info.value)


def test_missing_workspace_without_create(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        open_workspace(tmp_path / "absent.responder", create=False)
    assert "responder demo" in str(info.value)


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_released_schema_fixtures_open_with_current_code(tmp_path: Path, version: int) -> None:
    fixture = FIXTURES / f"workspace-v{version}.sqlite3"
    assert fixture.is_file(), f"commit a fixture for schema {version} (tests/fixtures/README.md)"
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    from responder.services.tenders import TenderService
    from responder.services.workspace import open_session

    session = open_session(copy, create=False)
    try:
        assert session.ws.schema_version() == SCHEMA_VERSION
        tenders = TenderService(session).list()
        assert [t.title for t in tenders] == ["Entretien des espaces verts — fixture"]
        assert tenders[0].criteria[0].name == "Valeur technique"
    finally:
        session.close()


def test_file_store_is_content_addressed(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path / "w.responder")
    try:
        original = tmp_path / "urssaf.pdf"
        original.write_bytes(b"%PDF-1.4 attestation")
        digest = session.files.add(original)
        assert session.files.add(original) == digest
        original.unlink()  # the user moves or deletes their copy
        stored = session.files.find(digest)
        assert stored is not None and stored.read_bytes() == b"%PDF-1.4 attestation"
        assert stored.parent.parent == tmp_path / "w-fichiers"
    finally:
        session.close()
