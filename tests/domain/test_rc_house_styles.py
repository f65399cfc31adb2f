"""What real RCs do that broke the extraction (issue « read real RCs »), one rule at a time.

Each text below is written in our own words after the wording of public RCs: covers that
only give the object and the deadline, times on the next line or under their own label,
dates without a year, sommaires, decrees' dates, lots two to a line …
"""

from __future__ import annotations

import pytest

from responder.domain.rc_extract import extract_rc, normalize_text, not_rc_reason


def rc(*lines: str, pages: list[str] | None = None) -> dict[str, object]:
    return extract_rc([normalize_text("\n".join(lines)), *(pages or [])], "t.pdf")


# --- 1. never refuse a readable RC --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Date et heure limites de réception des offres : jeudi 12 mai 2022 à 12h00",
        "DATE LIMITE DE REMISE DES PLIS : LUNDI 31 JANVIER A 12H",
        "ENTRETIEN DES ESPACES VERTS\nREMISE DES OFFRES AVANT LE 4 MARS 2022",
        "Fourniture de repas\nLes offres doivent parvenir avant le 2 juin 2021 à 16 h",
        "Phase 1 – Candidatures\nDate limite de remise des candidatures : 6 avril 2021 à 12 h",
        "Consultation passée selon une procédure adaptée (article R2123-1)",
    ],
)
def test_a_document_stating_a_deadline_or_a_procedure_is_an_rc(text: str) -> None:
    assert not_rc_reason([normalize_text(text)]) is None


def test_a_document_without_deadline_nor_procedure_is_refused_with_the_reason() -> None:
    reason = not_rc_reason(["Compte rendu de l'assemblée générale du 12 mars 2026."])
    assert reason is not None and "ni date limite" in reason and "procédure" in reason


def test_what_a_phase_one_rc_does_not_state_is_listed_as_missing() -> None:
    got = rc("Règlement de consultation – Phase 1 – Candidatures",
             "Date limite de remise des candidatures : 6 avril 2021 à 12 h 00",
             "La date limite de remise des offres sera fixée dans la lettre d'invitation à "
             "soumissionner adressée aux candidats retenus.")
    assert got["candidatures_deadline"] == "2021-04-06T12:00"
    assert got["deadline"] is None
    assert "deadline" in got["missing"] and "candidatures_deadline" not in got["missing"]


# --- 2. market type from the wording ------------------------------------------------------


@pytest.mark.parametrize(
    ("obj", "market_type"),
    [
        ("Mission de maîtrise d'œuvre pour la réhabilitation de l'école", "services"),
        ("Maîtrise d'oeuvre des travaux de voirie", "services"),
        ("Mission d'AMO pour le projet de crèche", "services"),
        ("Assistance à maîtrise d'ouvrage pour la construction du gymnase", "services"),
        ("Prestations intellectuelles de programmation", "services"),
        ("Contrôle technique des travaux de la médiathèque", "services"),
        ("Coordination SPS des travaux d'extension", "services"),
        ("Travaux d'impression des bulletins municipaux", "services"),
        ("Travaux de réfection de la toiture", "travaux"),
        ("Réhabilitation de la salle des fêtes", "travaux"),
        ("Fourniture de mobilier scolaire", "fournitures"),
        ("Organisation de chantiers éducatifs de rénovation du patrimoine", "services"),
    ],
)
def test_market_type_from_the_object_wording(obj: str, market_type: str) -> None:
    assert rc(f"Objet de la consultation : {obj}")["market_type"] == market_type


# --- 3. references ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ("Accord-cadre n° 21 013 relatif aux fournitures de bureau", "21 013"),
        ("REFERENCE : ABC / 2016", "ABC / 2016"),
        ("Marché n° 2022-014-PA", "2022-014-PA"),
        ("N° de consultation : 22-045", "22-045"),
        ("Procédure n° MAPA 01.2020 GHT", "MAPA 01.2020 GHT"),
        ("MARCHÉ N° AMO 2017-05 : MISSION DE CONDUITE D'OPÉRATION", "AMO 2017-05"),
    ],
)
def test_reference_formats(line: str, reference: str) -> None:
    assert rc(line)["reference"] == reference


def test_a_reference_label_alone_takes_the_next_line_and_words_are_not_references() -> None:
    assert rc("N° de la consultation :", "DRAC-2021-0004")["reference"] == "DRAC-2021-0004"
    assert rc("Les candidats fournissent des références de moins de 3 ans.")["reference"] \
        is None


def test_references_per_lot() -> None:
    got = rc("Lot 1 : Voirie – Réf. 22-001-L1", "Lot 2 : Réseaux – Réf. 22-001-L2")
    assert [(lot["title"], lot["reference"]) for lot in got["lots"]] == [
        ("Voirie", "22-001-L1"), ("Réseaux", "22-001-L2")]


# --- 4. the deadline's time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "deadline"),
    [
        (["Date et heure limites de réception des offres : mercredi 31 octobre 2018 à",
          "12:00"], "2018-10-31T12:00"),
        (["DATE LIMITE DE REMISE DES OFFRES : 14 MARS 2022", "HEURE LIMITE : 12h00"],
         "2022-03-14T12:00"),
        (["Date limite de réception des offres : 5 juillet 2017 à 12 heures"],
         "2017-07-05T12:00"),
        (["Date limite de remise des offres : le 3 mai 2022 à midi"], "2022-05-03T12:00"),
        (["Date limite de remise des plis : 16/05/2022 à 16h30"], "2022-05-16T16:30"),
        (["Date limite de réception des offres : le vendredi 23 juillet 2021 à 9 h 00"],
         "2021-07-23T09:00"),
        (["Date limite de remise des plis | 15/03/2022", "Heure limite | 12h00"],
         "2022-03-15T12:00"),
        (["Date et heure limites de réception des plis :",
          "jeudi 12 novembre 2020 à 12h00, délai de rigueur"], "2020-11-12T12:00"),
        (["Les offres devront être déposées avant le 14 mars 2022 à 16h30 (heure de Paris)."],
         "2022-03-14T16:30"),
        (["Date d'envoi de l'avis : mardi 05/07/2022 Date limite de remise des offres : le "
          "mercredi 27/07/2022 à 12h00"], "2022-07-27T12:00"),
    ],
)
def test_deadline_date_and_time_in_every_layout(lines: list[str], deadline: str) -> None:
    got = rc(*lines)
    assert got["deadline"] == deadline
    assert got["confidence"]["deadline"] == "sure"


def test_a_deadline_without_time_is_flagged_inferred() -> None:
    got = rc("Date limite de remise des offres : 14 mars 2022")
    assert got["deadline"] == "2022-03-14T00:00"
    assert got["confidence"]["deadline"] == "inferred"


def test_time_zone_stated_with_the_deadline() -> None:
    got = rc("Date limite de réception des offres : vendredi 4 mars 2022 à 12h00 (heure de "
             "La Réunion)")
    assert got["timezone"] == "Indian/Reunion"
    assert rc("Remise des offres : 14/03/2022 à 12h00 (heure de Paris)")["timezone"] \
        == "Europe/Paris"
    assert rc("Remise des offres : 14/03/2022 à 12h00")["timezone"] is None


# --- 5. never invent ------------------------------------------------------------------------


def test_a_decree_date_is_not_a_questions_deadline() -> None:
    got = rc("Date limite de remise des offres : 14/03/2022 à 12h00",
             "Les questions sont traitées selon le décret n° 2016-360 du 25 mars 2016.")
    assert got["questions_deadline"] is None
    assert "questions_deadline" in got["missing"]


def test_a_sommaire_line_is_never_a_criterion() -> None:
    got = rc("SOMMAIRE", "5.1 SÉLECTION DES CANDIDATURES ..... 7",
             "5.2 Jugement des offres ..... 8", "6 Critères d'attribution ..... 9",
             "Règlement de la consultation", "Date limite de remise des offres : 14/03/2022")
    assert got["criteria"] == []


def test_a_word_containing_a_piece_name_is_not_that_piece() -> None:
    got = rc("Pièces à fournir :", "- un mémoire sur la réhabilitation du bâtiment ;")
    assert "pouvoir_signataire" not in got["documents"]


def test_l2113_13_1_is_not_read_as_l2113_13() -> None:
    got = rc("Lot 1 : Blanchisserie", "Lot 2 : Reprographie",
             "Le lot 2 est réservé aux opérateurs économiques qui emploient des personnes "
             "détenues (article L2113-13-1 du code de la commande publique).")
    assert got["lots"][1]["reserved"] == ["L2113-13-1"]
    assert got["lots"][0]["reserved"] == []


def test_joint_reservation_gives_both_articles() -> None:
    got = rc("Le présent marché est réservé aux entreprises adaptées, aux ESAT et aux SIAE "
             "(articles L2113-12 et L2113-13).")
    assert got["reserved"] == ["L2113-12", "L2113-13"]


# --- 6. dates without a year ----------------------------------------------------------------


def test_year_from_the_weekday_and_the_other_dates() -> None:
    got = rc("DCE édité le 10 janvier 2022",
             "DATE LIMITE DE REMISE DES PLIS : LUNDI 31 JANVIER A 12H")
    assert got["deadline"] == "2022-01-31T12:00"
    assert got["confidence"]["deadline"] == "inferred"
    # 31 January was a Monday in 2022, not in 2021: the weekday decides.
    got = rc("Avis publié le 4 janvier 2021", "Date limite des offres : lundi 31 janvier à 12h")
    assert got["deadline"] == "2022-01-31T12:00"


def test_a_date_without_year_and_nothing_to_infer_it_from_is_not_guessed() -> None:
    assert rc("Date limite de remise des offres : lundi 31 janvier à 12h")["deadline"] is None


# --- 7. lots ----------------------------------------------------------------------------------


def test_two_lots_on_one_line_and_lot_n_colon() -> None:
    got = rc("LOT 1 – GROS ŒUVRE LOT 2 – CHARPENTE", "Lot n°3 : Couverture")
    assert [(lot["number"], lot["title"]) for lot in got["lots"]] == [
        (1, "GROS ŒUVRE"), (2, "CHARPENTE"), (3, "Couverture")]


def test_lots_named_only_in_the_sommaire() -> None:
    got = rc("SOMMAIRE", "2.1 Lot 1 : Signalisation horizontale ....... 4",
             "2.2 Lot 2 : Signalisation verticale ....... 5",
             "Règlement de la consultation", "Les lots sont décrits au CCTP.")
    assert [lot["title"] for lot in got["lots"]] == ["Signalisation horizontale",
                                                     "Signalisation verticale"]
    assert got["confidence"]["lots"] == "inferred"


def test_a_deadline_per_lot_and_criteria_per_lot() -> None:
    got = rc("Lot n° 1 : Bâtiment", "Lot n° 2 : Numérique",
             "Date limite de réception des offres :", "- Lot 1 : 03/02/2022 à 12h00",
             "- Lot 2 : 10/02/2022 à 12h00", "Critères d'attribution",
             "Pour le lot 1 :", "- Valeur technique : 60 %", "- Prix : 40 %",
             "Pour le lot 2 :", "- Valeur technique : 50 %", "- Prix : 50 %")
    assert got["deadline"] == "2022-02-03T12:00"
    assert [lot["deadline"] for lot in got["lots"]] == [None, "2022-02-10T12:00"]
    assert got["criteria"] == []
    assert [[c["weight"] for c in lot["criteria"]] for lot in got["lots"]] == [[60, 40],
                                                                              [50, 50]]


# --- 8. dates written across lines --------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "deadline"),
    [
        (["Date limite de réception des offres : 1 er juillet", "2016 à 12h00"],
         "2016-07-01T12:00"),
        (["Date limite de réception des offres : le 1er", "juillet 2022 à", "12:00"],
         "2022-07-01T12:00"),
        (["Date limite de remise des offres : le 03/02/2022 à 12h00"], "2022-02-03T12:00"),
        (["Les plis doivent parvenir avant le 1ER DÉCEMBRE 2021 à 17h00."],
         "2021-12-01T17:00"),
        (["Date limite de réception des offres", "05 juillet 2017 à 12 Heures"],
         "2017-07-05T12:00"),
    ],
)
def test_split_ordinal_and_capital_dates(lines: list[str], deadline: str) -> None:
    assert rc(*lines)["deadline"] == deadline


# --- also expected ----------------------------------------------------------------------------


def test_questions_in_working_days_skip_weekends_and_holidays() -> None:
    got = rc("Date limite de remise des offres : mercredi 10 mai 2023 à 12h00",
             "Les questions doivent être posées au plus tard cinq (5) jours ouvrés avant la "
             "date limite de remise des offres.")
    # 8 May 2023 (Victoire 1945) is a public holiday: five working days back is 2 May.
    assert got["questions_deadline"] == "2023-05-02T12:00"
    assert got["confidence"]["questions_deadline"] == "inferred"


def test_variants_and_pse_in_one_rc_and_tranches() -> None:
    got = rc("Variantes et prestations supplémentaires éventuelles",
             "Les variantes ne sont pas autorisées. Le marché comporte une prestation "
             "supplémentaire éventuelle (PSE) que les candidats doivent chiffrer.",
             "Les prestations font l'objet d'une tranche ferme et de deux tranches "
             "optionnelles.")
    assert got["variants"] == "interdites"
    assert got["pse"] is True
    assert got["tranches"] == 3
    assert rc("Prestations supplémentaires éventuelles : sans objet.")["pse"] is False
    assert rc("Variantes et prestations supplémentaires éventuelles")["pse"] is None


def test_a_mandatory_briefing_meeting_is_not_a_site_visit() -> None:
    got = rc("Date limite de remise des offres : 01/04/2022 à 12h00",
             "Une réunion d'information obligatoire des candidats se tiendra le mardi 8 mars "
             "2022 à 14h00 ; elle ne comporte pas de visite des lieux.")
    assert got["meeting"] == {"date": "2022-03-08T14:00", "mandatory": True}
    assert got["site_visit"] is None


@pytest.mark.parametrize(
    ("lines", "criteria"),
    [
        (["Critères | Pondération", "1-Prix des prestations | 40.0",
          "2-Valeur technique | 60.0"], [("Prix des prestations", 40, []),
                                         ("Valeur technique", 60, [])]),
        (["Les critères d'attribution sont :", "- 60 % : Valeur technique", "- 40 % : Prix"],
         [("Valeur technique", 60, []), ("Prix", 40, [])]),
        (["Critères d'attribution :", "Prix des prestations : 40 points",
          "Valeur technique : 60 points dont :", "- méthodologie : 40 points",
          "- moyens : 20 points"],
         [("Prix des prestations", 40, []),
          ("Valeur technique", 60, [("Méthodologie", 40), ("Moyens", 20)])]),
        (["Les offres seront classées selon les critères pondérés suivants : 60 % pour la "
          "valeur technique et 40 % pour le prix."],
         [("Valeur technique", 60, []), ("Prix", 40, [])]),
        (["Prix : 50 %", "Valeur technique : 50 % appréciée au regard du mémoire technique"],
         [("Prix", 50, []), ("Valeur technique", 50, [])]),
        (["a) Qualité technique de l'offre : 45 %", "b) Prix : 40 %",
          "c) Performance en matière d'insertion : 15 %"],
         [("Qualité technique de l'offre", 45, []), ("Prix", 40, []),
          ("Performance en matière d'insertion", 15, [])]),
        (["Critère | Pondération | Sous-critères", "Prix | 40 % |", "Valeur technique | 60 % |"],
         [("Prix", 40, []), ("Valeur technique", 60, [])]),
        (["1) Prix des prestations : 40 %", "2) Valeur technique : 60 %, appréciée selon :",
          "- la méthodologie (35 %)", "- les moyens humains (25 %)"],
         [("Prix des prestations", 40, []),
          ("Valeur technique", 60, [("Méthodologie", 35), ("Moyens humains", 25)])]),
        (["Critères de jugement des offres", "Les critères sont notés sur 100 points :",
          "- Prix : 40 points", "- Valeur technique : 60 points"],
         [("Prix", 40, []), ("Valeur technique", 60, [])]),
    ],
)
def test_criteria_in_the_layouts_of_real_rcs(lines: list[str], criteria: list[object]) -> None:
    got = rc("Jugement des offres", *lines)["criteria"]
    assert [(c["name"], c["weight"], [(s["name"], s["weight"]) for s in c["subcriteria"]])
            for c in got] == criteria  # type: ignore[index]


@pytest.mark.parametrize(
    "line",
    [
        "Les offres seront réceptionnées jusqu'au 12 mars 2022 à 12h00.",
        "Les candidats doivent remettre leur offre avant le 12 mars 2022 à 12 h.",
        "Limite de réception des offres : 12/03/2022 à 12h",
        "Date de remise des offres : 12/03/2022 - 12h00",
        "Date de clôture de la consultation : 12/03/2022 à 12h00",
    ],
)
def test_deadline_sentences_without_the_word_date_limite(line: str) -> None:
    assert rc(line)["deadline"] == "2022-03-12T12:00"


def test_a_deadline_sentence_without_a_date_does_not_take_the_next_lines_date() -> None:
    got = rc("Les candidats doivent remettre leur offre sur la plateforme avant la date "
             "limite.", "La visite aura lieu le 3 mars 2022 à 10h.")
    assert got["deadline"] is None


def test_platform_generator_habits() -> None:
    got = rc("Département de Loire-Atlantique 3 Quai Ceineray", "Règlement de la consultation",
             "Il n'est pas prévu de décomposition en tranches.",
             "Il n'est pas prévu de décomposition en lots.",
             "Date limite de réception des offres : 12/03/2022 à 12h",
             "Documents à produire :",
             "- Lettre de candidature et d'habilitation du mandataire par ses co-traitants ;",
             "- Liste des principaux services effectués au cours des trois dernières années.")
    assert got["buyer"] == "Département de Loire-Atlantique"
    assert got["tranches"] == 0
    assert got["lots"] == [] and "lots" not in got["missing"]
    assert "pouvoir_signataire" not in got["documents"]
    assert got["documents"] == ["lettre_candidature", "references"]


def test_candidatures_and_offers_deadlines_on_one_line() -> None:
    got = rc("Date limite de réception des candidatures : 10/02/2022 à 12h00 – Date limite de "
             "réception des offres : 10/03/2022 à 12h00")
    assert got["candidatures_deadline"] == "2022-02-10T12:00"
    assert got["deadline"] == "2022-03-10T12:00"


def test_more_label_wordings() -> None:
    assert rc("Identification de l'organisme qui passe le marché : Commune de Lédignan, "
              "place de la Mairie")["buyer"] == "Commune de Lédignan"
    assert rc("Groupement : conjoint avec mandataire solidaire")["groupement_form"] \
        == "conjoint_mandataire_solidaire"
    got = rc("Intitulé : Fourniture de repas en liaison froide",
             "Date limite de remise des offres : 12/03/2022 à 12h")
    assert got["object"] == "Fourniture de repas en liaison froide"
    assert got["confidence"]["object"] == "sure"
    got = rc("RÈGLEMENT DE LA CONSULTATION", "Commune de Vauvert", "Marché de services",
             "Prestations de nettoyage des vitres",
             "Date limite de remise des offres : 12/03/2022 à 12h")
    assert got["object"] == "Prestations de nettoyage des vitres"
    assert got["confidence"]["object"] == "guess"
    assert got["market_type"] == "services"


def test_representative_amounts_and_cpv_are_not_values() -> None:
    assert rc("Maître d'ouvrage : Commune de Calvisson représentée par son Maire, Monsieur "
              "Dupont")["buyer"] == "Commune de Calvisson"
    got = rc("Lot 1 : Voirie – 150 000 € HT", "Lot 2 : Réseaux (estimation : 100 000 € HT)")
    assert [lot["title"] for lot in got["lots"]] == ["Voirie", "Réseaux"]
    assert rc("Référence CPV : 77310000-6", "Référence : 2022-04")["reference"] == "2022-04"


@pytest.mark.parametrize(
    "lines",
    [
        ["Lot n° 1 : « Tonte »", "Lot n° 2 : « Taille »"],
        ["La consultation est décomposée en deux lots : le lot 1 « Tonte » et le lot 2 "
         "« Taille »."],
        ["N° | Intitulé du lot | Montant estimé", "1 | Tonte | 20 000 €", "2 | Taille | 15 000 €"],
        ["Allotissement :", "- lot 1 : tonte ;", "- lot 2 : taille."],
    ],
)
def test_lot_titles_in_quotes_sentences_and_tables(lines: list[str]) -> None:
    assert [(lot["number"], lot["title"]) for lot in rc(*lines)["lots"]] == [
        (1, "Tonte"), (2, "Taille")]


def test_a_metropole_named_first_on_the_cover_is_the_buyer() -> None:
    got = rc("Toulouse Métropole", "Règlement de la consultation",
             "Date limite de remise des offres : 12/03/2022 à 12h")
    assert got["buyer"] == "Toulouse Métropole"
    assert got["confidence"]["buyer"] == "guess"


def test_the_consultations_own_dates_outweigh_a_decrees_year() -> None:
    got = rc("Vu le décret n° 2016-360 du 25 mars 2016 et le décret du 1er avril 2016.",
             "Les prestations débutent le 1er mars 2022.",
             "Date limite de remise des offres : 31 janvier à 12h")
    assert got["deadline"] == "2022-01-31T12:00"
    assert got["confidence"]["deadline"] == "inferred"
