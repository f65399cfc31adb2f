"""The table of legal rules written into the documentation: one row per dated version,
values with their French units, cells that cannot break the Markdown table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from responder.domain.errors import InvalidInput
from responder.domain.law import Rule, RuleBook
from responder.services.rules_doc import rules_table


def rule(**values: Any) -> Rule:
    base: dict[str, Any] = {
        "id": "standstill", "article": "R2182-1", "value": Decimal("11.0"),
        "unit": "calendar_days", "valid_from": date(2019, 4, 1), "confidence": "H",
        "label_fr": "Délai de suspension avant signature"}
    return Rule(**{**base, **values})


def rows(book: RuleBook) -> list[str]:
    return [line for line in rules_table(book).splitlines() if line.startswith("| `")]


def test_each_version_is_a_row_with_its_dates_and_french_unit() -> None:
    # The threshold below which a contract needs no publicity went from 25 000 to
    # 40 000 € HT on 1 January 2020.
    waiver = {"id": "no_publicity", "article": "R2122-8", "unit": "eur_ht",
              "label_fr": "Marché sans publicité ni mise en concurrence"}
    book = RuleBook([
        rule(**waiver, value=Decimal(25000), valid_until=date(2019, 12, 31)),
        rule(**waiver, value=Decimal("40000.00"), valid_from=date(2020, 1, 1)),
        rule(),
    ])
    assert rows(book) == [
        "| `no_publicity` | R2122-8 | 25000 € HT | 2019-04-01 | 2019-12-31 | H | "
        "Marché sans publicité ni mise en concurrence |",
        "| `no_publicity` | R2122-8 | 40000 € HT | 2020-01-01 | — | H | "
        "Marché sans publicité ni mise en concurrence |",
        "| `standstill` | R2182-1 | 11 jours | 2019-04-01 | — | H | "
        "Délai de suspension avant signature |",
    ]


def test_a_pipe_or_a_line_break_in_a_label_stays_inside_its_cell() -> None:
    [row] = rows(RuleBook([rule(value=None, label_fr="Avis | attribution\nsur le profil")]))
    assert row.endswith("| — | 2019-04-01 | — | H | Avis \\| attribution sur le profil |")


def test_two_versions_that_overlap_are_refused() -> None:
    with pytest.raises(InvalidInput, match="se chevauchent"):
        RuleBook([rule(), rule(valid_from=date(2024, 1, 1))])
