"""Deadline service on real workspaces, and the ``responder deadlines`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from responder.domain.common import InvalidInput
from responder.domain.enums import Procedure
from responder.domain.vault import AdminDocument
from responder.services.deadlines import DeadlineService, plan_for_deadline
from responder.services.tenders import TenderService
from responder.services.workspace import open_session
from tests.helpers import new_session, tender_data

ROOT = Path(__file__).resolve().parents[2]


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
    )


def _workspace(tmp_path: Path) -> tuple[DeadlineService, int, int]:
    session, sid = new_session(tmp_path / "ws.responder")
    tender = TenderService(session).save(tender_data(
        procedure="aoo", published_on="2026-04-01", deadline="2026-05-12T14:00:00",
        questions_deadline=None, site_visit_at="2026-04-15T10:00:00",
    ), structure_id=sid)
    assert tender.id is not None
    return DeadlineService(session), sid, tender.id


# --- plan of a dossier --------------------------------------------------------------------
def test_plan_of_a_stored_dossier(tmp_path: Path) -> None:
    service, sid, tid = _workspace(tmp_path)
    service.session.documents.add(AdminDocument(
        structure_id=sid, kind="attestation_urssaf", label="Attestation URSSAF",
        valid_until=date(2026, 5, 1)))
    service.session.documents.add(AdminDocument(
        structure_id=sid, kind="kbis", label="Kbis", valid_until=date(2026, 9, 1)))
    plan = service.plan(tid, today=date(2026, 4, 1))
    upload = plan.get("upload")
    assert upload is not None and upload.when == date(2026, 5, 7)
    kinds = {d.kind for d in plan.dates}
    assert {"deadline", "site_visit", "questions_answer_limit", "questions_recommended"} <= kinds
    expiring = [d for d in plan.dates if d.source == "attestation"]
    assert [d.label_fr for d in expiring] == ["Attestation URSSAF expire"]
    service.session.close()


def test_milestone_edit_persists_in_the_workspace(tmp_path: Path) -> None:
    service, _, tid = _workspace(tmp_path)
    service.set_milestone(tid, "review", date(2026, 5, 4))
    service.session.close()
    reopened = DeadlineService(open_session(tmp_path / "ws.responder", create=False))
    review = reopened.plan(tid).get("review")
    assert review is not None and review.when == date(2026, 5, 4) and review.edited
    assert json.loads(reopened.session.ws.setting(f"retroplanning:{tid}") or "{}")[
        "milestones"] == {"review": "2026-05-04"}
    reopened.set_milestone(tid, "review", None)
    back = reopened.plan(tid).get("review")
    assert back is not None and not back.edited
    reopened.session.close()


def test_bad_milestone_edits_name_the_field(tmp_path: Path) -> None:
    service, _, tid = _workspace(tmp_path)
    with pytest.raises(InvalidInput) as err:
        service.set_milestone(tid, "review", date(2026, 5, 13))
    assert "au plus tard le jour de la date limite" in err.value.messages["milestones.review"]
    with pytest.raises(InvalidInput) as err:
        service.set_milestone(tid, "apero", date(2026, 5, 1))
    assert "milestones.apero" in err.value.messages
    with pytest.raises(InvalidInput) as err:
        service.update_settings(tid, rejection_notice_on="hier")
    assert "rejection_notice_on" in err.value.messages
    service.session.close()


def test_decision_dates_after_rejection(tmp_path: Path) -> None:
    """R2182-1 standstill and, in this AOO (formalised), the R2181-4 answer, from the dates
    the user enters."""
    service, _, tid = _workspace(tmp_path)
    service.update_settings(tid, rejection_notice_on=date(2026, 6, 1),
                            rejection_notice_electronic=False,
                            reasons_requested_on=date(2026, 6, 2))
    plan = service.plan(tid)
    standstill, reasons = plan.get("standstill_end"), plan.get("rejection_reasons_due")
    assert standstill is not None and standstill.when == date(2026, 6, 17)
    assert reasons is not None and reasons.when == date(2026, 6, 17)
    assert reasons.article == "R2181-4"
    refere = plan.get("refere_precontractuel_limit")
    assert refere is not None and refere.when == date(2026, 6, 16)
    service.session.close()


def test_alsace_moselle_from_the_department_and_as_a_setting(tmp_path: Path) -> None:
    service, sid, _ = _workspace(tmp_path)
    assert not service.alsace_moselle(sid)
    structure = service.session.structures.get(sid)
    assert structure is not None
    structure.address.postcode = "67000"
    service.session.structures.update(structure)
    assert service.alsace_moselle(sid)
    service.set_alsace_moselle(sid, False)
    assert not service.alsace_moselle(sid)
    service.session.close()


# --- dashboard ----------------------------------------------------------------------------
def test_dashboard_buckets_and_countdown(tmp_path: Path) -> None:
    service, sid, tid = _workspace(tmp_path)
    tenders = TenderService(service.session)
    soon = tenders.save(tender_data(title="Entretien des espaces verts", procedure="mapa",
                                    published_on=None, deadline="2026-05-05T12:00:00",
                                    questions_deadline=None, status="veille"),
                        structure_id=sid)
    undated = tenders.save(tender_data(title="Veille sans date", deadline=None,
                                       questions_deadline=None, published_on=None),
                           structure_id=sid)
    service.checklist_progress = lambda t: 0.5 if t.id == tid else None
    board = service.dashboard(now=datetime(2026, 4, 30, 9, 0))  # a Thursday

    rows = {r.tender_id: r for r in board.rows}
    assert [r.tender_id for r in board.rows] == [soon.id, tid, undated.id]
    assert rows[tid].countdown_fr == "J-12 · 6 jours ouvrés"
    assert rows[tid].checklist_progress == 0.5 and rows[soon.id].checklist_progress is None
    assert rows[tid].warnings == []  # 41 days for an AOO: fine
    assert rows[undated.id].countdown_fr == "Pas de date limite"
    assert rows[tid].next_date is not None and rows[tid].next_date.when >= date(2026, 4, 30)

    assert all(e.date.when < date(2026, 4, 30) for e in board.overdue)
    assert all(date(2026, 4, 30) <= e.date.when <= date(2026, 5, 3) for e in board.this_week)
    assert all(date(2026, 5, 4) <= e.date.when <= date(2026, 5, 30) for e in board.next_30_days)
    assert any(e.tender_id == soon.id and e.date.kind == "deadline" for e in board.next_30_days)
    # In preparation: the go / no-go was decided, it is not « en retard ».
    assert not any(e.tender_id == tid and e.date.kind == "go_no_go" for e in board.overdue)
    assert board.overdue and board.overdue[0].bucket_fr == "En retard"

    service.mark_done(soon.id or 0, "deadline")
    again = service.dashboard(now=datetime(2026, 4, 30, 9, 0))
    assert not any(e.tender_id == soon.id and e.date.kind == "deadline"
                   for e in again.next_30_days)
    service.session.close()


# --- calendar export ----------------------------------------------------------------------
def test_two_exports_have_the_same_uids_one_event_per_date_and_alarms(tmp_path: Path) -> None:
    service, _, tid = _workspace(tmp_path)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    count = service.export_ics(first, tid)
    service.session.close()
    reopened = DeadlineService(open_session(tmp_path / "ws.responder", create=False))
    reopened.export_ics(second, tid)

    def uids(path: Path) -> list[str]:
        events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
        done = {f"{tid}-{d.kind}-" for d in reopened.plan(tid).dates if d.done}
        assert all(len(e.walk("VALARM")) == (0 if str(e["UID"]).startswith(tuple(done))
                                             else 1) for e in events)
        return [str(e["UID"]) for e in events]

    assert uids(first) == uids(second)
    assert len(uids(first)) == count == len(reopened.plan(tid).dates)
    assert all(uid.startswith(f"{tid}-") and uid.endswith("@responder") for uid in uids(first))
    event = next(e for e in Calendar.from_ical(first.read_bytes()).walk("VEVENT")
                 if str(e["UID"]).startswith(f"{tid}-deadline-"))
    assert "Nîmes Métropole" in str(event["SUMMARY"])
    assert "Collecte et réemploi" in str(event["SUMMARY"])
    assert "R2151-5" in str(event["DESCRIPTION"])  # late offers are eliminated
    reopened.session.close()


def test_after_the_deposit_the_calendar_no_longer_reminds_the_milestones(
    tmp_path: Path,
) -> None:
    """Once « Dépôt effectué » is recorded, the go / no-go, first draft, review and signature
    steps are done: the plan ticks them off and the .ics carries no reminder for them."""
    from datetime import timedelta

    from responder.services.deposit import DepositService

    session, sid = new_session(tmp_path / "ws.responder")
    deadline = datetime.combine(date.today() + timedelta(days=40), datetime.min.time())
    tender = TenderService(session).save(tender_data(
        procedure="mapa", deadline=deadline.replace(hour=12).isoformat(),
        questions_deadline=None, status="en_preparation"), structure_id=sid)
    assert tender.id is not None
    DepositService(session).record(tender.id, datetime.now() - timedelta(hours=2))
    service = DeadlineService(session)
    plan = service.plan(tender.id)
    for kind in ("go_no_go", "first_draft", "review", "signatures", "deposit_test"):
        step = plan.get(kind)
        assert step is not None and step.done, kind
    out = tmp_path / "e.ics"
    service.export_ics(out, tender.id)
    alarms = {str(e["UID"]).split("-")[1]: len(e.walk("VALARM"))
              for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert alarms["first_draft"] == 0 and alarms["deadline"] == 1  # the deadline still reminds
    assert alarms["review"] == 0 and alarms["signatures"] == 0
    session.close()


# --- standalone plan and CLI --------------------------------------------------------------
def test_plan_for_any_deadline_without_workspace() -> None:
    plan = plan_for_deadline(datetime(2026, 5, 12, 14, 0), Procedure.AOO,
                             published_on=date(2026, 4, 1), today=date(2026, 11, 29))
    upload = plan.get("upload")
    assert upload is not None and upload.when == date(2026, 5, 7) and upload.in_past
    with pytest.raises(InvalidInput) as err:
        plan_for_deadline(datetime(2026, 5, 12, 14, 0), Procedure.AOO,
                          published_on=date(2026, 6, 1))
    assert "published_on" in err.value.messages


def test_cli_plan_json_acceptance() -> None:
    result = responder("deadlines", "plan", "--deadline", "2026-05-12T14:00",
                       "--procedure", "aoo", "--published", "2026-04-01", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    dates = {d["kind"]: d for d in data["dates"]}
    assert dates["upload"]["when"] == "2026-05-07"
    assert dates["upload"]["when_fr"] == "jeudi 7 mai 2026"
    assert dates["questions_answer_limit"]["article"] == "R2132-6"
    assert all("rule_id" in d for d in data["dates"])
    assert data["warnings"] == []


def test_cli_plan_flags_a_short_aoo() -> None:
    result = responder("deadlines", "plan", "--deadline", "2026-04-20T12:00",
                       "--procedure", "aoo", "--published", "2026-04-01")
    assert result.returncode == 0, result.stderr
    assert "R2161-2 et R2161-3" in result.stdout and "report" in result.stdout


@pytest.mark.parametrize(("args", "option"), [
    (["--deadline", "demain", "--procedure", "aoo"], "--deadline"),
    (["--deadline", "2026-05-12T14:00", "--procedure", "appel"], "--procedure"),
    (["--deadline", "2026-05-12T14:00", "--procedure", "aoo", "--published", "1/4"],
     "--published"),
    (["--deadline", "2026-05-12T14:00", "--procedure", "aoo", "--published", "2026-06-01"],
     "--published"),
])
def test_cli_plan_bad_input_exits_1_naming_the_option(args: list[str], option: str) -> None:
    result = responder("deadlines", "plan", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Erreur : {option} : ")


def test_cli_list_and_ics_on_the_demo(tmp_path: Path) -> None:
    workspace = tmp_path / "demo.responder"
    assert responder("demo", "--workspace", str(workspace)).returncode == 0
    listed = responder("deadlines", "list", "--workspace", str(workspace), "--json")
    assert listed.returncode == 0, listed.stderr
    board = json.loads(listed.stdout)
    assert len(board["rows"]) == 3
    assert all(row["countdown_fr"] for row in board["rows"])
    text = responder("deadlines", "list", "--workspace", str(workspace))
    assert text.returncode == 0 and "Cette semaine" in text.stdout
    out = tmp_path / "tout.ics"
    exported = responder("deadlines", "ics", "--workspace", str(workspace), "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert events and len({str(e["UID"]) for e in events}) == len(events)
    missing = responder("deadlines", "ics", "--workspace", str(workspace), "--tender", "999",
                        "--out", str(out), "--force")
    assert missing.returncode == 1 and "999" in missing.stderr
