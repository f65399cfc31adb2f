"""``responder veille`` and ``responder decp`` run as a user would (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from responder.domain.enums import EssStatus
from responder.domain.structure import Structure
from responder.services.workspace import open_session

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "fixtures" / "opendata"


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("veille") / "ws.responder"
    session = open_session(path)
    session.structures.add(Structure(
        name="Ressourcerie du Pont-Vieux", siret="07823456400017",
        ess_statuses=[EssStatus.ACI], address={"postcode": "30100"},  # type: ignore[arg-type]
    ))
    session.close()
    result = responder("veille", "import", str(SAMPLES / "boamp-export.csv"),
                       "--workspace", str(path))
    assert result.returncode == 0, result.stderr
    assert "14 nouveaux, 0 mis à jour, 2 annulés, 2 ligne(s) rejetée(s)" in result.stdout
    assert "Rejetée : ligne 16 : identifiant idweb manquant" in result.stderr
    return path


def test_import_json_prints_counts(workspace: Path) -> None:
    result = responder("veille", "import", str(SAMPLES / "boamp-export.json"), "--json",
                       "--workspace", str(workspace))
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert (counts["new"], counts["updated"], counts["rejected"]) == (0, 0, 1)


def test_list_with_filters_as_json(workspace: Path) -> None:
    result = responder("veille", "list", "--dept", "30", "--reserved", "--as-of", "2026-12-06",
                       "--json", "--workspace", str(workspace))
    assert result.returncode == 0, result.stderr
    notices = json.loads(result.stdout)
    assert [n["idweb"] for n in notices][:1] == ["26-140210"]  # best score first
    first = notices[0]
    for key in ("idweb", "deadline", "buyer", "buyer_siret", "cpv", "departments", "reserved",
                "social", "score", "reason"):
        assert key in first
    assert first["deadline"] == "2027-01-12T12:00:00"
    assert first["buyer_siret"] == "21300015100018"
    assert first["reserved"] == ["L2113-12", "L2113-13"]
    assert {n["idweb"] for n in notices} == {"26-140210", "26-141500", "26-118877"}


def test_list_as_of_later_hides_passed_deadlines(workspace: Path) -> None:
    result = responder("veille", "list", "--as-of", "2026-12-23", "--json",
                       "--workspace", str(workspace))
    ids = {n["idweb"] for n in json.loads(result.stdout)}
    assert "26-134516" not in ids  # postponed to the 22nd by its rectificatif
    assert "26-140210" in ids


def test_follow_prints_the_dossier_id(workspace: Path) -> None:
    result = responder("veille", "follow", "26-141500", "--workspace", str(workspace))
    assert result.returncode == 0, result.stderr
    tender_id = int(result.stdout.strip())
    shown = responder("tender", "show", str(tender_id), "--json", "--workspace", str(workspace))
    tender = json.loads(shown.stdout)
    assert tender["status"] == "veille"
    assert tender["deadline"].startswith("2027-01-20T12:00")


def test_saved_filter_then_list(workspace: Path) -> None:
    saved = responder("veille", "save-filter", "Gard social", "--dept", "30", "--social",
                      "--workspace", str(workspace))
    assert saved.returncode == 0, saved.stderr
    result = responder("veille", "list", "--filter", "Gard social", "--as-of", "2026-12-06",
                       "--json", "--workspace", str(workspace))
    assert {n["idweb"] for n in json.loads(result.stdout)} == {
        "26-140210", "26-131313", "26-142424"}


def test_decp_import_buyers_and_renewals(workspace: Path) -> None:
    result = responder("decp", "import", str(SAMPLES / "decp-consolidated.csv"),
                       "--siret", "7823456400017", "--json", "--workspace", str(workspace))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {c["uid"] for c in report["own"]} == {"213000151000182024-EV-01",
                                                  "2430000310001925_0042"}
    buyers = responder("decp", "buyers", "--text", "alès", "--json",
                       "--workspace", str(workspace))
    assert json.loads(buyers.stdout)[0]["siret"] == "21300015100018"
    renewals = responder("decp", "renewals", "--months", "12", "--as-of", "2026-12-06",
                         "--dept", "30,34", "--cpv", "77", "--json",
                         "--workspace", str(workspace))
    assert renewals.returncode == 0, renewals.stderr
    found = json.loads(renewals.stdout)
    assert [(r["uid"], r["end_date"]) for r in found] == [
        ("213000151000182025-ELAG", "2027-02-01"),
        ("213000151000182024-EV-01", "2027-03-01"),
        ("2134017220001126-PARCS", "2027-03-01"),
    ]
    buyer = responder("decp", "buyer", "21300015100018", "--workspace", str(workspace))
    assert "3 marché(s)" in buyer.stdout and "montant(s) fictif(s)" in buyer.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("veille", "import", str(SAMPLES / "boamp-truncated.json")), "tronqué"),
        (("veille", "import", str(SAMPLES / "boamp-windows1252.csv")), "UTF-8"),
        (("veille", "list", "--dept", "Gard"), "--dept"),
        (("veille", "list", "--as-of", "7017-01-01"), "--as-of"),
        (("decp", "import", str(SAMPLES / "boamp-export.csv"), "--siret", "07823456400017"),
         "export du BOAMP"),
        (("decp", "renewals", "--cpv", "7x"), "CPV"),
    ],
)
def test_bad_input_exits_1_with_a_french_message(
    workspace: Path, args: tuple[str, ...], message: str
) -> None:
    result = responder(*args, "--workspace", str(workspace))
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr
