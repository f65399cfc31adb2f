"""Item 2: a date in year 1 or 9999 is refused at the model, with a French message."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from responder.domain.common import MAX_YEAR, MIN_YEAR, french_errors
from responder.domain.library import Reference
from responder.domain.tender import Tender

from ..helpers import tender_data
from .helpers import cli, exported_dossier, tampered


@pytest.mark.parametrize("when", ["0001-01-01T12:00:00", "9999-12-31T12:00:00",
                                  "1989-12-31T12:00:00", "2101-01-01T00:00:00"])
def test_item02_a_tender_deadline_outside_1990_2100_is_refused(when: str) -> None:
    data = tender_data(deadline=when, published_on=None, questions_deadline=None)
    with pytest.raises(ValidationError) as info:
        Tender.model_validate(data)
    message = french_errors(info.value)["deadline"]
    assert f"entre {MIN_YEAR} et {MAX_YEAR}" in message


def test_item02_the_bounds_themselves_are_accepted() -> None:
    ref = Reference(title="Entretien", start=date(MIN_YEAR, 1, 1), end=date(MAX_YEAR, 12, 31))
    assert ref.end == date(2100, 12, 31)
    tender = Tender.model_validate(tender_data(deadline=datetime(2100, 12, 31, 12)))
    assert tender.deadline is not None and tender.deadline.year == 2100
    with pytest.raises(ValidationError):  # on assignment too, and the old value stays
        ref.start = date(1, 1, 1)
    assert ref.start == date(MIN_YEAR, 1, 1)


def test_item02_tender_import_of_year_one_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "an-un.json"
    data = tender_data(deadline="0001-01-01T12:00:00", published_on=None,
                       questions_deadline=None)
    source.write_text(json.dumps({"schema_version": 1, **data}), encoding="utf-8")
    workspace = tmp_path / "ws.responder"
    assert cli("--workspace", workspace, "demo").returncode == 0
    before = cli("--workspace", workspace, "tender", "list").stdout
    result = cli("--workspace", workspace, "tender", "import", source)
    assert result.returncode == 1
    assert "entre 1990 et 2100" in result.stderr and "Traceback" not in result.stderr
    assert cli("--workspace", workspace, "tender", "list").stdout == before
    listed = cli("--workspace", workspace, "deadlines", "list")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr


def test_item02_a_dossier_with_year_9999_is_refused(tmp_path: Path) -> None:
    session, _, sent = exported_dossier(tmp_path)
    session.close()

    def far(payload: dict) -> dict:
        payload["deadline"] = "9999-12-31T12:00:00"
        return payload

    evil = tampered(sent, tmp_path / "futur.responder", "tender.json", far)
    result = cli("--workspace", tmp_path / "cible.responder", "dossier", "import", evil)
    assert result.returncode == 1, result.stderr
    assert "futur.responder" in result.stderr and "entre 1990 et 2100" in result.stderr
    assert not (tmp_path / "cible.responder").exists() or "Traceback" not in result.stderr


def _store_legacy_deadline(path: Path, when: str) -> None:
    """A dossier saved by an older version with an absurd deadline (as the attack left it)."""
    import sqlite3

    conn = sqlite3.connect(path)
    row_id, data = conn.execute("SELECT id, data FROM tenders ORDER BY id LIMIT 1").fetchone()
    payload = json.loads(data)
    payload.update(deadline=when, published_on=None, questions_deadline=None)
    conn.execute("UPDATE tenders SET data = ?, deadline = ? WHERE id = ?",
                 (json.dumps(payload), when, row_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("when", ["0001-01-01T12:00:00", "9999-12-31T12:00:00"])
def test_item02_a_stored_absurd_deadline_no_longer_breaks_the_commands(
    tmp_path: Path, when: str
) -> None:
    workspace = tmp_path / "ancien.responder"
    assert cli("--workspace", workspace, "demo").returncode == 0
    _store_legacy_deadline(workspace, when)
    for command in (["tender", "list"], ["deadlines", "list"],
                    ["deadlines", "ics", "--out", str(tmp_path / "e.ics"), "--force"]):
        result = cli("--workspace", workspace, *command)
        assert result.returncode == 0, result.stderr
