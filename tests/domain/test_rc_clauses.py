"""Clauses of a règlement de consultation as a commune's MAPA states them (visit, variants,
PSE, tranches, form of the groupement): each read from its sentence, cited with its page, and
left empty when the RC is silent."""

from __future__ import annotations

from typing import Any

import pytest

from responder.domain.rc_extract import extract_rc

COVER = (
    "RÈGLEMENT DE LA CONSULTATION\n"
    "Commune de Saint-Gilles\n"
    "Marché public de services : entretien des espaces verts communaux\n"
    "Date limite de réception des offres : vendredi 15 janvier 2027 à 12h00\n"
)


def read(clause: str) -> dict[str, Any]:
    """The extraction of a two-page RC: the cover, then an article stating ``clause``."""
    return extract_rc([COVER, f"Article 6 – Conditions de la consultation\n{clause}\n"])


@pytest.mark.parametrize(("sentence", "visit"), [
    ("Une visite des sites est obligatoire sous peine d'irrecevabilité de l'offre.",
     "obligatoire"),
    ("Une visite des lieux est conseillée mais non obligatoire.", "facultative"),
])
def test_the_site_visit_is_mandatory_or_optional_as_written(sentence: str, visit: str) -> None:
    assert read(sentence)["site_visit"] == visit


@pytest.mark.parametrize(("sentence", "variants"), [
    ("Les variantes ne sont pas autorisées.", "interdites"),
    ("Les candidats peuvent présenter une variante.", "autorisees"),
])
def test_variants_are_forbidden_or_allowed(sentence: str, variants: str) -> None:
    assert read(sentence)["variants"] == variants


def test_a_pse_stated_or_excluded() -> None:
    stated = read("Le marché comporte une prestation supplémentaire éventuelle (PSE) : "
                  "fourniture de paillage.")
    assert stated["pse"] is True
    assert read("Il n'est pas prévu de prestations supplémentaires éventuelles.")["pse"] is False


def test_tranches_count_the_firm_one_and_the_optional_ones() -> None:
    assert read("Le marché comporte une tranche ferme et deux tranches optionnelles.")[
        "tranches"] == 3


@pytest.mark.parametrize(("sentence", "form"), [
    ("En cas de groupement, celui-ci devra être solidaire.", "solidaire"),
    ("En cas d'attribution à un groupement, le mandataire sera solidaire de chacun des membres "
     "du groupement conjoint.", "conjoint_mandataire_solidaire"),
])
def test_the_form_of_groupement_required(sentence: str, form: str) -> None:
    assert read(sentence)["groupement_form"] == form


def test_a_clause_is_cited_with_its_page_and_sentence() -> None:
    found = read("Les variantes ne sont pas autorisées.")
    assert found["evidence"]["variants"] == {
        "page": 2, "text": "Les variantes ne sont pas autorisées.", "confidence": "sure"}


def test_an_rc_silent_on_a_clause_leaves_it_empty() -> None:
    silent = extract_rc([COVER])
    assert [silent[k] for k in ("site_visit", "variants", "pse", "tranches",
                                "groupement_form")] == [None] * 5
