"""The final check before the deposit and the layout of the pack (pure rules, no I/O).

What is due at the deposit comes from the piece's phase (candidature and offre; the pièces de
l'attributaire are handed in « if you win », R2144-4) through :func:`due_at_deposit` alone.
Each finding is a :class:`DepositIssue` with a stable ``code``, the piece, member and lot it
is about, and a French message saying what to do. ``bloquant`` findings stop the pack
(unless forced); ``attention`` and ``rappel`` ones are shown only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from .checklist import ChecklistItem, Due, Phase
from .common import DomainModel
from .deposit import (
    ARCHIVE_EXTENSIONS,
    MEGABYTE,
    ascii_part,
    extension_of,
    megabytes,
    name_problem,
)

Level = Literal["bloquant", "attention", "rappel"]

LEVEL_LABELS: dict[str, str] = {
    "bloquant": "Bloquant",
    "attention": "À vérifier",
    "rappel": "Rappel",
}


def due_at_deposit(item: ChecklistItem) -> bool:
    """Whether a piece is handed in with the deposit (not only by the winner, R2144-4).

    The one place that decides it: candidature and offre pieces are due at the deposit,
    pièces de l'attributaire at the award.
    """
    return item.due == Due.DEPOT


class DepositIssue(DomainModel):
    """One finding of the final check."""

    code: str
    level: Level
    message_fr: str
    piece: str = ""
    uid: str | None = None
    member: str = ""
    lots: list[int] = Field(default_factory=list)

    @property
    def blocking(self) -> bool:
        """True when the pack is refused until it is fixed."""
        return self.level == "bloquant"

    @property
    def lot(self) -> int | None:
        """The lot when the issue concerns exactly one, else None (all lots or none)."""
        return self.lots[0] if len(self.lots) == 1 else None


class PlannedFile(DomainModel):
    """One file of the pack: where it goes, its new name, and where its content comes from.

    ``source`` is ``store`` (a file of the workspace, by ``file_hash``) or ``generated`` (a
    document Responder writes, by ``generator``).
    """

    folder: list[str] = Field(default_factory=list)
    name: str
    piece: str
    member: str = ""
    lots: list[int] = Field(default_factory=list)
    uid: str | None = None
    source: Literal["store", "generated"]
    file_hash: str | None = None
    generator: str = ""
    original_name: str = ""
    size: int | None = None

    @property
    def relative_path(self) -> str:
        """« Offre/Lot 1/05_Memoire_technique_X.docx » (always with forward slashes)."""
        return "/".join([*self.folder, self.name])


def folder_for(
    item: ChecklistItem, *, is_groupement: bool, tender_lots: list[int]
) -> list[str]:
    """Where a piece goes: ``Candidature/`` or ``Offre/Lot N/``, per member in a groupement.

    Pieces of the groupement as a whole stay at the top of their phase; a member's own pieces
    go into a sub-folder named after the member.
    """
    root = "Candidature" if item.phase == Phase.CANDIDATURE else "Offre"
    folder = [root]
    if item.phase == Phase.OFFRE and len(tender_lots) > 1 and len(item.lots) == 1:
        folder.append(f"Lot {item.lots[0]}")
    if is_groupement and not item.for_groupement and item.member:
        folder.append(ascii_part(item.member).replace("_", " "))
    return folder


def blocking_issue(
    code: str, message_fr: str, about: Mapping[str, Any] | None = None
) -> DepositIssue:
    """A ``bloquant`` finding; ``about`` names what it is about (``piece``, ``uid``,
    ``member``, ``lots``)."""
    return DepositIssue(code=code, level="bloquant", message_fr=message_fr, **(about or {}))


def file_issues(
    planned: PlannedFile,
    *,
    accepted: tuple[str, ...],
    max_file_bytes: int,
    max_name_length: int,
) -> list[DepositIssue]:
    """Format, archive, name and size findings about one file of the pack."""
    issues: list[DepositIssue] = []
    about = {
        "piece": planned.piece, "uid": planned.uid, "member": planned.member,
        "lots": planned.lots,
    }
    extension = extension_of(planned.name)
    shown = planned.original_name or planned.name
    if extension in ARCHIVE_EXTENSIONS:
        issues.append(blocking_issue("archive_inside", (
            f"« {shown} » est une archive compressée ({extension}) : ne mettez jamais une "
            "archive dans le pli (l'acheteur peut ne pas réussir à l'ouvrir et écarter "
            "l'offre). Joignez les fichiers eux-mêmes, en PDF de préférence."
        ), about))
    elif extension not in accepted:
        issues.append(blocking_issue("format_refused", (
            f"« {shown} » est au format « {extension or 'sans extension'} », que le RC "
            f"n'accepte pas (formats acceptés : {', '.join(accepted)}). Enregistrez-le en "
            "PDF, ou ajoutez ce format dans les réglages du dépôt s'il est accepté."
        ), about))
    problem = name_problem(planned.name, max_name_length)
    if problem:
        issues.append(blocking_issue("name_refused", (
            f"Le nom « {planned.name} » serait refusé par des plateformes ({problem}) : "
            "raccourcissez le modèle de nom dans les réglages du dépôt."
        ), about))
    if planned.size is not None and planned.size > max_file_bytes:
        issues.append(blocking_issue("file_too_big", (
            f"« {shown} » pèse {megabytes(planned.size)}, au-delà de la limite de "
            f"{megabytes(max_file_bytes)} par fichier : compressez le PDF (images en "
            "150 dpi) ou scindez-le, ou corrigez la limite si le RC en fixe une autre."
        ), about))
    return issues


def total_issue(total: int, max_total_bytes: int | None) -> DepositIssue | None:
    """The « total too big » finding, or None."""
    if max_total_bytes is None or total <= max_total_bytes:
        return None
    return blocking_issue("total_too_big", (
        f"Le pli pèse {megabytes(total)} au total, au-delà de la limite de "
        f"{megabytes(max_total_bytes)} fixée pour ce dépôt : allégez les plus gros "
        "fichiers (PDF compressés, images réduites)."
    ))


def mb_to_bytes(value: int) -> int:
    """Mo (as set on the dossier) to octets."""
    return value * MEGABYTE
