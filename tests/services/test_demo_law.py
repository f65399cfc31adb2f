"""The demo workspace against the law: no deadline on a public holiday, no past date in the
future whatever the day it is created, pieces due at the deposit vs. at the award (R2144-4),
and the reserved lots of the demo groupement (L2113-12, L2113-13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from responder.domain.deadlines import WorkingCalendar
from responder.services.demo import load_demo_data

ROOT = Path(__file__).resolve().parents[2]
CAL = WorkingCalendar()
DEADLINE_FIELDS = ("deadline", "questions_deadline", "site_visit_at", "candidatures_deadline",
                   "invitation_on")


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
    )


def _days(data: dict[str, Any]) -> list[date]:
    return [date.fromisoformat(t[k][:10]) for t in data["tenders"] for k in DEADLINE_FIELDS
            if t.get(k)]


def test_demo_shift_never_puts_a_deadline_on_a_public_holiday() -> None:
    """Shifting by whole weeks keeps weekdays but 18 December + 1 week is Christmas: the demo
    picks the nearest week shift with every deadline on a working day."""
    christmas_case = load_demo_data(date(2026, 12, 6))  # the plain shift would be +1 week
    assert date(2026, 12, 25) not in _days(christmas_case)
    for offset in range(0, 420, 3):
        today = date(2026, 11, 20) + timedelta(days=offset)
        data = load_demo_data(today)
        holidays = [d for d in _days(data) if CAL.is_holiday(d)]
        assert holidays == [], f"{today}: deadline on a public holiday {holidays}"


def test_demo_shift_never_dates_a_past_reference_in_the_future() -> None:
    """A reference finished (or a text reviewed, a document issued) before the anchor day
    never ends up dated after today."""
    raw_anchor = date(2026, 12, 1)
    anchor = load_demo_data(raw_anchor)
    for offset in range(0, 420, 3):
        today = raw_anchor + timedelta(days=offset)
        data = load_demo_data(today)
        for before, after in zip(anchor["references"], data["references"], strict=True):
            for key in ("start", "end"):
                if before.get(key) and date.fromisoformat(before[key]) <= raw_anchor:
                    assert date.fromisoformat(after[key]) <= today, (today, after["title"])
        for document in data["documents"]:
            assert date.fromisoformat(document["issued_on"]) <= today
        for block in data["text_blocks"]:
            if block.get("last_reviewed"):
                assert date.fromisoformat(block["last_reviewed"]) <= today


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("demo-law") / "demo.responder"
    result = responder("demo", "--workspace", str(workspace))
    assert result.returncode == 0, result.stderr
    return workspace


def _tender_id(workspace: Path, reference: str) -> int:
    result = responder("tender", "list", "--json", "--workspace", str(workspace))
    return int(next(t["id"] for t in json.loads(result.stdout) if t["reference"] == reference))


def test_demo_checklist_blocks_only_on_pieces_due_at_the_deposit_r2144_4(demo: Path) -> None:
    """R2144-4: the attributaire's attestations are asked after ranking, so `checklist show
    --json` counts as blocking only pieces due at the deposit, and the URSSAF attestation
    expiring between the DLRO and the expected award says ``valid_at_award: false``."""
    tid = _tender_id(demo, "2026-DECH-014")
    result = responder("checklist", "show", str(tid), "--json", "--workspace", str(demo))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    items = data["items"]
    assert {i["due"] for i in items} == {"depot", "attribution"}
    assert all(not i["blocking"] for i in items if i["due"] == "attribution")
    assert data["progress"]["blocking"] == sum(
        1 for i in items if i["blocking"] and not i["hidden"] and i["status"] != "sans_objet"
    )
    assert data["progress"]["blocking"] < data["progress"]["total"] - data["progress"]["ready"]
    urssaf = next(i for i in items if i["key"] == "attestation_urssaf")
    assert urssaf["due"] == "attribution"
    assert urssaf["valid_at_deadline"] is True and urssaf["valid_at_award"] is False
    assert data["deadline"] < urssaf["expires_on"] < data["award_date"]


def test_demo_groupement_eligibility_esat_not_eligible_for_siae_lot_l2113_13(demo: Path) -> None:
    """L2113-13: on the lot reserved to SIAE the ESAT member is « non éligible », with the
    reason; the SIAE partner without a proof on file is « à vérifier »; the structure with its
    DDETS convention in the vault is « éligible »."""
    tid = _tender_id(demo, "AO-2026-118")
    result = responder("tender", "eligibility", str(tid), "--json", "--workspace", str(demo))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    lot1 = next(lot for lot in report["lots"] if lot["lot"] == 1)
    assert lot1["reserved"] == ["L2113-13"] and lot1["verdict"] == "non_eligible"
    parties = {p["name"]: p for p in lot1["parties"]}
    esat = parties["ESAT Les Ateliers de l'Avène"]
    assert esat["verdict"] == "non_eligible" and "L2113-13" in esat["reason_fr"]
    assert "ESAT" in esat["reason_fr"]
    assert parties["Verts Chemins"]["verdict"] == "a_verifier"
    assert "aucune preuve" in parties["Verts Chemins"]["reason_fr"]
    assert parties["Ressourcerie du Pont-Vieux"]["verdict"] == "eligible"
    # Joint reservation L2113-12 + L2113-13 (L2113-14): the ESAT qualifies under L2113-12.
    lot2 = next(lot for lot in report["lots"] if lot["lot"] == 2)
    assert lot2["reserved"] == ["L2113-12", "L2113-13"]
    assert {p["name"]: p["verdict"] for p in lot2["parties"]}[
        "ESAT Les Ateliers de l'Avène"] == "a_verifier"  # eligible status, no ARS proof on file
    text = responder("tender", "eligibility", str(tid), "--workspace", str(demo))
    assert "Non éligible" in text.stdout and "À vérifier" in text.stdout
