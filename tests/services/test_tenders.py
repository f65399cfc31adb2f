"""Tender use cases as the GUI and the CLI call them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.enums import TenderStatus
from responder.domain.library import Reference
from responder.services.tenders import TENDER_JSON_VERSION, TenderService
from tests.helpers import new_session, tender_data


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[TenderService, int]]:
    session, sid = new_session(tmp_path / "w.responder")
    yield TenderService(session), sid
    session.close()


Svc = tuple[TenderService, int]


def test_save_refuses_110_percent_and_stores_nothing(service: Svc) -> None:
    svc, sid = service
    bad = tender_data(
        criteria=[{"name": "Technique", "weight": 70}, {"name": "Prix", "weight": 40}]
    )
    with pytest.raises(InvalidInput) as info:
        svc.save(bad, structure_id=sid)
    assert "110 %" in info.value.messages["criteria"]
    assert svc.list() == []


def test_update_keeps_id_and_moves_updated_at(service: Svc) -> None:
    svc, sid = service
    first = svc.save(tender_data(), structure_id=sid)
    changed = svc.save({**first.model_dump(), "title": "Nouveau titre"})
    assert changed.id == first.id
    assert svc.get(first.id).title == "Nouveau titre"
    assert changed.created_at == first.created_at


def test_list_orders_by_deadline_undated_last(service: Svc) -> None:
    svc, sid = service
    svc.save(tender_data(title="Sans date", deadline=None, questions_deadline=None), sid)
    svc.save(tender_data(title="Tard", deadline="2027-02-01T12:00:00"), sid)
    svc.save(tender_data(title="Tôt"), sid)
    assert [t.title for t in svc.list()] == ["Tôt", "Tard", "Sans date"]


def test_duplicate_returns_to_veille(service: Svc) -> None:
    svc, sid = service
    original = svc.save(tender_data(), structure_id=sid)
    copy = svc.duplicate(original.id)
    assert copy.id != original.id
    assert copy.title.endswith("(copie)")
    assert copy.status == TenderStatus.VEILLE
    assert copy.criteria == original.criteria


def test_delete_then_restore_gives_back_the_same_dossier(service: Svc) -> None:
    svc, sid = service
    saved = svc.save(tender_data(), structure_id=sid)
    deleted = svc.delete(saved.id)
    assert svc.list() == []
    restored = svc.restore(deleted)
    assert restored.model_dump() == saved.model_dump()
    assert svc.get(saved.id).model_dump() == saved.model_dump()


def test_export_then_import_gives_an_identical_tender(service: Svc, tmp_path: Path) -> None:
    svc, sid = service
    saved = svc.save(tender_data(), structure_id=sid)
    out = svc.export_json(saved.id, tmp_path / "export" / "dossier.json")
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["schema_version"] == TENDER_JSON_VERSION
    assert "id" not in payload and payload["title"] == saved.title
    imported = svc.import_json(out, sid)
    assert imported.id != saved.id
    assert imported.model_dump(exclude={"id"}) == saved.model_dump(exclude={"id"})


def test_import_errors_name_the_field(service: Svc, tmp_path: Path) -> None:
    svc, sid = service
    saved = svc.save(tender_data(), structure_id=sid)
    payload = json.loads(svc.to_json(saved))
    payload["deadline"] = "demain"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        svc.import_json(bad, sid)
    assert "deadline" in info.value.messages

    broken = tmp_path / "broken.json"
    broken.write_text('{"title": ', encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        svc.import_json(broken, sid)
    assert "JSON valide" in info.value.messages[""]

    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**payload, "schema_version": 99}), encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        svc.import_json(newer, sid)
    assert "plus récente" in info.value.messages["schema_version"]


def test_failed_export_keeps_the_previous_file(service: Svc, tmp_path: Path) -> None:
    svc, sid = service
    saved = svc.save(tender_data(), structure_id=sid)
    target = tmp_path / "dossier.json"
    target.write_text("ancienne version", encoding="utf-8")
    with pytest.raises(InvalidInput):
        svc.export_json(999, target)
    assert target.read_text(encoding="utf-8") == "ancienne version"
    svc.export_json(saved.id, target)
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == saved.title


def test_undo_of_a_deletion_brings_back_checklist_and_memoire(service: Svc) -> None:
    from responder.services.checklist import ChecklistService
    from responder.services.memoire import MemoireService

    svc, sid = service
    saved = svc.save(tender_data(), structure_id=sid)
    checklists = ChecklistService(svc.session)
    item = checklists.view(saved.id).rows[0].item
    checklists.set_status(saved.id, item.uid, "pret")
    memoires = MemoireService(svc.session)
    memoires.outline(saved.id)
    assert memoires.get(saved.id) is not None

    deleted = svc.delete(saved.id)
    assert svc.list() == []
    svc.restore(deleted)

    assert svc.get(saved.id).model_dump() == saved.model_dump()
    row = next(r for r in checklists.view(saved.id).rows if r.item.uid == item.uid)
    assert row.item.status == "pret"
    assert memoires.get(saved.id) is not None


def test_ids_are_never_reused_after_a_deletion(service: Svc) -> None:
    svc, sid = service
    first = svc.save(tender_data(title="Premier"), structure_id=sid)
    svc.session.ws.set_setting(f"retroplanning:{first.id}", "{}")
    svc.delete(first.id)
    svc.purge_deleted(now=datetime(2100, 1, 1))  # gone for good
    second = svc.save(tender_data(title="Second"), structure_id=sid)
    assert second.id != first.id
    ref = svc.session.references.add(Reference(title="Réf", structure_id=sid))
    svc.session.references.delete(ref.id)
    again = svc.session.references.add(Reference(title="Autre", structure_id=sid))
    assert again.id != ref.id


def test_deleted_dossiers_are_purged_after_thirty_days(service: Svc) -> None:
    svc, sid = service
    saved = svc.save(tender_data(), structure_id=sid)
    svc.delete(saved.id)
    assert svc.purge_deleted(now=datetime.now()) == 0  # still recoverable
    assert svc.purge_deleted(now=datetime.now() + timedelta(days=31)) == 1
    assert svc.session.tenders.undelete(saved.id) is False
