"""A library of references exported from a spreadsheet: the encodings, separators and
broken quotes met in real files, each refused with the line and the fix, or read."""

from __future__ import annotations

import pytest

from responder.domain.errors import InvalidInput
from responder.services.refs_csv import decode, parse_references_csv

RESAVE = "enregistrez-le au format « CSV UTF-8 »"


def _refusal(call: object, *args: object) -> str:
    with pytest.raises(InvalidInput) as info:
        call(*args)  # type: ignore[operator]
    return info.value.messages[""]


def test_a_windows_1252_file_is_read_as_such() -> None:
    text, encoding = decode("Titre;Acheteur\nÉlagage;Mairie d'Uzès\n".encode("cp1252"))
    assert encoding == "cp1252" and "Élagage;Mairie d'Uzès" in text


def test_a_utf8_file_with_bom_whose_line_is_not_utf8_names_that_line() -> None:
    data = "\ufeffTitre\nTonte\n".encode() + "Élagage\n".encode("cp1252")
    message = _refusal(decode, data, "refs.csv")
    assert message.startswith("refs.csv est en UTF-8 mais la ligne 3 ne l'est pas")
    assert RESAVE in message


def test_rows_pasted_from_two_encodings_give_both_lines() -> None:
    data = "Titre\nÉlagage\n".encode() + "Fauchage tardif é\n".encode("cp1252")
    assert _refusal(decode, data, "refs.csv").startswith(
        "refs.csv mélange deux encodages : UTF-8 (ligne 2) et Windows-1252 (ligne 3).")


def test_bytes_of_neither_encoding_suggest_it_is_no_csv() -> None:
    assert "un octet qui n'est ni de l'UTF-8 ni du Windows-1252" in _refusal(
        decode, b"Titre\n\x81\x8d\n", "photo.csv")


@pytest.mark.parametrize(("header", "says"), [
    ("", "Le fichier est vide"),
    ("Titre;Titre", "La colonne « Titre » apparaît deux fois."),
    ("Titre;Couleur;Poids", "Colonne(s) inconnue(s) : « Couleur », « Poids »."),
    ("Acheteur;Montant HT", "La colonne « Titre » est obligatoire"),
])
def test_a_header_that_cannot_be_trusted_refuses_the_whole_file(header: str, says: str) -> None:
    text = header + ("\nTonte;Mairie\n" if header else "")
    assert says in _refusal(parse_references_csv, text)


def test_an_unclosed_quote_refuses_everything_from_its_line() -> None:
    message = _refusal(parse_references_csv, 'Titre;Acheteur\n"Tonte;Mairie\nTaille;Ville\n')
    assert message.startswith("Ligne 2 : un guillemet (\") est ouvert et jamais fermé")
    assert "Aucune ligne n'a été importée" in message


def test_a_quote_closed_mid_cell_is_named() -> None:
    message = _refusal(parse_references_csv, 'Titre;Acheteur\n"Tonte" des stades;Mairie\n')
    assert "un guillemet (\") fermé au milieu d'une cellule" in message


def test_an_unprotected_semicolon_makes_a_row_error_not_a_refusal() -> None:
    parsed = parse_references_csv("Titre;Acheteur\nTonte;Mairie;de;trop\nTaille;Ville\n")
    assert [r.title for _, r in parsed.references] == ["Taille"]
    [error] = parsed.errors
    assert error.line == 2 and error.message.startswith("4 cellules pour 2 colonnes")


@pytest.mark.parametrize("separator", [",", "\t"])
def test_comma_and_tab_separated_files_are_read_too(separator: str) -> None:
    parsed = parse_references_csv(f"Titre{separator}Acheteur\nTonte{separator}Mairie\n")
    assert parsed.delimiter == separator
    assert [(r.title, r.buyer_name) for _, r in parsed.references] == [("Tonte", "Mairie")]
