"""What the deadline service's dashboard returns: its rows and its dated entries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ...domain.common import DomainModel
from ...domain.deadlines import ComputedDate, DeadlineWarning
from ...domain.enums import TenderStatus

Bucket = Literal["en_retard", "cette_semaine", "30_jours"]
BUCKET_LABELS: dict[str, str] = {
    "en_retard": "En retard",
    "cette_semaine": "Cette semaine",
    "30_jours": "Dans les 30 prochains jours",
}


# --- dashboard models ---------------------------------------------------------------------
class DashboardEntry(DomainModel):
    """One dated item of one dossier, in a dashboard bucket."""

    tender_id: int
    tender_title: str
    buyer: str
    bucket: Bucket
    bucket_fr: str
    date: ComputedDate
    when_fr: str


class DossierRow(DomainModel):
    """One dossier on the dashboard: countdown, next step, warnings.

    ``checklist_progress`` (0 to 1) comes from the checklist capability through the
    ``checklist_progress`` hook of :class:`DeadlineService`; ``None`` until it exists.
    """

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"deadline"})

    tender_id: int
    title: str
    buyer: str
    status: TenderStatus
    status_fr: str
    deadline: datetime | None
    deadline_fr: str
    days_left: int | None
    working_days_left: int | None
    countdown_fr: str
    next_date: ComputedDate | None
    next_fr: str
    warnings: list[DeadlineWarning]
    checklist_progress: float | None = None


class Dashboard(DomainModel):
    """Deadlines across dossiers on ``today``."""

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"today"})

    today: date
    rows: list[DossierRow]
    overdue: list[DashboardEntry]
    this_week: list[DashboardEntry]
    next_30_days: list[DashboardEntry]
