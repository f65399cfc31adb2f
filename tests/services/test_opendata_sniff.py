"""What a downloaded open-data file turns out to be before it is read: the formats users
bring by mistake (a zip, a spreadsheet, a PDF, an Excel re-save) are named with the fix, and
a JSON list is read item by item up to a truncation."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from responder.domain.errors import InvalidInput
from responder.services.opendata_files import json_items, pick_separator, sniff


def _sniffed(tmp_path: Path, name: str, content: bytes) -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(content)
    return sniff(path)


@pytest.mark.parametrize(("name", "content", "says"), [
    ("avis.csv", b"  \n", "est vide : téléchargez à nouveau l'export."),
    ("avis.xlsx", b"PK\x03\x04classeur", "est une archive ou un classeur (zip, xlsx, ods)"),
    ("avis.pdf", b"%PDF-1.7", "est un PDF : il faut le fichier de données"),
    ("avis.csv", "idweb;objet".encode("utf-16"), "n'est pas un fichier texte (UTF-16"),
    ("avis.csv", "idweb;objet\n1;Élagage\n".encode("cp1252"), "n'est pas encodé en UTF-8"),
    ("avis.xml", b"<?xml version='1.0'?><avis/>", "est un fichier XML ou HTML"),
])
def test_a_file_of_the_wrong_kind_is_named_with_the_fix(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        _sniffed(tmp_path, name, content)
    assert info.value.messages["fichier"].startswith(f"« {name} »")
    assert says in info.value.messages["fichier"]


def test_csv_and_json_are_told_apart_and_the_bom_skipped(tmp_path: Path) -> None:
    assert _sniffed(tmp_path, "a.csv", "\ufeffidweb;objet\n1;Tonte\n".encode()) == (
        "csv", "idweb;objet")
    assert _sniffed(tmp_path, "a.json", b'  [{"idweb": "1"}]') == ("json", "")


def test_the_separator_is_the_one_giving_the_required_column() -> None:
    assert pick_separator('"uid","acheteur_id"', "uid") == ","
    assert pick_separator("idweb;objet", "idweb") == ";"
    assert pick_separator("objet;famille", "idweb") is None


def test_json_items_come_one_by_one_and_a_truncated_list_is_refused() -> None:
    notices = [{"idweb": str(n), "objet": "Fauchage " * 50} for n in range(300)]
    text = json.dumps(notices)
    assert [item["idweb"] for item in json_items(io.StringIO(text), "boamp.json")] == [
        str(n) for n in range(300)]
    with pytest.raises(InvalidInput, match="s'arrête avant la fin de la liste"):
        list(json_items(io.StringIO(text[: len(text) // 2]), "boamp.json"))


def test_an_official_decp_json_is_sent_to_the_csv_import() -> None:
    with pytest.raises(InvalidInput, match="fichier DECP au format JSON officiel"):
        list(json_items(io.StringIO('{"marches": []}'), "decp.json"))
    with pytest.raises(InvalidInput, match="n'est pas un export JSON du BOAMP"):
        list(json_items(io.StringIO('{"autre": 1}'), "x.json"))
