"""The « Tableau de bord » computed on a real workspace on Tuesday 1 December 2026, 9 h: a
dossier due on Thursday, one far off, one already deposited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from responder.services.dashboard import DashboardData, compute_dashboard, dashboard_job
from responder.services.tenders import TenderService
from responder.services.urgency import MONTH, OVERDUE, WEEK
from tests.helpers import new_session, tender_data

TODAY = date(2026, 12, 1)


@pytest.fixture
def board(tmp_path: Path) -> Iterator[tuple[DashboardData, dict[str, int], Path]]:
    path = tmp_path / "tableau.responder"
    session, sid = new_session(path)
    tenders = TenderService(session)
    ids: dict[str, int] = {}
    for title, deadline, status, published in (
        ("Tonte des stades", "2026-12-03T12:00:00", "en_preparation", "2026-11-10"),
        ("Nettoyage des gymnases", "2026-11-20T12:00:00", "depose", "2026-10-10"),
        ("Élagage des platanes", "2027-03-20T12:00:00", "en_preparation", "2026-11-20"),
    ):
        saved = tenders.save(tender_data(title=title, deadline=deadline, status=status,
                                         questions_deadline=None, published_on=published),
                             structure_id=sid)
        assert saved.id is not None
        ids[title] = saved.id
    yield compute_dashboard(session, sid, TODAY), {**ids, "structure": sid}, path
    session.close()


def test_progress_and_next_step_are_given_for_open_dossiers_only(board: tuple) -> None:
    data, ids, _ = board
    open_ids = {ids["Tonte des stades"], ids["Élagage des platanes"]}
    assert set(data.progress_text) == set(data.next_steps) == open_ids
    assert data.progress_text[ids["Tonte des stades"]].endswith(" prêtes")
    assert data.next_steps[ids["Tonte des stades"]].endswith("(onglet Pièces).")


def test_sections_go_overdue_then_this_week_then_this_month(board: tuple) -> None:
    data, _, _ = board
    sections = dict(data.sections())
    assert list(sections) == [OVERDUE, WEEK, MONTH]
    assert {e.bucket for e in sections[OVERDUE]} == {"en_retard"}
    assert all(e.date.when < TODAY for e in sections[OVERDUE])
    week = [e.date.label_fr for e in sections[WEEK]]
    assert week[-1] == "Date limite de remise des offres"


def test_the_48_hour_list_stops_before_thursday_noon(board: tuple) -> None:
    data, _, _ = board
    assert data.now == datetime(2026, 12, 1, 9)
    labels = [e.date.label_fr for e in data.soon()]
    assert "Dépôt de l'offre terminé (au plus tard)" in labels  # Wednesday
    assert "Date limite de remise des offres" not in labels  # Thursday 12 h: 51 hours away
    assert data.needs_attention()


def test_a_dossier_with_steps_behind_gets_a_badge_not_a_late_urgency(board: tuple) -> None:
    data, ids, _ = board
    rows = {row.tender_id: row for row in data.dashboard.rows}
    thursday = rows[ids["Tonte des stades"]]
    assert data.badges(thursday) == ["3 étapes en retard"]
    assert data.urgency(thursday) < data.urgency(rows[ids["Élagage des platanes"]])


def test_the_background_job_reads_the_file_with_its_own_session(board: tuple) -> None:
    data, ids, path = board
    again = dashboard_job(path, ids["structure"], TODAY)(lambda _value, _text: None)
    assert [r.tender_id for r in again.dashboard.rows] == [r.tender_id for r in data.dashboard.rows]
    assert again.progress_text == data.progress_text


def test_a_far_deadline_alone_is_no_reason_to_open_on_the_dashboard(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "calme.responder")
    TenderService(session).save(tender_data(deadline="2027-03-20T12:00:00",
                                            questions_deadline=None, published_on="2026-11-20"),
                                structure_id=sid)
    data = compute_dashboard(session, sid, TODAY)
    session.close()
    assert not data.soon() and not data.needs_attention()
