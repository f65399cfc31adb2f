"""A dossier as the Consultations list shows it: the few fields of one row, without the rest of
the dossier nor its validation.

``TenderRow.of`` takes them from a validated ``Tender``; ``storage/listing.py`` reads them
straight from the workspace file at start-up, so that the list is painted before the domain
models (pydantic) are imported. Nothing here imports pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from .enums import Procedure, TenderStatus

if TYPE_CHECKING:
    from .tender import Tender

#: Statuses in which the dossier is still being worked on.
OPEN_STATUSES = frozenset({TenderStatus.VEILLE, TenderStatus.EN_PREPARATION})


def days_until(moment: datetime | None, today: date) -> int | None:
    """Calendar days from ``today`` to ``moment`` (negative once passed; ``None`` without)."""
    return None if moment is None else (moment.date() - today).days


@dataclass(frozen=True, slots=True)
class TenderRow:
    """What one line of the dossier list needs."""

    id: int
    title: str
    buyer: str = ""
    reference: str = ""
    procedure: Procedure = Procedure.MAPA
    status: TenderStatus = TenderStatus.VEILLE
    deadline: datetime | None = None
    candidatures_deadline: datetime | None = None
    no_go: bool = False

    @classmethod
    def of(cls, tender: Tender) -> TenderRow:
        """The row of a stored dossier."""
        assert tender.id is not None, "only a stored dossier is listed"
        decision = tender.go_no_go.decision if tender.go_no_go is not None else None
        return cls(
            id=tender.id, title=tender.title, buyer=tender.buyer, reference=tender.reference,
            procedure=tender.procedure, status=tender.status, deadline=tender.deadline,
            candidatures_deadline=tender.candidatures_deadline, no_go=decision == "no_go",
        )

    @property
    def is_open(self) -> bool:
        """True while the dossier is still being prepared (veille or en préparation)."""
        return self.status in OPEN_STATUSES

    @property
    def next_deadline(self) -> datetime | None:
        """The offers deadline, or the candidatures one of a two-phase dossier not yet invited."""
        return self.deadline or self.candidatures_deadline

    def days_left(self, today: date) -> int | None:
        """Calendar days from ``today`` to the offers deadline (negative once passed)."""
        return days_until(self.deadline, today)

    def days_to_next_deadline(self, today: date) -> int | None:
        """Calendar days from ``today`` to :attr:`next_deadline` (negative once passed)."""
        return days_until(self.next_deadline, today)
