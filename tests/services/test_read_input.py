"""What a command reads from a path the user gives: a regular file of bounded size, or a
French refusal that names the file and says what to do."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from responder.domain.errors import InvalidInput
from responder.services.inputs import read_input


def _refusal(path: Path, **options: object) -> str:
    with pytest.raises(InvalidInput) as info:
        read_input(path, **options)  # type: ignore[arg-type]
    return info.value.messages[""]


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    source = tmp_path / "références.csv"
    source.write_bytes("Titre;Acheteur\nTonte;Ville de Nantes\n".encode("cp1252"))
    assert read_input(source) == source.read_bytes()
    assert read_input(str(source)).startswith(b"Titre;")


def test_a_missing_file_says_to_check_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "appel d’offres.json"
    assert _refusal(missing) == f"Fichier « {missing} » introuvable : vérifiez le chemin."


def test_a_folder_asks_for_the_kind_of_file_expected(tmp_path: Path) -> None:
    assert _refusal(tmp_path, kind="fichier .json") == (
        f"« {tmp_path} » est un dossier : indiquez le fichier .json."
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.timeout(30)  # opening a pipe to read it would wait for a writer forever
def test_a_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "tube.csv"
    os.mkfifo(pipe)
    assert "n'est pas un fichier ordinaire (périphérique ou tube)" in _refusal(pipe)


def test_a_file_over_the_limit_is_refused_by_its_size_alone(tmp_path: Path) -> None:
    big = tmp_path / "export.json"
    with big.open("wb") as handle:  # sparse: no disk used
        handle.truncate(3 * 1024 * 1024)
    assert _refusal(big, max_size=1024 * 1024) == (
        "« export.json » fait 3 Mo, au plus 1 Mo sont acceptés : vérifiez que c'est bien le "
        "fichier."
    )


def test_a_file_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    edge = tmp_path / "limite.json"
    edge.write_bytes(b"x" * 2048)
    assert len(read_input(edge, max_size=2048)) == 2048
