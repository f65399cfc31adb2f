"""The fast folding of BOAMP notices must give the words of the search index's folding."""

from __future__ import annotations

import pytest

from responder.domain.boamp import quick_normalized
from responder.domain.text import normalized

TITLES = [
    "Marché d’insertion n° 2024-05 : entretien des espaces verts",
    "Prestations d'entretien des cimetières — lot n°3",
    "Nettoyage des locaux de l’EHPAD « Les Tilleuls »",
    "Réhabilitation du cœur de bourg : 1° tranche ferme, 2° tranche optionnelle",
    "Collecte et tri des DEEE (déchets d’équipements électriques)",
    "Accord-cadre à bons de commande\u202f: élagage et abattage",
    "Maîtrise d’œuvre — ÉCOLE Jules-Ferry",
]


@pytest.mark.parametrize("title", TITLES)
def test_quick_folding_gives_the_index_words(title: str) -> None:
    assert quick_normalized(title) == normalized(title)


def test_curly_apostrophe_and_degree_separate_words() -> None:
    # The ASCII round trip dropped « ’ » and « ° »: « dinsertion », « n3 » were indexed and a
    # search for « insertion » missed the notice.
    assert quick_normalized("Chantier d’insertion n°3") == "chantier d insertion n 3"
