"""Validity arithmetic never raises, even on a stored document dated 9999 or year 1."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from responder.domain.validity import (
    Confidence,
    RuleKind,
    ValidityRule,
    add_months,
    end_of_previous_month,
    expiry_date,
    policy_end,
)
from responder.domain.vault import AdminDocument


def rule(kind: RuleKind, months: int = 6) -> ValidityRule:
    return ValidityRule(rule=kind, months=months, basis="D8222-5", confidence=Confidence.HIGH)


@pytest.mark.parametrize("kind", list(RuleKind))
def test_expiry_of_a_far_future_document_is_clamped(kind: RuleKind) -> None:
    until = expiry_date(rule(kind, 12), date(9999, 7, 1))
    assert until is not None and until.year == 9999


def test_month_arithmetic_at_the_limits_of_date() -> None:
    assert add_months(date(9999, 7, 1), 6) == date.max
    assert add_months(date(1, 3, 1), -6) == date.min
    assert end_of_previous_month(date(1, 1, 15)) == date.min
    assert policy_end(date(9999, 7, 1)) <= date.max
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)  # unchanged in range


@pytest.mark.parametrize(
    ("field", "day"), [("issued_on", date(9999, 7, 1)), ("issued_on", date(1899, 12, 31)),
                       ("valid_until", date(2101, 1, 1))],
)
def test_a_new_document_refuses_a_year_outside_1900_2100(field: str, day: date) -> None:
    with pytest.raises(ValidationError) as info:
        AdminDocument.model_validate({"kind": "attestation_urssaf", field: day})
    [error] = info.value.errors()
    assert error["loc"] == (field,)
    assert "entre 1900 et 2100" in str(error["ctx"]["error"])


def test_a_stored_document_with_an_absurd_date_stays_readable() -> None:
    doc = AdminDocument.model_validate(
        {"id": 7, "kind": "attestation_urssaf", "issued_on": "9999-07-01"}
    )
    assert doc.issued_on == date(9999, 7, 1)
    assert AdminDocument(kind="kbis", issued_on=date(2100, 12, 31)).issued_on is not None
