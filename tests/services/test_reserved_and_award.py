"""Reserved lots saved in the old single-value form keep loading (workspace row, dossier file,
tender JSON); the award date of the checklist; R2143-13/14 exemptions; two-phase dates."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.deadlines import expected_award_date
from responder.domain.enums import Reservation
from responder.domain.tender import Tender
from responder.services.checklist import ChecklistService
from responder.services.deadlines import DeadlineService, load_rulebook
from responder.services.dossier_file import export_dossier, import_dossier, read_dossier
from responder.services.tenders import TenderService
from tests.helpers import new_session, session_with_tender, tender_data, workspace_session

RULES = load_rulebook()


def test_a_workspace_row_saved_with_a_single_reservation_still_reads(tmp_path: Path) -> None:
    """A tender row written before lots took several articles (« L2113-13 », null) loads."""
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    tender = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
    session.close()
    with sqlite3.connect(path) as conn:
        data = json.loads(conn.execute("SELECT data FROM tenders").fetchone()[0])
        data["lots"][0]["reserved"] = "L2113-13"
        data["lots"][1]["reserved"] = None
        conn.execute("UPDATE tenders SET data = ?", (json.dumps(data),))
    with workspace_session(path) as (session, _):
        assert tender.id is not None
        lots = TenderService(session).get(tender.id).lots
        assert [lot.reserved for lot in lots] == [[Reservation.SIAE], []]


def test_a_dossier_file_with_a_single_reservation_still_imports(tmp_path: Path) -> None:
    """A .responder file written by an older version (« reserved »: « L2113-12 ») imports."""
    with session_with_tender(tmp_path / "w.responder") as (session, tender):
        out = tmp_path / "d.responder"
        export_dossier(session, tender.id, out)
        with zipfile.ZipFile(out) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        payload = json.loads(members["tender.json"])
        payload["lots"][0]["reserved"] = "L2113-12"
        members["tender.json"] = json.dumps(payload).encode()
        manifest = json.loads(members["manifest.json"])
        manifest["members"]["tender.json"] = {
            "sha256": hashlib.sha256(members["tender.json"]).hexdigest(),
            "size": len(members["tender.json"]),
        }
        members["manifest.json"] = json.dumps(manifest).encode()
        old = tmp_path / "old.responder"
        with zipfile.ZipFile(old, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        result = import_dossier(session, read_dossier(old), update=False)
        imported = TenderService(session).get(result.tender_id)
        assert imported.lots[0].reserved == [Reservation.ESAT_EA]


def test_award_date_is_deadline_plus_30_days_never_beyond_offer_validity() -> None:
    """Award at DLRO + the dossier's delay (default 30 days, « award_delay_default »), capped
    by the offers' validity (the buyer must award while offers hold)."""
    deadline = date(2026, 12, 18)
    assert expected_award_date(RULES, deadline) == date(2027, 1, 17)
    assert expected_award_date(RULES, deadline, award_delay_days=45) == date(2027, 2, 1)
    assert expected_award_date(RULES, deadline, award_delay_days=200,
                               offer_validity_days=120) == date(2027, 4, 17)
    assert expected_award_date(RULES, deadline, offer_validity_days=20) == date(2027, 1, 7)


def test_checklist_view_uses_the_award_delay_set_on_the_dossier(tmp_path: Path) -> None:
    with session_with_tender(tmp_path / "w.responder", award_delay_days=60) as (session, tender):
        view = ChecklistService(session).view(tender.id, date(2026, 12, 1))
        assert view.award_date == date(2027, 2, 16)


@pytest.mark.parametrize("article", ["R2143-13", "R2143-14"])
def test_exempted_piece_is_sans_objet_with_its_article_r2143_13_r2143_14(
    tmp_path: Path, article: str
) -> None:
    """R2143-13 (the buyer can get it itself) / R2143-14 (it already holds it): the piece is
    no longer counted, and the reason cites the article."""
    with session_with_tender(tmp_path / "w.responder") as (session, tender):
        service = ChecklistService(session)
        before = service.view(tender.id, date(2026, 12, 1))
        uid = next(r.item.uid for r in before.rows if r.item.key == "capacite_financiere")
        service.exempt(tender.id, uid, article)
        after = service.view(tender.id, date(2026, 12, 1))
        row = next(r for r in after.rows if r.item.uid == uid)
        assert row.item.status.value == "sans_objet" and article in row.item.reason
        assert after.progress.total == before.progress.total - 1
        with pytest.raises(InvalidInput) as err:
            service.exempt(tender.id, uid, "R2143-2")
        assert "R2143-13" in err.value.messages["article"]


def test_two_phase_dossier_before_invitation_counts_down_to_candidatures_r2161_6(
    tmp_path: Path,
) -> None:
    """An AOR with only its candidatures deadline: the dashboard counts down to it."""
    with session_with_tender(
        tmp_path / "w.responder", procedure="aor", published_on="2026-11-02", deadline=None,
        questions_deadline=None, candidatures_deadline="2026-11-27T12:00:00",
    ) as (session, tender):
        plan = DeadlineService(session).plan_of(tender, date(2026, 11, 5))
        assert plan is not None
        assert plan.get("deadline").label_fr == "Date limite de remise des candidatures"
        assert [w.code for w in plan.warnings] == ["aor_candidatures_too_short"]
        board = DeadlineService(session).dashboard(now=datetime(2026, 11, 5, 9, 0))
        assert board.rows[0].days_left == 22


def test_two_phase_dates_are_checked_by_the_model() -> None:
    """The candidatures come before the offers, the invitation between the two."""
    with pytest.raises(ValueError, match="candidatures est après"):
        Tender.model_validate(tender_data(candidatures_deadline="2026-12-20T12:00:00"))
    with pytest.raises(ValueError, match="invitation"):
        Tender.model_validate(tender_data(candidatures_deadline="2026-11-30T12:00:00",
                                          invitation_on="2026-11-25"))
    ok = Tender.model_validate(tender_data(procedure="aor",
                                           candidatures_deadline="2026-11-30T12:00:00",
                                           invitation_on="2026-12-01"))
    assert ok.two_phase and ok.invitation_on == date(2026, 12, 1)
