"""The .ics calendar: parses back with icalendar, one event per date, an alarm on each."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from responder.documents.ics import IcsEvent, build_calendar, write_calendar

EVENTS = [
    IcsEvent(uid="7-deadline-abc@responder",
             summary="Date limite de remise des offres — Collecte & réemploi (Ville de Nîmes)",
             day=date(2026, 5, 12), at=time(14, 0),
             description="Règle : R2143-2\nUne offre hors délai est éliminée.",
             url="https://marches.example.fr/14"),
    IcsEvent(uid="7-upload-abc@responder", summary="Dépôt de l'offre — Collecte & réemploi",
             day=date(2026, 5, 7), description="Règle : bonne pratique"),
]


def test_calendar_parses_back_with_one_event_and_one_alarm_per_date() -> None:
    parsed = Calendar.from_ical(build_calendar(EVENTS))
    events = list(parsed.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [e.uid for e in EVENTS]
    deadline, upload = events
    assert deadline.decoded("DTSTART") == datetime(2026, 5, 12, 14, 0)
    assert str(deadline["SUMMARY"]).endswith("(Ville de Nîmes)")
    assert "R2143-2" in str(deadline["DESCRIPTION"])
    assert upload.decoded("DTSTART") == date(2026, 5, 7)
    assert upload.decoded("DTEND") == date(2026, 5, 8)
    for event in events:
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") < timedelta(0)
    assert str(parsed["X-WR-CALNAME"]) == "Responder — échéances"


def test_whole_day_alarm_rings_the_day_before_at_9() -> None:
    parsed = Calendar.from_ical(build_calendar(EVENTS[1:]))
    (event,) = parsed.walk("VEVENT")
    trigger = event.walk("VALARM")[0].decoded("TRIGGER")
    assert datetime(2026, 5, 7) + trigger == datetime(2026, 5, 6, 9, 0)


def test_same_data_gives_the_same_events() -> None:
    stamp = datetime(2026, 1, 1, 12, 0)
    assert build_calendar(EVENTS, stamp=stamp) == build_calendar(EVENTS, stamp=stamp)


def test_duplicate_uid_is_refused() -> None:
    with pytest.raises(ValueError):
        build_calendar([EVENTS[0], EVENTS[0]])


def test_write_is_atomic_and_readable(tmp_path: Path) -> None:
    out = tmp_path / "échéances" / "dossier.ics"
    write_calendar(out, EVENTS)
    assert len(list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))) == 2
    assert [p.name for p in out.parent.iterdir()] == ["dossier.ics"]
