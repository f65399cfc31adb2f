"""What the « Documents » page says of each kind of document: its state, its end date and
the one thing to do, at a dossier's deadline or at its expected award."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from responder.domain.validity import ValidityState
from responder.domain.vault import AdminDocument, VaultEntry

URSSAF = AdminDocument(structure_id=1, kind="attestation_urssaf", issued_on=date(2026, 11, 2),
                       valid_until=date(2027, 5, 2), file_name="urssaf.pdf")
AWARD = date(2027, 2, 14)


def entry(state: ValidityState, **extra: Any) -> VaultEntry:
    values: dict[str, Any] = {
        "kind": "attestation_urssaf", "label": "Attestation de vigilance URSSAF",
        "document": URSSAF, "dated": URSSAF.issued_on, "expires_on": URSSAF.valid_until,
        "state": state, "at": AWARD, "renew_by": date(2027, 4, 20), **extra}
    return VaultEntry(**values)


def test_a_valid_document_needs_nothing() -> None:
    valid = entry(ValidityState.VALIDE)
    assert (valid.state_label, valid.expiry_label, valid.advice) == (
        "Valide", "Valide jusqu'au 02/05/2027", "")


def test_expiring_before_the_award_says_when_it_will_be_asked() -> None:
    late = entry(ValidityState.EXPIRE_AVANT_DATE_LIMITE, at_award=True)
    assert late.state_label == "Expire avant l'attribution"
    assert late.advice == ("Expire avant l'attribution prévue (14/02/2027) : demandée si vous "
                           "êtes retenu, à renouveler avant le 20/04/2027.")


def test_expiring_before_the_deadline_gives_the_day_to_renew_by() -> None:
    late = entry(ValidityState.EXPIRE_AVANT_DATE_LIMITE)
    assert late.state_label == "Expire avant la date limite"
    assert late.advice == "Expire avant la date limite : à renouveler avant le 20/04/2027."


def test_a_duration_of_practice_is_flagged_to_check_in_the_rc() -> None:
    assert entry(ValidityState.EXPIRE, guidance=True).advice == (
        "Expiré : demandez-en un nouveau dès maintenant. (durée d'usage, à vérifier dans le RC)")
    assert entry(ValidityState.MANQUANT, document=None, guidance=True).advice == (
        "Aucun document enregistré : ajoutez-le.")


@pytest.mark.parametrize(("document", "expires", "label"), [
    (None, None, "—"), (URSSAF, None, "Sans date d'expiration"),
])
def test_the_end_date_column_without_a_date(
    document: AdminDocument | None, expires: date | None, label: str
) -> None:
    state = ValidityState.MANQUANT if document is None else ValidityState.VALIDE
    assert entry(state, document=document, expires_on=expires).expiry_label == label


def test_a_document_is_valid_up_to_its_last_day_included() -> None:
    assert URSSAF.is_valid_on(date(2027, 5, 2)) is True
    assert URSSAF.is_valid_on(date(2027, 5, 3)) is False
    assert AdminDocument(kind="statuts").is_valid_on(date(2027, 5, 3)) is None
