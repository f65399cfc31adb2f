"""Generating a dossier's checklist from the tender and its members; progress; the catalogue."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from responder.domain.checklist import (
    AttestationCheck,
    Catalogue,
    Checklist,
    ChecklistItem,
    ChecklistMember,
    Due,
    ItemStatus,
    Phase,
    Progress,
    assess,
    build_rows,
    generate_items,
    merge_items,
    progress,
)
from responder.domain.tender import Tender
from responder.domain.validity import ValidityState
from tests.helpers import tender_data

CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "resources/catalogue/requirements.json"
REQUIRED_KEYS = [
    "lettre_candidature", "declaration_candidat", "dume", "sous_traitance", "pouvoir_signataire",
    "kbis", "attestation_urssaf", "attestation_fiscale", "attestation_assurance",
    "attestation_handicap", "liste_salaries_etrangers", "capacite_financiere", "references",
    "certificats_capacite", "moyens_humains", "moyens_materiels", "certifications",
    "agrement_structure", "acte_engagement", "memoire_technique", "bpu", "dpgf", "dqe", "devis",
    "planning", "fiches_techniques", "echantillons", "attestation_visite", "rib",
    "declaration_honneur",
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.from_json(CATALOGUE_FILE.read_text(encoding="utf-8"))


def tender(**overrides: Any) -> Tender:
    return Tender.model_validate(tender_data(**overrides))


ALONE = [ChecklistMember(name="Ressourcerie des Garrigues", siret="73282932000074", headcount=34)]
THREE = [
    ChecklistMember(name="Ressourcerie des Garrigues", siret="73282932000074", is_mandataire=True),
    ChecklistMember(name="Jardins & Cie"),
    ChecklistMember(name="L'Établi Gardois", siret="89912345900013"),
]


def keys(items: list[ChecklistItem]) -> list[str]:
    return [i.key for i in items]


# --- catalogue -------------------------------------------------------------------------------
def test_catalogue_is_dated_and_has_every_key(catalogue: Catalogue) -> None:
    assert catalogue.updated == date(2026, 11, 29)
    assert set(REQUIRED_KEYS) <= set(catalogue.keys())
    for req in catalogue.requirements:
        assert req.label and req.explanation and req.phase and req.provider


def test_attestations_state_their_rule_basis_and_confidence(catalogue: Catalogue) -> None:
    for key in ("attestation_urssaf", "kbis", "attestation_fiscale", "attestation_assurance"):
        req = catalogue.get(key)
        assert req is not None and req.vault and req.validity is not None
        assert req.validity.basis and req.validity.confidence in ("H", "M")
    urssaf = catalogue.get("attestation_urssaf")
    assert urssaf is not None and "compte" in urssaf.where and "urssaf" in urssaf.where.lower()


def test_aliases_resolve_to_keys(catalogue: Catalogue) -> None:
    assert catalogue.resolve("dc2") == "declaration_candidat"
    assert catalogue.resolve("RNE") == "kbis"
    assert catalogue.resolve("conventionnement_iae") == "agrement_structure"
    assert catalogue.resolve("inconnu") is None


def test_a_duplicated_key_is_refused(catalogue: Catalogue) -> None:
    data = catalogue.model_dump()
    data["requirements"].append(data["requirements"][0])
    with pytest.raises(ValidationError, match="en double"):
        Catalogue.model_validate(data)


# --- generation ------------------------------------------------------------------------------
def test_services_mapa_with_a_reserved_lot(catalogue: Catalogue) -> None:
    items = generate_items(tender(), catalogue, ALONE)
    found = keys(items)
    assert "lettre_candidature" in found and "declaration_candidat" in found
    assert "dume" not in found
    agrement = next(i for i in items if i.key == "agrement_structure")
    assert agrement.lots == [1]  # only lot 1 is reserved (L2113-13)
    assert [i.lots for i in items if i.key == "bpu"] == [[1], [2]]  # one per lot
    assert [i.lots for i in items if i.key == "acte_engagement"] == [[1], [2]]
    assert "dqe" in found and "dpgf" not in found
    assert "attestation_visite" not in found  # visit is facultative
    assert "attestation_handicap" in found  # 34 employees
    assert {i.phase for i in items if i.key.startswith("attestation_")} == {Phase.ATTRIBUTAIRE}


def test_works_get_a_dpgf_and_an_obligatory_visit_its_attestation(catalogue: Catalogue) -> None:
    items = generate_items(
        tender(market_type="travaux", site_visit="obligatoire", lots=[]), catalogue, ALONE
    )
    found = keys(items)
    assert "dpgf" in found and "bpu" not in found
    assert "attestation_visite" in found
    assert "agrement_structure" not in found
    assert [i.lots for i in items if i.key == "dpgf"] == [[]]


def test_supplies_need_product_sheets(catalogue: Catalogue) -> None:
    assert "fiches_techniques" in keys(
        generate_items(tender(market_type="fournitures"), catalogue, ALONE)
    )


def test_dume_replaces_dc1_and_dc2(catalogue: Catalogue) -> None:
    items = generate_items(tender(), catalogue, THREE, requested=["dume"])
    found = keys(items)
    assert "lettre_candidature" not in found and "declaration_candidat" not in found
    assert found.count("dume") == 3


def test_pieces_the_rc_asks_for_are_added(catalogue: Catalogue) -> None:
    items = generate_items(
        tender(), catalogue, ALONE, requested=["dc4", "certifications", "devis", "planning"]
    )
    found = keys(items)
    assert {"sous_traitance", "certifications", "devis", "planning"} <= set(found)
    assert "bpu" not in found  # the RC named its price pieces: a devis


def test_a_groupement_of_three_yields_three_dc2_with_their_owner(catalogue: Catalogue) -> None:
    items = generate_items(tender(), catalogue, THREE)
    dc2 = [i for i in items if i.key == "declaration_candidat"]
    assert [i.member for i in dc2] == [m.name for m in THREE]
    assert len({i.uid for i in dc2}) == 3
    dc1 = [i for i in items if i.key == "lettre_candidature"]
    assert len(dc1) == 1 and dc1[0].for_groupement
    assert dc1[0].member == "Ressourcerie des Garrigues"  # the mandataire
    assert len([i for i in items if i.key == "attestation_urssaf"]) == 3


def test_a_solidaire_groupement_gives_one_rib(catalogue: Catalogue) -> None:
    items = generate_items(tender(groupement_form="solidaire"), catalogue, THREE)
    ribs = [i for i in items if i.key == "rib"]
    assert len(ribs) == 1 and ribs[0].member == "Ressourcerie des Garrigues"
    conjoint = generate_items(tender(groupement_form="conjoint"), catalogue, THREE)
    assert len([i for i in conjoint if i.key == "rib"]) == 3


def test_an_association_owes_statuts_not_a_kbis(catalogue: Catalogue) -> None:
    member = ChecklistMember(name="Asso", is_association=True)
    kbis = next(i for i in generate_items(tender(), catalogue, [member]) if i.key == "kbis")
    assert kbis.label.startswith("Statuts")


def test_members_need_a_single_mandataire() -> None:
    members = [ChecklistMember(name="A"), ChecklistMember(name="B")]
    checklist = Checklist(tender_id=1, members=members)
    assert checklist.mandataire is not None and checklist.mandataire.name == "A"
    with pytest.raises(ValidationError, match="Un seul membre"):
        Checklist(
            tender_id=1,
            members=[ChecklistMember(name="A", is_mandataire=True),
                     ChecklistMember(name="B", is_mandataire=True)],
        )


# --- user edits survive regeneration ---------------------------------------------------------
def test_regeneration_keeps_user_edits(catalogue: Catalogue) -> None:
    first = generate_items(tender(), catalogue, THREE)
    edited = []
    for item in first:
        if item.key == "lettre_candidature":
            item = item.model_copy(update={"status": ItemStatus.PRET, "note": "signée"})
        if item.key == "planning":
            item = item.model_copy(update={"hidden": True})
        edited.append(item)
    jardins = next(i for i in first if i.key == "declaration_candidat" and "Jardins" in i.member)
    edited = [
        i.model_copy(update={"file_hash": "ab" * 32, "file_name": "dc2.pdf"})
        if i.uid == jardins.uid else i
        for i in edited
    ]
    custom = ChecklistItem(uid="custom:charte", key="custom:charte", label="Charte signée",
                           phase=Phase.OFFRE, custom=True)
    edited.append(custom)
    # Jardins & Cie leaves the groupement; the visit becomes obligatory.
    again = generate_items(tender(site_visit="obligatoire"), catalogue, [THREE[0], THREE[2]])
    merged = merge_items(edited, again)
    dc1 = next(i for i in merged if i.key == "lettre_candidature")
    assert dc1.status == ItemStatus.PRET and dc1.note == "signée"
    assert any(i.key == "attestation_visite" for i in merged)
    assert any(i.uid == "custom:charte" for i in merged)
    kept = next(i for i in merged if i.uid == jardins.uid)
    assert kept.custom and kept.file_name == "dc2.pdf"  # the attached file is not lost
    # Untouched pieces of the member who left are gone.
    assert not any(i.member == "Jardins & Cie" and not i.custom for i in merged)


def test_sans_objet_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="Indiquez pourquoi"):
        ChecklistItem(uid="x", key="rib", label="RIB", phase=Phase.ATTRIBUTAIRE,
                      status=ItemStatus.SANS_OBJET)


# --- progress --------------------------------------------------------------------------------
def test_progress_sentence() -> None:
    assert Progress(ready=14, total=19, blocking=2).text == "14 / 19 pièces prêtes, 2 bloquantes"
    assert Progress(ready=1, total=3, blocking=1).text == "1 / 3 pièces prêtes, 1 bloquante"
    assert Progress(ready=0, total=1, blocking=1).text == "0 / 1 pièce prête, 1 bloquante"
    assert Progress(ready=3, total=3, to_check=1).text == "3 / 3 pièces prêtes, 1 à vérifier"


def _check(state: ValidityState, guidance: bool = False) -> AttestationCheck:
    return AttestationCheck(document_id=1, expires_on=date(2026, 12, 10), state=state,
                            renew_by=date(2026, 12, 10), guidance=guidance)


def test_a_deposit_piece_whose_vault_record_has_no_file_is_not_ready(
    catalogue: Catalogue,
) -> None:
    """The final check blocks on a vault record without its file (nothing to put in the
    pack): the checklist says the same instead of « Prêt »; with a file it is ready."""
    item = ChecklistItem(uid="u", key="agrement_structure", label="Agrément",
                         phase=Phase.CANDIDATURE)
    req = catalogue.get("agrement_structure")
    no_file = AttestationCheck(document_id=1, state=ValidityState.VALIDE)
    ready, blocking, _, alert = assess(item, req, no_file, date(2026, 12, 18))
    assert (ready, blocking) == (False, True)
    assert "sans son fichier" in alert
    with_file = no_file.model_copy(update={"file_hash": "a" * 64})
    assert assess(item, req, with_file, date(2026, 12, 18))[:2] == (True, False)


def test_a_deposit_attestation_expiring_before_the_deadline_blocks(catalogue: Catalogue) -> None:
    """A piece due at the deposit (here an agrément for a reserved lot) blocks when it expires
    before the deadline under an article (« H »)."""
    item = ChecklistItem(uid="u", key="agrement_structure", label="Agrément",
                         phase=Phase.CANDIDATURE, status=ItemStatus.PRET)
    req = catalogue.get("agrement_structure")
    ready, blocking, to_check, alert = assess(
        item, req, _check(ValidityState.EXPIRE_AVANT_DATE_LIMITE), date(2026, 12, 18)
    )
    assert (ready, blocking, to_check) == (False, True, False)
    assert "avant la date limite du 18/12/2026" in alert
    # Under a usage (M), a piece the user marked ready is only flagged.
    ready, blocking, to_check, alert = assess(
        item, req, _check(ValidityState.EXPIRE_AVANT_DATE_LIMITE, guidance=True),
        date(2026, 12, 18),
    )
    assert (ready, blocking, to_check) == (True, False, True)
    assert "à vérifier dans le RC" in alert


def test_attributaire_attestation_expiring_before_award_never_blocks_r2144_4(
    catalogue: Catalogue,
) -> None:
    """R2144-4: the URSSAF attestation is asked of the winner before award: expiring before
    the award date is a renewal to plan, not a blocking piece at the deadline."""
    item = ChecklistItem(uid="u", key="attestation_urssaf", label="URSSAF",
                         phase=Phase.ATTRIBUTAIRE, status=ItemStatus.PRET)
    assert item.due == Due.ATTRIBUTION
    ready, blocking, to_check, alert = assess(
        item, catalogue.get("attestation_urssaf"),
        _check(ValidityState.EXPIRE_AVANT_DATE_LIMITE), date(2026, 12, 18), date(2027, 1, 17),
    )
    assert (ready, blocking, to_check) == (False, False, False)
    assert "avant l'attribution prévue vers le 17/01/2027" in alert
    assert "si vous êtes retenu" in alert


def test_rows_and_progress_count_hidden_and_sans_objet_out(catalogue: Catalogue) -> None:
    items = generate_items(tender(lots=[]), catalogue, ALONE)
    items = [
        i.model_copy(update={"status": ItemStatus.PRET}) if i.key in ("references", "rib") else i
        for i in items
    ]
    items = [
        i.model_copy(update={"status": ItemStatus.SANS_OBJET, "reason": "moins de 20 salariés"})
        if i.key == "attestation_handicap" else
        i.model_copy(update={"hidden": True}) if i.key == "moyens_materiels" else i
        for i in items
    ]
    checklist = Checklist(tender_id=1, members=ALONE, items=items)
    urssaf = next(i for i in items if i.key == "attestation_urssaf")
    checks = {urssaf.uid: AttestationCheck(document_id=1, expires_on=date(2027, 3, 1),
                                           state=ValidityState.VALIDE)}
    rows = build_rows(checklist, catalogue, checks, date(2026, 12, 18))
    result = progress(rows)
    counted = len(items) - 2
    assert result.total == counted
    assert result.ready == 3  # two marked ready + the URSSAF from the vault
    at_award = [r for r in rows if r.item.counted and r.due == Due.ATTRIBUTION]
    # R2144-4: only pieces due at the deposit block; the attributaire's are « si retenu ».
    assert result.blocking == counted - 3 - sum(not r.ready for r in at_award)
    assert result.at_award == sum(not r.ready for r in at_award) > 0
    assert not any(r.item.key == "moyens_materiels" for r in rows)
    assert [r.number for r in rows if r.number] == list(range(1, counted + 1))
    urssaf_row = next(r for r in rows if r.item.key == "attestation_urssaf")
    assert urssaf_row.valid_at_deadline is True
    assert urssaf_row.status_label == "Prêt (documents administratifs)"


def test_valid_at_award_is_false_when_urssaf_expires_between_deadline_and_award_r2144_4(
    catalogue: Catalogue,
) -> None:
    """R2144-4 / D8222-5: an URSSAF attestation valid at the deadline but expiring before the
    expected award is reported ``valid_at_award`` False, without blocking the deposit."""
    items = generate_items(tender(lots=[]), catalogue, ALONE)
    checklist = Checklist(tender_id=1, members=ALONE, items=items)
    urssaf = next(i for i in items if i.key == "attestation_urssaf")
    checks = {urssaf.uid: AttestationCheck(
        document_id=1, expires_on=date(2027, 1, 5), state=ValidityState.EXPIRE_AVANT_DATE_LIMITE,
        renew_by=date(2027, 1, 5),
    )}
    rows = build_rows(checklist, catalogue, checks, date(2026, 12, 18),
                      award_date=date(2027, 1, 17))
    row = next(r for r in rows if r.item.key == "attestation_urssaf")
    assert row.valid_at_deadline is True and row.valid_at_award is False
    assert row.due == Due.ATTRIBUTION and row.due_label == "Si vous êtes retenu"
    assert not row.blocking
