"""The go / no-go of a dossier on 1 December 2026: the time checks, the effort a structure
records for its steps, the lines of the grid the tab explains, and a decision refused with
every missing field at once (real workspace)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from responder.domain.errors import InvalidInput
from responder.domain.gonogo import Assessment
from responder.domain.library import Reference
from responder.domain.structure import YearTurnover
from responder.services.gonogo import GoNoGoService
from responder.services.tenders import TenderService
from tests.helpers import new_session, tender_data

TODAY = date(2026, 12, 1)


@pytest.fixture
def gonogo(tmp_path: Path) -> Iterator[tuple[GoNoGoService, Any, int]]:
    session, sid = new_session(tmp_path / "decision.responder")

    def assess(**overrides: Any) -> Assessment:
        saved = TenderService(session).save(tender_data(**overrides), structure_id=sid)
        assert saved.id is not None
        return GoNoGoService(session).assess(saved.id, today=TODAY)

    yield GoNoGoService(session), assess, sid
    session.close()


def _codes(assessment: Assessment) -> dict[str, str]:
    return {c.code: c.severity for c in assessment.blocking + assessment.warnings}


def _line(assessment: Assessment, key: str) -> tuple[int, int, str]:
    line = next(s for s in assessment.grid if s.key == key)
    return line.points, line.max_points, line.reason


def test_without_deadline_the_time_left_is_unknown_not_blocking(gonogo: tuple) -> None:
    _, assess, _ = gonogo
    assessment = assess(deadline=None, questions_deadline=None)
    assert _codes(assessment)["DLRO_INCONNUE"] == "attention"
    assert assessment.working_days_left is None


def test_a_passed_deadline_blocks_with_its_article(gonogo: tuple) -> None:
    _, assess, _ = gonogo
    assessment = assess(deadline="2026-11-20T12:00:00", questions_deadline=None,
                        published_on="2026-10-01")
    [passed] = [c for c in assessment.blocking if c.code == "DLRO_PASSEE"]
    assert passed.article == "R2151-5" and assessment.working_days_left == -7
    assert assessment.recommendation == "no_go"


def test_the_effort_recorded_by_a_structure_is_its_own(gonogo: tuple) -> None:
    service, assess, sid = gonogo
    before = assess(deadline="2027-02-26T12:00:00").effort_days
    service.set_effort(sid, {"memoire": 2})
    assert {s.key: s.days for s in service.steps(sid)}["memoire"] == 2
    assert {s.key: s.days for s in service.steps(None)}["memoire"] == 4  # the default
    assert assess(deadline="2027-02-26T12:00:00").effort_days == before - 2


def test_a_buyer_already_worked_for_gives_the_territory_points(gonogo: tuple) -> None:
    service, assess, sid = gonogo
    assert _line(assess(), "territoire") == (5, 15, "lieu d'exécution à vérifier dans le RC")
    service.session.references.add(Reference(
        structure_id=sid, title="Collecte des encombrants 2024",
        buyer_name="Communauté d'agglomération Nîmes Métropole"))
    assert _line(assess(), "territoire") == (
        15, 15, "vous avez déjà travaillé pour cet acheteur")


def test_a_contract_above_the_turnover_asks_for_a_groupement(gonogo: tuple) -> None:
    service, assess, sid = gonogo
    assert _line(assess(), "groupement") == (15, 15, "vous pouvez répondre seul")
    structure = service.session.structures.get(sid)
    structure.turnover = [YearTurnover(year=2025, amount=Decimal(60000))]
    service.session.structures.update(structure)
    assert _line(assess(), "groupement") == (
        0, 15, "le marché dépasse votre chiffre d'affaires : un groupement aiderait")


def test_a_decision_lists_every_missing_field_at_once(gonogo: tuple) -> None:
    service, assess, _ = gonogo
    with pytest.raises(InvalidInput) as info:
        service.decide(assess().tender_id, "peut-être", "  ", "")
    assert info.value.messages == {
        "decision": "choisissez « go » ou « no_go ».",
        "decided_by": "indiquez qui prend la décision (nom ou fonction).",
        "reasons": "notez en une phrase pourquoi, pour vous en souvenir.",
    }
