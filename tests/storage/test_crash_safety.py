"""Killing the process in the middle of saves never leaves a workspace that fails to open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from responder.services.tenders import TenderService
from responder.services.workspace import open_session

WRITER = r"""
import sys
from responder.domain.structure import Structure
from responder.services.tenders import TenderService
from responder.services.workspace import open_session
sys.path.insert(0, sys.argv[2])
from tests.helpers import tender_data

session = open_session(sys.argv[1])
structures = session.structures.list()
sid = structures[0].id if structures else session.structures.add(Structure(name="S")).id
service = TenderService(session)
i = 0
while True:
    saved = service.save(tender_data(title=f"Dossier {i}", notes="x" * 5000), structure_id=sid)
    service.save({**saved.model_dump(), "notes": "y" * 7000})
    if i % 7 == 0:
        service.delete(saved.id)
    i += 1
    if i == 5:
        print("writing", flush=True)
"""


def test_kill_during_write_loop_leaves_an_openable_workspace(tmp_path: Path) -> None:
    path = tmp_path / "crash.responder"
    root = str(Path(__file__).resolve().parents[2])
    for round_ in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), root],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": root},
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"writing"
        time.sleep(0.05 + 0.07 * round_)  # land at a different point of the loop each round
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)

        session = open_session(path, create=False)
        try:
            assert session.ws.integrity_ok()
            tenders = TenderService(session).list()  # every row still validates
            assert tenders, "committed dossiers must survive the kill"
            assert all(t.title.startswith("Dossier") for t in tenders)
        finally:
            session.close()
