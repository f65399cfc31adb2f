"""What ``responder.fr`` makes of the values a dossier really holds: a cell left blank, a
date typed as text, « sur devis » in an amount field, a SIRET pasted short. Formats never
raise on them: a value that is not what the format expects is shown as it was given."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from responder import fr

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize("value", [None, "", True, False, "douze", "NaN", Decimal("Infinity")])
def test_to_decimal_gives_none_for_what_is_no_finite_number(value: object) -> None:
    assert fr.to_decimal(value) is None


def test_to_decimal_reads_french_grouping_and_comma() -> None:
    assert fr.to_decimal(f"12{NNBSP}345,50") == Decimal("12345.50")
    assert fr.to_decimal(f"1{NBSP}200") == Decimal(1200)
    assert fr.to_decimal(40000.5) == Decimal("40000.5")


def test_to_date_takes_the_day_of_a_datetime_or_an_iso_text_only() -> None:
    assert fr.to_date("2026-05-12T14:00:00") == date(2026, 5, 12)
    assert fr.to_date(datetime(2026, 5, 1, 9)) == date(2026, 5, 1)
    assert fr.to_date("12/05/2026") is None  # a French date is parsed by the form, not here
    assert fr.to_date(20260512) is None


def test_a_date_that_is_text_is_shown_as_typed() -> None:
    assert fr.date_long("à convenir avec l'acheteur") == "à convenir avec l'acheteur"
    assert fr.date_short("semaine 12") == "semaine 12"
    assert fr.date_long(None) == fr.date_short(None) == ""


def test_the_first_of_the_month_is_1er_and_stays_with_its_month() -> None:
    assert fr.date_long("2026-05-01") == f"1er{NBSP}mai 2026"
    assert fr.date_short("2026-05-01") == "01/05/2026"


def test_datetime_long_keeps_hour_and_minutes_together() -> None:
    assert fr.datetime_long("2026-05-12T14:05:00") == f"12{NBSP}mai 2026 à{NBSP}14{NBSP}h{NBSP}05"
    assert fr.datetime_long(date(2026, 5, 12)) == f"12{NBSP}mai 2026"
    assert fr.datetime_long("2026-05-12 vers 14h") == "2026-05-12 vers 14h"


def test_numbers_round_half_to_even_and_group_by_three() -> None:
    assert fr.number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert [fr.number("2.5"), fr.number("3.5")] == ["2", "4"]
    assert fr.number(Decimal("-0.004"), 2) == "-0,00"
    assert fr.number("n/c") == "n/c"


def test_amounts_carry_cents_and_their_tax_suffix() -> None:
    assert fr.amount("85000") == f"85{NNBSP}000,00{NBSP}€{NBSP}HT"
    assert fr.amount(40000.5, "TTC") == f"40{NNBSP}000,50{NBSP}€{NBSP}TTC"
    assert fr.amount(12, "") == f"12,00{NBSP}€"
    assert (fr.amount(None), fr.amount("sur devis")) == ("", "sur devis")


def test_percentages_drop_trailing_zeros_unless_decimals_are_fixed() -> None:
    assert fr.percent("12.50") == f"12,5{NBSP}%"
    assert fr.percent(Decimal("33.333"), 2) == f"33,33{NBSP}%"
    assert (fr.percent(None), fr.percent("n/c")) == ("", "n/c")


def test_french_plural_agrees_from_two_on() -> None:
    assert fr.plural(0, "sortie") == f"0{NBSP}sortie"
    assert fr.plural("1,5", "heure") == f"1,50{NBSP}heure"
    assert fr.plural(2, "cheval", "chevaux") == f"2{NBSP}chevaux"
    assert fr.plural(5600, "heure") == f"5{NNBSP}600{NBSP}heures"
    assert fr.plural("beaucoup", "heure") == ""


def test_ordinals_are_the_french_abbreviations() -> None:
    assert [fr.ordinal(n) for n in (1, 2, 21)] == ["1er", "2e", "21e"]


def test_a_siret_is_grouped_only_when_it_has_its_14_digits() -> None:
    assert fr.siret("73282932000074") == NNBSP.join(["732", "829", "320", "00074"])
    assert (fr.siret("123"), fr.siret(None)) == ("123", "")


def test_screen_numbers_never_raise_on_what_was_just_typed() -> None:
    assert fr.screen_number(float("nan")) == "non numérique"
    assert fr.screen_number(Decimal("-Infinity")) == "−∞"
    assert fr.screen_number(Decimal("1e40")) == "1,000E+40"
    assert fr.screen_number(12500.5) == f"12{NNBSP}500,50"


def test_typed_amounts_are_read_or_handed_back_for_the_domain_to_refuse() -> None:
    assert fr.parse_amount("   ") is None
    assert fr.parse_amount(f"1{NBSP}200 € HT") == Decimal(1200)
    assert fr.parse_amount(" douze ") == "douze"
    assert fr.parse_amount("nan") == "nan"


def test_numbers_written_back_into_a_field_have_no_grouping() -> None:
    assert fr.decimal_input("62000") == "62000,00"
    assert (fr.decimal_plain("7.50"), fr.decimal_plain("15.00")) == ("7,5", "15")
    assert fr.decimal_input(None) == fr.decimal_plain(None) == ""


def test_machine_stamps_are_sortable_and_to_the_minute() -> None:
    moment = datetime(2026, 12, 1, 9, 5, 33)
    assert fr.iso_minute(moment) == "2026-12-01T09:05"
    assert fr.file_stamp(moment) == "20261201-090533"
    assert fr.iso_minute(None) is None
