"""A dossier's dates as the list and the deposit read them: the next deadline of a two-phase
procedure (appel d'offres restreint), and whether the deposit recorded is the offer's."""

from __future__ import annotations

from datetime import date
from typing import Any

from responder.domain.tender import Tender, reservations_label
from tests.helpers import tender_data

TODAY = date(2026, 12, 1)


def restricted(**overrides: Any) -> Tender:
    """An appel d'offres restreint: candidatures by 10 December, offers once invited."""
    data = tender_data(procedure="aor", deadline=None, questions_deadline=None,
                       candidatures_deadline="2026-12-10T12:00:00")
    return Tender.model_validate({**data, **overrides})


def deposited(tender: Tender, when: str) -> Tender:
    """``tender`` with the deposit recorded at ``when``, validated as stored."""
    data = tender.model_dump()
    return Tender.model_validate({**data, "deposit": {"record": {"deposited_at": when}}})


def test_before_the_invitation_the_next_deadline_is_the_candidatures_one() -> None:
    tender = restricted()
    assert tender.next_deadline is not None and tender.next_deadline.day == 10
    assert tender.days_to_next_deadline(TODAY) == 9
    assert tender.days_left(TODAY) is None  # no offers deadline yet


def test_once_invited_the_offers_deadline_comes_first() -> None:
    tender = restricted(invitation_on="2026-12-20", deadline="2027-01-25T12:00:00")
    assert tender.next_deadline is not None and tender.next_deadline.month == 1
    assert tender.days_left(TODAY) == tender.days_to_next_deadline(TODAY) == 55


def test_a_deposit_by_the_candidatures_deadline_is_the_candidature() -> None:
    assert not deposited(restricted(), "2026-12-09T16:00:00").offers_deposited


def test_a_deposit_after_the_invitation_is_the_offer() -> None:
    invited = restricted(invitation_on="2026-12-20", deadline="2027-01-25T12:00:00")
    early = deposited(invited, "2026-12-09T16:00:00")
    late = deposited(invited, "2027-01-20T10:00:00")
    assert (early.offers_deposited, late.offers_deposited) == (False, True)


def test_in_an_open_procedure_any_recorded_deposit_is_the_offer() -> None:
    tender = Tender.model_validate(tender_data())
    assert not tender.offers_deposited
    assert deposited(tender, "2026-12-17T09:30:00").offers_deposited


def test_estimated_total_adds_the_lots_that_have_an_estimate() -> None:
    assert Tender.model_validate(tender_data()).estimated_total() == 125000.5
    lots = [{"number": 1, "title": "Tonte"}, {"number": 2, "title": "Taille"}]
    assert Tender.model_validate(tender_data(lots=lots)).estimated_total() is None


def test_reservations_read_from_a_list_or_an_old_single_value() -> None:
    assert reservations_label(["L2113-12", "L2113-13"]) == (
        "Réservé ESAT / EA (L2113-12) + Réservé SIAE (L2113-13)"
    )
    assert reservations_label("L2113-13") == "Réservé SIAE (L2113-13)"
    assert reservations_label(None) == ""
