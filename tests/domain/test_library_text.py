"""Folding for search, the text-block markup, family inference."""

from __future__ import annotations

import pytest

from responder.domain.library import infer_families
from responder.domain.richtext import Run, parse_body, plain_text
from responder.domain.text import fold, significant_words, words


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Débroussaillement", "debroussaillement"), ("CŒUR", "coeur"), ("cœur", "coeur"),
     ("Ex æquo", "ex aequo"), ("Île-de-France", "ile-de-france"), ("ÇA", "ca")],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_words_split_on_anything_but_letters_and_digits() -> None:
    assert words("espaces-verts d'insertion d’insertion") == [
        "espaces", "verts", "d", "insertion", "d", "insertion"]
    assert words('* " NOT_OR ()') == ["not", "or"]
    assert significant_words("Entretien des espaces verts — lot 2 : tonte") == [
        "entretien", "espaces", "verts", "tonte"]


def test_body_markup() -> None:
    body = ("Notre **association** agit *depuis 2011*.\n\n"
            "- la **collecte** ;\n• le _tri_\n"
            "5 * 3 = 15 et réf_2024, \\*pas d'italique\\*\n***les deux***")
    paragraphs = parse_body(body)
    assert [p.bullet for p in paragraphs] == [False, True, True, False, False]
    assert paragraphs[0].runs == (
        Run("Notre "), Run("association", bold=True), Run(" agit "),
        Run("depuis 2011", italic=True), Run("."),
    )
    assert paragraphs[2].runs == (Run("le "), Run("tri", italic=True))
    assert paragraphs[3].text == "5 * 3 = 15 et réf_2024, *pas d'italique*"
    assert paragraphs[4].runs == (Run("les deux", bold=True, italic=True),)
    assert plain_text(body).splitlines()[1] == "la collecte ;"


def test_infer_families_from_words_and_cpv() -> None:
    assert infer_families("Entretien des espaces verts", []) == ["espaces verts"]
    assert infer_families("Prestations diverses", ["90911200-8"]) == ["propreté"]
    assert "réemploi / recyclerie" in infer_families("Collecte des encombrants", [])
    assert infer_families("Achat de papier", ["30197630-1"]) == []
