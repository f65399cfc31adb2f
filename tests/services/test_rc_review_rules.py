"""The rules of the RC review, without Qt: one table of French field names, the lots and
criteria read from an extraction (what cannot be read is left out, not lost silently), the
market reservation kept whole, and the edited values back in the extraction's shape."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from responder.domain.enums import Procedure, Reservation, WeightUnit
from responder.services import rc_review as rules
from responder.services.rc_import import FIELD_LABELS


def test_one_table_of_names_for_the_rows_and_the_refusals() -> None:
    assert rules.LABELS["object"] == FIELD_LABELS["title"] == "Objet"
    assert rules.LABELS["deadline"] == FIELD_LABELS["deadline"]
    assert rules.LABELS["offer_validity_days"] == "Validité des offres"
    assert rules.field_label("title") == "Objet"
    assert rules.field_label("lots.1.title") == "Lots"
    assert rules.field_label("inconnu") == "inconnu"
    assert rules.refusal_text({"title": "obligatoire", "": "Espace verrouillé."}) == (
        "Rien n'a été enregistré : Objet : obligatoire Espace verrouillé.")
    assert rules.RC_ENUMS["procedure"] is Procedure


def test_dates_and_reservations_of_the_extraction() -> None:
    assert rules.parse_datetime("2026-04-15T17:00") == datetime(2026, 4, 15, 17, 0)
    assert rules.parse_datetime("15 avril") is None
    assert rules.parse_datetime(None) is None
    assert rules.first_article(["L2113-12", "L2113-13"]) == "L2113-12"
    assert rules.first_article([]) is None
    joint = ["L2113-12", "L2113-13"]
    assert rules.market_reservation(joint, "L2113-12") == joint
    assert rules.market_reservation(joint, "L2113-13") == ["L2113-13"]
    assert rules.market_reservation(joint, None) == []


def test_lots_keep_the_readable_ones_with_their_reservations() -> None:
    lots = rules.lots_of({"lots": [
        {"number": 1, "title": "Tonte", "reserved": ["L2113-13"]},
        {"number": 2, "title": "   "},  # no title: left for the user to add by hand
    ]})
    assert [(lot.number, lot.title, lot.reserved) for lot in lots] == [
        (1, "Tonte", [Reservation.SIAE])]
    assert rules.lots_of({}) == []


def test_criteria_keep_what_can_be_read_and_guess_their_unit() -> None:
    criteria, unit = rules.criteria_of({"criteria": [
        {"name": "Valeur technique", "weight": 60, "subcriteria": [
            {"name": "Méthode", "weight": 30}, {"name": "Moyens", "weight": 20}]},
        {"name": "Prix", "weight": "40"},
        {"name": "", "weight": 5},
    ]})
    # Sub-criteria adding up to 50 of 60: the criterion stays, without them.
    assert [(c.name, c.weight, len(c.sub_criteria)) for c in criteria] == [
        ("Valeur technique", Decimal(60), 0), ("Prix", Decimal(40), 0)]
    assert unit == WeightUnit.PERCENT
    points, unit = rules.criteria_of({"criteria": [{"name": "Prix", "weight": 20}]})
    assert unit == WeightUnit.POINTS and points[0].weight == 20
    assert rules.criteria_of({}) == ([], WeightUnit.PERCENT)


def test_edited_values_go_back_in_the_extraction_shape() -> None:
    assert rules.lots_back([{"number": 1, "title": "Tonte", "reserved": [Reservation.SIAE]},
                            {"number": 2, "title": "Taille"}]) == [
        {"number": 1, "title": "Tonte", "reserved": ["L2113-13"]},
        {"number": 2, "title": "Taille", "reserved": None}]
    assert rules.criteria_back([{"name": "Valeur", "weight": 60, "sub_criteria": [
        {"name": "Méthode", "weight": 60}]}, {"name": "Prix", "weight": 40}]) == [
        {"name": "Valeur", "weight": 60, "subcriteria": [{"name": "Méthode", "weight": 60}]},
        {"name": "Prix", "weight": 40, "subcriteria": []}]
    assert rules.notes_key({"pse": True, "meeting": None}) == "pse"
    assert rules.notes_key({}) == "meeting"
