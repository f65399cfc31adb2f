"""Portable dossier files (``.responder`` zip): send a whole dossier as one file, get it back.

Layout of the zip (see docs/formats.md)::

    manifest.json      format, format_version, app_version, created_at, dossier_uid, title,
                       omitted (what was left out, in French), members {name: {sha256, size}}
    structure.json     the structure that answers (to find or create it on import)
    tender.json        TenderService.to_json (groupement included)
    checklist.json     the checklist of pieces, when one was saved
    references.json    references used by the mémoires (never the confidential ones)
    textes.json        text blocks used in the dossier, with how many times
    memoires.json      the mémoires (whole tender and per lot)
    outcomes.json      the buyer's decision per lot, when recorded
    files/<sha256><.ext>  attached files, by content hash

Each part is a *section* (``SECTIONS``): it exports a JSON payload or nothing, validates it on
reading, lists its changes in the preview and applies them. A part a workspace does not have
is simply absent from the file; a reader ignores nothing it does not know (an unknown member
is refused), so a newer format must bump ``FORMAT_VERSION``.

Local ids never travel: references and text blocks are numbered 1..n in the file and the
mémoires point at those numbers; members of the checklist and groupement that are « the
structure itself » are flagged and re-linked to the target structure on import. A dossier is
identified across workspaces by a UID kept in the workspace setting ``dossier_uid:<id>``.

Reading never writes. Importing copies attachments into the content-addressed store first
(harmless if what follows fails: unreferenced blobs), then writes every row in ONE workspace
transaction: an import that fails leaves the tables exactly as they were.

Thread contract: one thread at a time per ``Session``; reading a file needs no session and may
run in a background task.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import __version__
from ..domain.checklist import Checklist
from ..domain.common import InvalidInput, french_errors
from ..domain.library import Reference, TextBlock
from ..domain.memoire import Memoire
from ..domain.outcome import LotOutcome
from ..domain.structure import Structure
from ..domain.tender import Tender
from ..storage.archive import (
    MAX_JSON_SIZE,
    ArchiveError,
    open_checked,
    read_member,
    sniff,
)
from ..storage.checklists import ChecklistRepository
from ..storage.db import WorkspaceError, private_dir
from ..storage.memoires import MemoireRepository
from ..storage.meta import add_block_uses, keys_with_value
from ..storage.outcomes import OutcomeRepository
from ..storage.repositories import now
from .tenders import TENDER_JSON_VERSION, TenderService
from .workspace import Session

FORMAT = "responder-dossier"
#: Version of the dossier file format. Bump on any change a previous reader would misread.
FORMAT_VERSION = 2  # 2: outcomes.json (a version-1 reader refuses the unknown part)
#: Extension of dossier files (shared with workspaces: we tell them apart by content).
SUFFIX = ".responder"
UID_PREFIX = "dossier_uid:"
MANIFEST = "manifest.json"
FILES_DIR = "files/"
_FILE_NAME = re.compile(r"^files/([0-9a-f]{64})(\.[a-z0-9]{1,10})?$")
_UID = re.compile(r"^[0-9a-f]{32}$")

#: Changes shown in the preview: what happens to each part.
ADDED, UPDATED, EXISTS, REMOVED = "ajout", "mise à jour", "déjà présent", "retrait"
STATE_LABELS = {
    ADDED: "Sera ajouté",
    UPDATED: "Sera mis à jour",
    EXISTS: "Déjà présent",
    REMOVED: "Sera retiré",
}


def _refuse(message: str) -> InvalidInput:
    return InvalidInput({"": message})


# --- the dossier UID --------------------------------------------------------------------------
def dossier_uid(session: Session, tender_id: int, *, create: bool = True) -> str | None:
    """The stable UID of a dossier (generated and stored on first call when ``create``)."""
    key = f"{UID_PREFIX}{tender_id}"
    found = session.ws.setting(key)
    if found is None and create:
        found = uuid.uuid4().hex
        session.ws.set_setting(key, found)
    return found


def tender_for_uid(session: Session, uid: str) -> int | None:
    """The id of the dossier carrying ``uid`` in this workspace, or ``None``."""
    for key in keys_with_value(session.ws, UID_PREFIX, uid):
        tender_id = int(key[len(UID_PREFIX):])
        if session.tenders.get(tender_id) is not None:
            return tender_id
    return None


# --- export -------------------------------------------------------------------------------------
@dataclass
class ExportContext:
    """What the sections share while exporting one dossier."""

    session: Session
    tender: Tender
    memoires: list[Memoire]
    files: dict[str, str] = field(default_factory=dict)  # hash → original name
    omitted: list[str] = field(default_factory=list)
    ref_numbers: dict[int, int] = field(default_factory=dict)
    block_numbers: dict[int, int] = field(default_factory=dict)

    def want_file(self, digest: str | None) -> None:
        """Ship the stored file with this hash (when the store still has it)."""
        if not digest:
            return
        if self.session.files.find(digest) is None:
            self.omitted.append(f"un fichier joint introuvable dans l'espace ({digest[:10]}…)")
            return
        name = self.session.files.original_name(digest)
        self.files[digest] = digest if name is None else name


@dataclass
class ImportContext:
    """What the sections share while importing: the target dossier and id maps."""

    session: Session
    package: DossierPackage
    update: bool
    structure_id: int = 0
    tender_id: int = 0
    self_structure_ids: tuple[int | None, ...] = ()
    ref_ids: dict[int, int] = field(default_factory=dict)  # number in the file → local id
    block_ids: dict[int, int] = field(default_factory=dict)
    #: Local items of the target structure by matching key, per section member: read once,
    #: so an import is linear in the size of the file plus the library (was quadratic).
    known: dict[str, dict[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One line of the import preview."""

    part: str  # French name of the part (« Consultation », « Référence » …)
    label: str  # what (title, file name …)
    state: str  # ADDED, UPDATED, EXISTS, REMOVED
    detail: str = ""

    @property
    def state_label(self) -> str:
        """French state for display."""
        return STATE_LABELS.get(self.state, self.state)


def _loads(raw: bytes, member: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _refuse(
            f"Le fichier de dossier est endommagé : « {member} » n'est pas un JSON valide."
        ) from exc


def _dumps(payload: Any) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _model_json(model: Any, exclude: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model.model_dump_json(exclude=exclude))
    return data


def _validate(model: type[Any], payload: Any, member: str) -> Any:
    if not isinstance(payload, dict):
        raise _refuse(f"Le fichier de dossier est endommagé : « {member} » est mal formé.")
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        errors = french_errors(exc)
        first = next(iter(errors.items()), ("", "contenu invalide"))
        raise _refuse(
            f"Le fichier de dossier est refusé : « {member} », champ « {first[0]} » : {first[1]}"
        ) from exc
    except (
        ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError, OverflowError
    ) as exc:  # a validator surprised by a type no form produces (a number for a SIRET)
        raise _refuse(f"Le fichier de dossier est refusé : « {member} » est invalide.") from exc


def _list_of(payload: Any, key: str, member: str) -> list[dict[str, Any]]:
    items = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise _refuse(f"Le fichier de dossier est endommagé : « {member} » est mal formé.")
    return items


def _self_flags(members: list[dict[str, Any]], structure_id: int | None) -> list[int]:
    """Indices of members that are the answering structure; their local ids are cleared."""
    flags = []
    for index, member in enumerate(members):
        if structure_id is not None and member.get("structure_id") == structure_id:
            flags.append(index)
        member["structure_id"] = None
        if "partner_id" in member:
            member["partner_id"] = None
    return flags


def _relink(members: list[Any], flags: Any, structure_id: int) -> None:
    if not isinstance(flags, list):
        return
    for index in flags:
        if isinstance(index, int) and 0 <= index < len(members):
            members[index].structure_id = structure_id


# --- sections -----------------------------------------------------------------------------------
class Section:
    """One part of a dossier file. Subclasses fill the four steps."""

    member: str = ""
    part: str = ""

    def export(self, ctx: ExportContext) -> Any | None:
        """The JSON payload for this dossier, or ``None`` when it has nothing to ship."""
        raise NotImplementedError

    def parse(self, payload: Any) -> Any:
        """Validate the payload read from a file (``InvalidInput`` when it is wrong)."""
        return payload

    def preview(self, ctx: ImportContext, parsed: Any) -> list[Change]:
        """What applying would change (reads only)."""
        return []

    def apply(self, ctx: ImportContext, parsed: Any) -> None:
        """Write the part (inside the import transaction)."""


class StructureSection(Section):
    member, part = "structure.json", "Structure"

    def export(self, ctx: ExportContext) -> Any | None:
        if ctx.tender.structure_id is None:
            return None
        structure = ctx.session.structures.get(ctx.tender.structure_id)
        if structure is None:
            return None
        return {"structure": _model_json(structure, {"id"})}

    def parse(self, payload: Any) -> Structure:
        data = payload.get("structure") if isinstance(payload, dict) else None
        result: Structure = _validate(Structure, data, self.member)
        return result

    @staticmethod
    def match(session: Session, structure: Structure) -> Structure | None:
        """The local structure that is this one: same SIRET, else same name."""
        for local in session.structures.list():
            if structure.siret and local.siret == structure.siret:
                return local
        for local in session.structures.list():
            if local.name.strip().casefold() == structure.name.strip().casefold():
                return local
        return None

    def preview(self, ctx: ImportContext, parsed: Structure) -> list[Change]:
        if ctx.update:
            return []
        found = self.match(ctx.session, parsed)
        return [Change(self.part, parsed.name, EXISTS if found else ADDED)]

    def apply(self, ctx: ImportContext, parsed: Structure) -> None:
        if ctx.update:
            return
        found = self.match(ctx.session, parsed)
        if found is None:
            found = ctx.session.structures.add(parsed.model_copy(update={"id": None}))
        assert found.id is not None
        ctx.structure_id = found.id


_TENDER_LABELS = {
    "title": "objet",
    "buyer": "acheteur",
    "reference": "référence",
    "procedure": "procédure",
    "market_type": "type de marché",
    "lots": "lots",
    "cpv_codes": "codes CPV",
    "platform_url": "plateforme",
    "published_on": "date de publication",
    "deadline": "date limite",
    "questions_deadline": "date limite des questions",
    "site_visit": "visite",
    "site_visit_at": "date de visite",
    "offer_validity_days": "validité des offres",
    "variants": "variantes",
    "groupement_form": "forme du groupement",
    "groupement": "groupement",
    "weight_unit": "unité des pondérations",
    "criteria": "critères",
    "page_limit": "nombre de pages",
    "status": "statut",
    "notes": "notes",
}


class TenderSection(Section):
    member, part = "tender.json", "Consultation"

    def export(self, ctx: ExportContext) -> Any | None:
        payload: dict[str, Any] = json.loads(TenderService(ctx.session).to_json(ctx.tender))
        groupement = payload.get("groupement")
        if isinstance(groupement, dict) and isinstance(groupement.get("members"), list):
            payload["self_members"] = _self_flags(
                groupement["members"], ctx.tender.structure_id
            )
        record = ctx.tender.deposit.record if ctx.tender.deposit is not None else None
        if record is not None:
            ctx.want_file(record.receipt_hash)  # the platform's receipt
        return payload

    def parse(self, payload: Any) -> tuple[Tender, Any]:
        if not isinstance(payload, dict):
            raise _refuse(f"Le fichier de dossier est endommagé : « {self.member} ».")
        payload = dict(payload)
        flags = payload.pop("self_members", [])
        version = payload.pop("schema_version", None)
        if not isinstance(version, int) or isinstance(version, bool):
            raise _refuse(f"Le fichier de dossier est endommagé : « {self.member} ».")
        if version > TENDER_JSON_VERSION:
            raise _refuse(
                f"Ce fichier vient d'une version plus récente de Responder (consultation au "
                f"format {version}) : mettez Responder à jour."
            )
        payload.pop("id", None)
        payload.pop("structure_id", None)
        tender: Tender = _validate(Tender, payload, self.member)
        return tender, flags

    def _built(self, ctx: ImportContext, parsed: tuple[Tender, Any]) -> Tender:
        tender = parsed[0].model_copy(deep=True)
        tender.structure_id = ctx.structure_id or None
        if tender.groupement is not None:
            _relink(tender.groupement.members, parsed[1], ctx.structure_id)
        return tender

    def preview(self, ctx: ImportContext, parsed: tuple[Tender, Any]) -> list[Change]:
        tender = parsed[0]
        if not ctx.update:
            return [Change(self.part, tender.title, ADDED)]
        local = ctx.session.tenders.get(ctx.tender_id)
        assert local is not None
        skip = {"id", "structure_id", "created_at", "updated_at"}
        mine = json.loads(local.model_dump_json(exclude=skip))
        theirs = json.loads(tender.model_dump_json(exclude=skip))
        for data in (mine, theirs):
            members = (data.get("groupement") or {}).get("members") or []
            for member in members:
                member["structure_id"] = member["partner_id"] = None
        changed = [_TENDER_LABELS.get(k, k) for k in theirs if theirs.get(k) != mine.get(k)]
        if not changed:
            return [Change(self.part, tender.title, EXISTS, "aucun changement")]
        return [Change(self.part, tender.title, UPDATED, "modifié : " + ", ".join(changed))]

    def apply(self, ctx: ImportContext, parsed: tuple[Tender, Any]) -> None:
        tender = self._built(ctx, parsed)
        if ctx.update:
            local = ctx.session.tenders.get(ctx.tender_id)
            assert local is not None
            tender.id = local.id
            tender.structure_id = local.structure_id
            if tender.groupement is not None and local.structure_id is not None:
                _relink(tender.groupement.members, parsed[1], local.structure_id)
            ctx.session.tenders.update(tender)
            return
        tender.id = None
        saved = ctx.session.tenders.add(tender, keep_dates=True)
        assert saved.id is not None
        ctx.tender_id = saved.id
        key = f"{UID_PREFIX}{saved.id}"
        ctx.session.ws.set_setting(key, ctx.package.uid)


class ChecklistSection(Section):
    member, part = "checklist.json", "Liste des pièces"

    def export(self, ctx: ExportContext) -> Any | None:
        assert ctx.tender.id is not None
        stored = ChecklistRepository(ctx.session.ws).for_tender(ctx.tender.id)
        if stored is None:
            return None
        data = _model_json(stored, {"id", "tender_id", "structure_id", "title"})
        flags = _self_flags(data.get("members", []), ctx.tender.structure_id)
        for item in stored.items:
            ctx.want_file(item.file_hash)
        return {"checklist": data, "self_members": flags}

    def parse(self, payload: Any) -> tuple[Checklist, Any]:
        data = payload.get("checklist") if isinstance(payload, dict) else None
        if isinstance(data, dict):
            data = {**data, "tender_id": 0}
        checklist: Checklist = _validate(Checklist, data, self.member)
        return checklist, payload.get("self_members", [])

    def preview(self, ctx: ImportContext, parsed: tuple[Checklist, Any]) -> list[Change]:
        count = len(parsed[0].items)
        label = f"{count} pièce{'s' if count > 1 else ''}"
        local = ChecklistRepository(ctx.session.ws).for_tender(ctx.tender_id) if (
            ctx.update) else None
        if local is None:
            return [Change(self.part, label, ADDED)]
        skip = {"id", "tender_id", "structure_id", "title", "members", "created_at",
                "updated_at"}
        if _model_json(local, skip) == _model_json(parsed[0], skip):
            return [Change(self.part, label, EXISTS, "aucun changement")]
        return [Change(self.part, label, UPDATED)]

    def apply(self, ctx: ImportContext, parsed: tuple[Checklist, Any]) -> None:
        repo = ChecklistRepository(ctx.session.ws)
        checklist = parsed[0].model_copy(deep=True)
        tender = ctx.session.tenders.get(ctx.tender_id)
        assert tender is not None
        checklist.tender_id = ctx.tender_id
        checklist.structure_id = tender.structure_id
        checklist.title = tender.title
        if tender.structure_id is not None:
            _relink(checklist.members, parsed[1], tender.structure_id)
        existing = repo.for_tender(ctx.tender_id)
        if existing is not None:
            checklist.id = existing.id
            repo.update(checklist)
        else:
            checklist.id = None
            repo.add(checklist, keep_dates=True)


def _reference_key(ref: Reference) -> tuple[Any, ...]:
    """What makes two references the same contract (title, buyer, dates)."""
    return (ref.title, ref.buyer_name, ref.start, ref.end)


def _block_key(block: TextBlock) -> tuple[str, str]:
    """What makes two text blocks the same paragraph (title and body)."""
    return (block.title, block.body)


class ReferencesSection(Section):
    member, part = "references.json", "Référence"

    def export(self, ctx: ExportContext) -> Any | None:
        wanted: list[int] = []
        for memoire in ctx.memoires:
            for ref_id in memoire.reference_ids():
                if ref_id not in wanted:
                    wanted.append(ref_id)
        items = []
        confidential = 0
        for ref in ctx.session.references.get_many(sorted(wanted)):
            assert ref.id is not None
            if ref.confidential:
                confidential += 1
                continue
            ctx.ref_numbers[ref.id] = len(ctx.ref_numbers) + 1
            data = _model_json(ref, {"id", "structure_id"})
            data["number"] = ctx.ref_numbers[ref.id]
            items.append(data)
            ctx.want_file(ref.certificate_file or None)
            for photo in ref.photos:
                ctx.want_file(photo)
        if confidential:
            plural = "s" if confidential > 1 else ""
            ctx.omitted.append(f"{confidential} référence{plural} confidentielle{plural}")
        return {"references": items} if items else None

    def parse(self, payload: Any) -> list[tuple[int, Reference]]:
        result = []
        for data in _list_of(payload, "references", self.member):
            data = dict(data)
            number = data.pop("number", None)
            if not isinstance(number, int):
                raise _refuse(f"Le fichier de dossier est endommagé : « {self.member} ».")
            result.append((number, _validate(Reference, data, self.member)))
        return result

    def _known(self, ctx: ImportContext) -> dict[Any, Reference]:
        known = ctx.known.get(self.member)
        if known is None:
            known = {}
            if ctx.structure_id:  # else the structure is new: nothing of it exists yet
                for local in ctx.session.references.list(ctx.structure_id):
                    known.setdefault(_reference_key(local), local)
            ctx.known[self.member] = known
        return known

    def _find(self, ctx: ImportContext, ref: Reference) -> Reference | None:
        return self._known(ctx).get(_reference_key(ref))

    def preview(self, ctx: ImportContext, parsed: list[tuple[int, Reference]]) -> list[Change]:
        return [
            Change(self.part, ref.title, EXISTS if self._find(ctx, ref) else ADDED)
            for _, ref in parsed
        ]

    def apply(self, ctx: ImportContext, parsed: list[tuple[int, Reference]]) -> None:
        for number, ref in parsed:
            local = self._find(ctx, ref)
            if local is None:
                # add() stores its own deep copy: no need for one here, nor for a validation
                # of two plain fields.
                copy = ref.model_copy(
                    update={"id": None, "structure_id": ctx.structure_id or None}
                )
                local = ctx.session.references.add(copy, keep_dates=True)
                self._known(ctx).setdefault(_reference_key(local), local)
            assert local.id is not None
            ctx.ref_ids[number] = local.id


class TextsSection(Section):
    member, part = "textes.json", "Texte type"

    def export(self, ctx: ExportContext) -> Any | None:
        assert ctx.tender.id is not None
        uses = ctx.session.text_blocks.uses_in_tender(ctx.tender.id)
        wanted = set(uses)
        for memoire in ctx.memoires:
            for section in memoire.sections:
                wanted.update(b.block_id for b in section.blocks if b.block_id is not None)
        items = []
        for block in ctx.session.text_blocks.get_many(sorted(wanted)):
            assert block.id is not None
            ctx.block_numbers[block.id] = len(ctx.block_numbers) + 1
            data = _model_json(block, {"id", "structure_id"})
            data["number"] = ctx.block_numbers[block.id]
            data["uses"] = uses.get(block.id, 0)
            items.append(data)
        return {"blocks": items} if items else None

    def parse(self, payload: Any) -> list[tuple[int, int, TextBlock]]:
        result = []
        for data in _list_of(payload, "blocks", self.member):
            data = dict(data)
            number, uses = data.pop("number", None), data.pop("uses", 0)
            if not isinstance(number, int) or not isinstance(uses, int) or not 0 <= uses < 10_000:
                raise _refuse(f"Le fichier de dossier est endommagé : « {self.member} ».")
            result.append((number, uses, _validate(TextBlock, data, self.member)))
        return result

    def _known(self, ctx: ImportContext) -> dict[Any, TextBlock]:
        known = ctx.known.get(self.member)
        if known is None:
            known = {}
            if ctx.structure_id:
                for local in ctx.session.text_blocks.list(ctx.structure_id):
                    known.setdefault(_block_key(local), local)
            ctx.known[self.member] = known
        return known

    def _find(self, ctx: ImportContext, block: TextBlock) -> TextBlock | None:
        return self._known(ctx).get(_block_key(block))

    def preview(self, ctx: ImportContext, parsed: list[tuple[int, int, TextBlock]]) -> list[Change]:
        return [
            Change(self.part, block.title, EXISTS if self._find(ctx, block) else ADDED)
            for _, _, block in parsed
        ]

    def apply(self, ctx: ImportContext, parsed: list[tuple[int, int, TextBlock]]) -> None:
        have = ctx.session.text_blocks.uses_in_tender(ctx.tender_id)
        for number, uses, block in parsed:
            local = self._find(ctx, block)
            if local is None:
                copy = block.model_copy(
                    update={"id": None, "structure_id": ctx.structure_id or None}
                )
                local = ctx.session.text_blocks.add(copy, keep_dates=True)
                self._known(ctx).setdefault(_block_key(local), local)
            assert local.id is not None
            ctx.block_ids[number] = local.id
            add_block_uses(
                ctx.session.ws, local.id, ctx.tender_id, uses - have.get(local.id, 0),
                now().isoformat(),
            )


class MemoiresSection(Section):
    member, part = "memoires.json", "Mémoire technique"

    def export(self, ctx: ExportContext) -> Any | None:
        items = []
        for memoire in ctx.memoires:
            data = _model_json(memoire, {"id", "tender_id"})
            for section in data.get("sections", []):
                section["reference_ids"] = [
                    ctx.ref_numbers[i] for i in section.get("reference_ids", [])
                    if i in ctx.ref_numbers
                ]
                for block in section.get("blocks", []):
                    block["block_id"] = ctx.block_numbers.get(block.get("block_id") or -1)
            items.append(data)
        return {"memoires": items} if items else None

    def parse(self, payload: Any) -> list[Memoire]:
        return [
            _validate(Memoire, {**data, "tender_id": 0}, self.member)
            for data in _list_of(payload, "memoires", self.member)
        ]

    def preview(self, ctx: ImportContext, parsed: list[Memoire]) -> list[Change]:
        repo = MemoireRepository(ctx.session.ws)
        changes = []
        for memoire in parsed:
            label = f"lot {memoire.lot}" if memoire.lot else "consultation entière"
            local = repo.for_tender(ctx.tender_id, memoire.lot) if ctx.update else None
            if local is None:
                changes.append(Change(self.part, label, ADDED))
                continue
            skip = {"id", "tender_id", "created_at", "updated_at"}
            mine, theirs = _model_json(local, skip), _model_json(memoire, skip)
            for data in (mine, theirs):  # ids are local: compare what the user sees
                for section in data.get("sections", []):
                    section["reference_ids"] = len(section.get("reference_ids", []))
                    for block in section.get("blocks", []):
                        block["block_id"] = None
            if mine == theirs:
                changes.append(Change(self.part, label, EXISTS, "aucun changement"))
            else:
                changes.append(Change(self.part, label, UPDATED))
        return changes

    def apply(self, ctx: ImportContext, parsed: list[Memoire]) -> None:
        repo = MemoireRepository(ctx.session.ws)
        for memoire in parsed:
            copy = memoire.model_copy(deep=True)
            copy.tender_id = ctx.tender_id
            for section in copy.sections:
                section.reference_ids = [
                    ctx.ref_ids[n] for n in section.reference_ids if n in ctx.ref_ids
                ]
                for block in section.blocks:
                    if block.block_id is not None:
                        block.block_id = ctx.block_ids.get(block.block_id)
            existing = repo.for_tender(ctx.tender_id, copy.lot)
            if existing is not None:
                copy.id = existing.id
                repo.update(copy)
            else:
                copy.id = None
                repo.add(copy, keep_dates=True)


class OutcomesSection(Section):
    """The buyer's decision per lot (result, marks, winner, reasons, dates): a coach reading
    the dossier needs it as much as the deposit; the local reference id does not travel."""

    member, part = "outcomes.json", "Résultat"

    def export(self, ctx: ExportContext) -> Any | None:
        assert ctx.tender.id is not None
        items = [
            _model_json(o, {"id", "tender_id", "structure_id", "reference_id"})
            for o in OutcomeRepository(ctx.session.ws).for_tender(ctx.tender.id)
        ]
        return {"outcomes": items} if items else None

    def parse(self, payload: Any) -> list[LotOutcome]:
        return [
            _validate(LotOutcome, {**data, "tender_id": 0}, self.member)
            for data in _list_of(payload, "outcomes", self.member)
        ]

    @staticmethod
    def _label(outcome: LotOutcome) -> str:
        where = f"lot {outcome.lot}" if outcome.lot else "consultation entière"
        return f"{where} : {outcome.result_fr}"

    def preview(self, ctx: ImportContext, parsed: list[LotOutcome]) -> list[Change]:
        repo = OutcomeRepository(ctx.session.ws)
        changes = []
        skip = {"id", "tender_id", "structure_id", "reference_id", "created_at", "updated_at"}
        for outcome in parsed:
            local = repo.for_lot(ctx.tender_id, outcome.lot) if ctx.update else None
            if local is None:
                changes.append(Change(self.part, self._label(outcome), ADDED))
            elif _model_json(local, skip) == _model_json(outcome, skip):
                changes.append(Change(self.part, self._label(outcome), EXISTS,
                                      "aucun changement"))
            else:
                changes.append(Change(self.part, self._label(outcome), UPDATED))
        return changes

    def apply(self, ctx: ImportContext, parsed: list[LotOutcome]) -> None:
        repo = OutcomeRepository(ctx.session.ws)
        tender = ctx.session.tenders.get(ctx.tender_id)
        assert tender is not None
        for outcome in parsed:
            copy = outcome.model_copy(deep=True)
            copy.tender_id = ctx.tender_id
            copy.structure_id = tender.structure_id
            existing = repo.for_lot(ctx.tender_id, copy.lot)
            if existing is not None:
                copy.id, copy.reference_id = existing.id, existing.reference_id
                repo.update(copy)
            else:
                copy.id = None
                repo.add(copy, keep_dates=True)


#: The parts of a dossier file, in export and import order (references and texts before the
#: mémoires that point at them). Add a capability's part here.
SECTIONS: tuple[Section, ...] = (
    StructureSection(),
    TenderSection(),
    ChecklistSection(),
    ReferencesSection(),
    TextsSection(),
    MemoiresSection(),
    OutcomesSection(),
)
_BY_MEMBER = {s.member: s for s in SECTIONS}


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
    from .outputs import check_output

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
        from ..fsutil import explain_os_error

        raise WorkspaceError(explain_os_error(exc, out)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportResult(out, manifest, ctx.omitted)


# --- reading ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FileEntry:
    """An attachment in the file: its member name, hash, size and original name."""

    member: str
    digest: str
    suffix: str
    size: int
    name: str


@dataclass
class DossierPackage:
    """A dossier file read and fully checked; nothing has been written anywhere."""

    path: Path
    manifest: dict[str, Any]
    uid: str
    title: str
    omitted: list[str]
    parsed: dict[str, Any]  # section member → parsed payload
    files: list[FileEntry]


def _not_dossier(path: Path) -> str | None:
    kind = sniff(path)
    if kind.is_sqlite:
        return (
            f"« {path.name} » est un espace de travail, pas un dossier exporté : ouvrez-le avec "
            "--workspace (ou Fichier › Ouvrir dans la fenêtre)."
        )
    if not kind.is_zip:
        return (
            f"« {path.name} » n'est pas un dossier exporté par Responder (ce n'est pas un "
            "fichier zip) : demandez à l'expéditeur de l'exporter à nouveau."
        )
    return None


def read_dossier(path: Path | str) -> DossierPackage:
    """Open and check a dossier file completely; ``InvalidInput`` (French) when refused.

    Checks, before any parsing: zip directory (names, links, sizes, ratio — see
    ``storage/archive.py``), manifest (format, version, members listed exactly), every
    member's size and SHA-256 by streaming with a byte cap, then every JSON part through its
    section's validation.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise _refuse(f"« {path} » n'est pas un fichier ordinaire (dossier, périphérique ou "
                      "tube) : indiquez le fichier .responder reçu.")
    if not path.is_file():
        raise _refuse(f"Fichier « {path} » introuvable : vérifiez le chemin.")
    try:
        problem = _not_dossier(path)
        if problem:
            raise _refuse(problem)
        archive = open_checked(path, f"« {path.name} »")
        with archive:
            return _read(path, archive)
    except ArchiveError as exc:
        raise _refuse(str(exc)) from exc
    except InvalidInput as exc:
        if path.name in str(exc):
            raise
        raise _refuse(f"« {path.name} » : {exc}") from exc


def _read(path: Path, archive: zipfile.ZipFile) -> DossierPackage:
    infos = {info.filename: info for info in archive.infolist()}
    if MANIFEST not in infos:
        raise _refuse(
            f"« {path.name} » n'est pas un dossier Responder : il n'a pas de manifeste."
        )
    raw, _, _ = read_member(archive, infos[MANIFEST], MAX_JSON_SIZE)
    manifest = _loads(raw, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(f"« {path.name} » n'est pas un dossier Responder (manifeste inconnu).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(f"« {path.name} » est endommagé : version de format illisible.")
    if version > FORMAT_VERSION:
        raise _refuse(
            f"Ce fichier vient d'une version plus récente de Responder (format {version}, "
            f"cette version lit jusqu'au format {FORMAT_VERSION}) : mettez Responder à jour."
        )
    uid = manifest.get("dossier_uid")
    entries = manifest.get("members")
    title = manifest.get("title", "")
    omitted = manifest.get("omitted", [])
    if (
        not isinstance(uid, str)
        or not _UID.match(uid)
        or not isinstance(entries, dict)
        or not isinstance(title, str)
        or not isinstance(omitted, list)
        or not all(isinstance(o, str) for o in omitted)
    ):
        raise _refuse(f"« {path.name} » est endommagé : manifeste incomplet.")
    listed = set(entries)
    present = set(infos) - {MANIFEST}
    if listed != present:
        missing = sorted(listed - present) or sorted(present - listed)
        raise _refuse(
            f"« {path.name} » est endommagé : « {missing[0]} » manque ou n'est pas déclaré "
            "dans le manifeste."
        )
    parsed: dict[str, Any] = {}
    files: list[FileEntry] = []
    for name in sorted(present):
        entry = entries[name]
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not isinstance(entry.get("size"), int)
        ):
            raise _refuse(f"« {path.name} » est endommagé : « {name} » mal décrit.")
        match = _FILE_NAME.match(name)
        if name not in _BY_MEMBER and not match:
            raise _refuse(f"« {path.name} » est refusé : élément inconnu « {name} ».")
        info = infos[name]
        if info.file_size != entry["size"]:
            raise _refuse(f"« {path.name} » est endommagé : la taille de « {name} » ne "
                          "correspond pas au manifeste.")
        if match:
            digest = match.group(1)
            data, actual, size = read_member(archive, info, entry["size"], _Discard())
            if actual != digest or entry["sha256"] != digest or size != entry["size"]:
                raise _mismatch(path, name)
            original = entry.get("name", digest)
            if not isinstance(original, str):
                raise _refuse(f"« {path.name} » est endommagé : « {name} » mal décrit.")
            files.append(FileEntry(name, digest, match.group(2) or "", size,
                                   Path(original.replace("\\", "/")).name[:200] or digest))
            continue
        data, actual, size = read_member(archive, info, min(entry["size"], MAX_JSON_SIZE))
        if actual != entry["sha256"] or size != entry["size"]:
            raise _mismatch(path, name)
        parsed[name] = _BY_MEMBER[name].parse(_loads(data, name))
    if TenderSection.member not in parsed:
        raise _refuse(f"« {path.name} » est endommagé : la consultation est absente.")
    return DossierPackage(path, manifest, uid, title, list(omitted), parsed, files)


def _mismatch(path: Path, name: str) -> InvalidInput:
    return _refuse(
        f"« {path.name} » est endommagé : l'empreinte de « {name} » ne correspond pas au "
        "manifeste (fichier modifié ou abîmé pendant l'envoi). Demandez-le à nouveau."
    )


class _Discard:
    """A sink that only counts: attachments are hashed on reading, copied on import."""

    def write(self, data: bytes) -> int:
        return len(data)


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
