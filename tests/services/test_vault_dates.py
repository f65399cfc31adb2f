"""Implausible attestation dates are refused before anything is saved, and a bad row already
stored never breaks the vault or the checklists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.tender import Tender
from responder.domain.validity import ValidityState
from responder.domain.vault import AdminDocument
from responder.services.checklist import ChecklistService
from responder.services.vault import VaultService
from responder.services.workspace import Session
from tests.helpers import new_session, tender_data
from tests.services.vault_helpers import TODAY, pdf, saved_rows


@pytest.fixture()
def workspace(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    session, sid = new_session(tmp_path / "w.responder")
    yield session, sid
    session.close()


@pytest.mark.parametrize("dated", ["9999-07-01", "2062-07-01", "2027-01-15"])
def test_add_refuses_a_date_in_the_future_and_saves_nothing(
    workspace: tuple[Session, int], tmp_path: Path, dated: str
) -> None:
    session, sid = workspace
    with pytest.raises(InvalidInput) as info:
        VaultService(session).add("attestation_urssaf", dated, pdf(tmp_path), sid, today=TODAY)
    assert set(info.value.messages) == {"date"}
    assert "vérifiez l'année" in info.value.messages["date"]
    assert saved_rows(session)[0] == 0


def test_add_accepts_a_date_up_to_a_month_ahead(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    session, sid = workspace
    doc = VaultService(session).add(
        "attestation_assurance", "2026-12-30", pdf(tmp_path), sid, today=TODAY
    )
    assert doc.issued_on == date(2026, 12, 30)


def test_add_and_replace_refuse_a_year_outside_1900_2100(
    workspace: tuple[Session, int], tmp_path: Path
) -> None:
    session, sid = workspace
    vault = VaultService(session)
    with pytest.raises(InvalidInput) as info:
        vault.add("attestation_urssaf", "1026-07-01", pdf(tmp_path), sid, today=TODAY)
    assert "entre 1900 et 2100" in info.value.messages["date"]
    with pytest.raises(InvalidInput) as info:
        vault.add("attestation_assurance", "2026-01-01", pdf(tmp_path), sid,
                  valid_until="9999-12-31", today=TODAY)
    assert "entre 1900 et 2100" in info.value.messages["valid_until"]
    doc = vault.add("attestation_urssaf", "2026-11-01", pdf(tmp_path), sid, today=TODAY)
    assert doc.id is not None
    with pytest.raises(InvalidInput) as info:
        vault.replace(doc.id, "2062-11-01", pdf(tmp_path), today=TODAY)
    assert "dans le futur" in info.value.messages["date"]
    assert vault.get(doc.id).issued_on == date(2026, 11, 1)


def test_a_stored_row_dated_9999_does_not_crash_the_vault_nor_the_checklist(
    workspace: tuple[Session, int]
) -> None:
    session, sid = workspace
    # A row saved by an older version, before dates were checked (no validation on build).
    session.documents.add(AdminDocument.model_construct(
        structure_id=sid, kind="attestation_urssaf", label="Attestation URSSAF",
        issued_on=date(9999, 7, 1),
    ))
    vault = VaultService(session)
    [entry] = vault.list(sid, TODAY)
    assert entry.expires_on == date.max and entry.state == ValidityState.VALIDE
    assert [e.kind for e in vault.status_at(TODAY, sid)]
    tender = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
    assert tender.id is not None
    assert ChecklistService(session).view(tender.id) is not None
    assert isinstance(vault.get(entry.document.id or 0), AdminDocument)
