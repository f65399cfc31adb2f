"""Reserved lots: which statuses qualify, proofs, the 50 % share, joint reservations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from responder.domain.eligibility import Party, Verdict, judge_lot, judge_party
from responder.domain.enums import EssStatus, LegalForm, Reservation
from responder.domain.rc_extract import _reservations_in
from responder.domain.tender import Lot, Tender

AT = date(2026, 12, 18)
HALF = Decimal("0.5")
SIAE = [Reservation.SIAE]


def aci(**overrides: object) -> Party:
    data: dict[str, object] = {
        "name": "Chantier des Cévennes", "statuses": [EssStatus.ACI], "proof_on_file": True,
        "proof_until": date(2027, 12, 31), "headcount_total": 30, "insertion": 20,
    }
    data.update(overrides)
    return Party.model_validate(data)


def test_an_aci_with_its_ddets_convention_is_eligible_l2113_13() -> None:
    """L2113-13: an ACI with its conventionnement on file, valid at the deadline."""
    verdict = judge_party(aci(), SIAE, AT, HALF)
    assert verdict.verdict == Verdict.ELIGIBLE
    assert "31/12/2027" in verdict.reason_fr and verdict.articles == ["L2113-13"]


def test_an_esat_is_not_eligible_to_a_lot_reserved_to_siae_l2113_13() -> None:
    """L2113-13 is for SIAE; an ESAT falls under L2113-12 and is told so."""
    esat = Party(name="ESAT du Gardon", role="cotraitant", statuses=[EssStatus.ESAT])
    verdict = judge_party(esat, SIAE, AT, HALF)
    assert verdict.verdict == Verdict.NON_ELIGIBLE
    assert "ESAT / EA (L2113-12)" in verdict.reason_fr
    assert "Chaque membre du groupement" in verdict.reason_fr


def test_joint_reservation_accepts_either_article_l2113_14() -> None:
    """L2113-14: a lot reserved to L2113-12 and L2113-13 at once is open to ESAT and SIAE."""
    joint = [Reservation.ESAT_EA, Reservation.SIAE]
    esat = Party(name="ESAT", statuses=[EssStatus.ESAT], proof_on_file=True)
    assert judge_party(esat, joint, AT, HALF).verdict == Verdict.ELIGIBLE
    assert judge_party(aci(), joint, AT, HALF).verdict == Verdict.ELIGIBLE
    scic = Party(name="SCIC", statuses=[EssStatus.SCIC], proof_on_file=True)
    assert judge_party(scic, joint, AT, HALF).verdict == Verdict.NON_ELIGIBLE


@pytest.mark.parametrize(("party", "words"), [
    (aci(proof_on_file=False, proof_until=None), "aucune preuve"),
    (aci(proof_until=date(2026, 11, 30)), "expiré le 30/11/2026"),
    (aci(insertion=10), "il en faut au moins 50 %"),
    (Party(name="Inconnu"), "Statut inconnu"),
])
def test_missing_expired_proof_low_share_or_unknown_status_is_to_check_r2113_7(
    party: Party, words: str
) -> None:
    """R2113-7 (50 % of disadvantaged workers) and the proofs table: « à vérifier »."""
    verdict = judge_party(party, SIAE, AT, HALF)
    assert verdict.verdict == Verdict.A_VERIFIER
    assert words in verdict.reason_fr


def test_prison_work_l2113_13_1_is_not_the_siae_reservation() -> None:
    """L2113-13-1 (people in prison) is never read as L2113-13, in a lot or in an RC."""
    lot = Lot(number=1, title="Façonnage", reserved="L2113-13-1")
    assert lot.reserved == [Reservation.DETENUS] and Reservation.SIAE not in lot.reserved
    verdict = judge_party(aci(), lot.reserved, AT, HALF)
    assert verdict.verdict == Verdict.A_VERIFIER and "L2113-13-1" in verdict.reason_fr
    assert _reservations_in("le lot 2 est reserve (article l2113-13-1)") == ["L2113-13-1"]
    assert _reservations_in("le lot 2 est reserve (article l2113-13)") == ["L2113-13"]


def test_ess_reservation_always_asks_to_check_its_conditions_l2113_15() -> None:
    """L2113-15 / L2113-16: conditions the app cannot check are listed, never assumed."""
    association = Party(name="Asso", statuses=[], legal_form=LegalForm.ASSOCIATION,
                        proof_on_file=True)
    verdict = judge_party(association, [Reservation.ESS], AT, HALF)
    assert verdict.verdict == Verdict.A_VERIFIER and "L2113-16" in verdict.reason_fr
    company = Party(name="SARL", statuses=[], legal_form=LegalForm.SARL)
    assert judge_party(company, [Reservation.ESS], AT, HALF).verdict == Verdict.NON_ELIGIBLE


def test_a_lot_takes_the_worst_verdict_of_its_members_and_subcontractors() -> None:
    """DAJ guidance: every member and sub-contractor of a reserved lot must be eligible."""
    parties = [aci(), Party(name="Sous-traitant", role="sous_traitant",
                            statuses=[EssStatus.EA])]
    lot = judge_lot(1, "Lot", SIAE, parties, AT, HALF)
    assert lot.verdict == Verdict.NON_ELIGIBLE and lot.verdict_fr == "Non éligible"
    assert [p.role_fr for p in lot.parties] == ["Candidat", "Sous-traitant"]


def test_a_joint_reservation_is_stored_as_a_list_and_old_single_values_still_load() -> None:
    """A lot reserved L2113-12 + L2113-13; « L2113-13 » and null saved before still load."""
    joint = Lot(number=1, title="Espaces verts", reserved=["L2113-12", "L2113-13"])
    assert joint.reserved == [Reservation.ESAT_EA, Reservation.SIAE]
    assert joint.reserved_label == "L2113-12 + L2113-13"
    assert Lot(number=1, title="x", reserved="L2113-13").reserved == [Reservation.SIAE]
    assert Lot(number=1, title="x", reserved=None).reserved == []
    tender = Tender.model_validate_json(
        '{"title": "T", "lots": [{"number": 1, "title": "A", "reserved": "L2113-12"},'
        ' {"number": 2, "title": "B", "reserved": null}]}'
    )
    assert [lot.reserved for lot in tender.lots] == [[Reservation.ESAT_EA], []]
    assert '"reserved":["L2113-12"]' in tender.model_dump_json()
