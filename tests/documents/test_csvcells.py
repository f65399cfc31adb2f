"""Cells that a spreadsheet would run as formulas are written as text and read back intact."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from responder.documents.csvcells import neutralize, restore

FORMULAS = ["=HYPERLINK(\"http://x\";\"Voir\")", "+33 2 40 00 00 00", "-5 % sur le lot 2",
            "@SOMME(A1:A3)", "\tTonte", "\rTaille"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(cell: str) -> None:
    assert neutralize(cell) == "'" + cell
    assert restore(neutralize(cell)) == cell


@pytest.mark.parametrize("cell", ["Entretien des espaces verts", "'déjà cité'", "", "12 500,00"])
def test_plain_text_is_left_as_it_is_both_ways(cell: str) -> None:
    assert neutralize(cell) == cell
    assert restore(cell) == cell


def test_a_csv_file_written_and_read_back_gives_the_titles_typed(tmp_path: Path) -> None:
    titles = ["=1+1", "Fauchage tardif", "'Les Jardins' en tête", "-10 % de remise",
              "'=typed with its apostrophe", "''+33"]
    path = tmp_path / "references.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows([neutralize(t)] for t in titles)
    with path.open(encoding="utf-8-sig", newline="") as back:
        cells = [row[0] for row in csv.reader(back, delimiter=";")]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert [restore(c) for c in cells] == titles
