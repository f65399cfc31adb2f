"""Each dossier's single next action, and structures archived or deleted with undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.gonogo import Decision
from responder.services.gonogo import GoNoGoService
from responder.services.next_step import next_step
from responder.services.structure_admin import StructureAdmin
from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.services.workspace import Session
from tests.helpers import open_workspace_session

TODAY = date(2026, 12, 1)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    yield from open_workspace_session(tmp_path)


def test_next_step_goes_from_deadline_to_decision_to_the_plan(session: Session) -> None:
    tenders = TenderService(session)
    sid = StructureService(session).current().id
    tender = tenders.save({"title": "Nettoyage des gymnases"}, sid)
    assert tender.id is not None
    assert "Saisir la date limite" in next_step(session, tender, TODAY)
    tender = tenders.save({**tender.model_dump(), "deadline": datetime(2027, 1, 15, 12)})
    assert next_step(session, tender, TODAY) == "Décider d'y aller ou non (onglet Go / no-go)."
    GoNoGoService(session).decide(tender.id, "go", "Lucas", "Acheteur connu")
    decided = tenders.get(tender.id)
    step = next_step(session, decided, TODAY)
    assert "Go / no-go" not in step and "onglet" in step
    GoNoGoService(session).decide(tender.id, "no_go", "Lucas", "Trop loin")
    assert next_step(session, tenders.get(tender.id), TODAY).startswith("Aucune")
    # A consultation form loaded before the « no-go » never puts its stale « go » back.
    resaved = tenders.save(decided.model_dump())
    assert resaved.go_no_go is not None and resaved.go_no_go.decision == Decision.NO_GO
    GoNoGoService(session).clear_decision(tender.id)
    lost = tenders.save({**tenders.get(tender.id).model_dump(), "status": "perdu"})
    assert "motifs du rejet" in next_step(session, lost, TODAY)


def test_archive_delete_and_undo_a_structure(session: Session) -> None:
    structures = StructureService(session)
    first = structures.current()
    second = structures.save({"name": "ESAT des Cévennes"})
    assert first.id is not None and second.id is not None
    tender = TenderService(session).save({"title": "Blanchisserie"}, second.id)
    admin = StructureAdmin(session)
    admin.archive(second.id)
    assert [s.id for s in structures.list()] == [first.id]
    assert [s.id for s in admin.archived()] == [second.id]
    admin.restore(second.id)
    admin.delete(second.id)
    assert [s.id for s in structures.list()] == [first.id]
    assert admin.archived() == []  # deleted is not archived
    structures.set_current(first.id)
    with pytest.raises(InvalidInput) as error:
        admin.delete(first.id)  # the last active structure stays
    assert "seule structure active" in str(error.value)
    admin.restore(second.id)  # undo: everything is back, its dossier too
    assert {s.id for s in structures.list()} == {first.id, second.id}
    assert TenderService(session).get(tender.id or 0).title == "Blanchisserie"


def test_current_structure_falls_back_when_the_stored_one_is_hidden(session: Session) -> None:
    structures = StructureService(session)
    first = structures.current()
    second = structures.save({"name": "SCIC Bois local"})
    assert second.id is not None
    structures.set_current(second.id)
    StructureAdmin(session).archive(second.id)
    assert structures.current().id == first.id
