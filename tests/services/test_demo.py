"""The demo workspace a first-time user opens on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from responder.domain.enums import EssStatus
from responder.services.demo import create_demo, load_demo_data
from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.storage.db import WorkspaceError


def test_demo_workspace_content(tmp_path: Path) -> None:
    session = create_demo(tmp_path / "demo.responder", today=date(2026, 12, 1))
    try:
        structure = StructureService(session).current()
        assert structure.address.postcode.startswith("30")  # in the Gard
        assert EssStatus.ACI in structure.ess_statuses
        tenders = TenderService(session).list()
        assert len(tenders) == 3
        assert len({t.status for t in tenders}) == 3
        assert 10 <= session.references.count() <= 14
        assert session.text_blocks.count() == 8
        assert session.partners.count() == 3
        assert session.documents.count() >= 3
    finally:
        session.close()


def test_demo_dates_follow_today_by_whole_weeks() -> None:
    anchor = load_demo_data(date(2026, 12, 1))
    later = load_demo_data(date(2027, 6, 15))
    for before, after in zip(anchor["tenders"], later["tenders"], strict=True):
        d0 = date.fromisoformat(before["deadline"][:10])
        d1 = date.fromisoformat(after["deadline"][:10])
        assert (d1 - d0).days % 7 == 0 and d1 > d0
        assert d0.weekday() == d1.weekday() and d1.weekday() < 5  # still a working day


def test_demo_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / "mine.responder"
    existing.write_bytes(b"")
    with pytest.raises(WorkspaceError):
        create_demo(existing)
