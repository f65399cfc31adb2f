"""Files written whole or not at all, and French sentences for the ways a write fails."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from responder.fsutil import atomic_write_bytes, atomic_write_text, explain_os_error


def test_a_file_is_written_whole_with_its_folders(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "mémoire.txt"
    atomic_write_text(target, "Mémoire technique — lot 2\n")
    assert target.read_text(encoding="utf-8") == "Mémoire technique — lot 2\n"
    assert [p.name for p in target.parent.iterdir()] == ["mémoire.txt"]  # no temporary left


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bordereau.csv"
    target.write_bytes(b"version 1")

    def full_disk(_src: object, _dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("responder.fsutil.os.replace", full_disk)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"version 2")
    assert target.read_bytes() == b"version 1"
    assert [p.name for p in tmp_path.iterdir()] == ["bordereau.csv"]


@pytest.mark.parametrize(("code", "start"), [
    (errno.ENOSPC, "Le disque est plein : « offre.docx » n'a pas été écrit."),
    (errno.EACCES, "Pas le droit d'écrire « "),
    (errno.EROFS, "Pas le droit d'écrire « "),
    (errno.EIO, "Impossible d'écrire « "),
])
def test_each_failure_is_explained_in_french(tmp_path: Path, code: int, start: str) -> None:
    path = tmp_path / "offre.docx"
    text = explain_os_error(OSError(code, "raison du système"), path)
    assert text.startswith(start)
    assert "offre.docx" in text
