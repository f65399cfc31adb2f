"""The requirement checklist of a dossier: generate, refresh, edit, link to the vault, export.

The checklist is regenerated from the tender every time it is read (lots, reservation, visit
or members may have changed) and merged with the stored one, so user edits (status, file,
note, due date, hidden items, custom items) are never lost. Attestations are judged against
the vault when displayed: replacing a document in the vault updates every dossier at once.

Thread contract: call from one thread at a time per ``Session``; ``export`` writes files and
may run in a background task with its own session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..documents.bordereau import render_bordereau, write_bordereau_csv
from ..domain.checklist import (
    AttestationCheck,
    Catalogue,
    Checklist,
    ChecklistItem,
    ChecklistMember,
    ChecklistView,
    Due,
    ItemStatus,
    Phase,
    build_rows,
    custom_uid,
    generate_items,
    members_of_groupement,
    merge_items,
    progress,
)
from ..domain.common import InvalidInput, french_errors
from ..domain.deadlines import tender_award_date
from ..domain.enums import LegalForm
from ..domain.errors import required
from ..domain.tender import Tender
from ..fsutil import explain_os_error
from ..storage.checklists import ChecklistRepository
from ..storage.db import WorkspaceError
from .bordereau import bordereau_context
from .catalogue import load_catalogue
from .deadlines import load_rulebook
from .tenders import TenderService
from .vault import VaultService, check_attachment, parse_date
from .workspace import Session


class ChecklistService:
    """Everything a user does to a dossier's checklist, for the GUI and the CLI."""

    def __init__(self, session: Session, catalogue: Catalogue | None = None) -> None:
        self.session = session
        # Views are cached in the session only with the shipped catalogue (tests inject theirs).
        self._cached = catalogue is None
        self.catalogue = catalogue or load_catalogue()
        self.repo = ChecklistRepository(session.ws)
        self.vault = VaultService(session, self.catalogue)

    # --- building ------------------------------------------------------------------------
    def default_members(self, tender: Tender) -> list[ChecklistMember]:
        """The groupement's members when the dossier has one, else the structure alone.

        So a dossier imported or duplicated with its groupement lists every member's pieces
        before the groupement is saved again.
        """
        if tender.groupement is not None and tender.groupement.members:
            return members_of_groupement(tender.groupement)
        structure = (
            self.session.structures.get(tender.structure_id) if tender.structure_id else None
        )
        if structure is None:
            return [ChecklistMember(name="Ma structure", is_mandataire=True)]
        return [
            ChecklistMember(
                name=structure.name,
                siret=structure.siret,
                is_mandataire=True,
                structure_id=structure.id,
                is_association=structure.legal_form == LegalForm.ASSOCIATION,
                headcount=structure.headcount.total or None,
            )
        ]

    def _tender(self, tender_id: int) -> Tender:
        return TenderService(self.session).get(tender_id)

    def current(self, tender_id: int) -> Checklist:
        """The dossier's checklist, regenerated from the tender and merged with saved edits.

        Reading never writes: the result is saved by the first change the user makes.
        """
        tender = self._tender(tender_id)
        stored = self.repo.for_tender(tender_id)
        if stored is None:
            stored = Checklist(
                tender_id=tender_id,
                structure_id=tender.structure_id,
                title=tender.title,
                members=self.default_members(tender),
            )
        return self._refreshed(stored, tender)

    def _refreshed(self, checklist: Checklist, tender: Tender) -> Checklist:
        generated = generate_items(
            tender,
            self.catalogue,
            checklist.members,
            checklist.requested_keys,
            checklist.use_dume,
        )
        payload = checklist.model_dump()
        payload.update(
            title=tender.title,
            structure_id=tender.structure_id,
            items=[i.model_dump() for i in merge_items(checklist.items, generated)],
        )
        return Checklist.model_validate(payload)

    def _save(self, checklist: Checklist) -> Checklist:
        with self.session.ws.transaction():
            if checklist.id is None:
                return self.repo.add(checklist)
            return self.repo.update(checklist)

    def _change(self, checklist: Checklist, **changes: Any) -> Checklist:
        payload = checklist.model_dump()
        payload.update(changes)
        try:
            changed = Checklist.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInput(_item_errors(exc)) from exc
        if any(key in changes for key in ("members", "requested_keys", "use_dume")):
            changed = self._refreshed(changed, self._tender(checklist.tender_id))
        return self._save(changed)

    def _item(self, checklist: Checklist, uid: str) -> ChecklistItem:
        return required(
            checklist.item(uid), "uid",
            f"Aucune pièce « {uid} » dans la liste de ce dossier : « responder checklist show "
            f"{checklist.tender_id} » affiche les identifiants.",
        )

    def _replace_item(self, checklist: Checklist, uid: str, **changes: Any) -> Checklist:
        self._item(checklist, uid)
        items = [
            {**i.model_dump(), **changes} if i.uid == uid else i.model_dump()
            for i in checklist.items
        ]
        return self._change(checklist, items=items)

    # --- deleting a dossier and undoing it -----------------------------------------------
    def stored(self, tender_id: int) -> Checklist | None:
        """The checklist as saved (``None`` if never saved): keep it before deleting a dossier.

        Deleting the dossier removes its checklist with it (ON DELETE CASCADE); ``put_back``
        restores this copy when the deletion is undone.
        """
        return self.repo.for_tender(tender_id)

    def put_back(self, checklist: Checklist) -> Checklist:
        """Store again a checklist removed with its dossier (undo), with its id and dates.

        Call it once the dossier itself is restored. A checklist saved meanwhile for the same
        dossier is overwritten by this one.
        """
        with self.session.ws.transaction():
            existing = self.repo.for_tender(checklist.tender_id)
            if existing is not None:
                payload = checklist.model_dump()
                payload["id"] = existing.id
                return self.repo.update(Checklist.model_validate(payload))
            return self.repo.add(checklist, keep_id=True, keep_dates=True)

    # --- inputs from other capabilities --------------------------------------------------
    def generate(self, tender_id: int) -> Checklist:
        """Create or refresh the stored checklist from the tender (user edits kept)."""
        return self._save(self.current(tender_id))

    def set_members(
        self, tender_id: int, members: Sequence[ChecklistMember | dict[str, Any]]
    ) -> Checklist:
        """Replace the members who owe pieces (the groupement builder calls this).

        The first member is mandataire unless one says so. Member-owned pieces (DC2,
        attestations …) then appear once per member.
        """
        data = [m.model_dump() if isinstance(m, ChecklistMember) else dict(m) for m in members]
        if not data:
            raise InvalidInput({"members": "Le dossier doit avoir au moins un membre."})
        return self._change(self.current(tender_id), members=data)

    def set_requested(
        self, tender_id: int, keys: Iterable[str], *, use_dume: bool | None = None
    ) -> Checklist:
        """Record the pieces the RC asks for (catalogue keys or aliases) and regenerate."""
        resolved: list[str] = []
        for key in keys:
            resolved.append(self.catalogue.require(key, "requested_keys").key)
        checklist = self.current(tender_id)
        changes: dict[str, Any] = {"requested_keys": list(dict.fromkeys(resolved))}
        if use_dume is not None:
            changes["use_dume"] = use_dume
        return self._change(checklist, **changes)

    # --- user edits ----------------------------------------------------------------------
    def set_status(
        self, tender_id: int, uid: str, status: ItemStatus | str, reason: str = ""
    ) -> Checklist:
        """Set an item's status; « sans objet » needs a reason (French error otherwise)."""
        try:
            value = ItemStatus(status)
        except ValueError as exc:
            raise InvalidInput(
                {"status": f"statut « {status} » inconnu : a_faire, en_cours, pret ou "
                 "sans_objet."}
            ) from exc
        reason = reason.strip() if value == ItemStatus.SANS_OBJET else ""
        return self._replace_item(self.current(tender_id), uid, status=value, reason=reason)

    def update_item(
        self,
        tender_id: int,
        uid: str,
        *,
        note: str | None = None,
        due_on: date | str | None = None,
        required: bool | None = None,
        clear_due: bool = False,
    ) -> Checklist:
        """Change an item's note, internal due date or « obligatoire » flag."""
        changes: dict[str, Any] = {}
        if note is not None:
            changes["note"] = note
        if due_on is not None:
            changes["due_on"] = parse_date(due_on, "due_on")
        if clear_due:
            changes["due_on"] = None
        if required is not None:
            changes["required"] = required
        return self._replace_item(self.current(tender_id), uid, **changes)

    def attach_file(self, tender_id: int, uid: str, path: Path | str) -> Checklist:
        """Copy a file into the workspace and attach it to an item.

        The file is checked first (exists, readable, not empty): a bad file raises
        ``InvalidInput`` and nothing is saved.
        """
        checklist = self.current(tender_id)
        self._item(checklist, uid)
        source = check_attachment(path)
        with self.session.ws.transaction():
            digest = self.session.files.add(source)
            return self._replace_item(checklist, uid, file_hash=digest, file_name=source.name)

    def detach_file(self, tender_id: int, uid: str) -> Checklist:
        """Remove the file attached to an item (the stored copy stays in the workspace)."""
        return self._replace_item(self.current(tender_id), uid, file_hash=None, file_name="")

    def hide(self, tender_id: int, uid: str, hidden: bool = True) -> Checklist:
        """Hide a standard item (kept hidden across regenerations), or show it again."""
        return self._replace_item(self.current(tender_id), uid, hidden=hidden)

    def add_custom(
        self,
        tender_id: int,
        label: str,
        phase: Phase | str = Phase.CANDIDATURE,
        *,
        member: str | None = None,
        lots: Sequence[int] = (),
        required: bool = True,
        note: str = "",
        due_on: date | str | None = None,
    ) -> ChecklistItem:
        """Add a piece of the user's own to the list; returns it (with its ``uid``)."""
        checklist = self.current(tender_id)
        if not label.strip():
            raise InvalidInput({"label": "Donnez un intitulé à la pièce."})
        try:
            phase_value = Phase(phase)
        except ValueError as exc:
            raise InvalidInput(
                {"phase": f"phase « {phase} » inconnue : {', '.join(p.value for p in Phase)}."}
            ) from exc
        owner = self._member(checklist, member)
        tender_lots = {lot.number for lot in self._tender(tender_id).lots}
        unknown = [n for n in lots if n not in tender_lots]
        if unknown:
            raise InvalidInput(
                {"lots": f"Lot(s) {', '.join(map(str, unknown))} absent(s) de la consultation."}
            )
        uid = custom_uid(label, (i.uid for i in checklist.items))
        data = {
            "uid": uid,
            "key": uid,
            "label": label,
            "phase": phase_value,
            "lots": sorted(set(lots)),
            "member": owner.name,
            "member_key": owner.member_key,
            "custom": True,
            "required": required,
            "note": note,
            "due_on": parse_date(due_on, "due_on") if due_on is not None else None,
        }
        items = [i.model_dump() for i in checklist.items]
        saved = self._change(checklist, items=[*items, data])
        item = saved.item(uid)
        assert item is not None
        return item

    def remove_custom(self, tender_id: int, uid: str) -> Checklist:
        """Delete a custom item (standard items are hidden, not deleted)."""
        checklist = self.current(tender_id)
        if not self._item(checklist, uid).custom:
            raise InvalidInput(
                {"uid": "Une pièce standard ne se supprime pas : masquez-la, ou marquez-la "
                 "« sans objet » avec la raison."}
            )
        items = [i.model_dump() for i in checklist.items if i.uid != uid]
        return self._change(checklist, items=items)

    def _member(self, checklist: Checklist, name: str | None) -> ChecklistMember:
        if name is None:
            owner = checklist.mandataire
            assert owner is not None
            return owner
        for member in checklist.members:
            if name in (member.name, member.siret, member.member_key):
                return member
        raise InvalidInput(
            {"member": f"« {name} » n'est pas membre de ce dossier : "
             f"{', '.join(m.name for m in checklist.members)}."}
        )

    # --- display -------------------------------------------------------------------------
    def checks(
        self,
        checklist: Checklist,
        today: date,
        deadline: date | None,
        award_date: date | None = None,
    ) -> dict[str, AttestationCheck | None]:
        """The vault's answer for each item that a vault document can fulfil.

        Pieces due at the deposit are judged at the deadline; the attributaire's pieces at
        the expected award date (``award_date``, the deadline when unknown).
        """
        members = {m.member_key: m for m in checklist.members}
        result: dict[str, AttestationCheck | None] = {}
        for item in checklist.items:
            req = None if item.custom else self.catalogue.get(item.key)
            if req is None or not req.vault:
                continue
            member = members.get(item.member_key) or checklist.mandataire
            structure_id = member.structure_id if member else None
            day = award_date if item.due == Due.ATTRIBUTION and award_date else deadline
            check = self.vault.check(structure_id, item.key, today, day)
            if check.document_id is None and item.file_hash:
                result[item.uid] = None  # the user attached the piece to the item itself
            else:
                result[item.uid] = check
        return result

    def view(
        self, tender_id: int, today: date | None = None, *, include_hidden: bool = False
    ) -> ChecklistView:
        """Rows (with French labels, readiness, alerts) and progress of a dossier's checklist.

        Computed once per session and state of the data: the dashboard and the next step of
        each dossier ask for the same view; any committed write makes the cached one stale.
        """
        today = today or date.today()
        if not self._cached:
            return self._view(tender_id, today, include_hidden)
        key = ("checklist-view", tender_id, today, include_hidden)
        version = self.session.ws.version()
        hit = self.session.cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[return-value]
        view = self._view(tender_id, today, include_hidden)
        self.session.cache[key] = (version, view)
        return view

    def _view(self, tender_id: int, today: date, include_hidden: bool) -> ChecklistView:
        """Compute the view (uncached)."""
        tender = self._tender(tender_id)
        checklist = self.current(tender_id)
        # A two-phase dossier before the invitation has only its candidatures deadline: the
        # pieces are judged at it, as the go / no-go and the dashboard count down to it.
        due = tender.deadline or tender.candidatures_deadline
        deadline = due.date() if due else None
        award = self.award_date(tender)
        rows = build_rows(
            checklist,
            self.catalogue,
            self.checks(checklist, today, deadline, award),
            deadline,
            include_hidden=include_hidden,
            award_date=award,
        )
        return ChecklistView(
            tender_id=tender_id,
            title=tender.title,
            buyer=tender.buyer,
            reference=tender.reference,
            deadline=deadline,
            deadline_is_candidatures=tender.deadline is None and deadline is not None,
            award_date=award,
            today=today,
            members=checklist.members,
            rows=rows,
            progress=progress(rows),
        )

    def award_date(self, tender: Tender) -> date | None:
        """The expected award date of a dossier (``None`` without a deadline)."""
        return tender_award_date(load_rulebook(), tender)

    def exempt(self, tender_id: int, uid: str, article: str) -> Checklist:
        """Mark a piece « sans objet » because the buyer need not receive it again.

        ``R2143-13``: the buyer can obtain it directly and free of charge (digital safe,
        public database — say where in the note); ``R2143-14``: the buyer already holds it
        from an earlier procedure and it is still valid. The reason cites the article.
        """
        rule_ids = {"R2143-13": "piece_available_to_buyer", "R2143-14": "piece_already_held"}
        wanted = article.strip().upper().replace("R.", "R").replace(" ", "")
        if wanted not in rule_ids:
            raise InvalidInput(
                {"article": f"« {article} » : choisissez R2143-13 (pièce que l'acheteur peut "
                 "obtenir lui-même) ou R2143-14 (pièce qu'il détient déjà)."}
            )
        rule = load_rulebook().find(rule_ids[wanted], date.today())
        reason = (
            f"{rule.label_fr} ({rule.article})" if rule is not None
            else f"Pièce dispensée ({wanted})"
        )
        return self.set_status(tender_id, uid, ItemStatus.SANS_OBJET, reason)

    # --- export --------------------------------------------------------------------------
    def bordereau_context(
        self, view: ChecklistView, tender: Tender | None = None
    ) -> dict[str, Any]:
        """The plain dict the bordereau template and the CSV are rendered from (see
        :func:`responder.services.bordereau.bordereau_context`)."""
        return bordereau_context(view, tender)

    def export(self, tender_id: int, out: Path | str, today: date | None = None) -> Path:
        """Write the « bordereau des pièces » as .docx or .csv (by extension), atomically."""
        target = Path(out).expanduser()
        suffix = target.suffix.lower()
        if suffix not in (".docx", ".csv"):
            raise InvalidInput(
                {"out": f"« {target.name} » : choisissez un fichier .docx (Word) ou .csv "
                 "(tableur)."}
            )
        from .outputs import check_output

        check_output(target, self.session.path, force=True)
        context = self.bordereau_context(self.view(tender_id, today), self._tender(tender_id))
        try:
            if suffix == ".docx":
                render_bordereau(context, target)
            else:
                write_bordereau_csv(context, target)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, target)) from exc
        return target


def _item_errors(exc: ValidationError) -> dict[str, str]:
    """French messages, keyed by the item field the user can fix (``reason`` …)."""
    messages: dict[str, str] = {}
    for path, text in french_errors(exc).items():
        parts = path.split(".")
        if len(parts) == 2 and parts[0] == "items":
            key = "reason" if "sans objet" in text else "item"
        elif len(parts) >= 3 and parts[0] == "items":
            key = parts[2]
        else:
            key = path
        messages.setdefault(key, text)
    return messages
