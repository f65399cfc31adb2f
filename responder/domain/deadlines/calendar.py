"""The working calendar: French public holidays, working-day arithmetic, French dates.

Working days exclude Saturdays, Sundays and French public holidays (``holidays``, France; with
Alsace-Moselle, Good Friday and 26 December are added). The years the pre-computed table
covers come from it; other years from ``holidays``, imported lazily, the first time a calendar
needs such a year, so importing this module stays cheap.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

#: Departments where the local law adds Good Friday and 26 December (Alsace-Moselle).
ALSACE_MOSELLE_DEPARTMENTS = frozenset({"57", "67", "68"})

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)


def french_date(day: date, *, weekday: bool = True) -> str:
    """« jeudi 7 mai 2026 » (« 1er » for the first day of a month)."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def french_time(moment: time) -> str:
    """« 14 h » or « 12 h 30 »."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


# --- working calendar ---------------------------------------------------------------------
class WorkingCalendar:
    """French public holidays (optionally Alsace-Moselle) and the working days they leave.

    Holidays are loaded per year, on first use, from the ``holidays`` package (French names).
    """

    def __init__(self, *, alsace_moselle: bool = False) -> None:
        self.alsace_moselle = alsace_moselle
        self._years: dict[int, dict[date, str]] = {}

    def __repr__(self) -> str:
        return f"WorkingCalendar(alsace_moselle={self.alsace_moselle})"

    def _year(self, year: int) -> dict[date, str]:
        found = self._years.get(year)
        if found is None:
            found = _holiday_table(year, alsace_moselle=self.alsace_moselle)
            if found is None:
                found = _holidays_package(year, alsace_moselle=self.alsace_moselle)
            self._years[year] = found
        return found

    def holiday_name(self, day: date) -> str | None:
        """The French name of the public holiday on ``day`` (« Ascension »), else ``None``."""
        return self._year(day.year).get(day)

    def is_holiday(self, day: date) -> bool:
        """True on a public holiday."""
        return day in self._year(day.year)

    def is_working_day(self, day: date) -> bool:
        """True from Monday to Friday when the day is not a public holiday."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def holidays_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Public holidays from ``start`` to ``end`` included, in order."""
        found: list[tuple[date, str]] = []
        for year in range(start.year, end.year + 1):
            found.extend((d, n) for d, n in self._year(year).items() if start <= d <= end)
        return sorted(found)


def _holiday_table(year: int, *, alsace_moselle: bool) -> dict[date, str] | None:
    """The holidays of ``year`` from the pre-computed table (~0.3 s less than the package);
    ``None`` when the table does not cover that year."""
    from .. import holidays_fr

    if not holidays_fr.FIRST_YEAR <= year <= holidays_fr.LAST_YEAR:
        return None
    prefix = f"{year:04d}-"
    subdivision = holidays_fr.TABLE["57" if alsace_moselle else ""]
    return {
        date.fromisoformat(day): name
        for day, name in subdivision.items() if day.startswith(prefix)
    }


def _holidays_package(year: int, *, alsace_moselle: bool) -> dict[date, str]:
    """The holidays of ``year`` from the ``holidays`` package (French names)."""
    import holidays  # lazy: about 0.3 s (it loads every country)

    subdiv = "57" if alsace_moselle else None
    try:
        table = holidays.country_holidays("FR", subdiv=subdiv, years=year, language="fr")
    except (NotImplementedError, KeyError):  # pragma: no cover - older holidays
        table = holidays.country_holidays("FR", subdiv=subdiv, years=year)
    return {day: str(name) for day, name in table.items()}


def is_working_day(calendar: WorkingCalendar, day: date) -> bool:
    """True when ``day`` is neither a weekend day nor a public holiday of ``calendar``."""
    return calendar.is_working_day(day)


def add_working_days(calendar: WorkingCalendar, start: date, n: int) -> date:
    """The n-th working day after ``start`` (``n = 0``: ``start`` or the next working day).

    A negative ``n`` counts backwards (same as :func:`subtract_working_days`).
    """
    if n < 0:
        return subtract_working_days(calendar, start, -n)
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(calendar: WorkingCalendar, start: date, n: int) -> date:
    """The n-th working day before ``start`` (``n = 0``: ``start`` or the previous working day)."""
    if n < 0:
        return add_working_days(calendar, start, -n)
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day
    remaining = n
    while remaining:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """Working days in ``(start, end]``; when ``end < start``, minus those in ``(end, start]``."""
    if end < start:
        return -working_days_between(calendar, end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count



# --- countdown ----------------------------------------------------------------------------
def countdown_text(calendar: WorkingCalendar, deadline: datetime, now: datetime) -> str:
    """« J-12 · 8 jours ouvrés », « Aujourd'hui à 14 h », or « Échue depuis 3 jours ».

    J-n counts calendar days; the working days are those in ``(today, deadline day]``.
    """
    today = now.date()
    days = (deadline.date() - today).days
    if deadline <= now:
        if days == 0:
            return f"Échue aujourd'hui à {french_time(deadline.time())}"
        late = -days
        return f"Échue depuis {late} jour{'s' if late > 1 else ''}"
    if days == 0:
        return f"Aujourd'hui à {french_time(deadline.time())}"
    working = working_days_between(calendar, today, deadline.date())
    unit = "jour ouvré" if working == 1 else "jours ouvrés"
    return f"J-{days} · {working} {unit}"
