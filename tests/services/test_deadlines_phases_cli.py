"""``responder deadlines plan`` on two-phase procedures, run as a real process (acceptance)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def plan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", "deadlines", "plan", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
    )


def warnings(*args: str) -> list[dict[str, Any]]:
    result = plan(*args, "--json")
    assert result.returncode == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)["warnings"]
    for warning in found:  # the JSON shape scripts rely on
        assert set(warning) == {"level", "message_fr", "articles", "rule_ids", "code"}
    return found


def test_aor_26_days_gives_aor_candidatures_too_short_r2161_6() -> None:
    """R2161-6: AOR published 5 April, DLRO 1 May (26 days) → aor_candidatures_too_short."""
    codes = [w["code"] for w in warnings("--procedure", "aor", "--published", "2026-04-05",
                                         "--deadline", "2026-05-01T12:00")]
    assert "aor_candidatures_too_short" in codes


def test_aor_urgency_20_days_gives_no_delay_warning_r2161_6() -> None:
    """R2161-6: with --urgence the candidatures minimum is 15 days; 20 days is fine."""
    # 7 → 27 April 2026: 20 days, deadline on a Monday (a working day).
    assert warnings("--procedure", "aor", "--published", "2026-04-07", "--deadline",
                    "2026-04-27T12:00", "--urgence") == []


def test_dlro_on_1_may_2026_gives_dlro_non_working_day() -> None:
    """Reg. 1182/71 art. 3(4): the DLRO of Friday 1 May 2026 (public holiday) is flagged."""
    found = warnings("--procedure", "mapa", "--published", "2026-04-01",
                     "--deadline", "2026-05-01T12:00")
    assert [w["code"] for w in found] == ["dlro_non_working_day"]


def test_mapa_questions_date_is_never_before_publication() -> None:
    """MAPA: « poser ses questions avant » is never before the publication date."""
    result = plan("--procedure", "mapa", "--published", "2026-04-22",
                  "--deadline", "2026-04-30T12:00", "--json")
    data = json.loads(result.stdout)
    asked = next(d for d in data["dates"] if d["kind"] == "questions_recommended")
    assert asked["when"] >= "2026-04-22"
    assert "questions_before_publication" in [w["code"] for w in data["warnings"]]


def test_aoo_17_days_still_warns_r2161_2_r2161_3() -> None:
    """R2161-2 / R2161-3: an AOO with 17 days is below the minimum, as before."""
    found = warnings("--procedure", "aoo", "--published", "2026-04-03",
                     "--deadline", "2026-04-20T12:00")
    assert [w["code"] for w in found] == ["aoo_delay_too_short"]
    assert found[0]["articles"] == ["R2161-2", "R2161-3"]


def test_candidatures_and_invitation_options_check_each_phase_r2161_6_to_r2161_9() -> None:
    """--candidatures and --invitation: each phase is checked and shown in the dates."""
    result = plan("--procedure", "aor", "--published", "2026-03-02",
                  "--candidatures", "2026-04-07T12:00", "--invitation", "2026-04-21",
                  "--deadline", "2026-05-07T12:00", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    kinds = {d["kind"]: d for d in data["dates"]}
    assert kinds["candidatures_deadline"]["article"] == "R2143-2"
    assert kinds["invitation"]["when"] == "2026-04-21"
    assert [w["code"] for w in data["warnings"]] == ["aor_offers_too_short"]


@pytest.mark.parametrize(("args", "option"), [
    (["--candidatures", "2026-05-20T12:00"], "--candidatures"),
    (["--candidatures", "2026-04-07T12:00", "--invitation", "2026-04-01"], "--invitation"),
    (["--candidatures", "7 avril"], "--candidatures"),
])
def test_contradicting_phase_dates_are_refused_in_french(args: list[str], option: str) -> None:
    result = plan("--procedure", "aor", "--published", "2026-03-02",
                  "--deadline", "2026-05-07T12:00", *args)
    assert result.returncode == 1
    assert option in result.stderr


def test_tender_json_round_trip_keeps_the_two_phase_dates_r2161_6(tmp_path: Path) -> None:
    """Tender JSON gains candidatures_deadline and invitation_on; `tender show` prints them."""
    workspace = tmp_path / "w.responder"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "responder", *args, "--workspace", str(workspace)],
            capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
        )

    assert run("demo").returncode == 0
    source = tmp_path / "aor.json"
    source.write_text(json.dumps({
        "schema_version": 1, "title": "Restreint", "procedure": "aor", "published_on": "2030-01-07",
        "candidatures_deadline": "2030-02-11T12:00:00", "invitation_on": "2030-02-25",
        "deadline": "2030-03-25T12:00:00",
        "lots": [{"number": 1, "title": "Tri", "reserved": "L2113-13"}],
    }), encoding="utf-8")
    imported = run("tender", "import", str(source))
    assert imported.returncode == 0, imported.stderr
    tid = imported.stdout.strip()
    shown = run("tender", "show", tid, "--json")
    data = json.loads(shown.stdout)
    assert data["candidatures_deadline"] == "2030-02-11T12:00:00"
    assert data["invitation_on"] == "2030-02-25"
    assert data["lots"][0]["reserved"] == ["L2113-13"]
    text = run("tender", "show", tid).stdout
    assert "Candidatures    11/02/2030 12:00" in text and "Invitation      25/02/2030" in text
