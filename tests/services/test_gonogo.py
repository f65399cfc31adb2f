"""Go / no-go: blocking checks first (reserved lots, turnover, time, pieces), the scored grid,
the recommendation, and the decision kept in the tender (CLI run as a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.gonogo import Decision
from responder.services.demo import create_demo
from responder.services.gonogo import GoNoGoService, _reserved_lot_check, is_no_go
from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.services.workspace import Session
from tests.helpers import open_workspace_session

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    yield from open_workspace_session(tmp_path)


def _tender(session: Session, **changes: object) -> int:
    structure = StructureService(session).current()
    data: dict[str, object] = {
        "title": "Entretien des espaces verts", "buyer": "Ville d'Alès",
        "deadline": datetime(2027, 1, 20, 12, 0), "status": "veille",
        "lots": [{"number": 1, "title": "Tonte", "estimated_amount": "80000"}],
    }
    data.update(changes)
    saved = TenderService(session).save(data, structure.id)
    assert saved.id is not None
    return saved.id


def test_reserved_lot_closed_to_the_structure_is_blocking(session: Session) -> None:
    StructureService(session).save({**StructureService(session).current().model_dump(),
                                    "ess_statuses": ["aci"]})
    tender_id = _tender(session, lots=[
        {"number": 1, "title": "Blanchisserie", "reserved": "L2113-12"}])
    assessment = GoNoGoService(session).assess(tender_id, TODAY)
    codes = [c.code for c in assessment.blocking]
    assert "RESERVE_NON_ELIGIBLE" in codes
    check = next(c for c in assessment.blocking if c.code == "RESERVE_NON_ELIGIBLE")
    assert check.article == "L2113-12"
    assert assessment.recommendation == "no_go"


def test_an_aci_may_answer_a_siae_lot_and_sees_the_closed_one(session: Session) -> None:
    structure = StructureService(session).save(
        {**StructureService(session).current().model_dump(), "ess_statuses": ["aci"]})
    tender = TenderService(session).get(_tender(session, lots=[
        {"number": 1, "title": "Collecte", "reserved": "L2113-13"},
        {"number": 2, "title": "Tri", "reserved": "L2113-12"},
    ]))
    """L2113-13: an ACI may answer the SIAE lot (« à vérifier » while its conventionnement
    is not on file) and sees the ESAT / EA lot (L2113-12) closed."""
    checks = _reserved_lot_check(session, tender, structure)
    assert [c.code for c in checks] == ["RESERVE_LOTS_EXCLUS", "RESERVE_A_VERIFIER"]
    assert "lot 2" in checks[0].detail and "lot 1" not in checks[0].detail
    assert "lot 1" in checks[1].detail and "lot 2" not in checks[1].detail


def test_not_enough_working_days_for_the_recorded_effort_blocks(session: Session) -> None:
    service = GoNoGoService(session)
    tender_id = _tender(session, deadline=datetime(2026, 12, 8, 12, 0))  # 5 working days
    assessment = service.assess(tender_id, TODAY)
    assert assessment.working_days_left == 5
    assert "DELAI_INSUFFISANT" in [c.code for c in assessment.blocking]
    structure_id = StructureService(session).current().id
    assert structure_id is not None
    service.set_effort(structure_id, {"memoire": 0, "prix": 0, "lecture": 0})
    assert service.assess(tender_id, TODAY).effort_days == 3
    assert "DELAI_INSUFFISANT" not in [c.code for c in service.assess(tender_id, TODAY).blocking]
    with pytest.raises(InvalidInput) as error:
        service.set_effort(structure_id, {"relecture": 500, "inconnue": 1})
    assert set(error.value.messages) == {"relecture", "inconnue"}


def test_minimum_turnover_from_the_rc_against_the_structure(session: Session) -> None:
    structures = StructureService(session)
    structures.save({**structures.current().model_dump(),
                     "turnover": [{"year": 2025, "amount": "90000"}]})
    service = GoNoGoService(session)
    tender_id = _tender(session)
    # No minimum typed: R2142-7 caps what the buyer may ask at 1.5 × 80 000 = 120 000.
    warning = [c for c in service.assess(tender_id, TODAY).warnings if c.code == "CA_PLAFOND"]
    assert warning and warning[0].article == "R2142-7" and "1,5" in warning[0].detail
    service.set_min_turnover(tender_id, Decimal("100000"))
    assessment = service.assess(tender_id, TODAY)
    assert "CA_INSUFFISANT" in [c.code for c in assessment.blocking]
    service.set_min_turnover(tender_id, Decimal("50000"))
    assert "CA_INSUFFISANT" not in [c.code for c in service.assess(tender_id, TODAY).blocking]


def test_the_decision_is_kept_with_who_when_why_and_go_moves_to_preparation(
    session: Session,
) -> None:
    service = GoNoGoService(session)
    tender_id = _tender(session)
    with pytest.raises(InvalidInput) as error:
        service.decide(tender_id, "go", "", "")
    assert set(error.value.messages) == {"decided_by", "reasons"}
    when = datetime(2026, 12, 1, 10, 30)
    service.decide(tender_id, "go", "Lucas", "Marché local, trois références", when)
    stored = TenderService(session).get(tender_id)
    assert stored.status.value == "en_preparation"
    assert stored.go_no_go is not None and stored.go_no_go.decision == Decision.GO
    assert (stored.go_no_go.decided_by, stored.go_no_go.decided_at) == ("Lucas", when)
    service.decide(tender_id, "no_go", "Le bureau", "Trop court")
    assert is_no_go(TenderService(session).get(tender_id))


def test_grid_scores_sum_to_the_score_and_references_count(tmp_path: Path) -> None:
    session = create_demo(tmp_path / "demo.responder", today=TODAY)
    try:
        service = GoNoGoService(session)
        for tender in session.tenders.list():
            assert tender.id is not None
            assessment = service.assess(tender.id, TODAY)
            assert assessment.score == sum(line.points for line in assessment.grid)
            assert 0 <= assessment.score <= 100
            assert sum(line.max_points for line in assessment.grid) == 100
    finally:
        session.close()


def test_a_piece_late_for_several_members_is_one_line_naming_them(tmp_path: Path) -> None:
    # The demo's groupement dossier: the structure's agrément (60 working days to obtain) is
    # asked of two members; the no-go reason lists it once, for both, not twice unnamed.
    session = create_demo(tmp_path / "demo.responder", today=TODAY)
    try:
        details = [check.detail for tender in session.tenders.list() if tender.id is not None
                   for check in GoNoGoService(session).assess(tender.id, TODAY).blocking
                   if check.code == "PIECE_HORS_DELAI"]
        # Two weeks on, the lone candidate's dossier is short of its signatory's powers too:
        # no member named there (it is the candidate itself).
        later = {tender.title: check.detail for tender in session.tenders.list()
                 if tender.id is not None and tender.groupement is None
                 for check in GoNoGoService(session).assess(tender.id, date(2026, 12, 16)).blocking
                 if check.code == "PIECE_HORS_DELAI"}
    finally:
        session.close()
    assert later and all(" pour " not in detail.replace(" pour l'obtenir", "")
                         for detail in later.values()), later
    assert details
    for detail in details:
        lines = detail.removesuffix(". Vérifiez si le RC les exige vraiment.").split("; ")
        labels = [line.split(" pour ")[0].split(" (")[0] for line in lines]
        assert len(labels) == len(set(labels)), detail
    assert any(" pour " in detail and " et " in detail for detail in details), details


def _responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "responder", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env=dict(os.environ), check=False)


def test_gonogo_json_on_the_demo_gives_blocking_codes_and_a_score(tmp_path: Path) -> None:
    workspace = tmp_path / "demo.responder"
    assert _responder("demo", "--workspace", str(workspace)).returncode == 0
    tenders = json.loads(_responder("tender", "list", "--workspace", str(workspace),
                                    "--json").stdout)
    seen_blocking = False
    for tender in tenders:
        done = _responder("gonogo", str(tender["id"]), "--workspace", str(workspace), "--json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
        assert data["recommendation"] in {"go", "a_etudier", "no_go"}
        assert all(c["code"] and c["severity"] == "bloquant" for c in data["blocking"])
        assert data["blocked"] == bool(data["blocking"])
        seen_blocking = seen_blocking or bool(data["blocking"])
    # The lost dossier's deadline is past: that is a blocking check with its code.
    assert seen_blocking


def test_gonogo_cli_records_the_decision_and_refuses_bad_input(tmp_path: Path) -> None:
    workspace = tmp_path / "demo.responder"
    assert _responder("demo", "--workspace", str(workspace)).returncode == 0
    done = _responder("gonogo", "2", "--workspace", str(workspace), "--decide", "go",
                      "--by", "Lucas", "--why", "Acheteur connu", "--json")
    assert done.returncode == 0, done.stderr
    decision = json.loads(done.stdout)["decision"]
    assert decision["decision"] == "go" and decision["decided_by"] == "Lucas"
    refused = _responder("gonogo", "2", "--workspace", str(workspace), "--decide", "no_go")
    assert refused.returncode == 1
    assert "qui prend la décision" in refused.stderr
    bad = _responder("gonogo", "2", "--workspace", str(workspace), "--ca-minimum", "beaucoup")
    assert bad.returncode == 1 and "n'est pas un montant" in bad.stderr
    effort = _responder("gonogo", "2", "--workspace", str(workspace), "--effort", "memoire=9",
                        "--effort", "prix=0", "--json")
    assert effort.returncode == 0, effort.stderr
    assert json.loads(effort.stdout)["effort_days"] == 1 + 1 + 9 + 0 + 1 + 1 + 3  # groupement
    wrong = _responder("gonogo", "2", "--workspace", str(workspace), "--effort", "memoire")
    assert wrong.returncode == 1 and "ÉTAPE=JOURS" in wrong.stderr
    assert datetime.now() - timedelta(minutes=5) < datetime.fromisoformat(
        decision["decided_at"])
