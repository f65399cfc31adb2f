"""One window per workspace is told when another already has it open: the lock is the
operating system's, held beside the workspace, and freed with the process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from responder.services.instance import SECOND_INSTANCE, acquire, lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock semantics")


def test_the_lock_file_is_hidden_beside_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "Régie de quartier.responder"
    assert lock_path(workspace) == tmp_path / ".Régie de quartier.responder.verrou"


def test_a_second_window_finds_the_workspace_taken_until_the_first_lets_go(
    tmp_path: Path,
) -> None:
    workspace = tmp_path / "ws.responder"
    first = acquire(workspace)
    assert first is not None
    assert acquire(workspace) is None
    first.release()
    first.release()  # closing the window twice is harmless
    again = acquire(workspace)
    assert again is not None
    again.release()


def test_two_workspaces_in_one_folder_have_their_own_lock(tmp_path: Path) -> None:
    one, other = acquire(tmp_path / "a.responder"), acquire(tmp_path / "b.responder")
    assert one is not None and other is not None
    one.release()
    other.release()


def test_a_lock_dies_with_the_process_that_held_it(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.responder"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from responder.services.instance import acquire; "
         f"lock = acquire({str(workspace)!r}); print(lock is not None, flush=True); "
         "time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        assert acquire(workspace) is None
    finally:
        holder.kill()
        holder.wait()
    assert lock_path(workspace).exists()  # the file stays, its lock does not
    freed = acquire(workspace)
    assert freed is not None
    freed.release()


def test_a_place_where_no_lock_can_be_made_never_blocks(tmp_path: Path) -> None:
    # The lock file cannot be created (here: its folder is gone, as on a removed USB key).
    lock = acquire(tmp_path / "clé retirée" / "ws.responder")
    assert lock is not None
    lock.release()
    assert not (tmp_path / "clé retirée").exists()


def test_the_warning_says_what_happens_and_what_is_safest() -> None:
    assert "modifié ailleurs depuis son ouverture" in SECOND_INSTANCE
    assert SECOND_INSTANCE.endswith("Le plus sûr est de fermer l'une des deux fenêtres.")
