"""What the deposit check and the pack give back: page reports, the check, the plan, the pack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ...domain.common import DomainModel
from ...domain.deposit import DepositSettings
from ...domain.deposit_check import DepositIssue, PlannedFile
from ...domain.tender import Tender
from .generated import GeneratedFile

Progress = Callable[[int, str], None]
README_NAME = "LISEZ-MOI.txt"
BACKUP_FOLDER = "Copie de sauvegarde"
LABEL_NAME = "ETIQUETTE-DU-PLI.txt"
#: How far ahead of the clock a recorded deposit may be (clocks differ by a few minutes).
FUTURE_TOLERANCE = timedelta(minutes=10)


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
