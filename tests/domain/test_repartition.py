"""The répartition rules the « Groupement » tab applies as the user types (no Qt)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from responder import fr
from responder.domain.groupement import LotRepartition
from responder.domain.repartition import (
    amounts_at_total,
    follow,
    follow_text,
    is_balanced,
    lot_total_refused,
    messages_by_place,
    number_or_error,
    place_of,
    row_refused,
    typed_number,
)


def test_an_amount_typed_gives_its_share_and_a_share_its_amount() -> None:
    assert follow("amount", Decimal(74400), Decimal(248000)) == Decimal("30.00")
    assert follow("share", Decimal(25), Decimal(248000)) == Decimal("62000.00")
    assert follow_text("share", "25", "248 000,00") == Decimal("62000.00")
    assert fr.decimal_input(follow_text("amount", "74400", "248000")) == "30,00"


def test_a_share_of_an_empty_total_is_zero_and_an_empty_cell_is_zero() -> None:
    assert follow("amount", Decimal(1000), Decimal(0)) == Decimal("0.00")
    assert typed_number("") == 0
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        follow_text("amount", "douze", "1000")


def test_a_new_total_keeps_the_shares_and_skips_what_is_not_a_number() -> None:
    assert amounts_at_total(["60", "25,00", "douze", ""], Decimal(200000)) == [
        Decimal("120000.00"), Decimal("50000.00"), None, Decimal("0.00")]


def test_a_lot_is_balanced_when_rows_reach_its_total_and_100_percent() -> None:
    rows = [{"prestation": "Tonte", "member": "a", "amount_ht": "600", "share": "60"},
            {"prestation": "Taille", "member": "b", "amount_ht": "400", "share": "40"}]
    lot = LotRepartition.model_validate({"lot": 1, "total_ht": "1000", "rows": rows})
    assert is_balanced(lot)
    rows[1]["amount_ht"] = "500"
    assert not is_balanced(LotRepartition.model_validate(
        {"lot": 1, "total_ht": "1000", "rows": rows}))


def test_numbers_not_typed_right_are_collected_as_french_messages() -> None:
    errors: dict[str, str] = {}
    assert number_or_error("12 500,50", "Montant du lot", errors, "lot") == Decimal("12500.50")
    assert number_or_error("douze", "Ligne 1, montant", errors, "lot") == 0
    assert errors == {"lot": "Ligne 1, montant : « douze » n'est pas un nombre "
                             "(par exemple 12500,50)."}
    assert lot_total_refused("9e99").startswith("Montant du lot : « 9e99 »")
    assert row_refused(1, "9e99").startswith("Ligne 2 : « 9e99 »")


def test_messages_go_under_the_part_of_the_screen_they_are_about() -> None:
    assert place_of("repartition.0.rows.1.share") == "lot"
    assert place_of("subcontractors.0.name") == "subcontractors"
    assert place_of("members.1.siret") == place_of("form") == "members"
    grouped = messages_by_place({"form": "Forme ?", "members.0.name": "Nom ?", "lot": "Lot ?",
                                 "subcontractors.0.name": "Sous-traitant ?"})
    assert grouped == {"members": "Nom ?\nForme ?", "lot": "Lot ?",
                       "subcontractors": "Sous-traitant ?"}

