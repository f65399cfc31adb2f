"""Where an export may be written: never over the open workspace or its journal, never a
folder or a device, and into folders that do not exist yet (they are created)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from responder.domain.errors import InvalidInput
from responder.services.outputs import check_output, output_problem


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "asso.responder"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    return path


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_the_workspace_journal_files_are_the_workspace_too(workspace: Path, suffix: str) -> None:
    journal = Path(f"{workspace}{suffix}")
    assert (output_problem(journal, workspace, force=True) or "").endswith(
        "est l'espace de travail ouvert : l'exporter par-dessus le détruirait. Choisissez un "
        "autre nom de fichier.")


def test_a_folder_asks_for_a_file_name(workspace: Path, tmp_path: Path) -> None:
    assert output_problem(tmp_path, workspace) == (
        f"« {tmp_path} » est un dossier : indiquez un nom de fichier.")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_pipe_is_no_ordinary_file(workspace: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "export.csv"
    os.mkfifo(pipe)
    assert "n'est pas un fichier ordinaire" in (output_problem(pipe, workspace, force=True) or "")


def test_a_new_file_in_folders_still_to_create_is_allowed(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "exports" / "2026" / "bordereau.csv"
    assert output_problem(target, workspace) is None
    assert check_output(target, workspace) == target
    assert not target.parent.exists()  # nothing is written by the check


def test_an_existing_export_is_replaced_only_when_forced(workspace: Path, tmp_path: Path) -> None:
    previous = tmp_path / "calendrier.ics"
    previous.write_text("BEGIN:VCALENDAR", encoding="utf-8")
    assert output_problem(previous, workspace, force=True) is None
    with pytest.raises(InvalidInput) as info:
        check_output(previous, workspace, field="fichier")
    assert list(info.value.messages) == ["fichier"]
    assert "existe déjà : ajoutez --force" in info.value.messages["fichier"]


def test_without_an_open_workspace_another_workspace_is_still_protected(tmp_path: Path) -> None:
    other = tmp_path / "autre.responder"
    other.write_bytes(b"SQLite format 3\x00")
    assert "est un espace de travail Responder" in (output_problem(other, None, force=True)
                                                     or "")
