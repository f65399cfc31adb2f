"""Calendar export (.ics, RFC 5545) of a dossier's dates, built with ``icalendar``.

Built from plain data (:class:`IcsEvent`), never from services. Each event has a ``VALARM``
(the day before at 9 h for whole-day dates, 24 h before for dated times such as the deadline)
and a UID chosen by the caller; Responder uses ``<tender id>-<kind>-<workspace token>@responder``
so that re-importing an export updates the events instead of duplicating them.

Times are « floating » local times (no time zone), like the RC's « 12/05/2026 à 14 h ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from ..fsutil import atomic_write_bytes

PRODID = "-//Responder//Echeances des marches publics//FR"
#: Reminder before a whole-day date: 15 h before its midnight, i.e. the day before at 9 h.
ALL_DAY_REMINDER = timedelta(hours=15)
#: Reminder before a dated time (deadline, site visit).
TIMED_REMINDER = timedelta(days=1)


@dataclass(frozen=True)
class IcsEvent:
    """One date to export: whole day when ``at`` is ``None``, else a 1-hour event at ``at``."""

    uid: str
    summary: str
    day: date
    at: time | None = None
    description: str = ""
    url: str = ""
    alarm: bool = True


def _event(item: IcsEvent, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    if item.at is None:
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        trigger = -ALL_DAY_REMINDER
    else:
        start = datetime.combine(item.day, item.at)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=1))
        trigger = -TIMED_REMINDER
    if item.alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Rappel : {item.summary}")
        alarm.add("trigger", trigger)
        event.add_component(alarm)
    return event


def build_calendar(
    events: list[IcsEvent], *, name: str = "Responder — échéances", stamp: datetime | None = None
) -> bytes:
    """The .ics bytes of ``events`` (one VEVENT each, each with a VALARM).

    ``ValueError`` when two events share a UID (calendar apps would merge them).
    """
    uids = [e.uid for e in events]
    if len(set(uids)) != len(uids):
        raise ValueError("two calendar events share a UID")
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in events:
        calendar.add_component(_event(item, stamp))
    data: bytes = calendar.to_ical()
    return data


def write_calendar(target: Path, events: list[IcsEvent], *, name: str | None = None) -> None:
    """Write the .ics of ``events`` to ``target`` atomically (``OSError`` on failure)."""
    data = build_calendar(events) if name is None else build_calendar(events, name=name)
    atomic_write_bytes(Path(target), data)
