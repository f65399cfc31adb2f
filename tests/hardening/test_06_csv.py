"""Item 6: CSV import refuses what it cannot read safely; exports neutralise formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from responder.documents.bordereau import bordereau_csv
from responder.domain.common import InvalidInput
from responder.domain.library import Reference
from responder.services import refs_csv
from responder.services.workspace import open_session

from .helpers import cli

HEADER = "Titre;Acheteur;Montant HT\r\n"


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "ws.responder"
    assert cli("--workspace", path, "demo").returncode == 0
    return path


def _count(path: Path) -> int:
    session = open_session(path)
    try:
        return session.references.count()
    finally:
        session.close()


@pytest.mark.parametrize("skip", [False, True])
def test_item06_an_unclosed_quote_refuses_the_file(
    workspace: Path, tmp_path: Path, skip: bool
) -> None:
    source = tmp_path / "guillemet.csv"
    source.write_text(
        HEADER + "Tonte;Ville d'Alès;1 000\r\n"
        '"Élagage;Nîmes;2 000\r\nDébroussaillage;Uzès;3 000\r\nTaille;Gard;4 000\r\n',
        encoding="utf-8",
    )
    before = _count(workspace)
    args = ["--workspace", workspace, "refs", "import", source]
    result = cli(*args, *(["--skip-bad-rows"] if skip else []))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "guillemet.csv" in result.stderr and "Ligne 3" in result.stderr
    assert "guillemet" in result.stderr and "Aucune ligne" in result.stderr
    assert _count(workspace) == before


def test_item06_a_huge_cell_refuses_the_file_with_its_line(workspace: Path, tmp_path: Path) -> None:
    source = tmp_path / "enorme.csv"
    source.write_text(
        HEADER + "Tonte;Alès;1 000\r\n" + f'"{"x" * 140_000}";Nîmes;2\r\n' + "Taille;Gard;4\r\n",
        encoding="utf-8",
    )
    before = _count(workspace)
    result = cli("--workspace", workspace, "refs", "import", source, "--skip-bad-rows")
    assert result.returncode == 1
    assert "Ligne 3" in result.stderr and "128 Kio" in result.stderr
    assert _count(workspace) == before


def test_item06_mixed_encodings_are_refused_not_garbled(workspace: Path, tmp_path: Path) -> None:
    source = tmp_path / "melange.csv"
    source.write_bytes(
        HEADER.encode() + "Élagage;Nîmes;1\r\n".encode()
        + "Débroussaillage;Uzès;2\r\n".encode("cp1252")
    )
    before = _count(workspace)
    result = cli("--workspace", workspace, "refs", "import", source)
    assert result.returncode == 1
    assert "melange.csv" in result.stderr and "deux encodages" in result.stderr
    assert "ligne 2" in result.stderr and "ligne 3" in result.stderr
    assert _count(workspace) == before
    with pytest.raises(InvalidInput, match="ligne 2"):
        refs_csv.decode(b"\xef\xbb\xbf" + HEADER.encode() + "Uzès\r\n".encode("cp1252"))
    with pytest.raises(InvalidInput, match="ni de l'UTF-8"):
        refs_csv.decode(HEADER.encode() + b"caf\xe9 \x81\r\n")
    assert refs_csv.decode("Uzès".encode("cp1252")) == ("Uzès", "cp1252")


FORMULAS = ["=HYPERLINK(\"http://x\";\"clic\")", "+33 1 23", "-2+3", "@SUM(A1)", "=1+1"]


def test_item06_exports_neutralise_formulas_and_import_them_back(tmp_path: Path) -> None:
    refs = [Reference(title=f"{text} fin", buyer_name=text) for text in FORMULAS]
    text = refs_csv.references_csv(refs)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    for row in rows[1:]:
        assert row[0].startswith("'") and row[1].startswith("'")
        assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in row)
    parsed = refs_csv.parse_references_csv(text)
    assert [r.title for _, r in parsed.references] == [r.title for r in refs]
    bordereau = bordereau_csv({"rows": [{"label": "=1+1", "status": "@x", "note": "-3"}]})
    cells = [c for row in csv.reader(io.StringIO(bordereau), delimiter=";") for c in row]
    assert not any(c.startswith(("=", "@", "-", "+")) for c in cells)
    assert "'=1+1" in cells
