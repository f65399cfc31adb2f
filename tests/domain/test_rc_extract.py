"""Rule-based RC extraction on short texts: each date format, numbers in words, lots, criteria."""

from __future__ import annotations

from datetime import datetime

import pytest

from responder.domain.rc_extract import (
    extract_rc,
    looks_like_rc,
    normalize_text,
    parse_french_datetime,
    parse_french_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lundi 19 janvier 2026 à 12:00", datetime(2026, 1, 19, 12, 0)),
        ("13/03/2026 à 11h30", datetime(2026, 3, 13, 11, 30)),
        ("le 12 mai 2026 à 14 h", datetime(2026, 5, 12, 14, 0)),
        ("avant le 2 avril 2026, 12 heures", datetime(2026, 4, 2, 12, 0)),
        ("le 1er décembre 2026 à midi", datetime(2026, 12, 1, 12, 0)),
        ("jeudi 4 JUIN 2026 à 10h00", datetime(2026, 6, 4, 10, 0)),
        ("le 15 avril 2026 à 17 h 00", datetime(2026, 4, 15, 17, 0)),
        ("le 6 février 2026 – 16h", datetime(2026, 2, 6, 16, 0)),
        ("05.10.2026 à 9h", datetime(2026, 10, 5, 9, 0)),
        ("le 3 août 2026", datetime(2026, 8, 3, 0, 0)),
    ],
)
def test_every_date_format(text: str, expected: datetime) -> None:
    assert parse_french_datetime(text) == expected


def test_impossible_date_is_ignored() -> None:
    assert parse_french_datetime("le 31/02/2026 à 12h") is None


@pytest.mark.parametrize(
    ("words", "value"),
    [("quatre-vingt-dix", 90), ("cent vingt", 120), ("soixante", 60), ("trente", 30),
     ("cent quatre-vingts", 180), ("soixante-quinze", 75), ("90", 90), ("vingt et un", 21),
     ("beaucoup", None)],
)
def test_numbers_in_words(words: str, value: int | None) -> None:
    assert parse_french_number(words) == value


def test_normalisation_spaces_ligatures_hyphenation() -> None:
    raw = "Date\u00a0limite\u202f: le 2\u00a0avril\nadminis-\ntration ﬁnancière \u00ad!"
    text = normalize_text(raw)
    assert "Date limite : le 2 avril" in text
    assert "administration financière" in text
    assert "\u00ad" not in text


RC_HEAD = [
    "Règlement de la consultation",
    "Pouvoir adjudicateur : Commune de Vézénobres",
    "Objet de la consultation : Entretien des cimetières communaux",
]


def extract(*lines: str) -> dict[str, object]:
    return extract_rc(["\n".join([*RC_HEAD, *lines])], "test.pdf")


def test_sommaire_lines_are_not_values() -> None:
    got = extract(
        "SOMMAIRE",
        "2.1 - Délai de validité des offres .................... 4",
        "4 - Date limite de réception des offres ............... 6",
        "Les offres restent valables 120 jours.",
        "Date limite de réception des offres : 13/03/2026 à 11h30",
    )
    assert got["offer_validity_days"] == 120
    assert got["deadline"] == "2026-03-13T11:30"
    assert got["evidence"]["deadline"]["text"].startswith("Date limite de réception")


def test_relative_questions_deadline_is_computed_from_the_deadline() -> None:
    got = extract(
        "Date limite de remise des offres : Lundi 19 janvier 2026 à 12:00",
        "Les questions sont posées au plus tard dix jours avant la date limite de réception.",
    )
    assert got["questions_deadline"] == "2026-01-09T12:00"


def test_validity_in_words_with_figures() -> None:
    got = extract("Le délai de validité des offres est de quatre-vingt-dix (90) jours.")
    assert got["offer_validity_days"] == 90
    got = extract("Le délai de validité des offres est de cent vingt jours.")
    assert got["offer_validity_days"] == 120


def test_lots_in_lines_sentence_and_reservation_by_lot() -> None:
    got = extract(
        "Lot n° 01 : Tonte",
        "Lot n° 02 : Menuiseries",
        "Le lot n° 02 est réservé aux entreprises adaptées et aux ESAT (article L2113-12).",
    )
    lot = {"reference": None, "deadline": None, "criteria": None}
    assert got["lots"] == [
        {"number": 1, "title": "Tonte", "reserved": [], **lot},
        {"number": 2, "title": "Menuiseries", "reserved": ["L2113-12"], **lot},
    ]
    assert got["reserved"] == []
    got = extract("Le marché comprend deux lots : lot 1 élagage, lot 2 broyage des végétaux.")
    assert [lot["title"] for lot in got["lots"]] == ["Élagage", "Broyage des végétaux"]


def test_whole_market_reservation() -> None:
    got = extract("Le présent marché est réservé aux SIAE (article L. 2113-13 du code).")
    assert got["reserved"] == ["L2113-13"]
    assert got["lots"] == []


def test_criteria_percentages_list_with_subcriteria() -> None:
    got = extract(
        "Critères d'attribution :",
        "1. Valeur technique : 60 %",
        "1.1 Méthodologie : 40 %",
        "1.2 Moyens : 20 %",
        "2. Prix : 40 %",
    )
    assert got["criteria"] == [
        {"name": "Valeur technique", "weight": 60, "subcriteria": [
            {"name": "Méthodologie", "weight": 40}, {"name": "Moyens", "weight": 20}]},
        {"name": "Prix", "weight": 40, "subcriteria": []},
    ]


def test_criteria_in_one_sentence_and_decimals() -> None:
    got = extract("Les offres seront jugées selon les critères suivants : prix (45 %), "
                  "valeur technique (55 %).")
    assert got["criteria"] == [
        {"name": "Prix", "weight": 45, "subcriteria": []},
        {"name": "Valeur technique", "weight": 55, "subcriteria": []},
    ]
    got = extract("Critères d'attribution", "Prix | 0,3", "Valeur technique | 0,7")
    assert [c["weight"] for c in got["criteria"]] == [30, 70]


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("La visite des lieux est obligatoire.", "site_visit", "obligatoire"),
        ("Une visite facultative peut être organisée.", "site_visit", "facultative"),
        ("Les variantes ne sont pas autorisées.", "variants", "interdites"),
        ("Les variantes sont autorisées.", "variants", "autorisees"),
        ("Une variante est exigée.", "variants", "exigees"),
        ("Le groupement solidaire est imposé.", "groupement_form", "solidaire"),
        ("Forme imposée : groupement conjoint avec mandataire solidaire.", "groupement_form",
         "conjoint_mandataire_solidaire"),
        ("Aucune forme de groupement n'est imposée.", "groupement_form", "libre"),
        ("La consultation est passée en appel d'offres ouvert.", "procedure", "aoo"),
        ("Procédure : dialogue compétitif.", "procedure", "dialogue"),
    ],
)
def test_simple_fields(line: str, field: str, value: str) -> None:
    assert extract(line)[field] == value


def test_documents_map_to_catalogue_keys() -> None:
    from responder.services.catalogue import load_catalogue

    got = extract("Pièces à fournir :", "- DC1 et DC2 ou DUME ;", "- Kbis ;",
                  "- Attestation URSSAF ;", "- DPGF et mémoire technique.")
    assert got["documents"] == ["lettre_candidature", "declaration_candidat", "dume", "kbis",
                                "attestation_urssaf", "memoire_technique", "dpgf"]
    catalogue = load_catalogue()
    from responder.domain.rc_extract import DOCUMENT_RULES

    assert all(catalogue.get(key) for key, _ in DOCUMENT_RULES)


def test_not_found_fields_are_null() -> None:
    got = extract("Rien d'autre.")
    assert got["deadline"] is None and got["variants"] is None and got["lots"] == []
    assert "deadline" not in got["evidence"]


def test_looks_like_rc() -> None:
    assert looks_like_rc(["Règlement de la consultation. Date limite de remise des offres. "
                          "Le candidat …"])
    assert not looks_like_rc(["Compte rendu de l'assemblée générale."])


def test_label_alone_on_its_line_takes_the_next_line() -> None:
    got = extract_rc(["Règlement de la consultation\nPouvoir adjudicateur :\nVille d'Uzès\n"
                      "Objet de la consultation :\nFourniture de repas en liaison froide\n"
                      "Date limite de remise des plis | 15/05/2026 | 12:00"], "t.pdf")
    assert got["buyer"] == "Ville d'Uzès"
    assert got["object"] == "Fourniture de repas en liaison froide"
    assert got["market_type"] == "fournitures"
    assert got["deadline"] == "2026-05-15T12:00"


def test_points_in_a_sentence_and_groupement_in_a_sentence() -> None:
    got = extract("Critères de jugement des offres :",
                  "Le prix est noté sur 40 points, la valeur technique sur 60 points.",
                  "En cas d'attribution à un groupement, celui-ci sera solidaire.")
    assert got["criteria"] == [
        {"name": "Prix", "weight": 40, "subcriteria": []},
        {"name": "Valeur technique", "weight": 60, "subcriteria": []},
    ]
    assert got["groupement_form"] == "solidaire"
    got = extract("Le groupement conjoint est imposé ; le mandataire ne sera pas solidaire.")
    assert got["groupement_form"] == "conjoint"
