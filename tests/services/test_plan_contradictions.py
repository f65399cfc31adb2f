"""``responder deadlines plan`` on dates typed by hand: each date that contradicts the others
is named with the reason, and no plan is computed from them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from responder.domain.enums import Procedure
from responder.domain.errors import InvalidInput
from responder.services.deadlines.standalone import plan_for_deadline

OFFERS = datetime(2027, 2, 15, 12)
TODAY = date(2026, 12, 1)


def refusal(**dates: object) -> dict[str, str]:
    with pytest.raises(InvalidInput) as info:
        plan_for_deadline(OFFERS, Procedure.AOR, today=TODAY, **dates)  # type: ignore[arg-type]
    return info.value.messages


def test_publication_and_questions_after_the_deadline_are_both_named() -> None:
    assert refusal(published_on=date(2027, 3, 1),
                   questions_deadline=datetime(2027, 2, 20, 12)) == {
        "published_on": "la date de publication est après la date limite.",
        "questions_deadline": "la date limite des questions est après la date limite.",
    }


def test_candidatures_come_before_the_offers_and_after_the_publication() -> None:
    late = refusal(candidatures_deadline=datetime(2027, 3, 1, 12))
    assert late["candidatures_deadline"].endswith("les candidatures viennent d'abord.")
    early = refusal(published_on=date(2026, 12, 10),
                    candidatures_deadline=datetime(2026, 12, 5, 12))
    assert early == {"candidatures_deadline":
                     "la date limite des candidatures est avant la date de publication."}


@pytest.mark.parametrize(("invitation", "others", "reason"), [
    (date(2027, 3, 1), {}, "l'invitation est datée d'après la date limite des offres."),
    (date(2027, 1, 5), {"candidatures_deadline": datetime(2027, 1, 10, 12)},
     "l'invitation est datée d'avant la date limite des candidatures."),
    (date(2026, 12, 2), {"published_on": date(2026, 12, 10)},
     "l'invitation est datée d'avant la publication."),
])
def test_the_invitation_sits_between_candidatures_and_offers(
    invitation: date, others: dict, reason: str
) -> None:
    assert refusal(invitation_on=invitation, **others) == {"invitation_on": reason}


def test_dates_in_order_give_a_plan_ending_at_the_offers_deadline() -> None:
    plan = plan_for_deadline(OFFERS, Procedure.AOR, today=TODAY, published_on=date(2026, 11, 20),
                             candidatures_deadline=datetime(2026, 12, 21, 12),
                             invitation_on=date(2027, 1, 8))
    assert max(d.when for d in plan.dates) == OFFERS.date()
