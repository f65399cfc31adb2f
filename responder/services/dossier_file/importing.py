"""The import preview and the import itself (one workspace transaction)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...domain.common import InvalidInput
from ...domain.structure import Structure
from ...domain.tender import Tender
from ...storage.archive import ArchiveError, open_checked, read_member
from ...storage.db import WorkspaceError, private_dir
from ...storage.repositories import now
from ..workspace import Session
from .common import ADDED, EXISTS, Change, DossierPackage, ImportContext, _refuse, tender_for_uid
from .reading import _mismatch
from .sections import StructureSection, TenderSection
from .sections_library import SECTIONS


# --- preview and import ------------------------------------------------------------------------
@dataclass
class ImportPreview:
    """What importing would do, for the user to confirm; nothing is written."""

    package: DossierPackage
    update: bool
    existing_id: int | None  # the local dossier with the same UID, if any
    existing_title: str
    changes: list[Change]

    @property
    def title(self) -> str:
        """Title of the dossier in the file."""
        tender: Tender = self.package.parsed[TenderSection.member][0]
        return tender.title


def _context(
    session: Session, package: DossierPackage, update: bool | None, structure_id: int | None
) -> ImportContext:
    existing = tender_for_uid(session, package.uid)
    if update and existing is None:
        raise _refuse(
            "Ce dossier n'existe pas encore dans cet espace de travail : importez-le comme "
            "nouveau dossier."
        )
    do_update = existing is not None if update is None else update
    ctx = ImportContext(session, package, do_update)
    if do_update:
        assert existing is not None
        local = session.tenders.get(existing)
        assert local is not None
        ctx.tender_id = existing
        ctx.structure_id = local.structure_id or 0
    elif structure_id is not None:
        if session.structures.get(structure_id) is None:
            raise InvalidInput({"structure": f"La structure n° {structure_id} n'existe pas."})
        ctx.structure_id = structure_id
    else:
        parsed = package.parsed.get(StructureSection.member)
        found = StructureSection.match(session, parsed) if parsed is not None else None
        if found is not None and found.id is not None:
            ctx.structure_id = found.id
        elif parsed is None:
            first = session.structures.list()
            ctx.structure_id = (first[0].id or 0) if first else 0
    return ctx


def preview_import(
    session: Session,
    package: DossierPackage,
    update: bool | None = None,
    structure_id: int | None = None,
) -> ImportPreview:
    """What importing ``package`` would add or update (``update``: None = automatic)."""
    ctx = _context(session, package, update, structure_id)
    changes: list[Change] = []
    for section in SECTIONS:
        if section.member in package.parsed:
            changes.extend(section.preview(ctx, package.parsed[section.member]))
    existing_store = session.files.hashes()
    for entry in package.files:
        changes.append(
            Change("Fichier joint", entry.name, EXISTS if entry.digest in existing_store else ADDED)
        )
    existing = tender_for_uid(session, package.uid)
    local = session.tenders.get(existing) if existing is not None else None
    return ImportPreview(package, ctx.update, existing, local.title if local else "", changes)


@dataclass
class ImportResult:
    """The dossier written and the changes made."""

    tender_id: int
    update: bool
    changes: list[Change]


def import_dossier(
    session: Session,
    package: DossierPackage,
    update: bool | None = None,
    structure_id: int | None = None,
    *,
    before_commit: Callable[[], None] | None = None,
) -> ImportResult:
    """Import a checked package: all or nothing (``before_commit``: a test hook).

    Attachments are copied into the file store first (content-addressed, so a failure later
    only leaves unreferenced copies); every row is then written in one transaction.
    """
    preview = preview_import(session, package, update, structure_id)
    ctx = _context(session, package, update, structure_id)
    _copy_files(session, package)
    with session.ws.transaction():
        if not ctx.update and ctx.structure_id == 0 and StructureSection.member not in (
            package.parsed
        ):
            ctx.structure_id = session.structures.add(Structure(name="Ma structure")).id or 0
        for section in SECTIONS:
            if section.member in package.parsed:
                section.apply(ctx, package.parsed[section.member])
        stamp = now().isoformat()
        for entry in package.files:
            session.files.register(entry.digest, entry.name, entry.size, stamp)
        if before_commit is not None:
            before_commit()
    return ImportResult(ctx.tender_id, ctx.update, preview.changes)


def _copy_files(session: Session, package: DossierPackage) -> None:
    if not package.files:
        return
    try:
        archive = open_checked(package.path, f"« {package.path.name} »")
    except ArchiveError as exc:
        raise _refuse(str(exc)) from exc
    with archive:
        for entry in package.files:
            target = session.files.path_of(entry.digest, entry.suffix)
            if session.files.find(entry.digest) is not None:
                continue
            try:
                private_dir(session.ws.files_dir)
                private_dir(target.parent)
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            except OSError as exc:
                raise WorkspaceError(
                    f"Impossible de copier les fichiers joints : {exc.strerror or exc}."
                ) from exc
            try:
                with os.fdopen(fd, "wb") as out:
                    _, digest, _ = read_member(
                        archive, archive.getinfo(entry.member), entry.size, out
                    )
                    out.flush()
                    os.fsync(out.fileno())
                if digest != entry.digest:  # the file changed since it was checked
                    raise _mismatch(package.path, entry.member)
                os.replace(tmp, target)
            except ArchiveError as exc:
                Path(tmp).unlink(missing_ok=True)
                raise _refuse(str(exc)) from exc
            except OSError as exc:
                Path(tmp).unlink(missing_ok=True)
                raise WorkspaceError(
                    f"Impossible de copier « {entry.name} » dans l'espace de travail : "
                    f"{exc.strerror or exc}. Vérifiez la place disponible sur le disque."
                ) from exc
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
