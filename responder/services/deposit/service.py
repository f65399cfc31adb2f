"""The deposit service: the plan of the pack (final check), the pack, the record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ...domain.checklist import ChecklistRow, ChecklistView, ItemStatus, Phase
from ...domain.common import InvalidInput
from ...domain.deposit import Deposit, DepositRecord, DepositSettings
from ...domain.deposit_check import (
    DepositIssue,
    PlannedFile,
    blocking_issue,
    due_at_deposit,
    file_issues,
    folder_for,
    mb_to_bytes,
    total_issue,
)
from ...domain.enums import TenderStatus
from ...domain.tender import CLOSED_STATUSES, Tender
from ...fr import datetime_at
from ..vault import check_attachment
from .checks import _sorted, check_pages, check_target, parse_moment, refusal_text
from .generated import GENERATED_DOCUMENTS, GeneratedFile
from .issues import DepositIssues
from .packing import PackJob
from .results import (
    FUTURE_TOLERANCE,
    LABEL_NAME,
    DepositCheck,
    DepositPlan,
    PackResult,
    PageReport,
    Progress,
)


class DepositService(DepositIssues):
    """The deposit of a dossier, for the GUI (« Dépôt » tab) and ``responder submit``."""

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
        pieces = _Pieces()
        self._plan_pieces(pieces, tender, view, generated, today)
        issues += pieces.issues
        entries = pieces.entries + _generated_entries(generated)

        on = tender.deadline.date() if tender.deadline else today
        max_name = self.max_name_length(on)
        files = self._name(entries, settings, candidate, max_name)
        issues += self._size_issues(files, settings, on, max_name)
        issues += self._groupement_issues(tender)
        if advice:
            issues += self._memoire_issues(tender, today)
        issues += self._reminders(view, settings, pieces.attributaire_todo, on)
        order = {"bloquant": 0, "attention": 1, "rappel": 2}
        issues.sort(key=lambda i: order[i.level])
        return DepositPlan(
            tender=tender, issues=issues, files=files, sources=pieces.sources,
            generated=generated, settings=settings, page_limit=tender.page_limit,
            candidate=candidate, created_at=now,
        )

    def _plan_pieces(self, pieces: _Pieces, tender: Tender, view: ChecklistView,
                     generated: dict[str, GeneratedFile], today: date) -> None:
        """Each counted piece of the checklist into ``pieces``: a file to pack, or a finding."""
        by_uid = {doc.uid: doc for doc in generated.values() if doc.uid}
        tender_lots = [lot.number for lot in tender.lots]
        is_groupement = len(view.members) > 1
        issues = pieces.issues
        for index, row in enumerate(view.rows):
            item = row.item
            if not item.counted:
                continue
            if not due_at_deposit(item):
                pieces.attributaire_todo += self._award_issues(tender, row, issues, today)
                continue
            common = {"piece": item.label, "uid": item.uid, "member": row.owner_label,
                      "lots": item.lots}
            folder = folder_for(item, is_groupement=is_groupement, tender_lots=tender_lots)
            key = (1 if item.phase == Phase.CANDIDATURE else 2, folder, index)
            digest = item.file_hash or (row.check.file_hash if row.check else None)
            if digest:
                self._stored_piece(pieces, row, key, folder, digest, common)
            elif item.uid in by_uid:
                doc = by_uid[item.uid]
                pieces.entries.append((key, PlannedFile(
                    folder=folder, name="", piece=item.label, member=item.member,
                    lots=item.lots, uid=item.uid, source="generated", generator=doc.key,
                )))
            else:
                issues.append(_missing_piece(row, common))

    def _stored_piece(self, pieces: _Pieces, row: ChecklistRow, key: tuple[Any, ...],
                      folder: list[str], digest: str, common: dict[str, Any]) -> None:
        """A piece with its file in the store: planned, or « file missing »; its validity."""
        item = row.item
        name = item.file_name or (row.check.file_name if row.check else "")
        path = self.session.files.find(digest)
        if path is None:
            pieces.issues.append(blocking_issue("file_missing", (
                f"Le fichier « {name or digest[:12]} » de la pièce « {item.label} » "
                "n'est plus dans l'espace de travail (supprimé ou déplacé) : "
                "joignez-le à nouveau dans l'onglet Pièces."
            ), common))
            return
        pieces.sources[digest] = path
        pieces.entries.append((key, PlannedFile(
            folder=folder, name="", piece=item.label, member=item.member,
            lots=item.lots, uid=item.uid, source="store", file_hash=digest,
            original_name=name or path.name, size=path.stat().st_size,
        )))
        pieces.issues += self._validity_issue(row, common)
        if item.status in (ItemStatus.EN_COURS, ItemStatus.A_FAIRE) and not row.ready:
            # The checklist counts this piece as blocking until it is marked ready:
            # the final check says so too instead of passing it silently.
            state = "en cours" if item.status == ItemStatus.EN_COURS else "à faire"
            pieces.issues.append(DepositIssue(
                code="piece_in_progress", level="attention", **common,
                message_fr=(
                    f"« {item.label} » est encore « {state} » : vérifiez que le "
                    "fichier joint est la version finale, puis marquez la pièce prête."
                ),
            ))

    def _size_issues(self, files: list[PlannedFile], settings: DepositSettings, on: date,
                     max_name: int) -> list[DepositIssue]:
        """Formats, names and sizes of each file, and the size of the whole pack."""
        issues: list[DepositIssue] = []
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
        return issues

    def _reminders(self, view: ChecklistView, settings: DepositSettings,
                   attributaire_todo: int, on: date) -> list[DepositIssue]:
        """The reminders: the attributaire's pieces, signatures, the copie de sauvegarde."""
        issues: list[DepositIssue] = []
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
        return issues

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
                {"at": f"Le {datetime_at(moment)} est dans le futur : "
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
                f"({datetime_at(target)}) : {what} reçue hors délai est "
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


@dataclass
class _Pieces:
    """What planning the checklist's pieces gives: files to pack, their sources, findings."""

    entries: list[tuple[tuple[Any, ...], PlannedFile]] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)
    issues: list[DepositIssue] = field(default_factory=list)
    attributaire_todo: int = 0


def _missing_piece(row: ChecklistRow, common: dict[str, Any]) -> DepositIssue:
    """The finding for a piece without a file (required or not)."""
    item = row.item
    if item.required and row.check is not None and row.check.document_id is not None:
        return blocking_issue("piece_missing", (
            f"« {item.label} » est enregistré dans les documents administratifs "
            "sans son fichier : ajoutez-y le fichier (ou joignez-le dans l'onglet "
            "Pièces) pour qu'il entre dans le pli."
        ), common)
    if item.required:
        fix = (
            "rédigez-le dans l'onglet Mémoire (il sera produit dans le pli) ou joignez "
            "votre fichier dans l'onglet Pièces."
            if item.key == "memoire_technique" else
            "joignez-le dans l'onglet Pièces, ou marquez la pièce « sans objet » avec "
            "la raison."
        )
        return blocking_issue("piece_missing", (
            f"« {item.label} » ({row.owner_label}, {row.lots_label.lower()}) n'a "
            f"pas de fichier : {fix}"
        ), common)
    return DepositIssue(
        code="piece_optional_missing", level="attention", **common,
        message_fr=f"« {item.label} » (facultative) n'a pas de fichier.",
    )


def _generated_entries(
    generated: dict[str, GeneratedFile],
) -> list[tuple[tuple[Any, ...], PlannedFile]]:
    """The generated documents that are no checklist piece (the bordereau …), by phase."""
    entries: list[tuple[tuple[Any, ...], PlannedFile]] = []
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
    return entries
