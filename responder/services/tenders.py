"""Use cases on tender dossiers: list, create, edit, duplicate, delete/undo, JSON exchange."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain.common import InvalidInput, editable_dump, french_errors
from ..domain.enums import TenderStatus
from ..domain.errors import parse_json, required
from ..domain.tender import Tender
from ..fsutil import atomic_write_text, explain_os_error
from ..storage.db import WorkspaceError
from .workspace import KEEP_DELETED, Session

#: Version of the tender JSON format (see docs/formats.md). Bump on incompatible changes.
TENDER_JSON_VERSION = 1
#: Fields that belong to the workspace, not to the exchanged tender.
_LOCAL_FIELDS = {"id", "structure_id"}


class TenderService:
    """Everything a user does to tender dossiers, for the GUI and the CLI."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- reading -------------------------------------------------------------------------
    def list(self, structure_id: int | None = None) -> list[Tender]:
        """Dossiers (of one structure when given), soonest deadline first, undated last."""
        tenders = self.session.tenders.list(structure_id)
        return sorted(
            tenders,
            key=lambda t: (t.deadline is None, t.deadline.isoformat() if t.deadline else "", t.id),
        )

    def get(self, tender_id: int) -> Tender:
        """The dossier with this id; ``InvalidInput`` naming the id if there is none."""
        return required(
            self.session.tenders.get(tender_id), "id",
            f"Aucune consultation n° {tender_id} : « responder tender list » les affiche toutes.",
        )

    # --- validation ----------------------------------------------------------------------
    @staticmethod
    def validate(data: dict[str, Any]) -> Tender:
        """A ``Tender`` from form or JSON data, or ``InvalidInput`` with a message per field."""
        try:
            return Tender.model_validate(data)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc
        except (RecursionError, TypeError, ValueError) as exc:  # hostile JSON, not a form
            raise InvalidInput(
                {"": "contenu invalide (données imbriquées trop profondément ou d'un type "
                 "inattendu) : exportez à nouveau la consultation."}
            ) from exc

    # --- writing -------------------------------------------------------------------------
    def save(self, data: dict[str, Any] | Tender, structure_id: int | None = None) -> Tender:
        """Validate and store a dossier: inserted when it has no id, updated otherwise."""
        payload = editable_dump(data) if isinstance(data, Tender) else dict(data)
        if structure_id is not None:
            payload["structure_id"] = structure_id
        tender = self.validate(payload)
        self._check_structure(tender)
        if tender.id is None:
            return self.session.tenders.add(tender)
        # The groupement is edited by GroupementService only: a consultation form loaded
        # before the groupement changed must not put its stale copy back.
        stored = self.session.tenders.get(tender.id)
        if stored is not None:
            tender.groupement = stored.groupement
            tender.deposit = stored.deposit  # likewise edited by DepositService only
            # Likewise the go / no-go, recorded by GoNoGoService only.
            tender.go_no_go = stored.go_no_go
        return self.session.tenders.update(tender)

    def _check_structure(self, tender: Tender) -> None:
        if tender.structure_id is None:
            raise InvalidInput({"structure_id": "Choisissez la structure qui répond."})
        if self.session.structures.get(tender.structure_id) is None:
            raise InvalidInput(
                {"structure_id": f"La structure n° {tender.structure_id} n'existe pas."}
            )

    def duplicate(self, tender_id: int) -> Tender:
        """A copy of a dossier, back in « veille », titled « … (copie) »."""
        original = self.get(tender_id)
        payload = original.model_dump(exclude={"id", "created_at", "updated_at"})
        payload["title"] = f"{original.title} (copie)"
        payload["status"] = TenderStatus.VEILLE
        if payload.get("deposit"):
            payload["deposit"]["record"] = None  # the copy has not been deposited
        return self.save(payload)

    def delete(self, tender_id: int) -> Tender:
        """Delete a dossier and return it, so that ``restore`` can undo the deletion.

        The dossier disappears everywhere but stays in the workspace, with its checklist,
        mémoire and dates, until ``purge_deleted`` (run when a workspace is opened) removes
        those deleted more than ``KEEP_DELETED`` ago.
        """
        tender = self.get(tender_id)
        self.session.tenders.delete(tender_id)
        return tender

    def restore(self, tender: Tender) -> Tender:
        """Put a deleted dossier back as it was, with everything attached to it (undo)."""
        if tender.id is not None:
            if self.session.tenders.get(tender.id) is not None:
                return self.session.tenders.update(tender)
            if self.session.tenders.undelete(tender.id):
                return self.get(tender.id)
        # Purged meanwhile: the dossier itself comes back; what was attached is gone.
        return self.session.tenders.add(tender, keep_id=True, keep_dates=True)

    def purge_deleted(self, now: datetime | None = None) -> int:
        """Remove for good the dossiers deleted more than ``KEEP_DELETED`` ago."""
        return self.session.tenders.purge_deleted((now or datetime.now()) - KEEP_DELETED)

    # --- JSON exchange -------------------------------------------------------------------
    def to_json(self, tender: Tender) -> str:
        """The exchange JSON of a dossier: the model's JSON plus ``schema_version``."""
        payload = json.loads(tender.model_dump_json(exclude=_LOCAL_FIELDS))
        return json.dumps(
            {"schema_version": TENDER_JSON_VERSION, **payload}, ensure_ascii=False, indent=2
        )

    def export_json(self, tender_id: int, out: Path) -> Path:
        """Write a dossier as JSON to ``out`` (atomically); returns the path written."""
        from .outputs import check_output

        check_output(out, self.session.path, force=True)
        text = self.to_json(self.get(tender_id))
        try:
            atomic_write_text(out, text + "\n")
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, out)) from exc
        return out

    def from_json(self, text: str, source: str = "le fichier") -> Tender:
        """Parse and validate exchange JSON; ``InvalidInput`` names the field and the fix."""
        try:
            payload = parse_json(
                text, source, " : ouvrez-le dans un éditeur de texte pour le corriger")
        except InvalidInput:
            raise
        except (RecursionError, ValueError) as exc:  # absurd nesting, a 5,000-digit number
            raise InvalidInput(
                {"": f"{source} n'est pas une consultation exportée par Responder (JSON "
                 "imbriqué trop profondément ou nombre démesuré) : exportez-la à nouveau."}
            ) from exc
        if not isinstance(payload, dict):
            raise InvalidInput({"": f"{source} doit contenir un objet JSON (entre accolades)."})
        version = payload.pop("schema_version", None)
        if version is None:
            raise InvalidInput(
                {"schema_version": "champ manquant : ce fichier n'est pas une consultation "
                 "exportée par Responder."}
            )
        if not isinstance(version, int) or version > TENDER_JSON_VERSION:
            raise InvalidInput(
                {"schema_version": f"version {version} inconnue : ce fichier vient d'une version "
                 "plus récente de Responder, mettez l'application à jour."}
            )
        for name in _LOCAL_FIELDS:
            payload.pop(name, None)
        tender = self.validate(payload)
        if tender.groupement is not None:
            # The sender's structure and partner ids mean nothing in this workspace (they
            # would link a member to an unrelated local record): the member keeps its
            # copied name, SIRET and address only.
            members = [
                m.model_copy(update={"structure_id": None, "partner_id": None})
                for m in tender.groupement.members
            ]
            tender.groupement = tender.groupement.model_copy(update={"members": members})
        return tender

    def import_json(self, source: Path, structure_id: int) -> Tender:
        """Add a dossier exported as JSON to ``structure_id``; returns it with its new id."""
        from .inputs import read_input

        data = read_input(source, kind="fichier .json de la consultation exportée")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                {"": f"« {source} » n'est pas un fichier texte UTF-8 : exportez-le à nouveau."}
            ) from exc
        tender = self.from_json(text, f"« {Path(source).name} »")
        tender.structure_id = structure_id
        self._check_structure(tender)
        # The import is the same dossier moved: it keeps its own creation and edit dates.
        return self.session.tenders.add(tender, keep_dates=True)
