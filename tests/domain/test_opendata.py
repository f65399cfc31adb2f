"""Cleaning open-data values: the pitfalls of OPEN-DATA.md § 3, one by one."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from responder.domain.boamp import notice_from_record, read_details, reserved_in_text
from responder.domain.decp import add_months, contract_end, decp_row, looks_ess
from responder.domain.enums import EssStatus, Reservation
from responder.domain.opendata import (
    RowError,
    clean_cpv,
    clean_department,
    clean_siret,
    department_of_place,
    eligible_for,
    is_placeholder_amount,
    local_datetime,
    to_paris,
)
from responder.domain.veille import ListedNotice, Profile, VeilleFilters, score


def test_siret_that_lost_its_leading_zero_gets_it_back() -> None:
    assert clean_siret("7823456400017") == "07823456400017"
    assert clean_siret("7823456400017.0") == "07823456400017"
    assert clean_siret("078 234 564 00017") == "07823456400017"
    assert clean_siret("FR12345678901") is None
    assert clean_siret("") is None


def test_cpv_is_padded_and_loses_its_check_digit() -> None:
    assert clean_cpv("77310000-6") == "77310000"
    assert clean_cpv("3192000") == "03192000"
    assert clean_cpv("hello") is None


def test_departments_are_zero_padded() -> None:
    assert clean_department("7") == "07"
    assert clean_department("2a") == "2A"
    assert clean_department("974") == "974"
    assert department_of_place("30100") == "30"
    assert department_of_place("7100") == "07"
    assert department_of_place("97411") == "974"


def test_utc_deadlines_become_paris_time_with_daylight_saving() -> None:
    # Winter: UTC+1. Summer: UTC+2 (last Sunday of March to last Sunday of October).
    assert to_paris("2026-12-17T11:00:00+00:00") == datetime(2026, 12, 17, 12, 0)
    assert to_paris("2027-04-30T10:00:00+00:00") == datetime(2027, 4, 30, 12, 0)
    # Midnight in Paris is the previous day in UTC.
    assert to_paris("2026-12-15T23:00:00+00:00") == datetime(2026, 12, 16, 0, 0)
    # The change itself: 2027-03-28 01:00 UTC is 03:00 in Paris.
    assert to_paris("2027-03-28T00:59:00Z") == datetime(2027, 3, 28, 1, 59)
    assert to_paris("2027-03-28T01:00:00Z") == datetime(2027, 3, 28, 3, 0)
    assert to_paris("2026-10-25T00:59:00Z") == datetime(2026, 10, 25, 2, 59)
    assert to_paris("2026-10-25T01:00:00Z") == datetime(2026, 10, 25, 2, 0)
    # A value that states its own offset keeps its meaning.
    assert to_paris("2027-01-08T12:00:00+01:00") == datetime(2027, 1, 8, 12, 0)
    assert local_datetime("2027-01-12+01:00", "12:00:00+01:00") == datetime(2027, 1, 12, 12, 0)


def test_typo_years_are_ignored() -> None:
    assert to_paris("7017-12-20T11:00:00+00:00") is None
    assert to_paris("n'importe quoi") is None


def test_placeholder_amounts_are_flagged() -> None:
    assert is_placeholder_amount(Decimal("9999999"))
    assert is_placeholder_amount(Decimal("1111111.0"))
    assert is_placeholder_amount(Decimal("12311111111"))
    assert is_placeholder_amount(Decimal("0"))
    assert not is_placeholder_amount(Decimal("85000"))
    assert not is_placeholder_amount(Decimal("99999"))  # a real small amount
    assert not is_placeholder_amount(None)


def test_reserved_articles_read_from_text_but_not_l2113_13_1() -> None:
    assert reserved_in_text("Lot réservé (article L. 2113-13 du code)") == {"L2113-13"}
    assert reserved_in_text("marché réservé au titre de l'article L2113-12") == {"L2113-12"}
    # LAW.md: L2113-13-1 reserves to operators employing people in prison, not to SIAE.
    assert reserved_in_text("marché réservé au titre de l'article L. 2113-13-1") == set()
    assert reserved_in_text("Lot 2 réservé aux ESAT et entreprises adaptées") == {"L2113-12"}
    # The word ESAT without any reservation is not a reservation.
    assert reserved_in_text("Fourniture de repas pour l'ESAT des Cévennes") == set()


def test_eligibility_from_ess_statuses() -> None:
    assert eligible_for([EssStatus.ACI], Reservation.SIAE)
    assert not eligible_for([EssStatus.ACI], Reservation.ESAT_EA)
    assert eligible_for([EssStatus.ESAT], Reservation.ESAT_EA)
    assert eligible_for([EssStatus.SCIC], Reservation.ESS)


def _eforms_lot(number: int, reserved: str) -> dict[str, object]:
    return {
        "cbc:ID": {"#text": f"LOT-{number:04d}"},
        "cac:TenderingTerms": {"cbc:TendererRequirementTypeCode": {
            "@listName": "reserved-procurement", "#text": reserved}},
        "cac:ProcurementProject": {"cbc:Name": f"Lot {number}"},
    }


def test_eforms_lots_one_object_or_an_array() -> None:
    one = {"EFORMS": {"ContractNotice": {"cac:ProcurementProjectLot": _eforms_lot(1, "res-ws")}}}
    two = {"EFORMS": {"ContractNotice": {"cac:ProcurementProjectLot": [
        _eforms_lot(1, "none"), _eforms_lot(2, "res-pub-ser")]}}}
    single = read_details(json.dumps(one))
    assert [lot.number for lot in single.lots] == [1]
    assert single.reserved == {"L2113-12", "L2113-13"}
    several = read_details(json.dumps(two))
    assert [lot.number for lot in several.lots] == [1, 2]
    assert several.lots[0].reserved == () and several.lots[1].reserved == ("L2113-15",)


def test_a_record_without_idweb_is_rejected_with_a_reason() -> None:
    with pytest.raises(RowError, match="idweb"):
        notice_from_record({"objet": "x"})
    with pytest.raises(RowError, match="illisible"):
        notice_from_record({"idweb": "<script>", "objet": "x"})


def test_decp_row_pads_identifiers_and_reads_considerations() -> None:
    row = decp_row({
        "uid": "u1", "acheteur_id": "5234567500046", "titulaire_id": "7823456400017",
        "titulaire_typeIdentifiant": "SIRET", "objet": "x", "dateNotification": "2024-01-10",
        "montant": "9999999.0", "codeCPV": "3192000", "considerationsSociales":
        "Clause sociale, Critère social", "typeGroupementOperateurs": "Pas de groupement",
        "donneesActuelles": "true", "lieuExecution_code": "7100",
        "lieuExecution_typeCode": "Code postal",
    })
    assert row.buyer_siret == "05234567500046"
    assert row.winner_id == "07823456400017"
    assert row.cpv == "03192000"
    assert row.amount_suspect
    assert row.social and row.groupement == ""
    assert row.department == "07"
    with pytest.raises(RowError, match="acheteur"):
        decp_row({"uid": "u2", "acheteur_id": "", "objet": "x"})


def test_contract_end_is_first_notification_plus_current_duration() -> None:
    assert contract_end(date(2024, 1, 10), 36) == date(2027, 1, 10)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert contract_end(None, 12) is None


def test_ess_winners_are_recognised_by_name() -> None:
    assert looks_ess("ESAT Les Ateliers du Gardon")
    assert looks_ess("Chantier d'insertion des Berges")
    assert not looks_ess("Propreté Industrielle du Sud SAS")
    assert looks_ess("Société X", "Marché réservé")


def _listed(**values: object) -> ListedNotice:
    data: dict[str, object] = {
        "idweb": "26-1", "title": "t", "buyer": "b", "buyer_siret": None, "deadline": None,
        "departments": (), "cpv": (), "market_types": (), "reserved": (), "social": False,
        "cancelled": False, "procedure_label": "", "url": "", "words": (), "is_new": False,
    }
    data.update(values)
    return ListedNotice(**data)  # type: ignore[arg-type]


def test_score_adds_territory_cpv_reservation_and_words_with_reasons() -> None:
    profile = Profile.build(["30"], [EssStatus.ACI], [["77310000-6"], ["77312000"]],
                            {"debroussaillage", "haies"})
    best = score(_listed(departments=("30",), cpv=("77310000",), reserved=("L2113-13",),
                         words=("debroussaillage", "haies")), profile)
    assert best.score == 100
    assert "territoire (30)" in best.reason
    assert "CPV 77310 comme 1 de vos références" in best.reason
    assert "Réservé SIAE (L2113-13) : vous êtes éligible" in best.reason
    nothing = score(_listed(departments=("75",), reserved=("L2113-12",)), profile)
    assert nothing.score == 0
    assert "réservé à d'autres structures" in nothing.reason


def test_filters_reject_a_wrong_department_or_cpv_in_french() -> None:
    assert VeilleFilters(departments="30, 7").departments == ["30", "07"]  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Département « Gard » inconnu"):
        VeilleFilters(departments="Gard")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Code CPV « 7x »"):
        VeilleFilters(cpv_prefixes="7x")  # type: ignore[arg-type]


def test_ess_reservation_is_phrased_as_guidance() -> None:
    """L2113-15 also asks conditions a status cannot prove (L2113-16, M): guidance only."""
    profile = Profile.build([], [EssStatus.ASSOCIATION_1901], [], set())
    scored = score(_listed(reserved=("L2113-15",)), profile)
    assert scored.score == 30
    assert "conditions à vérifier dans l'avis (L2113-16)" in scored.reason
