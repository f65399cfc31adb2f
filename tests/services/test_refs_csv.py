"""References CSV as French Excel writes it: round trip, bad rows, encodings, the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from responder.domain.common import InvalidInput
from responder.domain.library import Reference
from responder.services import refs_csv
from responder.services.refs_csv import (
    BadRows,
    export_references,
    format_amount,
    import_references,
    parse_amount,
)
from responder.services.workspace import open_session
from tests.helpers import new_session

ROOT = Path(__file__).resolve().parents[2]

FULL: dict[str, Any] = {
    "title": "Entretien des espaces verts & des « cœurs d'îlots » — Jardins & Cie",
    "buyer_name": "Ville d'Alès",
    "buyer_kind": "commune",
    "place": "Alès (30)",
    "start": "2024-03-01",
    "end": "2026-02-28",
    "amount_ht": "12345.50",
    "role": "mandataire",
    "partners": ["Jardins & Cie", "ESAT « Les Oliviers »"],
    "description": "Première ligne ; avec point-virgule.\nDeuxième ligne, \"guillemets\".\n\n"
                   "Troisième après une ligne vide.",
    "tasks": ["Tonte différenciée", "Taille douce des haies"],
    "team_size": 7,
    "social_impact": {"insertion_hours": 5600, "people_in_pathway": 9, "positive_exits": 5,
                      "disabled_workers": 1},
    "environmental_impact": {"tonnes réemployées": "94 t", "taux de réemploi": "75 %"},
    "families": ["espaces verts", "réemploi / recyclerie"],
    "cpv_codes": ["77310000-6", "90514000"],
    "buyer_contact": "Mme Élodie Castanier – 04 65 71 31 07",
}

HEADER = ("Titre;Acheteur;Type d'acheteur;Lieu;Date de début;Date de fin;Montant HT;Rôle;"
          "Partenaires;Description;Tâches;Effectif;Heures d'insertion;Salariés en parcours;"
          "Sorties dynamiques;Travailleurs handicapés;Impact environnemental;"
          "Familles d'achat;Codes CPV;Contact acheteur;Confidentielle")


def _comparable(ref: Reference) -> dict[str, Any]:
    return ref.model_dump(exclude={"id", "structure_id"})


def test_round_trip_preserves_every_field(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "a.responder")
    other, osid = new_session(tmp_path / "b.responder")
    try:
        originals = [
            session.references.add(Reference.model_validate({**FULL, "structure_id": sid})),
            session.references.add(Reference.model_validate(
                {"title": "Minimal", "structure_id": sid})),
            session.references.add(Reference.model_validate(
                {"title": "Petit montant", "amount_ht": "0.5", "role": "sous_traitant",
                 "structure_id": sid, "start": "2020-01-01"})),
        ]
        out = tmp_path / "références.csv"
        assert export_references(session, out, sid) == 3
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert b"12 345,50" in raw and b"01/03/2024" in raw and b"\r\n" in raw
        report = import_references(other, out, osid)
        assert not report.skipped
        assert [_comparable(r) for r in other.references.list()] == [
            _comparable(r) for r in originals
        ]
        assert other.references.list()[0].amount_ht == Decimal("12345.50")
    finally:
        session.close()
        other.close()


def test_confidential_references_are_never_exported(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        session.references.add(Reference(structure_id=sid, title="Publique"))
        session.references.add(Reference(structure_id=sid, title="Secret défense",
                                         confidential=True))
        out = tmp_path / "refs.csv"
        assert export_references(session, out) == 1
        text = out.read_text(encoding="utf-8-sig")
        assert "Publique" in text and "Secret" not in text
    finally:
        session.close()


def _write(path: Path, rows: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes("\r\n".join([HEADER, *rows]).encode(encoding) + b"\r\n")
    return path


GOOD = ("Tonte;Ville d'Alès;Commune;Alès;01/03/2024;28/02/2026;12 345,50;Titulaire seul"
        ";;;;;;;;;;;;;non")


def test_one_bad_date_reports_its_line_and_imports_nothing(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        csv_file = _write(tmp_path / "refs.csv", [
            GOOD,
            'Élagage;;;;;;;;;"Description\nsur deux lignes";;;;;;;;;;;',
            "Fauchage;;;;31/02/2024;;;;;;;;;;;;;;;;",
            GOOD.replace("Tonte", "Taille"),
        ])
        with pytest.raises(BadRows) as info:
            import_references(session, csv_file, sid)
        messages = info.value.messages
        assert list(messages)[:1] == ["ligne 5"]  # header=1, Tonte=2, Élagage=3-4
        assert "Date de début" in messages["ligne 5"]
        assert "31/02/2024" in messages["ligne 5"]
        assert "--skip-bad-rows" in messages[""]
        assert session.references.count() == 0

        report = import_references(session, csv_file, sid, skip_bad_rows=True)
        assert [r.title for r in report.imported] == ["Tonte", "Élagage", "Taille"]
        assert [str(e) for e in report.skipped][0].startswith("ligne 5 : Date de début")
        assert session.references.get(report.imported[1].id or 0).description == (
            "Description\nsur deux lignes"
        )
    finally:
        session.close()


def test_every_kind_of_bad_cell_is_explained(tmp_path: Path) -> None:
    rows = [
        "Sans acheteur;;Martien;;;;;;;;;;;;;;;;;;",
        "Montant;;;;;;douze mille;;;;;;;;;;;;;;",
        "Rôle;;;;;;;Chef;;;;;;;;;;;;;",
        ";Titre vide;;;;;;;;;;;;;;;;;;;",
        "Fin avant début;;;;01/01/2025;01/01/2024;;;;;;;;;;;;;;;",
        "Heures;;;;;;;;;;;;beaucoup;;;;;;;;",
        "CPV;;;;;;;;;;;;;;;;;;123;;",
        "Impact;;;;;;;;;;;;;;;;tonnes sans valeur;;;;",
        "Confidentielle;;;;;;;;;;;;;;;;;;;;peut-être",
        "Trop;;;;;;;;;;;;;;;;;;;;;x;y",
    ]
    parsed = refs_csv.parse_references_csv("\n".join([HEADER, *rows]))
    assert not parsed.references
    by_line = {e.line: e.message for e in parsed.errors}
    assert "Type d'acheteur" in by_line[2] and "Commune" in by_line[2]
    assert "Montant HT" in by_line[3] and "12 345,50" in by_line[3]
    assert "Rôle" in by_line[4] and "Mandataire" in by_line[4]
    assert "Titre" in by_line[5]
    assert "Date de fin" in by_line[6]
    assert "Heures d'insertion" in by_line[7]
    assert "Codes CPV" in by_line[8]
    assert "libellé : valeur" in by_line[9]
    assert "oui ou non" in by_line[10]
    assert "guillemets" in by_line[11]


def test_windows_1252_and_excel_variants_are_read(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        csv_file = _write(tmp_path / "excel.csv", [
            "Débroussaillement;Département du Gard;departement;Nîmes;1/3/2024;;"
            "12.345,50 €;cotraitant;;Cœur de métier;;;1 200;;;;;Espaces verts;77310000;;Oui",
        ], encoding="cp1252")
        parsed = refs_csv.read_references_csv(csv_file)
        assert parsed.encoding == "cp1252"
        report = import_references(session, csv_file, sid)
        ref = report.imported[0]
        assert ref.title == "Débroussaillement" and ref.place == "Nîmes"
        assert ref.description == "Cœur de métier"
        assert ref.amount_ht == Decimal("12345.50")
        assert ref.start is not None and ref.start.isoformat() == "2024-03-01"
        assert ref.social_impact.insertion_hours == 1200
        assert ref.confidential
    finally:
        session.close()


def test_whole_file_problems(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="vide"):
        refs_csv.parse_references_csv("")
    with pytest.raises(InvalidInput, match="Titre"):
        refs_csv.parse_references_csv("Acheteur;Lieu\nA;B")
    with pytest.raises(InvalidInput, match="Budget"):
        refs_csv.parse_references_csv("Titre;Budget\nA;3")
    parsed = refs_csv.parse_references_csv("Intitulé,Montant\n\"Tonte, taille\",\"1 000\"\n")
    assert parsed.delimiter == "," and parsed.references[0][1].amount_ht == Decimal(1000)
    with pytest.raises(InvalidInput, match="introuvable"):
        refs_csv.read_references_csv(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("text", "value"),
    [("12 345,50", "12345.50"), ("12\u00a0345,50", "12345.50"), ("12\u202f345,5 €", "12345.5"),
     ("12345.50", "12345.50"), ("1.234.567,89", "1234567.89"), ("", None), ("0", "0")],
)
def test_amounts(text: str, value: str | None) -> None:
    assert parse_amount(text) == (Decimal(value) if value is not None else None)


def test_amount_format() -> None:
    assert format_amount(Decimal("12345.5")) == "12 345,50"
    assert format_amount(Decimal("1234567")) == "1 234 567,00"
    assert format_amount(Decimal("0.125")) == "0,125"
    assert parse_amount(format_amount(Decimal("987654.32"))) == Decimal("987654.32")


def test_export_is_readable_by_the_csv_module_as_excel_would(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        session.references.add(Reference.model_validate({**FULL, "structure_id": sid}))
        out = tmp_path / "r.csv"
        export_references(session, out)
        rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline=""),
                               delimiter=";"))
        assert rows[0][0] == "Titre" and len(rows) == 2
        assert rows[1][9] == FULL["description"]
        assert rows[1][10] == "Tonte différenciée\nTaille douce des haies"
    finally:
        session.close()


def responder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "responder", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ},
    )


def test_cli_import_export_search_suggest(tmp_path: Path) -> None:
    workspace = tmp_path / "demo.responder"
    assert responder("demo", "--workspace", str(workspace)).returncode == 0
    ws = ["--workspace", str(workspace)]

    out = tmp_path / "export.csv"
    result = responder("refs", "export", "--out", str(out), *ws)
    assert result.returncode == 0, result.stderr
    assert "10 référence(s) exportée(s)" in result.stderr  # the 2 confidential ones stay

    bad = _write(tmp_path / "bad.csv", [GOOD, GOOD.replace("01/03/2024", "2024-13-45")])
    result = responder("refs", "import", str(bad), *ws)
    assert result.returncode == 1
    assert "ligne 3" in result.stderr and "Aucune référence importée" in result.stderr
    result = responder("refs", "import", str(bad), "--skip-bad-rows", *ws)
    assert result.returncode == 0, result.stderr
    assert "1 référence(s) importée(s), 1 ligne(s) ignorée(s)." in result.stdout

    result = responder("refs", "search", "tonte", "--json", *ws)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == "Tonte"
    result = responder("refs", "search", "réemp", "--limit", "3", "--json", *ws)
    assert len(json.loads(result.stdout)) == 3
    for hostile in ("NOT", "*", '"', "espaces-verts", "d'insertion"):
        assert responder("refs", "search", hostile, *ws).returncode == 0, hostile
    result = responder("refs", "search", "", "--year-from", "2026", "--year-to", "2020", *ws)
    assert result.returncode == 1 and "inversez-les" in result.stderr

    tenders = json.loads(responder("tender", "list", "--json", *ws).stdout)
    result = responder("refs", "suggest", str(tenders[0]["id"]), "--json", *ws)
    assert result.returncode == 0, result.stderr
    suggestions = json.loads(result.stdout)
    assert suggestions and suggestions[0]["reason"] and suggestions[0]["reference"]["title"]

    result = responder("blocks", "search", "insertion", "--json", *ws)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
    assert responder("blocks", "review", *ws).returncode == 0

    session = open_session(workspace, create=False)
    try:
        assert session.references.count() == 13
    finally:
        session.close()


# --- strict amounts and four-digit years (a cell is refused rather than guessed) -------------
@pytest.mark.parametrize(
    ("text", "value"),
    [("12 345,50", "12345.50"), ("12345,5", "12345.5"), ("12 345", "12345"),
     ("12\u00a0345,50 €", "12345.50"), ("1\u202f234\u202f567,89 € HT", "1234567.89"),
     ("1234.56", "1234.56"), ("0,5", "0.5"), ("1000000000000", "1000000000000")],
)
def test_french_amounts_are_read_exactly(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("1,234.56", "ambigu"), ("1e999", "notation scientifique"), ("1E5", "scientifique"),
     ("12,345", "2 décimales"), ("1234,567", "2 décimales"), ("12.345", "2 décimales"),
     ("-5", "négatif"), ("-1 200,00", "négatif"), ("1000000000000,01", "trop grand"),
     ("Infinity", "illisible"), ("NaN", "illisible"), ("12 34,5", "illisible"),
     ("1 2345", "illisible")],
)
def test_ambiguous_or_exotic_amounts_are_refused(text: str, reason: str) -> None:
    with pytest.raises(refs_csv.CellError) as info:
        parse_amount(text)
    assert reason in str(info.value) and text in str(info.value)


def test_bad_amounts_and_short_years_are_bad_rows_with_their_line() -> None:
    rows = [
        "Anglais;;;;;;1,234.56;;;;;;;;;;;;;;",
        "Infini;;;;;;1e999;;;;;;;;;;;;;;",
        "Millièmes;;;;;;12,345;;;;;;;;;;;;;;",
        "Négatif;;;;;;-300;;;;;;;;;;;;;;",
        "Énorme;;;;;;5 000 000 000 000;;;;;;;;;;;;;;",
        "Année courte;;;;01/03/98;;;;;;;;;;;;;;;;",
        "Bonne;;;;01/03/1998;;12 345,50;;;;;;;;;;;;;;",
    ]
    parsed = refs_csv.parse_references_csv("\n".join([HEADER, *rows]))
    by_line = {e.line: e.message for e in parsed.errors}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7]
    assert all(m.startswith("Montant HT : ") for line, m in by_line.items() if line < 7)
    assert "ambigu" in by_line[2] and "scientifique" in by_line[3]
    assert "2 décimales" in by_line[4] and "négatif" in by_line[5] and "trop grand" in by_line[6]
    assert by_line[7].startswith("Date de début : ")
    assert "année sur 4 chiffres attendue : 01/03/1998" in by_line[7]
    [(line, ref)] = parsed.references
    assert line == 8 and ref.amount_ht == Decimal("12345.50")
    assert ref.start is not None and ref.start.year == 1998
