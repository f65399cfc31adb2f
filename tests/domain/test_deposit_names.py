"""Pack file names built from French piece titles: ASCII, readable, within the length."""

from __future__ import annotations

import pytest

from responder.domain.deposit import ascii_part, extension_of, file_name, name_problem


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("Mémoire d’exécution n° 2", "Memoire_d_execution_n_2"),
        ("Mémoire d'exécution n° 2", "Memoire_d_execution_n_2"),
        ("Acte d’engagement (lot 1)", "Acte_d_engagement_lot_1"),
        ("Attestation URSSAF — 2ᵉ semestre", "Attestation_URSSAF_2e_semestre"),
        ("« »", "x"),
    ],
)
def test_ascii_part_keeps_the_words_apart(piece: str, expected: str) -> None:
    # The curly apostrophe was dropped before being turned into a space: « dexecution ».
    assert ascii_part(piece) == expected


def test_a_long_candidate_gives_way_before_the_piece() -> None:
    def name(max_length: int) -> str:
        return file_name(
            "{NN}_{Piece}_{Candidat}_{Lot}", number=7, piece="Mémoire technique",
            candidate="Régie de quartier des Coteaux de l’Hautil et de Jouy-le-Moutier",
            lot=3, extension="docx", max_length=max_length,
        )

    assert name(55) == "07_Memoire_technique_Regie_de_quartier_des_Co_Lot3.docx"
    # Down to 16 characters the candidate alone is cut, then the piece too.
    assert name(45) == "07_Memoire_techniq_Regie_de_quartie_Lot3.docx"
    assert name_problem(name(45), 45) is None


def test_name_problems_are_the_ones_platforms_refuse() -> None:
    assert name_problem("Mémoire.pdf", 60) == (
        "caractères refusés par les plateformes (accents, espaces, signes)"
    )
    assert name_problem("CON.pdf", 60) == "nom réservé par Windows"
    assert name_problem("01_" + "a" * 70 + ".pdf", 60) == "nom de 77 caractères (au plus 60)"
    assert [extension_of(n) for n in ("Offre.PDF", "LISEZMOI", "archive.", ".profil")] == [
        "pdf", "", "", "",
    ]
