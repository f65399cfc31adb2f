"""What « Documents administratifs » says about each document (no Qt)."""

from __future__ import annotations

from datetime import date

from responder.domain.validity import ValidityState
from responder.domain.vault import AdminDocument, DossierVaultStatus, VaultEntry
from responder.services.vault import CORE_KINDS
from responder.services.vault_texts import (
    OPTIONAL_STATE,
    dossier_texts,
    kind_hint,
    row_texts,
    state_text,
)

DAY = date(2026, 11, 2)
CORE = CORE_KINDS[0]


def _entry(state: ValidityState, document: AdminDocument | None = None,
           **data: object) -> VaultEntry:
    return VaultEntry(kind=CORE, label="Attestation URSSAF", document=document, state=state,
                      at=DAY, **data)


def _document() -> AdminDocument:
    return AdminDocument(kind=CORE, label="Attestation URSSAF", issued_on=DAY,
                         file_name="urssaf.pdf")


def test_state_today_says_valid_until_the_deadline_view_says_more() -> None:
    soon = _entry(ValidityState.EXPIRE_AVANT_DATE_LIMITE, _document())
    assert state_text(soon) == "Valide"
    assert state_text(soon, at_deadline=True) == soon.state_label
    usage = _entry(ValidityState.VALIDE, _document(), guidance=True)
    assert state_text(usage).endswith(" (durée d'usage)")
    assert state_text(_entry(ValidityState.MANQUANT, guidance=True)) == "Manquant"


def test_table_row_of_a_document_and_of_an_optional_missing_kind() -> None:
    stored = _entry(ValidityState.VALIDE, _document(), dated=DAY, expires_on=date(2027, 5, 2),
                    renew_by=date(2027, 4, 2))
    assert row_texts("URSSAF", CORE, stored) == [
        "URSSAF", "Attestation URSSAF", "02/11/2026", "02/05/2027", "Valide", "02/04/2027",
        "urssaf.pdf"]
    assert row_texts("URSSAF", CORE, _entry(ValidityState.VALIDE, _document()))[3] == (
        "sans expiration")
    optional = row_texts("Kbis", "kbis_optionnel", _entry(ValidityState.MANQUANT))
    assert optional[4] == OPTIONAL_STATE and optional[5] == ""
    assert row_texts("URSSAF", CORE, _entry(ValidityState.MANQUANT))[4] == "Manquant"


def test_dossier_line_counts_the_documents_to_settle() -> None:
    ok = DossierVaultStatus(tender_id=1, title="Tonte", deadline=date(2027, 1, 15))
    assert dossier_texts(ok)[:2] == ["Tonte — date limite 15/01/2027", "Tout est valide"]
    late = DossierVaultStatus(tender_id=2, title="Ménage", award_date=date(2027, 3, 1),
                              entries=[_entry(ValidityState.MANQUANT)] * 2)
    title, summary, *_ = dossier_texts(late)
    assert title == "Ménage — date limite non fixée, attribution prévue vers le 01/03/2027"
    assert summary == "2 documents à régler"


def test_hint_names_the_file_a_replacement_replaces() -> None:
    assert kind_hint(None, None, False) == ""
    hint = kind_hint(None, _entry(ValidityState.VALIDE, _document()), False)
    assert hint == "Remplace « urssaf.pdf » dans tous les dossiers.\n"


def test_hint_says_which_date_to_type_and_where_to_get_the_document() -> None:
    from responder.services.catalogue import load_catalogue

    kbis = load_catalogue().get("kbis")
    assert kbis is not None
    company = kind_hint(kbis, None, False)
    assert company.startswith("Date à indiquer : la date de l'extrait imprimée en haut du Kbis")
    assert "\nOù l'obtenir : Extrait Kbis sur infogreffe.fr" in company
    # an association's statuts do not expire: no date to explain, only where to get them
    assert kind_hint(kbis, None, True).startswith("Où l'obtenir : ")
