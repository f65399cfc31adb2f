"""The dossier file format: names, versions, the dossier UID, the export and import contexts
and the JSON helpers every section uses."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...domain.common import InvalidInput, french_errors
from ...domain.memoire import Memoire
from ...domain.tender import Tender
from ...storage.meta import keys_with_value
from ..workspace import Session

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


def _replace_or_add(repo: Any, item: Any, existing: Any | None) -> None:
    """Store ``item`` in place of ``existing`` (taking its id), or as a new row, dates kept."""
    if existing is not None:
        item.id = existing.id
        repo.update(item)
    else:
        item.id = None
        repo.add(item, keep_dates=True)


def _adopt(ctx: ImportContext, known: dict[Any, Any], key: Callable[[Any], Any], item: Any,
           store: Any) -> int:
    """The local id of ``item``: the matching one of the target structure, else a copy added
    to it (dates kept) and remembered for the next rows."""
    local = known.get(key(item))
    if local is None:
        # add() stores its own deep copy: no need for one here, nor for a validation of two
        # plain fields.
        copy = item.model_copy(update={"id": None, "structure_id": ctx.structure_id or None})
        local = store.add(copy, keep_dates=True)
        known.setdefault(key(local), local)
    assert local.id is not None
    return int(local.id)
