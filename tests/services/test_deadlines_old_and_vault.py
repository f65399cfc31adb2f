"""Deadlines of a workspace holding an old (pre-2019) dossier, and attestation expiries."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from icalendar import Calendar

from responder.domain.law import RuleBook
from responder.services.deadlines import DeadlineService, rules_file
from responder.services.tenders import TenderService
from responder.services.vault import VaultService
from responder.services.workspace import Session
from tests.helpers import new_session, tender_data

NOW = datetime(2026, 11, 29, 9, 0)
TODAY = NOW.date()


def _two_dossiers(tmp_path: Path) -> tuple[Session, int, int, int]:
    session, sid = new_session(tmp_path / "ws.responder")
    tenders = TenderService(session)
    old = tenders.save(tender_data(
        title="Marché de 2018", procedure="aoo", published_on="2018-01-01",
        deadline="2018-02-15T12:00:00", questions_deadline=None,
    ), structure_id=sid)
    new = tenders.save(tender_data(
        title="Marché en cours", procedure="aoo", published_on="2026-11-20",
        deadline="2026-12-18T12:00:00", questions_deadline=None,
    ), structure_id=sid)
    assert old.id is not None and new.id is not None
    return session, sid, old.id, new.id


def test_a_2018_dossier_does_not_break_the_dashboard_nor_the_ics(tmp_path: Path) -> None:
    session, _sid, old_id, new_id = _two_dossiers(tmp_path)
    service = DeadlineService(session)
    board = service.dashboard(now=NOW)
    assert {row.tender_id for row in board.rows} == {old_id, new_id}
    old_plan = service.plan(old_id, TODAY)
    assert old_plan.get("deadline") is not None
    assert old_plan.get("questions_answer_limit") is None  # rule not yet in force in 2018
    assert old_plan.get("upload") is not None and old_plan.warnings == []  # a full plan
    out = tmp_path / "echeances.ics"
    assert service.export_ics(out) > 0
    uids = {str(e["UID"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert any(uid.startswith(f"{old_id}-deadline-") for uid in uids)
    assert any(uid.startswith(f"{new_id}-upload-") for uid in uids)
    session.close()


def test_a_rule_missing_from_the_file_becomes_a_warning_on_its_row(tmp_path: Path) -> None:
    session, _sid, old_id, new_id = _two_dossiers(tmp_path)
    data = json.loads(rules_file().read_text("utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != "upload_recommended"]
    service = DeadlineService(session, rules=RuleBook.from_data(data))
    board = service.dashboard(now=NOW)
    rows = {row.tender_id: row for row in board.rows}
    assert set(rows) == {old_id, new_id}
    [warning] = rows[new_id].warnings
    assert "upload_recommended" in warning.message_fr
    assert "n'ont pas pu être calculées" in warning.message_fr
    assert rows[new_id].deadline_fr.startswith("vendredi 18 décembre 2026")
    assert service.events(new_id, TODAY)  # the deadline is still exported
    session.close()


def test_plan_uses_the_computed_expiry_of_the_current_attestation(tmp_path: Path) -> None:
    session, sid, _old_id, new_id = _two_dossiers(tmp_path)
    vault = VaultService(session)
    pdf = tmp_path / "urssaf.pdf"
    pdf.write_bytes(b"%PDF-1.4 vigilance")
    # Superseded: an older attestation with a typed end date before the deadline.
    older = vault.add("attestation_urssaf", "2026-01-10", pdf, sid, valid_until="2026-07-10",
                      today=TODAY)
    # Current: certified on 1 June 2026, so valid 6 months (D8222-5), until 1 December.
    current = vault.add("attestation_urssaf", "2026-06-01", pdf, sid, today=TODAY)
    assert vault.expires_on(current) == date(2026, 12, 1)
    plan = DeadlineService(session).plan(new_id, TODAY)
    expiring = [(d.kind, d.when) for d in plan.dates if d.source == "attestation"]
    assert expiring == [(f"attestation_{current.id}", date(2026, 12, 1))]
    assert f"attestation_{older.id}" not in {d.kind for d in plan.dates}
    session.close()
