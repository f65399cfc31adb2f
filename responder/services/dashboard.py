"""The dashboard's content, computed without Qt: every dossier's countdown, checklist
progress and next step, the dated items by section, the 48-hour notice, and whether the
window should open on the dashboard (something overdue or due within a week).

``compute_dashboard`` takes a session of its own, so it runs on any thread
(``dashboard_job`` opens one on the workspace file, for the thread pool at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..domain.common import InvalidInput
from ..domain.tender_row import OPEN_STATUSES
from ..storage.db import WorkspaceError
from .deadlines import Dashboard, DashboardEntry, DeadlineService, DossierRow
from .urgency import (
    MONTH,
    OVERDUE,
    WEEK,
    document_badges,
    dossier_urgency,
    unique_entries,
    without_dossiers,
)

NOTICE_HOURS = 48
#: The window opens on the dashboard when something is due within this many days.
ATTENTION_DAYS = 7


def current_moment(today: date) -> datetime:
    """Now, or 9 h on ``today`` when the context's « today » is not the real one (tests)."""
    real = datetime.now().replace(second=0, microsecond=0)
    return real if real.date() == today else datetime.combine(today, time(9, 0))


def due_within(entry: DashboardEntry, now: datetime, hours: int = NOTICE_HOURS) -> bool:
    """True when ``entry`` falls before ``now + hours`` (a date without time: that whole day)."""
    limit = now + timedelta(hours=hours)
    if entry.date.at is None:
        return entry.date.when <= limit.date()
    return entry.date.moment <= limit


@dataclass
class DashboardData:
    """A dashboard with what the page adds: checklist progress text and urgency per dossier."""

    dashboard: Dashboard
    now: datetime
    progress_text: dict[int, str] = field(default_factory=dict)
    progress_tip: dict[int, str] = field(default_factory=dict)
    next_steps: dict[int, str] = field(default_factory=dict)

    def urgency(self, row: DossierRow) -> int:
        """The urgency of a dossier, from its deadline (words and tint of its row)."""
        return dossier_urgency(row, self.now, frozenset(OPEN_STATUSES))

    def badges(self, row: DossierRow) -> list[str]:
        """Attestations to renew and steps overdue: shown beside, not as the urgency."""
        return document_badges(row.tender_id, self.dashboard)

    def sections(self) -> list[tuple[int, list[DashboardEntry]]]:
        """The dated items by section, most urgent first (each vault document once)."""
        board = self.dashboard
        return [(OVERDUE, unique_entries(board.overdue)),
                (WEEK, unique_entries(board.this_week)),
                (MONTH, unique_entries(board.next_30_days))]

    def soon(self) -> list[DashboardEntry]:
        """Items overdue or due within the next 48 hours."""
        board = self.dashboard
        upcoming = [e for e in board.this_week + board.next_30_days if due_within(e, self.now)]
        return board.overdue + upcoming

    def needs_attention(self) -> bool:
        """Something is overdue or due within a week: worth opening the app on it."""
        limit = self.now.date() + timedelta(days=ATTENTION_DAYS)
        board = self.dashboard
        return bool(board.overdue) or any(
            e.date.when <= limit for e in board.this_week + board.next_30_days
        )


def dashboard_job(path: Path, structure_id: int, today: date) -> Callable[..., DashboardData]:
    """The dashboard computation as background work: it opens its own connection to the
    workspace at ``path`` (read only in practice) and never touches the UI's session."""

    def work(_progress: Callable[[int, str], None]) -> DashboardData:
        from .workspace import open_session

        session = open_session(path, create=False)
        try:
            return compute_dashboard(session, structure_id, today)
        finally:
            session.close()

    return work


def compute_dashboard(session: Any, structure_id: int, today: date) -> DashboardData:
    """The dashboard of structure ``structure_id`` on ``today``; any thread, given a session
    of its own."""
    texts: dict[int, str] = {}
    tips: dict[int, str] = {}
    checklists: list[Any] = []

    def progress(tender: Any) -> float | None:
        # The checklist capability is optional here: a dossier whose checklist cannot be
        # read must not hide the dashboard. Closed dossiers are skipped (nothing left to
        # gather, and a workspace accumulates many of them).
        if tender.status not in OPEN_STATUSES:
            return None
        if not checklists:
            from .checklist import ChecklistService

            checklists.append(ChecklistService(session))
        try:
            found = checklists[0].view(tender.id, today).progress
        except (InvalidInput, WorkspaceError, OSError, ValueError):
            return None
        if not found.total:
            return None
        texts[tender.id] = f"{found.ready} / {found.total} prêtes"
        tips[tender.id] = found.text
        return float(found.ready / found.total)

    service = DeadlineService(session, checklist_progress=progress)
    now = current_moment(today)
    board = service.dashboard(structure_id, now)
    from .gonogo import is_no_go

    tenders = {t.id: t for t in session.tenders.list(structure_id)}
    board = without_dossiers(board, {i for i, t in tenders.items() if i and is_no_go(t)})
    data = DashboardData(board, now, texts, tips)
    from .next_step import next_step

    for row in board.rows:
        tender = tenders.get(row.tender_id)
        if tender is not None and tender.is_open:
            data.next_steps[row.tender_id] = next_step(session, tender, today, service)
    return data


def notice_text(data: DashboardData) -> str:
    """The 48-hour notice (« À faire dans les 48 heures : … »), empty when nothing is due."""
    soon = unique_entries(data.soon())
    if not soon:
        return ""
    late = [e for e in soon if e.bucket == "en_retard"]
    coming = [e for e in soon if e.bucket != "en_retard"]
    parts: list[str] = []
    if late:
        parts.append(f"{len(late)} échéance{'s' if len(late) > 1 else ''} en retard")
    if coming:
        parts.append(
            f"{len(coming)} échéance{'s' if len(coming) > 1 else ''} dans les {NOTICE_HOURS} heures"
        )
    first = soon[0] if not coming else coming[0]
    return (
        f"⚠ {' et '.join(parts)}. Prochaine : {first.date.label_fr} — "
        f"« {first.tender_title} », {first.when_fr}."
    )


def short_notice(data: DashboardData | None) -> str:
    """The status-bar notice at start-up (« ⚠ 2 échéances en retard ou dans les 48 heures :
    voyez le Tableau de bord. »), empty when nothing is due."""
    soon = unique_entries(data.soon()) if data else []
    if not soon:
        return ""
    count = len(soon)
    return (
        f"⚠ {count} échéance{'s' if count > 1 else ''} en retard ou dans les "
        f"{NOTICE_HOURS} heures : voyez le Tableau de bord."
    )


def notice_keys(data: DashboardData | None) -> frozenset[tuple[int, str]]:
    """What the 48-hour notice is about (dossier, date kind): a dismissed notice comes back
    only when this grows."""
    return frozenset((e.tender_id, e.date.kind) for e in (data.soon() if data else []))

