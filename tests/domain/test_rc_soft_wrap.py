"""A PDF line the layout broke at a space (a cover-table cell, a title) keeps that space;
a short tail on the next line is joined back, and nothing else is."""

from __future__ import annotations

from responder.domain.rc_extract import extract_rc, normalize_text
from responder.domain.rc_extract.lines import _split


def lines_of(page: str) -> list[str]:
    return [line.text for line in _split([normalize_text(page)]).lines]


def test_trailing_space_is_kept_once_and_only_there() -> None:
    assert normalize_text("Est   \nEnsemble  x\n   \n") == "Est \nEnsemble x\n\n"


def test_cell_tail_joined_to_its_value() -> None:
    page = ("Pouvoir adjudicateur Établissement public territorial Est \nEnsemble\n"
            "Objet Fourniture de mobilier scolaire\n")
    assert lines_of(page)[0] == "Pouvoir adjudicateur Établissement public territorial Est Ensemble"
    assert extract_rc([normalize_text(page)])["buyer"] == (
        "Établissement public territorial Est Ensemble")


def test_label_heading_or_hard_break_not_joined() -> None:
    # The next cell is a label, the line before ends a sentence, or there is no space.
    assert lines_of("Ville d'Alès \nObjet Collecte\n") == ["Ville d'Alès", "Objet Collecte"]
    assert lines_of("Date limite : \nlundi 3 mars\n")[0] == "Date limite :"
    assert lines_of("Ville d'Alès\nEnsemble\n") == ["Ville d'Alès", "Ensemble"]
    assert lines_of("Ville d'Alès \nArticle 2 - Objet\n") == ["Ville d'Alès", "Article 2 - Objet"]
