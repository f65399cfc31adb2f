"""The pre-computed holiday table agrees with the ``holidays`` package it was made from."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import holidays
import pytest

from responder.domain import holidays_fr
from responder.domain.deadlines import WorkingCalendar


@pytest.mark.parametrize("alsace_moselle", [False, True])
@pytest.mark.parametrize("year", [holidays_fr.FIRST_YEAR, 2026, 2027, holidays_fr.LAST_YEAR])
def test_table_matches_the_package(year: int, alsace_moselle: bool) -> None:
    package = holidays.country_holidays(
        "FR", subdiv="57" if alsace_moselle else None, years=year, language="fr"
    )
    calendar = WorkingCalendar(alsace_moselle=alsace_moselle)
    assert {d: str(n) for d, n in package.items()} == {
        d: calendar.holiday_name(d) for d in package
    }
    days = (date(year, 1, 1) + timedelta(days=i) for i in range(365))
    assert sum(calendar.is_holiday(day) for day in days) == len(package)


def test_years_outside_the_table_still_come_from_the_package() -> None:
    calendar = WorkingCalendar()
    assert calendar.holiday_name(date(holidays_fr.LAST_YEAR + 5, 7, 14)) == "Fête nationale"


def test_the_table_is_read_without_importing_the_package() -> None:
    code = (
        "import sys; from datetime import date; "
        "from responder.domain.deadlines import WorkingCalendar; "
        "assert WorkingCalendar().holiday_name(date(2026, 7, 14)) == 'Fête nationale'; "
        "assert WorkingCalendar(alsace_moselle=True).is_holiday(date(2026, 12, 26)); "
        "assert 'holidays' not in sys.modules, 'holidays imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
