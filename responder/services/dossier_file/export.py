"""Writing a dossier to a ``.responder`` file (atomically)."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ... import __version__
from ...storage.db import WorkspaceError
from ...storage.memoires import MemoireRepository
from ...storage.repositories import now
from ..tenders import TenderService
from ..workspace import Session
from .common import (
    _FILE_NAME,
    FILES_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    ExportContext,
    _dumps,
    dossier_uid,
)
from .sections_library import SECTIONS


@dataclass
class ExportResult:
    """What was written: the file, its manifest, and what was left out (French)."""

    path: Path
    manifest: dict[str, Any]
    omitted: list[str]


def _export_context(session: Session, tender_id: int) -> ExportContext:
    tender = TenderService(session).get(tender_id)
    repo = MemoireRepository(session.ws)
    memoires = [m for lot in repo.lots_of(tender_id) if (m := repo.for_tender(tender_id, lot))]
    return ExportContext(session, tender, memoires)


def export_omissions(session: Session, tender_id: int) -> list[str]:
    """What exporting this dossier would leave out (French lines), without writing anything."""
    ctx = _export_context(session, tender_id)
    for section in SECTIONS:
        section.export(ctx)
    return ctx.omitted


def export_dossier(
    session: Session, tender_id: int, out: Path | str, *, created_at: datetime | None = None
) -> ExportResult:
    """Write dossier ``tender_id`` to ``out`` as a ``.responder`` zip (atomically)."""
    from ..outputs import check_output

    out = check_output(Path(out), session.path, force=True)
    ctx = _export_context(session, tender_id)
    members: dict[str, bytes] = {}
    for section in SECTIONS:
        payload = section.export(ctx)
        if payload is not None:
            members[section.member] = _dumps(payload)
    entries: dict[str, dict[str, Any]] = {}
    for name, data in members.items():
        entries[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    file_sources: dict[str, Path] = {}
    for digest, original in sorted(ctx.files.items()):
        stored = session.files.find(digest)
        assert stored is not None
        name = f"{FILES_DIR}{digest}{stored.suffix.lower()}"
        if not _FILE_NAME.match(name):
            name = f"{FILES_DIR}{digest}"
        file_sources[name] = stored
        entries[name] = {"sha256": digest, "size": stored.stat().st_size, "name": original}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "created_at": (created_at or now()).isoformat(),
        "dossier_uid": dossier_uid(session, tender_id),
        "title": ctx.tender.title,
        "omitted": ctx.omitted,
        "members": entries,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, _dumps(manifest))
                for name, data in members.items():
                    archive.writestr(name, data)
                for name, source in file_sources.items():
                    archive.write(source, name, compress_type=zipfile.ZIP_STORED)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        from ...fsutil import explain_os_error

        raise WorkspaceError(explain_os_error(exc, out)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportResult(out, manifest, ctx.omitted)
