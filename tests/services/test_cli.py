"""The `responder` command, run as a user would (a real process, a real workspace)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def responder(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("cli") / "demo.responder"
    result = responder("demo", "--workspace", str(workspace))
    assert result.returncode == 0, result.stderr
    assert "3 consultations" in result.stdout
    return workspace


def test_version() -> None:
    result = responder("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("responder ")


def test_demo_lists_three_tenders_as_json(demo: Path) -> None:
    result = responder("tender", "list", "--workspace", str(demo), "--json")
    assert result.returncode == 0, result.stderr
    tenders = json.loads(result.stdout)
    assert len(tenders) == 3
    assert len({t["status"] for t in tenders}) == 3  # three different stages
    assert all(t["id"] and t["title"] for t in tenders)


def test_workspace_from_environment(demo: Path) -> None:
    result = responder("tender", "list", env={"RESPONDER_WORKSPACE": str(demo)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 4  # header + three dossiers


def test_workspace_before_the_subcommand_is_kept(demo: Path) -> None:
    result = responder("--workspace", str(demo), "tender", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3


def test_export_then_import_gives_an_identical_tender(demo: Path, tmp_path: Path) -> None:
    first = json.loads(responder("tender", "list", "--workspace", str(demo), "--json").stdout)[0]
    out = tmp_path / "dossier.json"
    exported = responder("tender", "export", str(first["id"]), "--workspace", str(demo),
                         "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    imported = responder("tender", "import", str(out), "--workspace", str(demo))
    assert imported.returncode == 0, imported.stderr
    new_id = int(imported.stdout.strip())
    assert new_id != first["id"]
    shown = json.loads(
        responder("tender", "show", str(new_id), "--workspace", str(demo), "--json").stdout
    )
    assert {k: v for k, v in shown.items() if k != "id"} == {
        k: v for k, v in first.items() if k != "id"
    }


def test_invalid_import_exits_1_with_french_field_message(demo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "schema_version": 1, "title": "Test",
        "criteria": [{"name": "Technique", "weight": 70}, {"name": "Prix", "weight": 40}],
    }), encoding="utf-8")
    result = responder("tender", "import", str(bad), "--workspace", str(demo))
    assert result.returncode == 1
    assert "criteria" in result.stderr and "110 %" in result.stderr


def test_unknown_tender_and_missing_workspace_exit_1(demo: Path, tmp_path: Path) -> None:
    result = responder("tender", "show", "999", "--workspace", str(demo))
    assert result.returncode == 1
    assert "Aucune consultation n° 999" in result.stderr
    missing = responder("tender", "list", "--workspace", str(tmp_path / "absent.responder"))
    assert missing.returncode == 1
    assert not (tmp_path / "absent.responder").exists()  # listing never creates a workspace


def test_demo_never_overwrites_a_workspace(demo: Path) -> None:
    result = responder("demo", "--workspace", str(demo))
    assert result.returncode == 1
    assert "existe déjà" in result.stderr


def test_usage_error_exits_2() -> None:
    assert responder("tender", "frobnicate").returncode == 2


def test_self_test_passes() -> None:
    result = responder("self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Auto-test réussi." in result.stdout
