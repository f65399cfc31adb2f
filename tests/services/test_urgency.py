"""The dashboard's urgency rule (Qt-free): from the deadline, document issues as badges,
each vault document listed once, no-go dossiers out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from responder.domain.tender_row import OPEN_STATUSES
from responder.services.deadlines import DeadlineService
from responder.services.gonogo import GoNoGoService, is_no_go
from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.services.urgency import (
    MONTH,
    OVERDUE,
    WEEK,
    document_badges,
    dossier_urgency,
    unique_entries,
    without_dossiers,
)
from responder.services.vault import VaultService
from responder.services.workspace import Session, open_session

TODAY = date(2026, 12, 1)  # a Tuesday
NOW = datetime.combine(TODAY, time(9, 0))


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened = open_session(tmp_path / "espace.responder")
    yield opened
    opened.close()


def _tender(session: Session, days: int, title: str) -> int:
    sid = StructureService(session).current().id
    saved = TenderService(session).save(
        {"title": title, "deadline": datetime.combine(TODAY + timedelta(days=days), time(12)),
         "status": "en_preparation", "created_at": NOW - timedelta(days=20)}, sid)
    assert saved.id is not None
    return saved.id


def _urssaf_expiring(session: Session, tmp_path: Path) -> None:
    sid = StructureService(session).current().id
    assert sid is not None
    proof = tmp_path / "urssaf.pdf"
    proof.write_bytes(b"%PDF-1.4 attestation")
    # Certified on 15 May: valid six months (D8222-5), so it expired in mid-November.
    VaultService(session).add("attestation_urssaf", date(2026, 5, 15), proof, sid)


def test_a_dossier_at_j19_is_not_late_because_of_one_attestation(
    session: Session, tmp_path: Path
) -> None:
    _urssaf_expiring(session, tmp_path)
    tender_id = _tender(session, 19, "Nettoyage des gymnases")
    board = DeadlineService(session).dashboard(None, NOW)
    row = next(r for r in board.rows if r.tender_id == tender_id)
    # The expired attestation is an overdue date of the dossier's plan …
    assert any(e.tender_id == tender_id and e.date.source == "attestation"
               for e in board.overdue)
    # … but the dossier, due in 19 days, is « dans les 30 jours », with a badge.
    assert dossier_urgency(row, NOW, frozenset(OPEN_STATUSES)) == MONTH
    assert any("attestation" in badge for badge in document_badges(tender_id, board))


def test_urgency_follows_the_deadline() -> None:
    from responder.domain.enums import TenderStatus
    from responder.services.deadlines import DossierRow

    def row(deadline: datetime) -> DossierRow:
        return DossierRow(tender_id=1, title="t", buyer="", status=TenderStatus.VEILLE,
                          status_fr="Veille", deadline=deadline, deadline_fr="",
                          days_left=None, working_days_left=None, countdown_fr="",
                          next_date=None, next_fr="", warnings=[])

    statuses = frozenset(OPEN_STATUSES)
    assert dossier_urgency(row(NOW - timedelta(hours=1)), NOW, statuses) == OVERDUE
    assert dossier_urgency(row(NOW + timedelta(days=3)), NOW, statuses) == WEEK  # Friday
    assert dossier_urgency(row(NOW + timedelta(days=19)), NOW, statuses) == MONTH


def test_the_same_expiry_is_listed_once_across_dossiers(
    session: Session, tmp_path: Path
) -> None:
    _urssaf_expiring(session, tmp_path)
    _tender(session, 19, "Nettoyage des gymnases")
    _tender(session, 25, "Entretien des espaces verts")
    board = DeadlineService(session).dashboard(None, NOW)
    entries = board.overdue + board.this_week + board.next_30_days
    raw = [e for e in entries if e.date.source == "attestation"]
    assert len(raw) == 2  # each dossier's plan lists it …
    kept = [e for e in unique_entries(entries) if e.date.source == "attestation"]
    assert len(entries) > len(unique_entries(entries))
    assert len(kept) == 1  # … the dashboard once
    assert kept[0].tender_title == "Documents administratifs"


def test_no_go_dossiers_leave_the_dashboard_but_stay_listed(session: Session) -> None:
    kept = _tender(session, 19, "Nettoyage des gymnases")
    dropped = _tender(session, 25, "Entretien des espaces verts")
    GoNoGoService(session).decide(dropped, "no_go", "Lucas", "Hors de notre territoire")
    tenders = TenderService(session)
    board = DeadlineService(session).dashboard(None, NOW)
    hidden = {t.id for t in tenders.list() if t.id is not None and is_no_go(t)}
    shown = without_dossiers(board, hidden)
    assert [r.tender_id for r in shown.rows] == [kept]
    assert all(e.tender_id != dropped for e in shown.overdue + shown.this_week
               + shown.next_30_days)
    assert {t.id for t in tenders.list()} == {kept, dropped}
