"""Importing the consolidated DECP CSV: own contracts, buyer files, re-tender radar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.enums import EssStatus
from responder.services.decp import DecpService
from responder.services.workspace import Session
from tests.services.opendata_helpers import OURS, SAMPLES, ressourcerie, structure_id

ALES = "21300015100018"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = ressourcerie(tmp_path / "decp.responder", [EssStatus.ACI], postcode="30100", city="Alès")
    yield s
    s.close()


def test_own_contracts_found_by_siret_even_without_its_leading_zero(session: Session) -> None:
    report = DecpService(session).import_file(SAMPLES / "decp-consolidated.csv", OURS)
    assert report.read == 10
    assert report.rejected == 1 and "SIRET de l'acheteur illisible" in report.reasons[0]
    assert report.contracts == 6  # uids: the duplicate row and the avenant are folded
    own = {c["uid"]: c for c in report.own}
    assert set(own) == {"213000151000182024-EV-01", "2430000310001925_0042"}
    assert own["2430000310001925_0042"]["members"] == 2  # groupement, both members kept
    assert own["213000151000182024-EV-01"]["cpv"] == "77310000"


def test_a_siret_typed_without_its_zero_is_accepted(session: Session) -> None:
    report = DecpService(session).import_file(SAMPLES / "decp-consolidated.csv", "7823456400017")
    assert report.siret == OURS and len(report.own) == 2
    with pytest.raises(InvalidInput, match="SIRET invalide"):
        DecpService(session).import_file(SAMPLES / "decp-consolidated.csv", "12345678901234")


def test_current_version_and_end_date_after_an_avenant(session: Session) -> None:
    service = DecpService(session)
    service.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    found = {r.uid: r for r in service.renewals(12, date(2026, 12, 6), ["30"], ["9091"])}
    vitres = found["213000151000182024-NET-07"]
    # First notification 2024-01-10 + current duration 36 months (the avenant's), not the
    # avenant date nor the frozen dureeRestanteMois.
    assert vitres.first_notified == date(2024, 1, 10)
    assert vitres.duration_months == 36
    assert vitres.end_date == date(2027, 1, 10)


def test_renewal_radar_by_territory_and_cpv(session: Session) -> None:
    service = DecpService(session)
    service.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    as_of = date(2026, 12, 6)
    gard = {r.uid for r in service.renewals(12, as_of, ["30"], ["77"])}
    assert gard == {"213000151000182025-ELAG", "213000151000182024-EV-01"}
    herault = {r.uid for r in service.renewals(12, as_of, ["34"], ["77"])}
    assert herault == {"2134017220001126-PARCS"}
    assert [r.uid for r in service.renewals(2, as_of, [], [])] == [
        "213000151000182024-NET-07", "213000151000182025-ELAG"]  # soonest first
    groupement = next(r for r in service.renewals(12, as_of, ["34"], ["905"]))
    assert set(groupement.winners) == {"Ressourcerie du Pont-Vieux",
                                       "Régie de quartier des Cévennes"}
    with pytest.raises(InvalidInput, match="mois"):
        service.renewals(0, as_of)


def test_buyer_file_leaves_placeholder_amounts_out_of_the_sums(session: Session) -> None:
    service = DecpService(session)
    service.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    file = service.buyer_file(ALES)
    assert file.contracts == 3
    years = {y.year: y for y in file.years}
    assert years[2024].amount == Decimal("145000")  # 85 000 + 60 000, counted once each
    assert years[2026].amount == 0 and years[2026].suspect_amounts == 1  # 12 311 111 111
    assert round(file.social_share, 2) == 0.33
    assert ("Ressourcerie du Pont-Vieux", 1) in file.ess_winners
    valley = service.buyer_file("05234567500046")  # buyer SIRET lost its zero in the file
    assert valley.years[0].suspect_amounts == 1 and valley.years[0].amount == 0
    assert valley.frameworks == 1
    assert [w for w, _ in valley.ess_winners] == ["ESAT Les Ateliers du Gardon"]
    assert service.buyer_file("24300003100019").groupements == 1
    names = [n for _s, n, _c in service.buyers("alès")]
    assert names == ["Commune d'Alès-la-Fictive"]


def test_a_contract_becomes_a_reference_then_is_completed(session: Session) -> None:
    service = DecpService(session)
    service.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    sid = structure_id(session)
    ref = service.reference_from_contract(OURS, "213000151000182024-EV-01", sid)
    assert ref.title == "Entretien des espaces verts des cimetières"
    assert ref.start == date(2024, 3, 1) and ref.end == date(2027, 3, 1)
    assert ref.amount_ht == Decimal("85000")
    assert ref.cpv_codes == ["77310000"]
    assert "espaces verts" in ref.families
    group = service.reference_from_contract(OURS, "2430000310001925_0042", sid)
    assert group.role.value == "cotraitant"
    # Again: the same reference is completed, not duplicated.
    again = service.reference_from_contract(OURS, "213000151000182024-EV-01", sid)
    assert again.id == ref.id
    assert session.references.count(sid) == 2


def test_reimport_replaces_contracts_without_duplicates(session: Session) -> None:
    service = DecpService(session)
    service.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    service.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    assert service.store.contract_count() == 6
    assert len(service.own_contracts(OURS)) == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("boamp-export.csv", "export du BOAMP"),
        ("boamp-export.json", "fichier JSON"),
        ("boamp-labels.csv", "colonne « uid » est introuvable"),
    ],
)
def test_bad_files_import_nothing(session: Session, name: str, message: str) -> None:
    service = DecpService(session)
    service.import_file(SAMPLES / "decp-consolidated.csv", OURS)
    with pytest.raises(InvalidInput, match=message):
        service.import_file(SAMPLES / name, OURS)
    assert service.store.contract_count() == 6


def test_wrong_encoding_midway_rolls_back(session: Session, tmp_path: Path) -> None:
    text = (SAMPLES / "decp-consolidated.csv").read_bytes()
    header, _, body = text.partition(b"\n")
    first = body.split(b"\n")[0]
    rows = [first.replace(b"2024-EV-01", f"R{i}".encode()) for i in range(2000)]
    broken = tmp_path / "decp.csv"
    broken.write_bytes(header + b"\n" + b"\n".join(rows) + b"\n" + first.replace(
        "Alès".encode(), b"Al\xe8s") + b"\n")
    service = DecpService(session)
    with pytest.raises(InvalidInput, match="UTF-8"):
        service.import_file(broken, OURS)
    assert service.store.contract_count() == 0
