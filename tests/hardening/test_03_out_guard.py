"""Item 3: ``--out`` never destroys the workspace, and never replaces a file without --force."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from responder.services.outputs import output_problem
from responder.storage.backups import backup_folder
from responder.storage.db import files_dir_for

from .helpers import cli

#: Every exporter with an ``--out``: (arguments before --out, extension).
EXPORTERS = [
    (["tender", "export", "1"], ".json"),
    (["refs", "export"], ".csv"),
    (["dossier", "export", "1"], ".responder"),
    (["deadlines", "ics"], ".ics"),
    (["groupement", "convention", "2"], ".docx"),
    (["checklist", "export", "1"], ".csv"),
    (["memoire", "build", "1"], ".docx"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("out") / "espace.responder"
    assert cli("--workspace", path, "demo").returncode == 0
    return path


@pytest.mark.parametrize(("command", "suffix"), EXPORTERS, ids=lambda v: str(v))
def test_item03_out_over_the_workspace_is_refused(
    demo: Path, command: list[str], suffix: str
) -> None:
    before = cli("--workspace", demo, "tender", "list").stdout
    result = cli("--workspace", demo, *command, "--out", demo, "--force")
    assert "Traceback" not in result.stderr
    if command[0] == "memoire":  # it always writes a .docx: « espace.docx » beside it
        assert result.returncode == 0 and demo.with_suffix(".docx").exists()
        demo.with_suffix(".docx").unlink()
    else:
        assert result.returncode == 1, result.stderr
        assert "espace de travail" in result.stderr and demo.name in result.stderr
    assert demo.read_bytes().startswith(b"SQLite format 3\x00")
    assert cli("--workspace", demo, "tender", "list").stdout == before


@pytest.mark.parametrize(("command", "suffix"), EXPORTERS, ids=lambda v: str(v))
def test_item03_an_existing_file_needs_force(
    demo: Path, tmp_path: Path, command: list[str], suffix: str
) -> None:
    target = tmp_path / f"export{suffix}"
    target.write_text("précieux", encoding="utf-8")
    refused = cli("--workspace", demo, *command, "--out", target)
    assert refused.returncode == 1
    assert "existe déjà" in refused.stderr and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "précieux"
    forced = cli("--workspace", demo, *command, "--out", target, "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes() != "précieux".encode()


def test_item03_attachments_and_backups_folders_are_refused(demo: Path) -> None:
    files = files_dir_for(demo)
    assert "fichiers joints" in (output_problem(files / "ab" / "x.csv", demo) or "")
    backups = backup_folder(demo)
    assert "sauvegardes" in (output_problem(backups / "x.csv", demo) or "")
    other = demo.with_name("autre.responder")
    other.write_bytes(demo.read_bytes())
    assert "espace de travail Responder" in (output_problem(other, demo, force=True) or "")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_item03_unwritable_folder_is_said_in_french(demo: Path, tmp_path: Path) -> None:
    locked = tmp_path / "verrouillé"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = cli("--workspace", demo, "refs", "export", "--out", locked / "refs.csv")
        assert result.returncode == 1 and "Pas le droit d'écrire" in result.stderr
    finally:
        locked.chmod(0o700)


def test_item03_unwritable_folder_message(demo: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    assert "Pas le droit d'écrire" in (output_problem(tmp_path / "x.csv", demo) or "")
