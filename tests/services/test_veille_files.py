"""BOAMP exports as a download may leave them, and the filters a structure saves for its
watch: what is imported, what is rejected with its line, what is refused in French."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.domain.enums import EssStatus
from responder.domain.errors import InvalidInput
from responder.domain.veille import VeilleFilters
from responder.services.veille import VeilleService
from tests.services.opendata_helpers import SAMPLES, ressourcerie

EXPORT = (SAMPLES / "boamp-export.csv").read_bytes().decode("utf-8-sig")
HEADER, _, BODY = EXPORT.partition("\n")


@pytest.fixture
def veille(tmp_path: Path) -> Iterator[tuple[VeilleService, int]]:
    session = ressourcerie(tmp_path / "veille.responder", [EssStatus.ACI], postcode="30100")
    sid = session.structures.list()[0].id
    assert sid is not None
    yield VeilleService(session), sid
    session.close()


def test_a_header_without_notices_is_refused(veille: tuple, tmp_path: Path) -> None:
    empty = tmp_path / "vide.csv"
    empty.write_text(HEADER + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        veille[0].import_boamp(empty)
    assert info.value.messages == {"fichier": "« vide.csv » ne contient aucun avis."}


def test_a_line_cut_short_is_rejected_and_the_others_imported(
    veille: tuple, tmp_path: Path
) -> None:
    rows = BODY.splitlines()
    cut = tmp_path / "coupe.csv"
    cut.write_text("\n".join([HEADER, rows[0][:30], *rows[1:]]) + "\n", encoding="utf-8")
    report = veille[0].import_boamp(cut).as_dict()
    assert report["reasons"][0] == (
        "ligne 2 : 4 colonnes au lieu de 41 (ligne coupée ou séparateur dans une cellule non "
        "protégée)")
    assert (report["read"], report["new"]) == (14, 13)


def test_a_file_whose_every_line_is_cut_names_the_fault_not_an_empty_file(
    veille: tuple, tmp_path: Path
) -> None:
    # A download interrupted or re-saved with commas: no line has its 41 columns. The user
    # must read why, not « ne contient aucun avis », and nothing is imported.
    cut = tmp_path / "coupe.csv"
    cut.write_text("\n".join([HEADER, *(r[:30] for r in BODY.splitlines())]) + "\n",
                   encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        veille[0].import_boamp(cut)
    said = info.value.messages["fichier"]
    assert said.startswith("Aucun avis lisible dans « coupe.csv » (14 ligne(s) rejetée(s)")
    assert "ligne 2 : 4 colonnes au lieu de 41" in said
    assert veille[0].store.notice_count() == 0
    assert veille[0].store.import_count("boamp") == 0  # the whole file was rolled back


def test_the_profile_of_an_unknown_structure_is_refused(veille: tuple) -> None:
    with pytest.raises(InvalidInput) as info:
        veille[0].profile(99)
    assert info.value.messages == {"structure": "Aucune structure n° 99."}


@pytest.mark.parametrize(("data", "field", "says"), [
    ({"deadline_within_days": 0}, "deadline_within_days", "au moins 1"),
    ({"departments": "30, 2a, xx"}, "departments", "Département « xx » inconnu"),
])
def test_a_wrong_filter_is_named(data: dict, field: str, says: str) -> None:
    with pytest.raises(InvalidInput) as info:
        VeilleService.filters(data)
    assert says in info.value.messages[field]


def test_cpv_prefixes_typed_in_one_field_are_split() -> None:
    assert VeilleService.filters({"cpv_prefixes": "7731, 90"}).cpv_prefixes == ["7731", "90"]


def test_a_saved_filter_comes_back_by_name_and_goes_once(veille: tuple) -> None:
    service, sid = veille
    saved = service.save_filter(sid, "Espaces verts du Gard",
                                VeilleFilters(departments=["30"], cpv_prefixes=["7731"]))
    [again] = service.saved_filters(sid)
    assert (again.name, again.filters.departments) == ("Espaces verts du Gard", ["30"])
    assert saved.id is not None
    assert service.delete_filter(saved.id) and not service.delete_filter(saved.id)
    with pytest.raises(InvalidInput, match="ne peut pas être vide"):
        service.save_filter(sid, "   ", VeilleFilters())
