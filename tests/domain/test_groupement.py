"""Groupement model and every check of ``check_groupement``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from responder.domain.common import InvalidInput
from responder.domain.enums import GroupementForm
from responder.domain.groupement import (
    Groupement,
    Member,
    PaymentMode,
    Severity,
    amount_of,
    check_groupement,
    format_eur,
    parse_amount,
    share_of,
)
from responder.domain.tender import Tender

THRESHOLD = Decimal(600)
SIRET_A = "73282932000074"
SIRET_B = "83876521200017"
SIRET_C = "81234967800027"


def tender(**overrides: Any) -> Tender:
    data: dict[str, Any] = {
        "title": "Entretien des espaces verts",
        "lots": [
            {"number": 1, "title": "Secteur nord", "estimated_amount": 1000},
            {"number": 2, "title": "Secteur sud", "estimated_amount": 500},
        ],
        "groupement_form": "conjoint_mandataire_solidaire",
    }
    data.update(overrides)
    return Tender.model_validate(data)


def groupement(**overrides: Any) -> Groupement:
    """A valid three-member groupement on two lots."""
    data: dict[str, Any] = {
        "form": "conjoint_mandataire_solidaire",
        "members": [
            {"uid": "a", "name": "Jardins & Cie", "siret": SIRET_A, "is_mandataire": True,
             "lots": [1, 2]},
            {"uid": "b", "name": "Verts Chemins", "siret": SIRET_B, "lots": [1]},
            {"uid": "c", "name": "ESAT de l'Avène", "siret": SIRET_C, "lots": [2]},
        ],
        "repartition": [
            {"lot": 1, "total_ht": "1000", "rows": [
                {"prestation": "Tonte", "member": "a", "amount_ht": "600", "share": "60"},
                {"prestation": "Élagage", "member": "b", "amount_ht": "400", "share": "40"},
            ]},
            {"lot": 2, "total_ht": "500", "rows": [
                {"prestation": "Taille", "member": "a", "amount_ht": "333.33",
                 "share": "66.67"},
                {"prestation": "Désherbage", "member": "c", "amount_ht": "166.67",
                 "share": "33.33"},
            ]},
        ],
    }
    data.update(overrides)
    return Groupement.model_validate(data)


def codes(g: Groupement, t: Tender | None = None, **kwargs: Any) -> dict[str, Severity]:
    found = check_groupement(g, t or tender(), direct_payment_threshold=THRESHOLD, **kwargs)
    return {c.code: c.severity for c in found}


def errors(g: Groupement, t: Tender | None = None) -> set[str]:
    return {code for code, sev in codes(g, t).items() if sev == Severity.ERROR}


def test_valid_groupement_has_no_error_but_the_frozen_composition_reminder() -> None:
    found = codes(groupement())
    assert errors(groupement()) == set()
    assert found["composition_figee"] == Severity.INFO


def test_exactly_one_mandataire() -> None:
    g = groupement()
    none = g.model_copy(update={"members": [
        m.model_copy(update={"is_mandataire": False}) for m in g.members]})
    assert "mandataire" in errors(Groupement.model_validate(none.model_dump()))
    two = Groupement.model_validate({**g.model_dump(), "members": [
        {**m.model_dump(), "is_mandataire": m.uid in ("a", "b")} for m in g.members]})
    found = check_groupement(two, tender(), direct_payment_threshold=THRESHOLD)
    message = next(c for c in found if c.code == "mandataire")
    assert "un seul membre" in message.message_fr and message.article == "R2142-24"
    assert "mandataire" not in errors(g.with_mandataire("c"))


def test_sirets_must_be_valid_and_distinct() -> None:
    data = groupement().model_dump()
    data["members"][1]["siret"] = "83876521200018"  # wrong check digit
    assert "siret_invalide" in errors(Groupement.model_validate(data))
    data["members"][1]["siret"] = SIRET_A
    assert "siret_double" in errors(Groupement.model_validate(data))
    data["members"][1]["siret"] = ""
    assert "siret_manquant" in errors(Groupement.model_validate(data))


def test_every_member_needs_a_prestation() -> None:
    data = groupement().model_dump()
    data["members"].append({"uid": "d", "name": "Atelier Bois", "siret": "", "lots": [1]})
    found = check_groupement(Groupement.model_validate(data), tender(),
                             direct_payment_threshold=THRESHOLD)
    missing = [c for c in found if c.code == "membre_sans_prestation"]
    assert [c.member for c in missing] == ["d"]
    # A conjoint member answers only for a share the buyer signed (CE 29 Sept 2010 n°332068).
    assert "332068" in missing[0].article and "R2142-20" in missing[0].article


@pytest.mark.parametrize(("share", "ok"), [("59.99", False), ("60.01", False), ("60", True)])
def test_shares_total_100_to_the_hundredth(share: str, ok: bool) -> None:
    data = groupement().model_dump()
    data["repartition"][0]["rows"][0]["share"] = share  # 99,99 % / 100,01 % / 100 %
    found = errors(Groupement.model_validate(data))
    assert ("parts_total" not in found) is ok


def test_shares_message_in_french_format() -> None:
    data = groupement().model_dump()
    data["repartition"][0]["rows"][0]["share"] = "59.99"
    found = check_groupement(Groupement.model_validate(data), tender(),
                             direct_payment_threshold=THRESHOLD)
    message = next(c for c in found if c.code == "parts_total").message_fr
    assert "99,99\u00a0%" in message and "lot 1" in message


@pytest.mark.parametrize(("amount", "ok"), [("599.99", False), ("600.01", False), ("600", True)])
def test_amounts_match_the_lot_total_to_the_cent(amount: str, ok: bool) -> None:
    data = groupement().model_dump()
    data["repartition"][0]["rows"][0]["amount_ht"] = amount
    assert ("montants_total" not in errors(Groupement.model_validate(data))) is ok


def test_a_share_that_contradicts_its_amount_is_a_warning() -> None:
    data = groupement().model_dump()
    data["repartition"][0]["rows"][0]["share"] = "50"
    data["repartition"][0]["rows"][1]["share"] = "50"
    found = codes(Groupement.model_validate(data))
    assert found["part_montant"] == Severity.WARNING
    assert "part_montant" not in codes(groupement())  # 66,67 % of 500 € ≈ 333,33 €: fine


def test_amount_rounded_to_the_cent_on_input() -> None:
    data = groupement().model_dump()
    data["repartition"][0]["rows"][0]["amount_ht"] = "600.004"
    g = Groupement.model_validate(data)
    assert g.repartition[0].rows[0].amount_ht == Decimal("600.00")
    assert "montants_total" not in errors(g)


def test_lot_without_repartition_and_member_outside_its_lots() -> None:
    data = groupement().model_dump()
    data["repartition"] = data["repartition"][:1]
    assert "lot_sans_repartition" in errors(Groupement.model_validate(data))
    data = groupement().model_dump()
    data["repartition"][1]["rows"][1]["member"] = "b"  # b does not apply for lot 2
    data["members"][2]["lots"] = [2]
    found = errors(Groupement.model_validate(data))
    assert "membre_hors_lot" in found


def test_unknown_lot_is_refused() -> None:
    data = groupement().model_dump()
    data["members"][1]["lots"] = [1, 7]
    assert "lot_inconnu" in errors(Groupement.model_validate(data))


def test_form_forbidden_by_the_rc() -> None:
    conjoint = Groupement.model_validate({**groupement().model_dump(), "form": "conjoint"})
    assert "forme_interdite" in errors(conjoint)
    assert "forme_interdite" not in errors(conjoint, tender(groupement_form="libre"))
    solidaire_rc = tender(groupement_form="solidaire")
    assert codes(conjoint, solidaire_rc)["forme_apres_attribution"] == Severity.WARNING
    assert "forme_interdite" not in errors(
        Groupement.model_validate({**groupement().model_dump(), "form": "solidaire"}))


def test_libre_is_not_a_groupement_form() -> None:
    with pytest.raises(ValidationError, match="forme du groupement"):
        Groupement(form=GroupementForm.LIBRE)


def test_missing_pieces_are_warnings() -> None:
    found = check_groupement(groupement(), tender(), direct_payment_threshold=THRESHOLD,
                             missing_pieces={"b": ["Déclaration du candidat (DC2)"]})
    piece = next(c for c in found if c.code == "pieces_membre")
    assert piece.severity == Severity.WARNING and "Verts Chemins" in piece.message_fr
    assert "DC2" in piece.message_fr


def test_subcontractor_direct_payment_from_the_threshold() -> None:
    data = groupement().model_dump()
    data["subcontractors"] = [
        {"name": "Arbor", "member": "b", "lot": 1, "amount_ttc": "600"},
        {"name": "Petit", "member": "b", "lot": 1, "amount_ttc": "599.99"},
    ]
    g = Groupement.model_validate(data)
    assert [s.direct_payment(THRESHOLD) for s in g.subcontractors] == [True, False]
    found = check_groupement(g, tender(), direct_payment_threshold=THRESHOLD)
    direct = [c for c in found if c.code == "paiement_direct"]
    assert len(direct) == 1 and direct[0].article == "R2193-10"
    assert "600,00\u202f€" in direct[0].message_fr or "600,00\u00a0€" in direct[0].message_fr
    # A different threshold (the rules file may change) changes the answer.
    assert not g.subcontractors[0].direct_payment(Decimal(1000))


def test_single_account_needs_the_payment_power() -> None:
    g = Groupement.model_validate(
        {**groupement().model_dump(), "payment": "compte_unique",
         "powers": {"receive_payments": False}})
    assert codes(g)["paiement_pouvoir"] == Severity.WARNING


@pytest.mark.parametrize(("form", "expected"), [
    ("conjoint", PaymentMode.PAR_MEMBRE),
    ("conjoint_mandataire_solidaire", PaymentMode.PAR_MEMBRE),
    ("solidaire", PaymentMode.COMPTE_UNIQUE),
])
def test_payment_defaults_to_the_form(form: str, expected: PaymentMode) -> None:
    """LAW.md « Groupements »: conjoint → each member paid for its share unless the CCAP
    says otherwise; solidaire → one account held by the mandataire (R2142-20)."""
    g = Groupement.model_validate({**groupement().model_dump(), "form": form,
                                   "payment": None})
    assert g.payment_mode == expected and g.payment_is_default
    assert "paiement_conjoint" not in codes(g)
    # The members may choose otherwise: a single account in a conjoint groupement is
    # flagged, with the article.
    chosen = Groupement.model_validate({**g.model_dump(), "payment": "compte_unique"})
    assert chosen.payment_mode == PaymentMode.COMPTE_UNIQUE and not chosen.payment_is_default
    if form != "solidaire":
        assert codes(chosen)["paiement_conjoint"] == Severity.WARNING


def test_an_esat_is_signed_for_by_its_managing_body() -> None:
    data = groupement().model_dump()
    data["members"][1]["ess_statuses"] = ["esat"]
    found = check_groupement(Groupement.model_validate(data), tender(),
                             direct_payment_threshold=THRESHOLD)
    uid = data["members"][1]["uid"]
    esat = [c for c in found if c.code == "esat_gestionnaire" and c.member == uid]
    assert len(esat) == 1 and "organisme gestionnaire" in esat[0].message_fr
    data["members"][1]["managing_body"] = "Association Les Amis des Ateliers"
    found = check_groupement(Groupement.model_validate(data), tender(),
                             direct_payment_threshold=THRESHOLD)
    assert not [c for c in found if c.code == "esat_gestionnaire" and c.member == uid]


def test_solidaire_repartition_cites_mutual_representation() -> None:
    data = groupement().model_dump()
    data["form"] = "solidaire"
    data["members"].append({"uid": "d", "name": "Atelier Bois", "siret": "", "lots": [1]})
    found = check_groupement(Groupement.model_validate(data), tender(),
                             direct_payment_threshold=THRESHOLD)
    missing = [c for c in found if c.code == "membre_sans_prestation"]
    assert "454637" in missing[0].article  # CE 19 May 2022 n°454637


def test_too_few_members() -> None:
    data = groupement().model_dump()
    data["members"] = data["members"][:1]
    data["repartition"] = [{"lot": 1, "total_ht": 10, "rows": [
        {"prestation": "Tout", "member": "a", "amount_ht": 10, "share": 100}]}]
    assert "membres_insuffisants" in errors(Groupement.model_validate(data))


def test_removing_a_member_with_prestations_is_refused() -> None:
    g = groupement()
    with pytest.raises(InvalidInput) as info:
        g.without_member("b")
    message = info.value.messages["members"]
    assert "Verts Chemins" in message and "prestation" in message and "lot 1" in message
    assert len(g.members) == 3  # nothing changed
    data = g.model_dump()
    data["repartition"][0]["rows"][1]["member"] = "a"
    freed = Groupement.model_validate(data).without_member("b")
    assert [m.uid for m in freed.members] == ["a", "c"]


def test_a_row_cannot_point_at_a_missing_member() -> None:
    data = groupement().model_dump()
    data["members"] = data["members"][:2]
    with pytest.raises(ValidationError, match="n'est plus dans le groupement"):
        Groupement.model_validate(data)


def test_adding_the_same_partner_twice_is_refused() -> None:
    g = groupement()
    with pytest.raises(InvalidInput, match="déjà partie"):
        g.with_member(Member(uid="z", name="Verts Chemins bis", siret=SIRET_B))
    added = g.with_member(Member(uid="a", name="Jardins & Cie", siret="44306184100047"))
    assert added.members[-1].uid == "jardins-cie"


def test_share_and_amount_stay_consistent_both_ways() -> None:
    total = Decimal("248000")
    assert share_of(Decimal("62000"), total) == Decimal("25.00")
    assert amount_of(Decimal("25"), total) == Decimal("62000.00")
    assert amount_of(Decimal("33.33"), Decimal("100")) == Decimal("33.33")
    assert share_of(Decimal("1"), Decimal("0")) == Decimal("0.00")


def test_member_totals_and_french_amounts() -> None:
    g = groupement()
    assert g.member_totals() == {"a": Decimal("933.33"), "b": Decimal("400.00"),
                                 "c": Decimal("166.67")}
    assert format_eur(Decimal("12345.5"), "HT") == "12\u202f345,50\u00a0€\u00a0HT"
    assert parse_amount("12 345,50 €") == Decimal("12345.50")
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_amount("douze")


def test_tender_json_carries_the_groupement() -> None:
    t = tender(groupement=groupement().model_dump(mode="json"))
    again = Tender.model_validate_json(t.model_dump_json())
    assert again.groupement == t.groupement
    assert again.groupement is not None and again.groupement.mandataire is not None
    assert again.groupement.mandataire.name == "Jardins & Cie"
