"""Prepare the deposit: the final check, the pack laid out and named as the RC asks, the record.

- :meth:`DepositService.check` lists what blocks the deposit (missing pieces, files gone
  from the store, formats, names, sizes, an invalid agrément, the page limit of the mémoire)
  and what to watch (attestations not valid at the deadline or at the expected award date,
  the mémoire's points d'attention, signatures).
- :meth:`DepositService.pack` writes ``Candidature/`` and ``Offre/Lot N/`` (per member in a
  groupement), every file renamed by the dossier's pattern, the generated documents produced
  fresh, a ``LISEZ-MOI.txt`` with each file's size and SHA-256, optionally a copie de
  sauvegarde folder and one zip beside the folder. Never a zip inside; never into an existing
  non-empty folder; built in a temporary folder renamed at the end, so a failure writes
  nothing.
- :meth:`DepositService.record` keeps « Dépôt effectué » (date, time, the platform's receipt
  in the file store) and moves the dossier to « Déposé ».

Thread contract: the service uses its session from one thread at a time. ``pack_job`` reads
the workspace on the session's thread and returns a :class:`PackJob` whose ``run`` touches no
database (safe in a background task); ``check_pages`` likewise.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..documents.page_count import PageCount, count_pages, soffice_path
from ..domain.checklist import Catalogue, ChecklistRow, ChecklistView, ItemStatus, Phase
from ..domain.common import DomainModel, InvalidInput, french_errors
from ..domain.deadlines import expected_award_date
from ..domain.deposit import (
    Deposit,
    DepositRecord,
    DepositSettings,
    extension_of,
    file_name,
    megabytes,
)
from ..domain.deposit_check import (
    DepositIssue,
    PlannedFile,
    due_at_deposit,
    file_issues,
    folder_for,
    mb_to_bytes,
    total_issue,
)
from ..domain.enums import TenderStatus
from ..domain.law import RuleBook, RuleNotFound
from ..domain.tender import CLOSED_STATUSES, Tender
from ..domain.validity import ValidityState
from ..fsutil import atomic_write_text, explain_os_error
from ..storage.db import WorkspaceError
from ..storage.files import file_hash
from ..storage.memoires import MemoireRepository
from .catalogue import load_catalogue
from .checklist import ChecklistService
from .deadlines import load_rulebook
from .vault import check_attachment
from .workspace import Session

Progress = Callable[[int, str], None]
README_NAME = "LISEZ-MOI.txt"
BACKUP_FOLDER = "Copie de sauvegarde"
LABEL_NAME = "ETIQUETTE-DU-PLI.txt"
#: How far ahead of the clock a recorded deposit may be (clocks differ by a few minutes).
FUTURE_TOLERANCE = timedelta(minutes=10)


# --- generated documents -----------------------------------------------------------------
@dataclass(frozen=True)
class GeneratedFile:
    """A document Responder writes fresh into the pack; ``render(out)`` runs on any thread."""

    key: str
    piece: str
    phase: Phase | None
    render: Callable[[Path], Any]
    extension: str = "docx"
    member: str = ""
    lots: tuple[int, ...] = ()
    uid: str | None = None
    folder: tuple[str, ...] = ()
    page_limited: bool = False


Provider = Callable[["DepositService", Tender, ChecklistView], list[GeneratedFile]]


def _render_to(job: Any, out: Path) -> Any:
    """Run a prepared render job (mémoire, groupement document) into ``out``."""
    return replace(job, out=out).run()


def _memoire_documents(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """The mémoire of each « Mémoire technique » piece without an attached file."""
    from .memoire import MemoireService

    assert tender.id is not None
    repo = MemoireRepository(service.session.ws)
    memoires = MemoireService(service.session)
    found: list[GeneratedFile] = []
    for row in view.rows:
        item = row.item
        if item.key != "memoire_technique" or not item.counted or item.file_hash:
            continue
        lot = item.lots[0] if len(item.lots) == 1 else None
        memoire = repo.for_tender(tender.id, lot) if lot is not None else None
        memoire = memoire or repo.for_tender(tender.id, None)
        if memoire is None:
            continue
        job = memoires.render_job(tender.id, Path("memoire.docx"), lot=memoire.lot)
        found.append(GeneratedFile(
            key=f"memoire:{item.uid}", piece=item.label, phase=item.phase,
            render=partial(_render_to, job),
            member=item.member, lots=tuple(item.lots), uid=item.uid, page_limited=True,
        ))
    return found


def _groupement_documents(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """DC1 table and convention de groupement, for a groupement without errors."""
    from .groupement import GroupementService

    if tender.id is None or tender.groupement is None or len(tender.groupement.members) < 2:
        return []
    groupements = GroupementService(service.session)
    try:
        dc1 = groupements.document_job(tender.id, "dc1", Path("dc1.docx"))
        convention = groupements.document_job(tender.id, "convention", Path("convention.docx"))
    except InvalidInput:
        return []  # the check reports the groupement's errors
    return [
        GeneratedFile(
            key="dc1", piece="Tableau DC1 du groupement", phase=Phase.CANDIDATURE,
            render=partial(_render_to, dc1),
        ),
        GeneratedFile(
            key="convention", piece="Convention de groupement", phase=Phase.CANDIDATURE,
            render=partial(_render_to, convention),
        ),
    ]


def _bordereau_document(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """The bordereau des pièces, at the top of the pack."""
    from ..documents.bordereau import render_bordereau

    context = service.checklists.bordereau_context(view)
    return [GeneratedFile(
        key="bordereau", piece="Bordereau des pieces", phase=None,
        render=lambda out: render_bordereau(context, out),
    )]


def _dc4_documents(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """The DC4 of each sub-contractor whose « déclaration de sous-traitance » piece has no
    attached file (a signed DC4 the user attached is used as is)."""
    from ..domain.checklist import SUBCONTRACT_KEY
    from .groupement import GroupementService

    groupement = tender.groupement
    if tender.id is None or groupement is None or not groupement.subcontractors:
        return []
    groupements = GroupementService(service.session)
    found: list[GeneratedFile] = []
    for row in view.rows:
        item = row.item
        if item.key != SUBCONTRACT_KEY or not item.counted or item.file_hash:
            continue
        sub = next(
            (s for s in groupement.subcontractors if item.label.endswith(f"– {s.name}")), None
        )
        if sub is None:
            continue
        try:
            job = groupements.dc4_job(tender.id, sub.name, Path("dc4.docx"))
        except InvalidInput:
            continue  # the check reports the groupement's errors
        found.append(GeneratedFile(
            key=f"dc4:{item.uid}", piece=item.label, phase=item.phase,
            render=partial(_render_to, job),
            member=item.member, lots=tuple(item.lots), uid=item.uid,
        ))
    return found


#: The documents produced fresh into every pack, in this order; a new generator is one more
#: provider appended here.
GENERATED_DOCUMENTS: tuple[Provider, ...] = (
    _bordereau_document,
    _groupement_documents,
    _dc4_documents,
    _memoire_documents,
)


# --- results ------------------------------------------------------------------------------
class PageReport(DomainModel):
    """The page count of one mémoire file against the RC's limit."""

    piece: str
    lots: list[int]
    pages: int | None
    method: str
    method_fr: str
    limit: int | None


class DepositCheck(DomainModel):
    """The final check of a dossier: findings, the files the pack would hold, page counts."""

    #: Copied from the stored dossier (its deadline may predate the date bounds).
    OWN_DATE_CHECK = frozenset({"deadline", "deposited_at"})

    tender_id: int
    title: str
    deadline: datetime | None
    issues: list[DepositIssue]
    files: list[PlannedFile]
    pages: list[PageReport]
    deposited_at: datetime | None = None

    @property
    def blocking(self) -> list[DepositIssue]:
        """The findings that stop the pack."""
        return [i for i in self.issues if i.blocking]

    @property
    def ok(self) -> bool:
        """True when nothing blocks the deposit."""
        return not self.blocking

    def summary_fr(self) -> str:
        """« 3 points bloquants, 2 à vérifier » or « Prêt pour le dépôt »."""
        blocking = len(self.blocking)
        watch = sum(1 for i in self.issues if i.level == "attention")
        if not blocking:
            text = "Prêt pour le dépôt"
            return text + (f" ({watch} point{'s' if watch > 1 else ''} à vérifier)" if watch
                           else "")
        plural = "s" if blocking > 1 else ""
        text = f"{blocking} point{plural} bloquant{plural}"
        return text + (f", {watch} à vérifier" if watch else "")

    def as_json(self) -> dict[str, Any]:
        """The check as the CLI prints it with ``--json`` (see docs/formats.md)."""
        return {
            "tender_id": self.tender_id,
            "ok": self.ok,
            "blocking": len(self.blocking),
            "issues": [
                {
                    "code": i.code, "level": i.level, "piece": i.piece, "member": i.member,
                    "lot": i.lot, "lots": i.lots, "uid": i.uid, "message_fr": i.message_fr,
                }
                for i in self.issues
            ],
            "files": [
                {"path": f.relative_path, "piece": f.piece, "source": f.source,
                 "size": f.size, "uid": f.uid}
                for f in self.files
            ],
            "pages": [p.model_dump() for p in self.pages],
        }


@dataclass
class PackResult:
    """What the pack holds once written."""

    folder: Path
    files: list[tuple[str, int, str]]  # relative path, size, SHA-256
    zip_path: Path | None = None
    backup: bool = False
    pages: list[PageReport] = field(default_factory=list)


@dataclass
class DepositPlan:
    """Everything the check found and the pack needs, as plain data (no session)."""

    tender: Tender
    issues: list[DepositIssue]
    files: list[PlannedFile]
    sources: dict[str, Path]
    generated: dict[str, GeneratedFile]
    settings: DepositSettings
    page_limit: int | None
    candidate: str
    created_at: datetime


# --- the service --------------------------------------------------------------------------
class DepositService:
    """The deposit of a dossier, for the GUI (« Dépôt » tab) and ``responder submit``."""

    def __init__(
        self, session: Session, *, rules: RuleBook | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        self.session = session
        self.rules = rules or load_rulebook()
        self.catalogue = catalogue or load_catalogue()
        self.checklists = ChecklistService(session, self.catalogue)

    # --- settings ------------------------------------------------------------------------
    def _tender(self, tender_id: int) -> Tender:
        return self.checklists._tender(tender_id)

    def deposit_of(self, tender: Tender) -> Deposit:
        """The dossier's deposit settings and record (defaults when never set)."""
        return tender.deposit or Deposit()

    def _store(self, tender: Tender, deposit: Deposit) -> Tender:
        payload = tender.model_dump()
        payload["deposit"] = deposit.model_dump()
        try:
            updated = Tender.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc
        with self.session.ws.transaction():
            return self.session.tenders.update(updated)

    def settings(self, tender_id: int) -> DepositSettings:
        """The upload settings of a dossier."""
        return self.deposit_of(self._tender(tender_id)).settings

    def set_settings(self, tender_id: int, **changes: Any) -> DepositSettings:
        """Change the upload settings (limits, formats, pattern, backup copy, zip), validated.

        ``InvalidInput`` names the field and the fix; nothing is saved then.
        """
        tender = self._tender(tender_id)
        deposit = self.deposit_of(tender)
        payload = {**deposit.settings.model_dump(), **changes}
        try:
            settings = DepositSettings.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc
        self._store(tender, Deposit(settings=settings, record=deposit.record))
        return settings

    def _practice(self, rule_id: str, on: date) -> int:
        """A practice figure in force on ``on``; before its first version (a dossier older
        than the rules file), that first version stands in. Unknown ids still raise."""
        rule = self.rules.find(rule_id, on)
        if rule is None:
            versions = self.rules.versions(rule_id)
            if not versions:
                raise RuleNotFound(f"Règle inconnue : « {rule_id} ».")
            rule = versions[0]
        return rule.days

    def max_file_bytes(self, settings: DepositSettings, on: date) -> int:
        """The per-file limit in octets: the dossier's, else the practice default (50 Mo)."""
        if settings.max_file_mb is not None:
            return mb_to_bytes(settings.max_file_mb)
        return mb_to_bytes(self._practice("deposit_max_file_size", on))

    def max_name_length(self, on: date) -> int:
        """The longest file name the pack gives (60 characters by the practice rule)."""
        return self._practice("deposit_file_name_max", on)

    def award_date(self, tender: Tender) -> date | None:
        """The expected award date: deadline + the dossier's award delay, never beyond the
        offers' validity (the same date the checklist judges the attributaire's pieces at)."""
        if tender.deadline is None:
            return None
        return expected_award_date(
            self.rules, tender.deadline.date(),
            award_delay_days=tender.award_delay_days,
            offer_validity_days=tender.offer_validity_days,
        )

    # --- the check -----------------------------------------------------------------------
    def prepare(
        self, tender_id: int, today: date | None = None, now: datetime | None = None,
        *, advice: bool = True,
    ) -> DepositPlan:
        """Read everything the check and the pack need (on the session's thread).

        ``advice=False`` leaves out the mémoire's points d'attention (never blocking, and
        the slowest part on a long mémoire): the pack only needs what blocks.
        """
        now = now or datetime.now().replace(microsecond=0)
        today = today or now.date()
        tender = self._tender(tender_id)
        deposit = self.deposit_of(tender)
        settings = deposit.settings
        view = self.checklists.view(tender_id, today)
        candidate = next((m.name for m in view.members if m.is_mandataire), "") or (
            view.members[0].name if view.members else "Candidat"
        )
        issues: list[DepositIssue] = []
        issues += self._deadline_issues(tender, deposit, now)

        generated: dict[str, GeneratedFile] = {}
        for provider in GENERATED_DOCUMENTS:
            for doc in provider(self, tender, view):
                generated[doc.key] = doc
        by_uid = {doc.uid: doc for doc in generated.values() if doc.uid}

        tender_lots = [lot.number for lot in tender.lots]
        is_groupement = len(view.members) > 1
        entries: list[tuple[tuple[Any, ...], PlannedFile]] = []
        sources: dict[str, Path] = {}
        attributaire_todo = 0
        for index, row in enumerate(view.rows):
            item = row.item
            if not item.counted:
                continue
            if not due_at_deposit(item):
                attributaire_todo += self._award_issues(tender, row, issues, today)
                continue
            common = {"piece": item.label, "uid": item.uid, "member": row.owner_label,
                      "lots": item.lots}
            folder = folder_for(item, is_groupement=is_groupement, tender_lots=tender_lots)
            key = (1 if item.phase == Phase.CANDIDATURE else 2, folder, index)
            digest = item.file_hash or (row.check.file_hash if row.check else None)
            name = item.file_name or (row.check.file_name if row.check else "")
            if digest:
                path = self.session.files.find(digest)
                if path is None:
                    issues.append(DepositIssue(
                        code="file_missing", level="bloquant", **common,
                        message_fr=(
                            f"Le fichier « {name or digest[:12]} » de la pièce « {item.label} » "
                            "n'est plus dans l'espace de travail (supprimé ou déplacé) : "
                            "joignez-le à nouveau dans l'onglet Pièces."
                        ),
                    ))
                    continue
                sources[digest] = path
                entries.append((key, PlannedFile(
                    folder=folder, name="", piece=item.label, member=item.member,
                    lots=item.lots, uid=item.uid, source="store", file_hash=digest,
                    original_name=name or path.name, size=path.stat().st_size,
                )))
                issues += self._validity_issue(row, common)
                if item.status in (ItemStatus.EN_COURS, ItemStatus.A_FAIRE) and not row.ready:
                    # The checklist counts this piece as blocking until it is marked ready:
                    # the final check says so too instead of passing it silently.
                    state = "en cours" if item.status == ItemStatus.EN_COURS else "à faire"
                    issues.append(DepositIssue(
                        code="piece_in_progress", level="attention", **common,
                        message_fr=(
                            f"« {item.label} » est encore « {state} » : vérifiez que le "
                            "fichier joint est la version finale, puis marquez la pièce prête."
                        ),
                    ))
            elif item.uid in by_uid:
                doc = by_uid[item.uid]
                entries.append((key, PlannedFile(
                    folder=folder, name="", piece=item.label, member=item.member,
                    lots=item.lots, uid=item.uid, source="generated", generator=doc.key,
                )))
            elif item.required and row.check is not None and row.check.document_id is not None:
                issues.append(DepositIssue(
                    code="piece_missing", level="bloquant", **common,
                    message_fr=(
                        f"« {item.label} » est enregistré dans les documents administratifs "
                        "sans son fichier : ajoutez-y le fichier (ou joignez-le dans l'onglet "
                        "Pièces) pour qu'il entre dans le pli."
                    ),
                ))
            elif item.required:
                fix = (
                    "rédigez-le dans l'onglet Mémoire (il sera produit dans le pli) ou joignez "
                    "votre fichier dans l'onglet Pièces."
                    if item.key == "memoire_technique" else
                    "joignez-le dans l'onglet Pièces, ou marquez la pièce « sans objet » avec "
                    "la raison."
                )
                issues.append(DepositIssue(
                    code="piece_missing", level="bloquant", **common,
                    message_fr=(
                        f"« {item.label} » ({row.owner_label}, {row.lots_label.lower()}) n'a "
                        f"pas de fichier : {fix}"
                    ),
                ))
            else:
                issues.append(DepositIssue(
                    code="piece_optional_missing", level="attention", **common,
                    message_fr=f"« {item.label} » (facultative) n'a pas de fichier.",
                ))
        for doc in generated.values():
            if doc.uid is None:
                rank = 0 if doc.phase is None else (1 if doc.phase == Phase.CANDIDATURE else 2)
                folder = [] if doc.phase is None else [
                    "Candidature" if doc.phase == Phase.CANDIDATURE else "Offre"
                ]
                entries.append(((rank, folder, -1), PlannedFile(
                    folder=folder, name="", piece=doc.piece, source="generated",
                    generator=doc.key,
                )))

        on = tender.deadline.date() if tender.deadline else today
        max_name = self.max_name_length(on)
        files = self._name(entries, settings, candidate, max_name)
        max_file = self.max_file_bytes(settings, on)
        accepted = settings.accepted_formats()
        for planned in files:
            issues += file_issues(planned, accepted=accepted, max_file_bytes=max_file,
                                  max_name_length=max_name)
        total = sum(f.size or 0 for f in files)
        too_big = total_issue(
            total, mb_to_bytes(settings.max_total_mb) if settings.max_total_mb else None
        )
        if too_big:
            issues.append(too_big)
        issues += self._groupement_issues(tender)
        if advice:
            issues += self._memoire_issues(tender, today)
        if attributaire_todo:
            issues.append(DepositIssue(
                code="award_pieces", level="rappel",
                message_fr=(
                    f"{attributaire_todo} pièce(s) de l'attributaire ne sont pas prêtes : elles "
                    "ne se déposent pas maintenant mais vous seront demandées si vous êtes "
                    "retenu, dans le délai fixé par l'acheteur (R2144-4 ; à défaut l'offre est "
                    "écartée, R2144-7). Préparez-les dès maintenant."
                ),
            ))
        issues += self._signature_reminders(view)
        if settings.backup_copy:
            rule = self.rules.find("backup_copy", on)
            issues.append(DepositIssue(
                code="backup_copy", level="rappel",
                message_fr=(
                    "Copie de sauvegarde : gravez le dossier « Copie de sauvegarde » sur une "
                    "clé USB (ou imprimez-le), dans un pli fermé portant le texte "
                    f"d'{LABEL_NAME}, à faire parvenir avant la date limite"
                    + (f" ({rule.article}, à vérifier dans le RC)." if rule else ".")
                ),
            ))
        order = {"bloquant": 0, "attention": 1, "rappel": 2}
        issues.sort(key=lambda i: order[i.level])
        return DepositPlan(
            tender=tender, issues=issues, files=files, sources=sources, generated=generated,
            settings=settings, page_limit=tender.page_limit, candidate=candidate,
            created_at=now,
        )

    def _name(
        self,
        entries: list[tuple[tuple[Any, ...], PlannedFile]],
        settings: DepositSettings,
        candidate: str,
        max_name: int,
    ) -> list[PlannedFile]:
        """Number the files in pack order and name them by the dossier's pattern."""
        entries.sort(key=lambda pair: pair[0])
        named: list[PlannedFile] = []
        for number, (_key, planned) in enumerate(entries, start=1):
            extension = (
                extension_of(planned.original_name) if planned.source == "store" else "docx"
            )
            planned.name = file_name(
                settings.naming_pattern, number=number, piece=planned.piece,
                candidate=planned.member or candidate,
                lot=planned.lots[0] if len(planned.lots) == 1 else None,
                extension=extension, max_length=max_name,
            )
            named.append(planned)
        return named

    def _deadline_issues(
        self, tender: Tender, deposit: Deposit, now: datetime
    ) -> list[DepositIssue]:
        issues: list[DepositIssue] = []
        if deposit.record is not None:
            when = deposit.record.deposited_at.strftime("%d/%m/%Y à %H:%M")
            if tender.offers_deposited:
                return [DepositIssue(
                    code="already_deposited", level="rappel",
                    message_fr=f"Dépôt déjà enregistré le {when}.",
                )]
            issues.append(DepositIssue(
                code="candidature_deposited", level="rappel",
                message_fr=f"Candidature déposée le {when} : l'offre se dépose après "
                "l'invitation à soumissionner, avant la date limite des offres.",
            ))
        # Before the invitation, the deadline to meet is the candidatures' (two phases).
        candidatures = tender.deadline is None and deposit.record is None
        target = tender.next_deadline if candidatures else tender.deadline
        if target is None:
            issues.append(DepositIssue(
                code="no_deadline", level="attention",
                message_fr="La date limite n'est pas saisie : reportez-la depuis le RC "
                "(onglet Consultation).",
            ))
            return issues
        if target <= now:
            late = "late_candidature_eliminated" if tender.deadline is None else (
                "late_offer_eliminated")
            rule = self.rules.find(late, target.date())
            what = "une candidature reçue après est éliminée" if tender.deadline is None else (
                "une offre reçue après est éliminée")
            issues.append(DepositIssue(
                code="deadline_passed", level="bloquant",
                message_fr=(
                    f"La date limite ({target.strftime('%d/%m/%Y à %H:%M')}) est passée : "
                    f"{what}" + (f" ({rule.article})." if rule else ".")
                ),
            ))
        return issues

    def _validity_issue(self, row: ChecklistRow, common: dict[str, Any]) -> list[DepositIssue]:
        """An attestation due at the deposit (an agrément …) not valid at the deadline."""
        check = row.check
        if check is None or check.document_id is None or check.state == ValidityState.VALIDE:
            return []
        level = "attention" if check.guidance else "bloquant"
        suffix = " (durée d'usage, à vérifier dans le RC)" if check.guidance else ""
        return [DepositIssue(
            code="attestation_invalid", level=level, **common,
            message_fr=(
                f"« {row.item.label} » ne sera plus valable à la date limite (fin de validité "
                f"le {check.expires_on.strftime('%d/%m/%Y') if check.expires_on else '?'})"
                f"{suffix} : renouvelez-la dans les documents administratifs."
            ),
        )]

    def _award_issues(
        self, tender: Tender, row: ChecklistRow, issues: list[DepositIssue], today: date
    ) -> int:
        """Warnings for a pièce de l'attributaire; returns 1 when it is not ready."""
        item = row.item
        common = {"piece": item.label, "uid": item.uid, "member": row.owner_label,
                  "lots": item.lots}
        check = row.check
        if row.is_attestation and check is not None and check.document_id is not None:
            award = self.award_date(tender)
            if check.state != ValidityState.VALIDE:
                expired = check.expires_on is not None and check.expires_on < today
                when = check.expires_on.strftime('%d/%m/%Y') if check.expires_on else "?"
                # An attestation already expired is not « expiring before the deadline ».
                verb = f"a expiré le {when}" if expired else f"expire le {when}, avant la " \
                    "date limite"
                issues.append(DepositIssue(
                    code="attestation_expires_before_deadline", level="attention", **common,
                    message_fr=(
                        f"« {item.label} » {verb} : elle n'est pas à déposer maintenant, mais "
                        "renouvelez-la pour pouvoir la fournir si vous êtes retenu (R2144-4)."
                    ),
                ))
            elif award and check.expires_on and check.expires_on < award:
                issues.append(DepositIssue(
                    code="attestation_expires_before_award", level="attention", **common,
                    message_fr=(
                        f"« {item.label} » expire le {check.expires_on.strftime('%d/%m/%Y')}, "
                        f"avant l'attribution attendue au plus tard le "
                        f"{award.strftime('%d/%m/%Y')} (fin de validité des offres) : "
                        "prévoyez de la renouveler pour la fournir si vous êtes retenu."
                    ),
                ))
        return 0 if row.ready else 1

    def _groupement_issues(self, tender: Tender) -> list[DepositIssue]:
        if tender.id is None or tender.groupement is None or len(tender.groupement.members) < 2:
            return []
        from .groupement import GroupementService

        errors = [
            c for c in GroupementService(self.session).checks(tender.id, with_pieces=False)
            if c.is_error
        ]
        return [
            DepositIssue(
                code="groupement_error", level="bloquant", member=c.member,
                lots=[c.lot] if c.lot else [], piece="Groupement",
                message_fr=f"{c.message_fr} ({c.article}) — onglet Groupement.",
            )
            for c in errors
        ]

    def _memoire_issues(self, tender: Tender, today: date) -> list[DepositIssue]:
        from .memoire import MemoireService

        assert tender.id is not None
        memoires = MemoireService(self.session)
        issues: list[DepositIssue] = []
        for lot in memoires.lots(tender.id):
            memoire = memoires.get(tender.id, lot)
            if memoire is None:
                continue
            where = f" (lot {lot})" if lot is not None else ""
            for point in memoires.check(memoire, today):
                issues.append(DepositIssue(
                    code="memoire_attention", level="attention",
                    piece=f"Mémoire technique{where}", lots=[lot] if lot else [],
                    message_fr=f"{point.message_fr} — onglet Mémoire.",
                ))
        return issues

    def _signature_reminders(self, view: ChecklistView) -> list[DepositIssue]:
        keys = {row.item.key for row in view.rows if row.item.counted}
        found: list[DepositIssue] = []
        if keys & {"lettre_candidature", "declaration_candidat", "dume"}:
            found.append(DepositIssue(
                code="no_signature_candidature", level="rappel",
                message_fr=(
                    "DC1, DC2 (ou DUME) : aucune signature n'est exigée au stade de la "
                    "candidature ; ne retardez pas le dépôt pour les faire signer."
                ),
            ))
        if "acte_engagement" in keys:
            found.append(DepositIssue(
                code="signature_acte_engagement", level="rappel", piece="Acte d'engagement",
                message_fr=(
                    "Acte d'engagement : il est signé par l'attributaire seulement, une fois "
                    "retenu (sauf si le RC demande de le signer dès le dépôt : à vérifier)."
                ),
            ))
        found.append(DepositIssue(
            code="electronic_signature", level="rappel",
            message_fr=(
                "Signature électronique : il faut un certificat de signature qualifié au nom "
                "d'une personne habilitée à engager la structure (pouvoir), commandé auprès "
                "d'un prestataire de confiance et délivré après vérification d'identité — "
                "comptez plusieurs jours. Une signature scannée n'est pas une signature "
                "électronique."
            ),
        ))
        return found

    def check(
        self, tender_id: int, today: date | None = None, now: datetime | None = None,
        *, count: bool = True,
    ) -> DepositCheck:
        """The final check of a dossier (page counts included unless ``count`` is False)."""
        plan = self.prepare(tender_id, today, now)
        pages: list[PageReport] = []
        issues = list(plan.issues)
        if count:
            pages, page_issues = check_pages(plan)
            issues = _sorted([*issues, *page_issues])
        tender = plan.tender
        deposit = self.deposit_of(tender)
        assert tender.id is not None
        return DepositCheck(
            tender_id=tender.id, title=tender.title, deadline=tender.deadline, issues=issues,
            files=plan.files, pages=pages,
            deposited_at=deposit.record.deposited_at if deposit.record else None,
        )

    # --- the pack ------------------------------------------------------------------------
    def pack_job(
        self,
        tender_id: int,
        out: Path | str,
        *,
        zip_file: bool | None = None,
        backup_copy: bool | None = None,
        force: bool = False,
        today: date | None = None,
        now: datetime | None = None,
    ) -> PackJob:
        """Check the dossier and the target on this thread; ``job.run()`` writes the pack.

        Refused (``InvalidInput``, French) when the check blocks (unless ``force``), or when
        ``out`` is an existing non-empty folder or a file.
        """
        target = Path(out).expanduser()
        check_target(target)
        plan = self.prepare(tender_id, today, now, advice=False)
        blocking = [i for i in plan.issues if i.blocking]
        if blocking and not force:
            raise InvalidInput({"check": refusal_text(blocking)})
        settings = plan.settings
        return PackJob(
            plan=plan, out=target,
            zip_file=settings.zip if zip_file is None else zip_file,
            backup_copy=settings.backup_copy if backup_copy is None else backup_copy,
            force=force,
        )

    def pack(
        self, tender_id: int, out: Path | str, *, zip_file: bool | None = None,
        backup_copy: bool | None = None, force: bool = False, progress: Progress | None = None,
        today: date | None = None, now: datetime | None = None,
    ) -> PackResult:
        """Check, then write the pack into ``out`` (see :meth:`pack_job`)."""
        job = self.pack_job(tender_id, out, zip_file=zip_file, backup_copy=backup_copy,
                            force=force, today=today, now=now)
        return job.run(progress)

    # --- the record ----------------------------------------------------------------------
    def record(
        self, tender_id: int, at: datetime | str, receipt: Path | str | None = None,
        *, now: datetime | None = None,
    ) -> tuple[Tender, list[str]]:
        """Record « Dépôt effectué »: date and time, the receipt file, status « Déposé ».

        Returns the saved dossier and French warnings (a deposit after the deadline).
        Everything is checked before anything is written.
        """
        moment = parse_moment(at)
        now = now or datetime.now()
        if moment > now + FUTURE_TOLERANCE:
            raise InvalidInput(
                {"at": f"Le {moment.strftime('%d/%m/%Y à %H:%M')} est dans le futur : "
                 "enregistrez le dépôt une fois fait, à l'heure indiquée par l'accusé de "
                 "réception de la plateforme."}
            )
        source = check_attachment(receipt, "receipt") if receipt is not None else None
        tender = self._tender(tender_id)
        if tender.status in CLOSED_STATUSES:
            raise InvalidInput(
                {"status": "Ce dossier est déjà clos (décision enregistrée) : le dépôt ne "
                 "peut plus être modifié."}
            )
        warnings: list[str] = []
        # A two-phase dossier not yet invited deposits its candidature (R2143-2 if late);
        # otherwise the offer (R2151-5 if late).
        candidature = tender.deadline is None and tender.candidatures_deadline is not None
        target = tender.candidatures_deadline if candidature else tender.deadline
        if target is not None and moment > target:
            what, article = ("une candidature", "R2143-2") if candidature else (
                "une offre", "R2151-5")
            warnings.append(
                f"Dépôt enregistré après la date limite "
                f"({target.strftime('%d/%m/%Y à %H:%M')}) : {what} reçue hors délai est "
                f"éliminée ({article}). Conservez l'accusé de réception."
            )
        deposit = self.deposit_of(tender)
        with self.session.ws.transaction():
            digest = self.session.files.add(source) if source is not None else None
            previous = deposit.record
            record = DepositRecord(
                deposited_at=moment,
                receipt_hash=digest or (previous.receipt_hash if previous else None),
                receipt_name=source.name if source else (previous.receipt_name if previous
                                                         else ""),
                recorded_at=now.replace(microsecond=0),
            )
            payload = tender.model_dump()
            payload["deposit"] = Deposit(settings=deposit.settings, record=record).model_dump()
            updated = Tender.model_validate(payload)
            if updated.offers_deposited:  # a candidature alone leaves the dossier open
                updated.status = TenderStatus.DEPOSE
            elif updated.status == TenderStatus.VEILLE:
                updated.status = TenderStatus.EN_PREPARATION
            updated = self.session.tenders.update(updated)
        return updated, warnings

    def receipt_path(self, tender: Tender) -> Path | None:
        """The stored receipt of the recorded deposit, or None."""
        record = self.deposit_of(tender).record
        if record is None or not record.receipt_hash:
            return None
        return self.session.files.find(record.receipt_hash)


def _sorted(issues: list[DepositIssue]) -> list[DepositIssue]:
    order = {"bloquant": 0, "attention": 1, "rappel": 2}
    return sorted(issues, key=lambda i: order[i.level])


def refusal_text(blocking: list[DepositIssue]) -> str:
    """The French refusal of the pack, listing what blocks."""
    lines = [f"- {i.message_fr}" for i in blocking[:20]]
    more = len(blocking) - len(lines)
    if more > 0:
        lines.append(f"- … et {more} autre(s).")
    return (
        f"Pli non préparé : {len(blocking)} point(s) bloquant(s) à corriger d'abord "
        "(« responder submit check » les liste ; --force prépare le pli quand même).\n"
        + "\n".join(lines)
    )


def parse_moment(value: datetime | str) -> datetime:
    """A date and time from ``AAAA-MM-JJTHH:MM``; ``InvalidInput`` on ``at`` otherwise."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=None)
    except ValueError as exc:
        raise InvalidInput(
            {"at": f"« {value} » n'est pas une date et une heure : écrivez-les au format "
             "AAAA-MM-JJTHH:MM (par exemple 2026-12-17T10:30)."}
        ) from exc


def check_target(target: Path) -> None:
    """Refuse a target that is a file or a non-empty folder (the pack never mixes in)."""
    if target.is_file():
        raise InvalidInput(
            {"out": f"« {target} » est un fichier : indiquez un dossier (nouveau ou vide)."}
        )
    if target.is_dir() and any(target.iterdir()):
        raise InvalidInput(
            {"out": f"Le dossier « {target} » n'est pas vide : choisissez un dossier nouveau "
             "ou vide, pour que le pli ne contienne que les pièces de cette réponse."}
        )


def check_pages(plan: DepositPlan) -> tuple[list[PageReport], list[DepositIssue]]:
    """Count the pages of every mémoire file of the plan (renders generated ones in a
    temporary folder) and compare with the RC's limit. Any thread."""
    import tempfile

    reports: list[PageReport] = []
    with tempfile.TemporaryDirectory(prefix="responder-check-") as tmp:
        for planned in plan.files:
            path = _page_limited_path(plan, planned, Path(tmp))
            if path is None:
                continue
            reports.append(_report(plan, planned, path))
    return reports, page_issues(plan, reports)


def _page_limited_path(plan: DepositPlan, planned: PlannedFile, tmp: Path) -> Path | None:
    if planned.source == "generated":
        doc = plan.generated[planned.generator]
        if not doc.page_limited:
            return None
        out = tmp / planned.name
        doc.render(out)
        return out
    if planned.uid and planned.uid.startswith("memoire_technique@") and planned.file_hash:
        return plan.sources.get(planned.file_hash)
    return None


def _report(plan: DepositPlan, planned: PlannedFile, path: Path) -> PageReport:
    if plan.page_limit is None:
        counted = PageCount(None, "non_compte")
    else:
        counted = count_pages(path, trust_properties=planned.source == "store",
                              soffice=soffice_path(), use_soffice=False)
    return PageReport(
        piece=planned.piece, lots=planned.lots, pages=counted.pages, method=counted.method,
        method_fr=counted.method_fr, limit=plan.page_limit,
    )


def page_issues(plan: DepositPlan, reports: list[PageReport]) -> list[DepositIssue]:
    """Page limit exceeded (blocking) or not countable (to check by hand)."""
    issues: list[DepositIssue] = []
    if plan.page_limit is None:
        return issues
    for report in reports:
        where = f" (lot {report.lots[0]})" if len(report.lots) == 1 else ""
        if report.pages is None:
            issues.append(DepositIssue(
                code="pages_not_counted", level="attention", piece=report.piece,
                lots=report.lots,
                message_fr=(
                    f"Nombre de pages du mémoire{where} non compté (LibreOffice n'est pas "
                    f"installé) : ouvrez-le dans Word et vérifiez qu'il tient en "
                    f"{plan.page_limit} pages."
                ),
            ))
        elif report.pages > plan.page_limit:
            issues.append(DepositIssue(
                code="page_limit_exceeded", level="bloquant", piece=report.piece,
                lots=report.lots,
                message_fr=(
                    f"Le mémoire{where} fait {report.pages} pages pour {plan.page_limit} au "
                    f"plus dans le RC ({report.method_fr}) : raccourcissez-le (onglet Mémoire, "
                    "budgets de pages), les pages en trop risquent de ne pas être lues."
                ),
            ))
    return issues


@dataclass
class PackJob:
    """The pack ready to write from plain data (no session): ``run`` may run on any thread."""

    plan: DepositPlan
    out: Path
    zip_file: bool = False
    backup_copy: bool = False
    force: bool = False

    def zip_path(self) -> Path:
        """Where the optional zip goes: beside the folder, same name."""
        return self.out.with_name(f"{self.out.name}.zip")

    def run(self, progress: Progress | None = None) -> PackResult:
        """Write the pack; on any failure nothing is left behind (French error)."""
        report = progress or (lambda _p, _t: None)
        check_target(self.out)
        if self.zip_file and self.zip_path().exists():
            raise InvalidInput(
                {"out": f"« {self.zip_path()} » existe déjà : déplacez-le ou choisissez un "
                 "autre nom de dossier."}
            )
        parent = self.out.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, parent)) from exc
        tmp = parent / f".{self.out.name}.tmp-{uuid.uuid4().hex[:8]}"
        tmp_zip = parent / f".{self.out.name}.zip.tmp-{uuid.uuid4().hex[:8]}"
        try:
            result = self._write(tmp, tmp_zip, report)
            if self.out.is_dir():
                self.out.rmdir()  # empty (checked): replaced by the finished pack
            os.replace(tmp, self.out)
            if self.zip_file:
                os.replace(tmp_zip, self.zip_path())
                result.zip_path = self.zip_path()
            result.folder = self.out
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, self.out)) from exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp_zip.unlink(missing_ok=True)
        report(100, "Pli prêt.")
        return result

    def _write(self, tmp: Path, tmp_zip: Path, report: Progress) -> PackResult:
        plan = self.plan
        total = max(len(plan.files), 1)
        for planned in plan.files:
            source = plan.sources.get(planned.file_hash or "")
            if planned.source == "store" and (source is None or not source.is_file()):
                raise InvalidInput(
                    {"file": f"Le fichier « {planned.original_name} » de la pièce "
                     f"« {planned.piece} » n'est plus dans l'espace de travail : joignez-le à "
                     "nouveau dans l'onglet Pièces. Aucun pli n'a été écrit."}
                )
        tmp.mkdir()
        written: list[tuple[str, int, str]] = []
        pages: list[PageReport] = []
        for index, planned in enumerate(plan.files):
            report(5 + 80 * index // total, f"{planned.relative_path}…")
            target = tmp.joinpath(*planned.folder, planned.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if planned.source == "store":
                shutil.copyfile(plan.sources[planned.file_hash or ""], target)
            else:
                plan.generated[planned.generator].render(target)
            page_path = _page_limited_path(plan, planned, tmp) if planned.source == "store" \
                else (target if plan.generated[planned.generator].page_limited else None)
            if page_path is not None:
                pages.append(_report(plan, planned, page_path))
        blocking = [i for i in page_issues(plan, pages) if i.blocking]
        if blocking and not self.force:
            raise InvalidInput({"check": refusal_text(blocking)})
        report(88, "Empreintes SHA-256…")
        for planned in plan.files:
            path = tmp.joinpath(*planned.folder, planned.name)
            written.append((planned.relative_path, path.stat().st_size, file_hash(path)))
        atomic_write_text(tmp / README_NAME, readme_text(plan, written, pages))
        if self.zip_file:
            report(92, "Archive zip…")
            with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(tmp / README_NAME, README_NAME)
                for relative, _size, _digest in written:
                    archive.write(tmp / relative, relative)
        if self.backup_copy:
            report(96, "Copie de sauvegarde…")
            backup = tmp / BACKUP_FOLDER
            for relative, _size, _digest in written:
                target = backup / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(tmp / relative, target)
            shutil.copyfile(tmp / README_NAME, backup / README_NAME)
            atomic_write_text(backup / LABEL_NAME, backup_label(plan))
        return PackResult(folder=tmp, files=written, backup=self.backup_copy, pages=pages)


def readme_text(
    plan: DepositPlan, files: list[tuple[str, int, str]], pages: list[PageReport]
) -> str:
    """LISEZ-MOI.txt: what the pack is, how to upload it, every file with size and SHA-256."""
    tender = plan.tender
    lines = [
        "PLI PRÉPARÉ PAR RESPONDER",
        "",
        f"Consultation : {tender.title}",
        f"Acheteur : {tender.buyer or '—'}",
        f"Référence : {tender.reference or '—'}",
        f"Candidat : {plan.candidate}",
        "Date limite : "
        + (tender.deadline.strftime("%d/%m/%Y à %H:%M") if tender.deadline else "non saisie"),
        f"Préparé le : {plan.created_at.strftime('%d/%m/%Y à %H:%M')}",
        "",
        "Déposez sur la plateforme les fichiers des dossiers Candidature et Offre, tels quels",
        "(ne les compressez pas dans une autre archive). Le dossier « Copie de sauvegarde »,",
        "s'il existe, ne se dépose pas : il s'envoie à part, dans un pli fermé.",
        "",
        f"{len(files)} fichiers :",
    ]
    for relative, size, digest in files:
        lines.append(f"{relative}")
        lines.append(f"    {size} octets ({megabytes(size)})  SHA-256 {digest}")
    if pages:
        lines += ["", "Pages du mémoire technique :"]
        for report in pages:
            count = "non compté" if report.pages is None else f"{report.pages} pages"
            limit = f" (limite du RC : {report.limit})" if report.limit else ""
            lines.append(f"    {report.piece} : {count}{limit} — {report.method_fr}")
    return "\n".join(lines) + "\n"


def backup_label(plan: DepositPlan) -> str:
    """The text to print on the sealed envelope of the copie de sauvegarde (R2132-11)."""
    tender = plan.tender
    deadline = (
        tender.deadline.strftime("%d/%m/%Y à %H:%M") if tender.deadline else "(date limite)"
    )
    return "\n".join([
        "COPIE DE SAUVEGARDE",
        "NE PAS OUVRIR",
        "",
        f"Candidat : {plan.candidate}",
        f"Consultation : {tender.title}",
        f"Référence : {tender.reference or '—'}",
        f"Acheteur : {tender.buyer or '—'}",
        "",
        f"À remettre à l'acheteur avant le {deadline} (pli fermé, support physique ou papier).",
        "Elle ne sera ouverte qu'en cas de virus, de dépôt électronique incomplet, reçu hors",
        "délai alors qu'il avait commencé avant la date limite, ou impossible à ouvrir.",
    ]) + "\n"

