"""The sections of a dossier file: the base class, the structure, the tender, the checklist."""

from __future__ import annotations

import json
from typing import Any

from ...domain.checklist import Checklist
from ...domain.structure import Structure
from ...domain.tender import Tender
from ...storage.checklists import ChecklistRepository
from ..tenders import TENDER_JSON_VERSION, TenderService
from ..workspace import Session
from .common import (
    ADDED,
    EXISTS,
    UID_PREFIX,
    UPDATED,
    Change,
    ExportContext,
    ImportContext,
    _model_json,
    _refuse,
    _relink,
    _replace_or_add,
    _self_flags,
    _validate,
)


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
        _replace_or_add(repo, checklist, repo.for_tender(ctx.tender_id))
