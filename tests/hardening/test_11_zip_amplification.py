"""Item 11: the total declared size and the entry count are checked before anything is read."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.services import dossier_file as df
from responder.storage.archive import RATIO_FLOOR, ArchiveError, open_checked

from .helpers import cli


def test_item11_many_members_just_under_the_floor_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bombe.responder"
    zeros = bytes(RATIO_FLOOR - 1)  # each member alone skips the per-member ratio check
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("manifest.json", "{}")
        for n in range(300):
            archive.writestr(f"files/{n:064x}", zeros)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(ArchiveError, match="anormalement compressé"):
        open_checked(bomb, "« bombe.responder »").close()
    workspace = tmp_path / "ws.responder"
    result = cli("--workspace", workspace, "dossier", "import", bomb)
    assert result.returncode == 1 and "bombe.responder" in result.stderr
    assert "anormalement compressé" in result.stderr
    assert not workspace.exists()  # checked before the workspace is even created


@pytest.mark.timeout(120)
def test_item11_a_zip_of_many_entries_is_refused_from_its_end_record(tmp_path: Path) -> None:
    crowd = tmp_path / "foule.responder"
    with zipfile.ZipFile(crowd, "w", zipfile.ZIP_STORED) as archive:
        for n in range(66_000):  # past 65,535: the end record says Zip64
            archive.writestr(f"{n}", b"")
    tracemalloc.start()
    with pytest.raises(InvalidInput) as info:
        df.read_dossier(crowd)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "foule.responder" in str(info.value)
    assert peak < 5_000_000  # read from the end record, not by listing 66,000 entries


def test_item11_too_many_entries_below_zip64_are_refused_early(tmp_path: Path) -> None:
    crowd = tmp_path / "foule.responder"
    with zipfile.ZipFile(crowd, "w", zipfile.ZIP_STORED) as archive:
        for n in range(5_000):
            archive.writestr(f"{n}", b"")
    with pytest.raises(ArchiveError, match="5000 éléments"):
        open_checked(crowd, "« foule.responder »")
