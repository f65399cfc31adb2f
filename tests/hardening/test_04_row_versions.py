"""Item 4 at the storage level: versions survive every read path; a table created without the
column (added by a later migration) still works, unchecked."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder.domain.library import Reference
from responder.domain.structure import Structure
from responder.services.tenders import TenderService
from responder.services.workspace import open_session
from responder.storage.repositories import JsonRepository, StaleWrite

from ..helpers import tender_data


def test_item04_every_read_path_carries_the_version_and_json_never_does(tmp_path: Path) -> None:
    session = open_session(tmp_path / "ws.responder")
    try:
        sid = session.structures.add(Structure(name="Jardins & Cie")).id
        ref = session.references.add(Reference(structure_id=sid, title="Tonte"))
        assert ref.row_version == 0
        ref.title = "Tonte et taille"
        ref = session.references.update(ref)
        assert ref.row_version == 1
        assert session.references.get(ref.id or 0).row_version == 1  # type: ignore[union-attr]
        assert session.references.list(sid)[0].row_version == 1
        assert session.references.get_many([ref.id or 0])[0].row_version == 1
        assert "row_version" not in ref.model_dump() and "row_version" not in ref.model_dump_json()
        tenders = TenderService(session)
        tender = tenders.save({**tender_data(), "structure_id": sid})
        stale = tenders.get(tender.id or 0)
        tender.title = "Changé ailleurs"
        tenders.save(tender)
        stale.title = "Copie périmée"
        with pytest.raises(StaleWrite, match="modifié ailleurs depuis son ouverture"):
            tenders.save(stale)
        assert "row_version" not in tenders.to_json(tenders.get(tender.id or 0))
    finally:
        session.close()


class _Legacy(Reference):
    pass


class _LegacyRepository(JsonRepository[_Legacy]):
    table = "sans_version"
    model = _Legacy


def test_item04_a_table_without_the_column_is_saved_unchecked(tmp_path: Path) -> None:
    session = open_session(tmp_path / "ws.responder")
    try:
        session.ws.conn.execute(
            "CREATE TABLE sans_version (id INTEGER PRIMARY KEY, structure_id INTEGER, "
            "title TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL, "
            "updated_at TEXT NOT NULL)"
        )
        repo = _LegacyRepository(session.ws)
        item = repo.add(_Legacy(title="Sans version"))
        assert item.row_version is None
        item.title = "Modifiée"
        assert repo.update(item).title == "Modifiée"
        assert repo.get(item.id or 0).row_version is None  # type: ignore[union-attr]
    finally:
        session.close()
