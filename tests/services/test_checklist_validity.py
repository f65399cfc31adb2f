"""The « Validité » column of the attestations, for a dossier due on 15 January 2027 (award
expected on 14 February) whose documents were filed today, 170 days ago or 400 days ago."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from responder.domain.checklist_text import status_text, validity_text
from responder.services.checklist import ChecklistService
from responder.services.tenders import TenderService
from responder.services.vault import VaultService
from tests.helpers import new_session, tender_data

TODAY = date(2026, 12, 1)
KINDS = ("attestation_urssaf", "attestation_fiscale", "attestation_assurance")


def columns(tmp_path: Path, age_days: int) -> dict[str, tuple[str, str]]:
    """Piece key → (validity, status) once the three attestations are filed, dated
    ``age_days`` before today."""
    session, sid = new_session(tmp_path / "coffre.responder")
    tender = TenderService(session).save(tender_data(deadline="2027-01-15T12:00:00"), sid)
    assert tender.id is not None
    scan = tmp_path / "attestation.pdf"
    scan.write_bytes(b"%PDF-1.4 attestation")
    for kind in KINDS:
        VaultService(session).add(kind, TODAY - timedelta(days=age_days), scan)
    rows = ChecklistService(session).view(tender.id, TODAY).rows
    session.close()
    return {r.item.key: (validity_text(r), status_text(r)) for r in rows if r.is_attestation}


def test_fresh_attestations_are_valid_at_the_award_until_their_end(tmp_path: Path) -> None:
    found = columns(tmp_path, 0)
    assert found["attestation_urssaf"][0] == (
        "Valide à l'attribution (14/02/2027), jusqu'au 01/06/2027")  # six months
    assert found["attestation_assurance"][0].endswith("jusqu'au 30/11/2027")  # one year
    assert all(found[k][1].startswith("Prêt") for k in KINDS)


def test_an_urssaf_attestation_of_170_days_expires_before_the_award(tmp_path: Path) -> None:
    found = columns(tmp_path, 170)
    assert found["attestation_urssaf"] == (
        "Expire avant l'attribution (14/02/2027) : 14/12/2026", "À faire")
    assert found["attestation_fiscale"][0] == "Expiré depuis le 30/11/2026"
    assert found["attestation_assurance"][1].startswith("Prêt")


def test_old_attestations_say_since_when_and_missing_ones_what_to_do(tmp_path: Path) -> None:
    found = columns(tmp_path, 400)
    assert found["attestation_urssaf"][0] == "Expiré depuis le 27/04/2026"
    assert found["attestation_assurance"][0] == "Expiré depuis le 26/10/2026"
    assert found["rib"] == ("Manquant : à ajouter aux documents", "À faire")
    # Due at the deposit, a missing agrément stops the submission.
    assert found["agrement_structure"] == (
        "Manquant : à ajouter aux documents", "À faire · bloquante")
