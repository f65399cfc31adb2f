"""« Documents administratifs »: the vault of attestations and standing documents.

Each document is stored with the date it certifies and its file (copied into the workspace's
file store). Its expiry is computed from the catalogue's validity rule every time it is read,
so a corrected rule or a replaced document is seen at once by every dossier.

Thread contract: like every service, call it from one thread at a time per ``Session``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from ..domain.checklist import AttestationCheck, Catalogue, Phase, Requirement
from ..domain.common import InvalidInput, french_errors
from ..domain.enums import LegalForm
from ..domain.errors import required
from ..domain.tender import Tender
from ..domain.validity import ValidityState, expiry_date, renew_by, state_at
from ..domain.vault import (
    AdminDocument,
    DossierVaultStatus,
    VaultEntry,
    document_date_error,
)
from ..fr import date_short
from .catalogue import load_catalogue
from .structures import StructureService
from .workspace import Session

T = TypeVar("T")

#: How far ahead of today the date of a document may be (an attestation dated next month,
#: an insurance year starting soon); beyond, it is a typo in the year.
FUTURE_TOLERANCE_DAYS = 31

#: The documents every dossier needs from the vault (pièces de l'attributaire, R2144-7).
CORE_KINDS = ("kbis", "attestation_urssaf", "attestation_fiscale", "attestation_assurance", "rib")


def parse_date(value: date | str, field: str = "date") -> date:
    """A date from a ``date`` or ``AAAA-MM-JJ`` text; ``InvalidInput`` on ``field`` otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput(
            {field: f"« {value} » n'est pas une date : écrivez-la au format AAAA-MM-JJ "
             "(par exemple 2026-08-31)."}
        ) from exc


def check_document_dates(
    dated: date,
    valid_until: date | None,
    today: date,
    *,
    date_field: str = "date",
    until_field: str = "valid_until",
) -> None:
    """Refuse implausible dates of a document before anything is written.

    Years outside 1900–2100 are typos whatever the field; the date the document certifies
    (or was issued) may not be more than ``FUTURE_TOLERANCE_DAYS`` days ahead of ``today``
    (« 2062 » for « 2026 »). ``InvalidInput`` names the field.
    """
    errors: dict[str, str] = {}
    error = document_date_error(dated, "issued_on")
    if error:
        errors[date_field] = error
    elif dated > today + timedelta(days=FUTURE_TOLERANCE_DAYS):
        errors[date_field] = (
            f"La date de l'attestation est dans le futur : vérifiez l'année "
            f"({date_short(dated)} saisi, nous sommes le {date_short(today)})."
        )
    if valid_until is not None:
        error = document_date_error(valid_until, "valid_until")
        if error:
            errors[until_field] = error
    if errors:
        raise InvalidInput(errors)


def check_attachment(path: Path | str, field: str = "file") -> Path:
    """The file to attach, once proven to exist, be readable and not be empty.

    Called before anything is written: a bad file raises ``InvalidInput`` (French, on
    ``field``) and leaves the workspace untouched.
    """
    source = Path(path).expanduser()
    if not source.exists():
        raise InvalidInput(
            {field: f"Le fichier « {source} » est introuvable : vérifiez le chemin et le nom."}
        )
    if not source.is_file():
        raise InvalidInput(
            {field: f"« {source} » n'est pas un fichier (c'est un dossier ?) : choisissez le "
             "fichier de l'attestation."}
        )
    try:
        with source.open("rb") as handle:
            first = handle.read(1)
    except OSError as exc:
        raise InvalidInput(
            {field: f"Impossible de lire « {source.name} » ({exc.strerror or exc}) : vérifiez "
             "que le fichier n'est pas ouvert ailleurs et que vous avez le droit de le lire."}
        ) from exc
    if not first:
        raise InvalidInput(
            {field: f"Le fichier « {source.name} » est vide (0 octet) : le téléchargement a "
             "sans doute échoué. Téléchargez-le à nouveau puis réessayez."}
        )
    return source


class VaultService:
    """Add, replace and judge the administrative documents of each structure."""

    def __init__(self, session: Session, catalogue: Catalogue | None = None) -> None:
        self.session = session
        self.catalogue = catalogue or load_catalogue()

    # --- helpers -------------------------------------------------------------------------
    def _structure_id(self, structure_id: int | None) -> int:
        structures = StructureService(self.session)
        if structure_id is None:
            sid = structures.current().id
            assert sid is not None
            return sid
        structures.get(structure_id)
        return structure_id

    def _cached(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, kept in the session until its next write (a checklist asks the
        same structure and documents once per item, the dashboard once per dossier)."""
        version = self.session.ws.version()
        hit = self.session.cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[return-value]
        value = compute()
        self.session.cache[key] = (version, value)
        return value

    def _is_association(self, structure_id: int | None) -> bool:
        if structure_id is None:
            return False

        def read() -> bool:
            structure = self.session.structures.get(structure_id)
            return structure is not None and structure.legal_form == LegalForm.ASSOCIATION

        return self._cached(("vault-association", structure_id), read)

    def _requirement(self, kind: str) -> Requirement:
        req = self.catalogue.require(kind, "kind")
        if not req.vault:
            raise InvalidInput(
                {"kind": f"« {req.label} » ne se range pas dans les documents administratifs. "
                 f"Clés possibles : {', '.join(self.catalogue.vault_keys())}."}
            )
        return req

    def expires_on(self, document: AdminDocument) -> date | None:
        """Last valid day of ``document`` by its kind's rule and its own end date, if any."""
        req = self.catalogue.get(document.kind)
        rule = req.rule_for(self._is_association(document.structure_id)) if req else None
        return expiry_date(rule, document.issued_on, document.valid_until)

    # --- reading -------------------------------------------------------------------------
    def kinds(self) -> builtins.list[Requirement]:
        """The kinds of documents the vault holds, in catalogue order (for a combo box).

        Each gives its French ``label``, ``explanation``, ``where`` and, for attestations,
        ``validity.date_hint`` (which date to type in).
        """
        return [req for req in self.catalogue.requirements if req.vault]

    def get(self, document_id: int) -> AdminDocument:
        """The document with this id; ``InvalidInput`` if there is none."""
        return required(
            self.session.documents.get(document_id), "id",
            f"Aucun document n° {document_id} : « responder vault list » les affiche.",
        )

    def documents(self, structure_id: int | None = None) -> list[AdminDocument]:
        """Every stored document (of one structure when given), newest date first per kind."""
        docs = self.session.documents.list(structure_id)
        return sorted(
            docs, key=lambda d: (self.catalogue.resolve(d.kind) or d.kind, _neg(d.issued_on))
        )

    def current(self, structure_id: int, kind: str) -> AdminDocument | None:
        """The structure's document of this kind that counts: the most recently dated one."""
        canonical = self.catalogue.resolve(kind) or kind
        stored = self._cached(
            ("vault-documents", structure_id),
            lambda: tuple(self.session.documents.list(structure_id)),
        )
        matching = [d for d in stored if (self.catalogue.resolve(d.kind) or d.kind) == canonical]
        if not matching:
            return None
        # A copy: the cached ones stay as stored whatever the caller does with it.
        return max(matching, key=lambda d: (d.issued_on or date.min, d.id or 0)).model_copy(
            deep=True
        )

    def entry(
        self, structure_id: int, kind: str, today: date, deadline: date | None = None
    ) -> VaultEntry:
        """State of one kind of document for a structure, today and at ``deadline``."""
        req = self.catalogue.get(kind)
        is_association = self._is_association(structure_id)
        rule = req.rule_for(is_association) if req else None
        document = self.current(structure_id, kind)
        expires = expiry_date(rule, document.issued_on, document.valid_until) if document else None
        state = state_at(expires, today, deadline, present=document is not None)
        return VaultEntry(
            kind=req.key if req else kind,
            label=(document.label if document and document.label else "")
            or (req.label_for(is_association) if req else kind),
            document=document,
            dated=document.issued_on if document else None,
            expires_on=expires,
            state=state,
            at=deadline or today,
            renew_by=renew_by(state, expires, today),
            guidance=bool(rule and rule.is_guidance),
            rule_text=(rule.explanation or rule.basis) if rule else "",
        )

    def list(self, structure_id: int | None = None, today: date | None = None) -> list[VaultEntry]:
        """Every stored document of a structure (current one first), with its state today."""
        today = today or date.today()
        sid = self._structure_id(structure_id)
        entries: list[VaultEntry] = []
        current_ids = {
            doc.id
            for kind in {self.catalogue.resolve(d.kind) or d.kind for d in self.documents(sid)}
            if (doc := self.current(sid, kind)) is not None
        }
        for document in self.documents(sid):
            req = self.catalogue.get(document.kind)
            rule = req.rule_for(self._is_association(sid)) if req else None
            expires = expiry_date(rule, document.issued_on, document.valid_until)
            state = state_at(expires, today)
            entries.append(
                VaultEntry(
                    kind=req.key if req else document.kind,
                    label=document.label or (req.label if req else document.kind),
                    document=document,
                    dated=document.issued_on,
                    expires_on=expires,
                    state=state,
                    at=today,
                    renew_by=renew_by(state, expires, today),
                    guidance=bool(rule and rule.is_guidance),
                    rule_text=(rule.explanation or rule.basis) if rule else "",
                    superseded=document.id not in current_ids,
                )
            )
        return entries

    def status_at(
        self, day: date, structure_id: int | None = None, kinds: tuple[str, ...] = CORE_KINDS
    ) -> builtins.list[VaultEntry]:
        """State on ``day`` of each kind the dossiers need (« manquant » when absent)."""
        sid = self._structure_id(structure_id)
        return [self.entry(sid, kind, day) for kind in kinds]

    def dossiers_status(
        self, today: date | None = None, structure_id: int | None = None
    ) -> builtins.list[DossierVaultStatus]:
        """For each open dossier (of one structure when given): the documents at its deadline."""
        from ..domain.deadlines import tender_award_date
        from .deadlines import load_rulebook  # late: deadlines imports this module

        today = today or date.today()
        result: list[DossierVaultStatus] = []
        for tender in self.session.tenders.list(structure_id):
            if not tender.is_open or tender.structure_id is None or tender.id is None:
                continue
            deadline = tender.deadline.date() if tender.deadline else None
            award = tender_award_date(load_rulebook(), tender)
            entries = []
            for kind in self._kinds_for(tender):
                req = self.catalogue.get(kind)
                at_award = award is not None and req is not None and (
                    req.phase == Phase.ATTRIBUTAIRE
                )
                day = award if at_award else deadline
                entry = self.entry(tender.structure_id, kind, today, day)
                entries.append(entry.model_copy(update={"at_award": at_award}))
            result.append(
                DossierVaultStatus(
                    tender_id=tender.id,
                    title=tender.title,
                    deadline=deadline,
                    award_date=award,
                    entries=entries,
                )
            )
        return sorted(result, key=lambda s: (s.deadline is None, s.deadline or date.max))

    def _kinds_for(self, tender: Tender) -> tuple[str, ...]:
        kinds = list(CORE_KINDS)
        if any(lot.reserved for lot in tender.lots):
            kinds.append("agrement_structure")
        return tuple(kinds)

    def check(
        self,
        structure_id: int | None,
        kind: str,
        today: date,
        deadline: date | None,
    ) -> AttestationCheck:
        """The vault's answer for a checklist item: matching document and state at deadline."""
        if structure_id is None:
            return AttestationCheck(state=ValidityState.MANQUANT, renew_by=today)
        entry = self.entry(structure_id, kind, today, deadline)
        doc = entry.document
        return AttestationCheck(
            document_id=doc.id if doc else None,
            document_label=entry.label,
            file_hash=doc.file_hash if doc else None,
            file_name=doc.file_name if doc else "",
            dated=entry.dated,
            expires_on=entry.expires_on,
            state=entry.state,
            renew_by=entry.renew_by,
            guidance=entry.guidance,
            rule_text=entry.rule_text,
        )

    # --- writing -------------------------------------------------------------------------
    def add(
        self,
        kind: str,
        dated: date | str,
        file: Path | str,
        structure_id: int | None = None,
        *,
        label: str = "",
        valid_until: date | str | None = None,
        notes: str = "",
        today: date | None = None,
    ) -> AdminDocument:
        """Store a document with its file; it becomes the current one of its kind if newest.

        ``dated`` is the date the document certifies (see the catalogue's ``date_hint``).
        Everything is checked first (kind, dates, file exists, readable, not empty); then the
        file is copied and the row written in one transaction, so a failure saves nothing.
        A date more than a month after ``today`` (default: the real today) is refused.
        """
        req = self._requirement(kind)
        day = parse_date(dated, "date")
        until = parse_date(valid_until, "valid_until") if valid_until is not None else None
        check_document_dates(day, until, today or date.today())
        source = check_attachment(file)
        sid = self._structure_id(structure_id)
        document = _validated(
            structure_id=sid,
            kind=req.key,
            label=label or req.label_for(self._is_association(sid)),
            issued_on=day,
            valid_until=until,
            file_name=source.name,
            notes=notes,
        )
        with self.session.ws.transaction():
            document.file_hash = self.session.files.add(source)
            return self.session.documents.add(document)

    def replace(
        self,
        document_id: int,
        dated: date | str,
        file: Path | str,
        *,
        valid_until: date | str | None = None,
        today: date | None = None,
    ) -> AdminDocument:
        """Put a renewed document in place of an old one (same entry, new date and file).

        Every dossier sees the new one at once: checklists read the vault when displayed.
        The dates are checked as in :meth:`add`.
        """
        old = self.get(document_id)
        day = parse_date(dated, "date")
        until = parse_date(valid_until, "valid_until") if valid_until is not None else None
        check_document_dates(day, until, today or date.today())
        source = check_attachment(file)
        payload = old.model_dump()
        payload.update(issued_on=day, valid_until=until, file_name=source.name)
        document = _validated(**payload)
        with self.session.ws.transaction():
            document.file_hash = self.session.files.add(source)
            return self.session.documents.update(document)

    def delete(self, document_id: int) -> AdminDocument:
        """Remove a document from the vault and return it (its stored file is kept)."""
        document = self.get(document_id)
        self.session.documents.delete(document_id)
        return document

    def file_path(self, document: AdminDocument) -> Path | None:
        """The stored copy of the document's file, or ``None``."""
        return self.session.files.find(document.file_hash) if document.file_hash else None


def _validated(**data: object) -> AdminDocument:
    try:
        return AdminDocument.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(french_errors(exc)) from exc


def _neg(day: date | None) -> int:
    return -(day or date.min).toordinal()
