"""French public holidays (and Alsace-Moselle's), pre-computed from the ``holidays`` package.

The table lives in ``resources/holidays/fr.tsv`` (written by scripts/make_holidays_table.py,
one ``subdivision<TAB>day<TAB>French name`` a line, « 57 » for Alsace-Moselle). Importing
``holidays`` costs about a quarter of a second; the working calendar reads this table for
the years it covers and asks the package only outside them. The file is read once, on the
first use of ``TABLE``, ``FIRST_YEAR`` or ``LAST_YEAR``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..paths import resources_dir

#: Where the table is, under ``resources/``.
TABLE_FILE = ("holidays", "fr.tsv")


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """``{subdivision or "": {"YYYY-MM-DD": name}}`` ("57": Alsace-Moselle)."""
    found: dict[str, dict[str, str]] = {"": {}, "57": {}}
    text = resources_dir().joinpath(*TABLE_FILE).read_text(encoding="utf-8")
    for row in text.splitlines():
        if row and not row.startswith("#"):
            key, day, name = row.split("\t")
            found[key][day] = name
    return found


@lru_cache(maxsize=1)
def years() -> tuple[int, int]:
    """The first and last years of the table."""
    days = [day for subdivision in table().values() for day in subdivision]
    return int(min(days)[:4]), int(max(days)[:4])


def __getattr__(name: str) -> Any:
    # The names the working calendar reads, loaded on first use (PEP 562).
    if name == "TABLE":
        return table()
    if name == "FIRST_YEAR":
        return years()[0]
    if name == "LAST_YEAR":
        return years()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
