"""The texts under the Consultation form, without Qt: the eligibility box of reserved lots
(one line per lot and per party) and the warnings on the dates."""

from __future__ import annotations

from datetime import date

from responder.domain.deadlines import DeadlineWarning
from responder.domain.eligibility import (
    EligibilityReport,
    LotEligibility,
    PartyVerdict,
    Verdict,
)
from responder.domain.enums import Reservation
from responder.services.tender_form import eligibility_text, warnings_text


def _report(*lots: LotEligibility) -> EligibilityReport:
    return EligibilityReport(tender_id=1, title="Tonte", at=date(2026, 12, 1), lots=list(lots))


def test_no_reserved_lot_shows_no_box() -> None:
    assert eligibility_text(None) == ""
    assert eligibility_text(_report()) == ""


def test_each_lot_then_each_party() -> None:
    party = PartyVerdict(name="Jardins du Mas", role="mandataire", role_fr="Mandataire",
                         verdict=Verdict.ELIGIBLE, verdict_fr="Éligible",
                         reason_fr="agrément SIAE valable")
    lot = LotEligibility(lot=2, title="Tonte", reserved=[Reservation.SIAE],
                         reserved_fr="SIAE (L2113-13)", verdict=Verdict.ELIGIBLE,
                         verdict_fr="Éligible", parties=[party])
    assert eligibility_text(_report(lot)).split("\n") == [
        "Éligibilité aux lots réservés (chaque membre et sous-traitant) :",
        "Lot 2 — SIAE (L2113-13) : Éligible",
        "  • Jardins du Mas (mandataire) : éligible — agrément SIAE valable",
    ]


def test_warnings_one_line_each() -> None:
    warning = DeadlineWarning(level="alerte", message_fr="Le 25/12 est férié.", articles=[],
                              rule_ids=[])
    assert warnings_text([warning, warning]) == "⚠ Le 25/12 est férié.\n⚠ Le 25/12 est férié."
    assert warnings_text([]) == ""
