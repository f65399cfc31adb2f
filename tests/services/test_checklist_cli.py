"""``responder checklist`` and ``responder vault`` run as a user would (real process, real file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest

from responder.domain.tender import Tender
from responder.domain.validity import add_months
from tests.helpers import new_session, tender_data

ROOT = Path(__file__).resolve().parents[2]


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ},
    )


@pytest.fixture()
def workspace(tmp_path: Path) -> tuple[Path, int]:
    """A workspace with one dossier due in 30 days."""
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    deadline = date.today() + timedelta(days=30)
    tender = session.tenders.add(Tender.model_validate(tender_data(
        structure_id=sid, published_on=None, questions_deadline=None,
        deadline=f"{deadline.isoformat()}T12:00:00",
    )))
    session.close()
    assert tender.id is not None
    return path, tender.id


def test_an_attestation_expiring_before_the_deadline_is_reported(
    workspace: tuple[Path, int], tmp_path: Path
) -> None:
    path, tid = workspace
    certified = add_months(date.today(), -6) + timedelta(days=10)  # valid 10 more days
    attestation = tmp_path / "vigilance.pdf"
    attestation.write_bytes(b"%PDF-1.4 attestation de vigilance")
    added = responder("vault", "add", "--kind", "attestation_urssaf", "--date",
                      certified.isoformat(), "--file", str(attestation), "--workspace", str(path))
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().isdigit()

    listed = responder("vault", "list", "--json", "--workspace", str(path))
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert entry["state"] == "valide"  # valid today

    shown = responder("checklist", "show", str(tid), "--json", "--workspace", str(path))
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    urssaf = next(i for i in data["items"] if i["key"] == "attestation_urssaf")
    assert urssaf["valid_at_deadline"] is False
    assert urssaf["expires_on"] == add_months(certified, 6).isoformat()
    assert urssaf["validity_state"] == "expire_avant_date_limite"
    assert urssaf["member"] == "Ressourcerie des Garrigues" and urssaf["phase"] == "attributaire"
    assert {"key", "label", "phase", "member", "status"} <= set(data["items"][0])
    assert "bloquante" in data["progress"]["text"]
    memoire = next(i for i in data["items"] if i["key"] == "memoire_technique")
    assert "valid_at_deadline" not in memoire


def test_a_bad_attachment_gets_a_french_message_and_saves_nothing(
    workspace: tuple[Path, int], tmp_path: Path
) -> None:
    path, _ = workspace
    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    for bad in (empty, tmp_path / "absente.pdf"):
        result = responder("vault", "add", "--kind", "kbis", "--date", "2026-11-02",
                           "--file", str(bad), "--workspace", str(path))
        assert result.returncode == 1
        assert result.stderr.startswith("Erreur : file : Le fichier")
    listed = responder("vault", "list", "--json", "--workspace", str(path))
    assert json.loads(listed.stdout) == []


def test_export_writes_the_bordereau(workspace: tuple[Path, int], tmp_path: Path) -> None:
    path, tid = workspace
    out = tmp_path / "bordereau.docx"
    result = responder("checklist", "export", str(tid), "--out", str(out), "--workspace",
                       str(path))
    assert result.returncode == 0, result.stderr
    tables = docx.Document(str(out)).tables
    assert sum(len(t.rows) - 1 for t in tables) > 10  # candidature, then the offer
    rows = tables[0].rows
    assert rows[0].cells[3].text == "Fournie par"
    assert rows[1].cells[3].text == "Ressourcerie des Garrigues"
    shown = responder("checklist", "show", str(tid), "--workspace", str(path))
    assert shown.returncode == 0 and "pièces prêtes" in shown.stdout


def test_unknown_dossier(workspace: tuple[Path, int]) -> None:
    path, _ = workspace
    result = responder("checklist", "show", "999", "--workspace", str(path))
    assert result.returncode == 1 and "Aucune consultation n° 999" in result.stderr
