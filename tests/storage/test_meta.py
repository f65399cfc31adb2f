"""Settings lookups by prefix, the ``files`` table and the block-usage log (storage layer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.domain.library import TextBlock
from responder.domain.tender import Tender
from responder.services.workspace import Session
from responder.storage.files import FileStore
from responder.storage.meta import add_block_uses, keys_with_value, settings_with_prefix
from tests.helpers import new_session, tender_data


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened, _ = new_session(tmp_path / "w.responder")
    yield opened
    opened.close()


def test_settings_by_prefix_and_value(session: Session) -> None:
    ws = session.ws
    ws.set_setting("dossier_uid:2", "abc")
    ws.set_setting("dossier_uid:7", "abc")
    ws.set_setting("dossier_uid:9", "def")
    ws.set_setting("autre:1", "abc")
    assert sorted(keys_with_value(ws, "dossier_uid:", "abc")) == [
        "dossier_uid:2", "dossier_uid:7"]
    assert keys_with_value(ws, "dossier_uid:", "zzz") == []
    assert settings_with_prefix(ws, "dossier_uid:") == [
        ("dossier_uid:2", "abc"), ("dossier_uid:7", "abc"), ("dossier_uid:9", "def")]


def test_files_table_names_and_hashes(session: Session, tmp_path: Path) -> None:
    source = tmp_path / "Kbis juin.pdf"
    source.write_bytes(b"%PDF-1.4 kbis")
    store = FileStore(session.ws)
    digest = store.add(source)
    assert store.original_name(digest) == "Kbis juin.pdf"
    assert store.original_name("0" * 64) is None
    store.register(digest, "autre nom.pdf", 3, "2026-01-01T00:00:00")  # kept as first seen
    store.register("f" * 64, "importé.pdf", 12, "2026-01-01T00:00:00")
    assert store.original_name(digest) == "Kbis juin.pdf"
    assert store.hashes() == {digest, "f" * 64}


def test_block_uses_are_logged_without_touching_the_count(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        block = session.text_blocks.add(TextBlock(structure_id=sid, title="Insertion", body="x"))
        tender = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
        assert block.id is not None and tender.id is not None
        add_block_uses(session.ws, block.id, tender.id, 3, "2026-01-01T00:00:00")
        add_block_uses(session.ws, block.id, tender.id, 0, "2026-01-01T00:00:00")
        add_block_uses(session.ws, block.id, tender.id, -2, "2026-01-01T00:00:00")
        assert session.text_blocks.uses_in_tender(tender.id) == {block.id: 3}
        stored = session.text_blocks.get(block.id)
        assert stored is not None and stored.use_count == block.use_count
    finally:
        session.close()
