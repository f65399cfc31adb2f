"""How urgent each dossier of the dashboard is, and the dates it lists: Qt-free rules the
dashboard page displays.

Urgency comes from the dossier's deadline only (a dossier at J-19 is « dans les 30 jours »,
whatever its attestations); an attestation expiring or an internal step overdue shows as a
separate badge. A vault document appears once in the dates, not once per dossier; dossiers
decided « no-go » leave the dashboard (they stay in Consultations)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .deadlines import Dashboard, DashboardEntry, DossierRow

OVERDUE, WEEK, MONTH, LATER, CLOSED, NO_DATE = range(6)


def dossier_urgency(row: DossierRow, now: datetime, open_statuses: frozenset[object]) -> int:
    """The urgency level of a dossier from its deadline (``OVERDUE`` … ``NO_DATE``)."""
    if row.status not in open_statuses:
        return CLOSED
    if row.deadline is None:
        return NO_DATE
    today = now.date()
    due = row.deadline.date()
    if row.deadline < now:
        return OVERDUE
    week_end = today + timedelta(days=6 - today.weekday())
    if due <= week_end:
        return WEEK
    if due <= today + timedelta(days=30):
        return MONTH
    return LATER


def document_badges(tender_id: int, board: Dashboard) -> list[str]:
    """Separate badges: attestations to renew and internal steps overdue for a dossier."""
    entries = [e for e in board.overdue + board.this_week + board.next_30_days
               if e.tender_id == tender_id]
    attestations = sum(e.date.source == "attestation" for e in entries)
    late_steps = sum(e.date.source == "retroplanning" for e in board.overdue
                     if e.tender_id == tender_id)
    badges = []
    if attestations:
        badges.append(f"{attestations} attestation{'s' if attestations > 1 else ''} "
                      "à renouveler")
    if late_steps:
        badges.append(f"{late_steps} étape{'s' if late_steps > 1 else ''} en retard")
    return badges


def unique_entries(entries: list[DashboardEntry]) -> list[DashboardEntry]:
    """One entry per vault document (the same expiry is listed by every dossier)."""
    seen: set[tuple[str, date]] = set()
    kept = []
    for entry in entries:
        if entry.date.source == "attestation":
            key = (entry.date.kind, entry.date.when)
            if key in seen:
                continue
            seen.add(key)
            entry = entry.model_copy(update={"tender_title": "Documents administratifs"})
        kept.append(entry)
    return kept


def without_dossiers(board: Dashboard, hidden: set[int]) -> Dashboard:
    """The dashboard without the dossiers in ``hidden`` (decided no-go)."""
    if not hidden:
        return board
    keep = [r for r in board.rows if r.tender_id not in hidden]

    def entries(items: list[DashboardEntry]) -> list[DashboardEntry]:
        return [e for e in items if e.tender_id not in hidden]

    return board.model_copy(update={
        "rows": keep, "overdue": entries(board.overdue), "this_week": entries(board.this_week),
        "next_30_days": entries(board.next_30_days),
    })
