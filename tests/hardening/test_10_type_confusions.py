"""Item 10: wrong types and absurd inputs give a French refusal, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .helpers import cli, exported_dossier, tampered


def test_item10_a_siret_as_a_number_in_a_dossier_is_refused(tmp_path: Path) -> None:
    session, _, sent = exported_dossier(tmp_path)
    session.close()

    def number(payload: dict) -> dict:
        payload["structure"]["siret"] = 73282932000074
        return payload

    evil = tampered(sent, tmp_path / "nombre.responder", "structure.json", number)
    result = cli("--workspace", tmp_path / "cible.responder", "dossier", "import", evil)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "nombre.responder" in result.stderr and "SIRET" in result.stderr


def test_item10_deeply_nested_json_in_tender_import(tmp_path: Path) -> None:
    deep = tmp_path / "profond.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    huge = tmp_path / "chiffres.json"
    huge.write_text(json.dumps({"schema_version": 1})[:-1] + ', "x": ' + "9" * 10_000 + "}")
    workspace = tmp_path / "ws.responder"
    for source in (deep, huge):
        result = cli("--workspace", workspace, "tender", "import", source)
        assert result.returncode == 1, result.stderr
        assert source.name in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices")
@pytest.mark.parametrize("command", [["tender", "import"], ["refs", "import"],
                                     ["dossier", "import"], ["rc", "extract"]])
def test_item10_dev_zero_as_input_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    result = cli("--workspace", tmp_path / "ws.responder", *command, "/dev/zero")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "/dev/zero" in result.stderr


def test_item10_an_integer_sqlite_cannot_hold_is_refused(tmp_path: Path) -> None:
    """Found by bench/fuzz.py: « lot 2**70 » passed validation, then overflowed SQLite."""
    session, _, sent = exported_dossier(tmp_path)
    session.close()

    def huge(payload: dict) -> dict:
        payload["lots"][0]["number"] = 2**70
        return payload

    evil = tampered(sent, tmp_path / "enorme.responder", "tender.json", huge)
    result = cli("--workspace", tmp_path / "cible.responder", "dossier", "import", evil)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "enorme.responder" in result.stderr and "nombre trop grand" in result.stderr
