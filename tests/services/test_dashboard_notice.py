"""The dashboard's content without Qt: the 48-hour notice, the status-bar notice, and when
the window opens on the dashboard (``services/dashboard.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from responder.services.dashboard import (
    compute_dashboard,
    current_moment,
    notice_keys,
    notice_text,
    short_notice,
)
from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.services.workspace import Session, open_session

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened = open_session(tmp_path / "espace.responder")
    yield opened
    opened.close()


def _board(session: Session, *deadline_days: int) -> object:
    sid = StructureService(session).current().id
    assert sid is not None
    for number, days in enumerate(deadline_days):
        TenderService(session).save(
            {"title": f"Marché {number}", "status": "en_preparation",
             "deadline": datetime.combine(TODAY + timedelta(days=days), time(12)),
             "created_at": datetime.combine(TODAY - timedelta(days=20), time(9))}, sid)
    return compute_dashboard(session, sid, TODAY)


def test_a_deadline_tomorrow_makes_the_notice_and_needs_attention(session: Session) -> None:
    data = _board(session, 1)
    assert data.needs_attention()  # type: ignore[attr-defined]
    text = notice_text(data)  # type: ignore[arg-type]
    assert text.startswith("⚠ ") and "dans les 48 heures" in text and "« Marché 0 »" in text
    assert short_notice(data).endswith("heures : voyez le Tableau de bord.")  # type: ignore[arg-type]
    assert notice_keys(data)  # type: ignore[arg-type]


def test_no_dossier_is_quiet(session: Session) -> None:
    data = _board(session)
    assert not data.needs_attention()  # type: ignore[attr-defined]
    assert notice_text(data) == "" and short_notice(data) == ""  # type: ignore[arg-type]
    assert notice_keys(None) == frozenset() and short_notice(None) == ""


def test_a_test_day_is_nine_in_the_morning() -> None:
    assert current_moment(date(2020, 1, 6)) == datetime(2020, 1, 6, 9, 0)
