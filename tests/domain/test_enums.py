"""French labels of the shared enumerations."""

from __future__ import annotations

from responder.domain import enums
from responder.domain.enums import BuyerKind, LegalForm, label
from responder.domain.labelled import Labelled
from responder.domain.validity import RuleKind


def test_a_value_shared_by_two_enumerations_keeps_each_label() -> None:
    assert LegalForm.ASSOCIATION == BuyerKind.ASSOCIATION  # both "association"
    assert label(LegalForm.ASSOCIATION) == "Association loi 1901"
    assert label(BuyerKind.ASSOCIATION) == "Association"


def test_every_labelled_member_shows_its_own_label() -> None:
    enumerations = [v for v in vars(enums).values()
                    if isinstance(v, type) and issubclass(v, Labelled) and v is not Labelled]
    assert len(enumerations) > 10
    for enumeration in enumerations:
        for member in enumeration:
            assert member.label_fr, member
            assert label(member) == member.label_fr


def test_no_value_and_unlabelled_values() -> None:
    assert label(None) == ""
    assert label(RuleKind.POLICY_YEAR) == "policy_year"
