"""The one French formatting module: every format a screen, a document or the command line
shows, and the one amount parser, each pinned on the values users meet."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from responder import fr

NB = "\u00a0"
NNB = "\u202f"
MOMENT = datetime(2026, 12, 6, 14, 30, 5)


def test_date_short_is_day_month_year_with_zeros_or_empty() -> None:
    assert fr.date_short(date(2026, 1, 2)) == "02/01/2026"
    assert fr.date_short(None) == ""


def test_datetime_short_has_the_hour_and_minute() -> None:
    assert fr.datetime_short(MOMENT) == "06/12/2026 14:30"


def test_datetime_short_of_a_plain_date_has_no_hour_and_of_nothing_is_empty() -> None:
    assert fr.datetime_short(date(2026, 12, 6)) == "06/12/2026"
    assert fr.datetime_short(None) == ""


def test_datetime_at_reads_as_a_sentence() -> None:
    assert fr.datetime_at(MOMENT) == "06/12/2026 à 14:30"
    assert fr.datetime_at(None) == ""


def test_iso_date_for_json() -> None:
    assert fr.iso_date(date(2026, 3, 9)) == "2026-03-09"


def test_iso_minute_for_json_drops_the_seconds() -> None:
    assert fr.iso_minute(MOMENT) == "2026-12-06T14:30"
    assert fr.iso_minute(None) is None


def test_datetime_iso_minutes_matches_iso_minute() -> None:
    assert fr.datetime_iso_minutes(MOMENT) == fr.iso_minute(MOMENT)
    assert fr.datetime_iso_minutes(None) is None


def test_file_stamp_sorts_in_time_order() -> None:
    earlier = fr.file_stamp(datetime(2026, 1, 31, 23, 59, 59))
    later = fr.file_stamp(datetime(2026, 2, 1, 0, 0, 0))
    assert earlier == "20260131-235959" and earlier < later


def test_date_short_weekday_names_the_day() -> None:
    assert fr.date_short_weekday(date(2026, 12, 18)) == "ven. 18/12/2026"
    assert fr.date_short_weekday(date(2026, 12, 20)) == "dim. 20/12/2026"


def test_date_full_is_babel_french() -> None:
    assert fr.date_full(date(2026, 7, 14)) == "mardi 14 juillet 2026"
    assert fr.date_full(date(2026, 12, 1)) == "mardi 1er décembre 2026"  # as date_long
    assert fr.date_full(date(2026, 12, 11)) == "vendredi 11 décembre 2026"


def test_libraries_name_what_the_bundle_must_carry() -> None:
    assert "babel" in fr.libraries()


def test_screen_number_groups_thousands_with_narrow_spaces() -> None:
    assert fr.screen_number(120000) == f"120{NNB}000"


def test_screen_number_keeps_two_decimals_only_when_needed() -> None:
    assert fr.screen_number(Decimal("12500.5")) == f"12{NNB}500,50"
    assert fr.screen_number(Decimal("12500.00")) == f"12{NNB}500"


def test_screen_number_never_widens_a_cell_with_a_huge_value() -> None:
    shown = fr.screen_number(Decimal("1e999999"))
    assert len(shown) < 20 and "E+999999" in shown


def test_screen_amount_adds_the_euro_sign() -> None:
    assert fr.screen_amount(Decimal("62000")) == f"62{NNB}000{NB}€"
    assert fr.screen_amount(None) == ""


def test_library_names_are_the_screen_formats() -> None:
    assert fr.grouped(Decimal("1234.5")) == fr.screen_number(Decimal("1234.5"))
    assert fr.euros(1500) == fr.screen_amount(1500)


def test_parse_amount_reads_what_users_type() -> None:
    assert fr.parse_amount("120 000") == Decimal("120000")
    assert fr.parse_amount("12500,50 €") == Decimal("12500.50")
    assert fr.parse_amount(f"1{NNB}200 € HT") == Decimal("1200")


def test_parse_amount_of_empty_text_is_none() -> None:
    assert fr.parse_amount("   ") is None


def test_parse_amount_keeps_words_for_validation_to_name() -> None:
    assert fr.parse_amount(" douze ") == "douze"


def test_parse_amount_refuses_nan_and_infinity_as_numbers() -> None:
    assert fr.parse_amount("nan") == "nan"
    assert fr.parse_amount("inf") == "inf"


def test_decimal_input_is_what_a_field_shows_back() -> None:
    assert fr.decimal_input(Decimal("62000")) == "62000,00"
    assert fr.decimal_input(None) == ""


def test_decimal_plain_drops_trailing_zeros() -> None:
    assert fr.decimal_plain(Decimal("7.50")) == "7,5"
    assert fr.decimal_plain(Decimal("15.00")) == "15"


def test_amount_brief_and_amount_short_agree_on_numbers() -> None:
    for value in (Decimal("120000"), Decimal("12500.5"), 3):
        assert fr.amount_brief(value) == fr.amount_short(value)
    assert fr.amount_brief(Decimal("12500.5")) == f"12{NNB}500,50{NB}€"


def test_amount_short_of_nothing_is_empty() -> None:
    assert fr.amount_short(None) == ""


def test_fold_ignores_case_accents_and_ligatures() -> None:
    assert fr.fold("Pêche") == "peche"
    assert fr.fold("Œuvre") == "oeuvre"


def test_typography_runs_match_typography_parts() -> None:
    parts = ["Objet : « nettoyage » ; lot n° 2 !", "Prix ?", "14: 30"]
    assert fr.typography_runs(parts) == fr.typography_parts(parts)


def test_typography_puts_a_no_break_space_before_a_colon() -> None:
    assert fr.typography("Objet : test") == f"Objet{NB}: test"


def test_ordinal_writes_premier_as_1er() -> None:
    assert fr.ordinal(1) == "1er"
    assert fr.ordinal(2) != "2er"


def test_plural_agrees_with_the_count() -> None:
    assert fr.plural(1, "dossier").endswith("dossier")
    assert fr.plural(2, "dossier").endswith("dossiers")


def test_figures_longer_than_the_decimal_context_keep_every_digit() -> None:
    # 28 digits is the default decimal context: a longer figure used to raise.
    long_figure = Decimal("1234567890123456789012345678.5")
    assert fr.number(long_figure, 2) == fr.NNBSP.join(
        ["1", "234", "567", "890", "123", "456", "789", "012", "345", "678,50"])
    assert fr.number(long_figure).endswith("345\u202f678")  # half-even: .5 goes to 678
    assert fr.number(Decimal("-12345678901234567890123456789012"), 2).startswith("-12\u202f345")
    assert fr.number(Decimal("1E+500")) == "1E+500"  # no page of digits
