"""The rules and texts of « Importer un CSV… » (Références): duplicates, questions (no Qt)."""

from __future__ import annotations

from datetime import date

from responder.domain.library import Reference
from responder.services.reference_import import (
    bad_rows_question,
    duplicate_key,
    duplicates_question,
    exported_text,
    find_duplicates,
    imported_text,
    listed,
    nothing_correct_text,
    without_lines,
)
from responder.services.refs_csv import ParsedCsv, RowError


def _ref(title: str, buyer: str = "", end: date | None = None) -> Reference:
    return Reference(structure_id=1, title=title, buyer_name=buyer, end=end)


def test_the_same_reference_ignores_case_accents_and_spaces() -> None:
    stored = _ref("Tonte des stades", "Ville d'Alès", date(2025, 6, 30))
    typed = _ref("  TONTE DES STADES ", "ville d'ales", date(2025, 1, 1))
    assert duplicate_key(stored) == duplicate_key(typed)
    assert duplicate_key(stored) != duplicate_key(_ref("Tonte des stades", "Ville d'Alès"))


def test_duplicates_are_found_listed_and_can_be_left_out() -> None:
    parsed = ParsedCsv([(2, _ref("Tonte", "Alès", date(2025, 6, 30))), (3, _ref("Fauchage"))],
                       [], "utf-8", ";")
    duplicates = find_duplicates(parsed, [_ref("tonte", "ALES", date(2025, 3, 1))])
    assert [line for line, _ in duplicates] == [2]
    question = duplicates_question(duplicates)
    assert question.startswith("1 référence(s) du fichier semblent déjà")
    assert "• ligne 2 : Tonte — Alès (2025)" in question
    kept = without_lines(parsed, [2])
    assert [line for line, _ in kept.references] == [3]
    assert (kept.encoding, kept.delimiter) == ("utf-8", ";")


def test_long_lists_are_cut_after_fifteen_lines() -> None:
    text = listed([f"ligne {n}" for n in range(20)])
    assert text.count("•") == 15 and text.endswith("… et 5 autre(s).")
    assert listed(["a"]) == "• a"


def test_bad_rows_texts_count_the_good_and_bad_lines() -> None:
    bad = RowError(line=3, message="date « 31/02/2024 » impossible")
    parsed = ParsedCsv([(2, _ref("Tonte"))], [bad])
    question = bad_rows_question(parsed)
    assert question.startswith("1 ligne(s) du fichier ne peuvent pas être importées")
    assert "ligne 3" in question and "seulement les 1 ligne(s) correcte(s)" in question
    assert "rien n'a été importé" in nothing_correct_text(ParsedCsv([], [bad]))
    assert imported_text(1, parsed) == "1 référence(s) importée(s) (1 ligne(s) ignorée(s))."
    assert imported_text(2, ParsedCsv()) == "2 référence(s) importée(s)."
    assert exported_text(4, "refs.csv").startswith("4 référence(s) exportée(s) dans « refs.csv »")
