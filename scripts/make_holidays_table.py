"""Write ``resources/holidays/fr.tsv``: French public holidays (and Alsace-Moselle's) for a
span of years, taken from the ``holidays`` package (read by ``responder/domain/holidays_fr.py``).

Importing ``holidays`` costs about a quarter of a second (it loads every country), which
was most of the time before the dashboard appeared. The working calendar reads this table
for the years it covers and asks the package only outside them. Run again after upgrading
``holidays``; ``tests/domain/test_holidays_table.py`` fails when the two disagree.
"""

from __future__ import annotations

from pathlib import Path

import holidays

FIRST, LAST = 2015, 2045
TARGET = Path(__file__).resolve().parents[1] / "resources" / "holidays" / "fr.tsv"


def table(subdiv: str | None) -> dict[str, str]:
    """``{"YYYY-MM-DD": French name}`` for every year of the span."""
    found = holidays.country_holidays(
        "FR", subdiv=subdiv, years=range(FIRST, LAST + 1), language="fr"
    )
    return {day.isoformat(): str(name) for day, name in sorted(found.items())}


def main() -> None:
    rows = [f"{key}\t{day}\t{name}" for key, subdiv in (("", None), ("57", "57"))
            for day, name in table(subdiv).items()]
    lines = [
        "# French public holidays (subdivision « 57 »: Alsace-Moselle), from the holidays "
        f"package {holidays.__version__}.",
        "# Written by scripts/make_holidays_table.py: do not edit by hand.",
        "# subdivision\tday\tname",
        *rows,
    ]
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
