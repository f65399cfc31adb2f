"""DECP files that are not quite the consolidated CSV: a renamed column, a line cut by a
download, a header alone; each import says what it did or why nothing was imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.domain.enums import EssStatus
from responder.domain.errors import InvalidInput
from responder.services.decp import DecpService
from tests.services.opendata_helpers import OURS, SAMPLES, ressourcerie

HEADER, _, BODY = (SAMPLES / "decp-consolidated.csv").read_text(encoding="utf-8").partition("\n")


@pytest.fixture
def decp(tmp_path: Path) -> Iterator[DecpService]:
    session = ressourcerie(tmp_path / "decp.responder", [EssStatus.ACI], postcode="30100")
    yield DecpService(session)
    session.close()


def _file(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_renamed_required_column_is_named(decp: DecpService, tmp_path: Path) -> None:
    renamed = _file(tmp_path, "ancien.csv", HEADER.replace("acheteur_id", "acheteur"), BODY)
    with pytest.raises(InvalidInput) as info:
        decp.import_file(renamed, OURS)
    assert info.value.messages["fichier"].startswith(
        "« ancien.csv » n'a pas les colonnes acheteur_id du CSV consolidé des DECP")
    assert decp.store.contract_count() == 0


def test_a_line_cut_short_is_rejected_with_its_number_and_the_rest_imported(
    decp: DecpService, tmp_path: Path
) -> None:
    rows = BODY.splitlines()
    cut = _file(tmp_path, "coupe.csv", HEADER, rows[0], rows[1][:40], *rows[2:])
    report = decp.import_file(cut, OURS).as_dict()
    assert "ligne 3 : 4 colonnes au lieu de 58 (ligne coupée)" in report["reasons"]
    assert report["contracts"] == decp.store.contract_count() > 0


def test_a_header_alone_imports_nothing_and_says_so(decp: DecpService, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as info:
        decp.import_file(_file(tmp_path, "vide.csv", HEADER), OURS)
    assert info.value.messages == {
        "fichier": "Aucun marché lisible dans « vide.csv » : rien n'a été importé."}


def test_a_reference_needs_a_contract_of_that_siret(decp: DecpService) -> None:
    decp.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    with pytest.raises(InvalidInput) as info:
        decp.reference_from_contract(OURS, "2099-INCONNU", 1)
    assert info.value.messages == {
        "uid": "Aucun marché « 2099-INCONNU » de ce SIRET dans les DECP importées."}


def test_two_good_rows_outweigh_a_bad_row_and_two_cut_lines(
    decp: DecpService, tmp_path: Path
) -> None:
    # Cut lines are rejected without being read: the file is refused only when no row at
    # all was kept, not when rejections outnumber the rows read.
    rows = BODY.splitlines()
    no_uid = "," + rows[2].partition(",")[2]
    mixed = _file(tmp_path, "melange.csv", HEADER, rows[0], rows[1], no_uid,
                  rows[3][:40], rows[4][:40])
    report = decp.import_file(mixed, OURS)
    assert (report.read, report.kept, report.rejected) == (3, 2, 3)
    assert "ligne 4 : identifiant uid manquant" in report.reasons
    assert report.contracts == decp.store.contract_count() > 0
