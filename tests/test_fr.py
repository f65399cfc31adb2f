"""The one French formatting module: dates, amounts, plurals, SIRET, typography."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from responder import fr

NB, NN = "\u00a0", "\u202f"


def test_dates_use_the_ordinal_first_and_keep_day_and_month_together() -> None:
    assert fr.date_long(date(2026, 5, 1)) == f"1er{NB}mai 2026"
    assert fr.date_long(date(2026, 5, 12)) == f"12{NB}mai 2026"
    assert fr.datetime_long(datetime(2026, 12, 18, 12, 0)) == (
        f"18{NB}décembre 2026 à{NB}12{NB}h{NB}00")
    assert fr.date_short("2026-05-12") == "12/05/2026"


def test_amounts_percentages_and_plurals() -> None:
    assert fr.amount(Decimal("12345.5")) == f"12{NN}345,50{NB}€{NB}HT"
    assert fr.amount(18000, "TTC") == f"18{NN}000,00{NB}€{NB}TTC"
    assert fr.percent(Decimal("33.3333"), 2) == f"33,33{NB}%"
    assert fr.plural(1, "sortie") == f"1{NB}sortie"
    assert fr.plural(0, "sortie") == f"0{NB}sortie"
    assert fr.plural(5, "sortie") == f"5{NB}sorties"
    assert fr.plural(5600, "heure") == f"5{NN}600{NB}heures"
    assert fr.ordinal(1) == "1er" and fr.ordinal(2) == "2e"


def test_one_siret_format() -> None:
    expected = f"899{NN}123{NN}459{NN}00013"
    assert fr.siret("89912345900013") == expected
    assert fr.siret("899 123 459 00013") == expected
    assert fr.siret("123") == "123"


def test_typography_spaces_before_high_punctuation_and_inside_quotes() -> None:
    assert fr.typography("Acheteur : Ville") == f"Acheteur{NB}: Ville"
    assert fr.typography("Note: voir") == f"Note{NB}: voir"
    assert fr.typography("Oui ; non ! Pourquoi ?") == f"Oui{NN}; non{NN}! Pourquoi{NN}?"
    assert fr.typography("le « mandataire »") == f"le «{NB}mandataire{NB}»"
    assert fr.typography("le «mandataire»") == f"le «{NB}mandataire{NB}»"
    assert fr.typography("n° 12") == f"n°{NB}12"


def test_typography_leaves_times_urls_and_queries_alone() -> None:
    for text in ("à 14:00", "https://www.marches-publics.gouv.fr/?page=1", "a?b=c",
                 "Jardins & Cie", "C'est l'ESAT"):
        assert fr.typography(text) == text


def test_typography_across_runs_keeps_each_run_length_or_grows_it() -> None:
    parts = ["Mandataire ", ": Verts Chemins", " « x", " »"]
    out = fr.typography_parts(parts)
    assert "".join(out) == f"Mandataire{NB}: Verts Chemins «{NB}x{NB}»"
    assert len(out) == len(parts)


@given(st.text(alphabet=st.sampled_from(list("ab :;!?«»°n1/\n")), max_size=40))
def test_typography_only_changes_spaces(text: str) -> None:
    """No letter or sign is lost or moved: removing every kind of space gives the input."""
    out = fr.typography(text)

    def bare(s: str) -> str:
        return s.replace(" ", "").replace(NB, "").replace(NN, "")

    assert bare(out) == bare(text)
    assert fr.typography(out) == out  # applying it twice changes nothing more


def test_screen_formats_of_the_widgets() -> None:
    assert fr.datetime_short(datetime(2026, 12, 18, 12, 0)) == "18/12/2026 12:00"
    assert fr.datetime_at(datetime(2026, 12, 18, 9, 5)) == "18/12/2026 à 09:05"
    assert fr.datetime_short(None) == fr.datetime_at(None) == ""
    assert fr.screen_number(12500.5) == "12\u202f500,50"
    assert fr.screen_number(-1234567) == "-1\u202f234\u202f567"
    assert fr.screen_number(Decimal("2.675")) == "2,67"  # rounded as the float shown
    assert fr.screen_number(Decimal("1e999999")) == "1,000E+999999"
    assert fr.screen_number(Decimal("NaN")) == "non numérique"
    assert fr.screen_amount(120000) == "120\u202f000\u00a0€" and fr.screen_amount(None) == ""
    assert fr.fold("Pêche Œuvre") == "peche oeuvre"


def test_parse_amount_has_one_contract_never_raising() -> None:
    assert fr.parse_amount("  ") is None
    assert fr.parse_amount("12\u202f500,50 € HT") == Decimal("12500.50")
    assert fr.parse_amount(fr.screen_number(Decimal("1e999999"))) == Decimal("1e999999")
    for text in ("douze", "nan", "inf", " 12abc "):
        assert fr.parse_amount(text) == text.strip()
