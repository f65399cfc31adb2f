"""The deadline lines of the final check before a deposit, on Tuesday 1 December 2026 at 9 h:
no deadline typed, an offers deadline passed, a candidatures deadline passed (two phases)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from responder.services.deposit import DepositService
from responder.services.tenders import TenderService
from tests.helpers import new_session, tender_data

NOW = datetime(2026, 12, 1, 9)


@pytest.fixture
def deadline_lines(tmp_path: Path) -> Iterator[Any]:
    session, sid = new_session(tmp_path / "depot.responder")

    def lines(**overrides: Any) -> list[tuple[str, str, str]]:
        tender = TenderService(session).save(tender_data(**overrides), structure_id=sid)
        assert tender.id is not None
        found = DepositService(session).check(tender.id, now=NOW, count=False).issues
        return [(i.code, i.level, i.message_fr) for i in found
                if i.code in ("no_deadline", "deadline_passed")]

    yield lines
    session.close()


def test_without_a_deadline_the_check_asks_for_it(deadline_lines: Any) -> None:
    assert deadline_lines(deadline=None, questions_deadline=None) == [(
        "no_deadline", "attention",
        "La date limite n'est pas saisie : reportez-la depuis le RC (onglet Consultation).")]


def test_a_passed_offers_deadline_blocks_and_cites_r2151_5(deadline_lines: Any) -> None:
    assert deadline_lines(deadline="2026-11-20T12:00:00", questions_deadline=None,
                          published_on="2026-10-01") == [(
        "deadline_passed", "bloquant",
        "La date limite (20/11/2026 à 12:00) est passée : une offre reçue après est éliminée "
        "(R2151-5).")]


def test_a_passed_candidatures_deadline_cites_r2143_2(deadline_lines: Any) -> None:
    [(code, level, text)] = deadline_lines(
        procedure="aor", deadline=None, questions_deadline=None, published_on="2026-10-01",
        candidatures_deadline="2026-11-25T12:00:00")
    assert (code, level) == ("deadline_passed", "bloquant")
    assert text.endswith("une candidature reçue après est éliminée (R2143-2).")


def test_a_deadline_to_come_adds_no_deadline_line(deadline_lines: Any) -> None:
    assert deadline_lines(deadline="2027-01-15T12:00:00") == []
