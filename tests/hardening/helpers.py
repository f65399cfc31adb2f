"""Builders for the hardening tests: a real dossier file, re-signed after tampering."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from responder.services import dossier_file as df
from responder.services.workspace import Session

from ..services.dossier_helpers import rich_demo


def exported_dossier(tmp: Path) -> tuple[Session, int, Path]:
    """The rich demo workspace, one of its dossiers and that dossier exported to a file."""
    source = tmp / "source"
    source.mkdir(exist_ok=True)
    session, tender_id = rich_demo(source / "source.responder", source)
    out = df.export_dossier(session, tender_id, source / "envoi.responder").path
    return session, tender_id, out


def tampered(src: Path, out: Path, member: str, change: Callable[[Any], Any]) -> Path:
    """Copy of dossier ``src`` with JSON ``member`` changed and the manifest re-signed.

    What an attacker does: the hashes in the manifest protect against damage, not intent.
    """
    with zipfile.ZipFile(src) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    payload = change(json.loads(members[member]))
    members[member] = json.dumps(payload, ensure_ascii=False).encode()
    manifest = json.loads(members[df.MANIFEST])
    manifest["members"][member] = {
        "sha256": hashlib.sha256(members[member]).hexdigest(),
        "size": len(members[member]),
    }
    members[df.MANIFEST] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m responder`` with ``args``; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "responder", *map(str, args)],
        capture_output=True, text=True, timeout=120, cwd=cwd,
    )
