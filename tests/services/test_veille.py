"""Importing BOAMP exports and listing the watch list, on the sample files (real SQLite)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.enums import EssStatus, Reservation, TenderStatus
from responder.domain.library import Reference
from responder.domain.structure import Structure
from responder.services.veille import VeilleService
from responder.services.workspace import Session, open_session
from tests.services.opendata_helpers import SAMPLES, ressourcerie, structure_id

AS_OF = date(2026, 12, 6)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = ressourcerie(tmp_path / "veille.responder", [EssStatus.ACI, EssStatus.ASSOCIATION_1901],
                     postcode="30100", city="Alès")
    yield s
    s.close()


def _open(service: VeilleService, session: Session, **filters: object) -> dict[str, object]:
    found = service.notices(service.filters(filters), structure_id(session), AS_OF)
    return {s.notice.idweb: s for s in found}


@pytest.mark.parametrize("name", ["boamp-export.csv", "boamp-export.json"])
def test_import_counts_and_rejects_with_reasons(session: Session, name: str) -> None:
    report = VeilleService(session).import_boamp(SAMPLES / name)
    assert report.new == 14
    assert report.updated == 0
    assert report.cancelled == 2  # one by an ANNULATION notice, one marked AVIS_ANNULE
    assert any("idweb manquant" in r for r in report.reasons)
    if name.endswith(".csv"):
        assert report.rejected == 2
        assert any("5 colonnes au lieu de 41" in r for r in report.reasons)
    else:
        assert report.rejected == 1


def test_csv_and_json_give_the_same_notices(session: Session, tmp_path: Path) -> None:
    service = VeilleService(session)
    service.import_boamp(SAMPLES / "boamp-export.csv")
    from_csv = {k: (v.notice, v.score) for k, v in _open(service, session).items()}
    other = open_session(tmp_path / "json.responder")
    try:
        other.structures.add(session.structures.list()[0].model_copy(update={"id": None}))
        json_service = VeilleService(other)
        json_service.import_boamp(SAMPLES / "boamp-export.json")
        from_json = {k: (v.notice, v.score) for k, v in _open(json_service, other).items()}
    finally:
        other.close()
    assert from_csv == from_json
    # The same file again: nothing new, nothing changed.
    again = service.import_boamp(SAMPLES / "boamp-export.json")
    assert (again.new, again.updated, again.cancelled) == (0, 0, 0)


def test_open_notices_at_a_date_with_paris_deadlines(session: Session) -> None:
    service = VeilleService(session)
    service.import_boamp(SAMPLES / "boamp-export.csv")
    shown = _open(service, session)
    # Closed, cancelled, awards and corrections are not calls one can answer.
    for hidden in ("26-120001", "26-130300", "26-129999", "26-125555", "26-137001",
                   "26-138800"):
        assert hidden not in shown
    # The rectificatif postponed notice 1: 22 December at noon, Paris time.
    assert shown["26-134516"].notice.deadline == datetime(2026, 12, 22, 12, 0)  # type: ignore[attr-defined]
    # Midnight in Paris, department « 7 » written « 07 ».
    notice = shown["26-135002"].notice  # type: ignore[attr-defined]
    assert notice.deadline == datetime(2026, 12, 16, 0, 0)
    assert notice.departments == ("07",)
    # Summer time: 10:00 UTC is noon in Paris.
    assert shown["26-142424"].notice.deadline == datetime(2027, 4, 30, 12, 0)  # type: ignore[attr-defined]
    # A deadline typed in 7017 is ignored; the notice stays listed until its end of display.
    assert shown["26-131313"].notice.deadline is None  # type: ignore[attr-defined]
    assert "26-131313" not in _open_at(service, session, date(2026, 12, 21))
    # Closed ones come back on request.
    assert "26-120001" in _open(service, session, include_closed=True)


def _open_at(service: VeilleService, session: Session, day: date) -> set[str]:
    found = service.notices(service.filters({}), structure_id(session), day)
    return {s.notice.idweb for s in found}


def test_a_rectificatif_imported_before_its_notice_still_applies(
    session: Session, tmp_path: Path
) -> None:
    rows = json.loads((SAMPLES / "boamp-export.json").read_text(encoding="utf-8"))
    first = tmp_path / "rectificatif.json"
    first.write_text(json.dumps([r for r in rows if r["idweb"] == "26-137001"]), "utf-8")
    second = tmp_path / "initial.json"
    second.write_text(json.dumps([r for r in rows if r["idweb"] == "26-134516"]), "utf-8")
    service = VeilleService(session)
    service.import_boamp(first)
    report = service.import_boamp(second)
    assert report.new == 1
    assert _open(service, session)["26-134516"].notice.deadline == datetime(2026, 12, 22, 12)  # type: ignore[attr-defined]


def test_reservations_social_clauses_and_filters(session: Session) -> None:
    service = VeilleService(session)
    service.import_boamp(SAMPLES / "boamp-export.json")
    shown = _open(service, session)
    reserved = {k: v.notice.reserved for k, v in shown.items()}  # type: ignore[attr-defined]
    assert reserved["26-118877"] == ("L2113-12",)  # legacy MARCHE_RESERVE_OUI
    assert reserved["26-140210"] == ("L2113-12", "L2113-13")  # eForms res-ws on lot 2
    assert reserved["26-141500"] == ("L2113-15",)  # eForms res-pub-ser, one lot as object
    assert reserved["26-135002"] == ("L2113-13",)  # from the text of a MAPA notice
    assert reserved["26-132020"] == ()  # L2113-13-1 is not an SIAE reservation
    assert set(_open(service, session, reserved_only=True)) == {
        "26-118877", "26-140210", "26-141500", "26-135002"}
    assert set(_open(service, session, social_only=True)) == {
        "26-134516", "26-140210", "26-131313", "26-142424"}
    assert set(_open(service, session, departments="7")) == {"26-135002"}
    assert set(_open(service, session, departments="34", cpv_prefixes="9091")) == {"26-140210"}
    assert set(_open(service, session, market_type="travaux")) == set()
    assert set(_open(service, session, deadline_within_days=12)) == {"26-135002"}
    # Keywords: accents, case, hyphens and a bare NOT are harmless.
    assert set(_open(service, session, text="DEBROUSSAILLEMENT")) == {"26-131313"}
    assert set(_open(service, session, text="bâtiments communautaires")) == {"26-140210"}
    assert set(_open(service, session, text="espaces-verts NOT")) == set()
    assert set(_open(service, session, text="espaces-verts")) == {"26-134516"}


def test_score_uses_territory_references_and_eligibility(session: Session) -> None:
    sid = structure_id(session)
    session.references.add(Reference(structure_id=sid, title="Débroussaillage des haies",
                                     cpv_codes=["77312000"]))
    service = VeilleService(session)
    service.import_boamp(SAMPLES / "boamp-export.csv")
    shown = _open(service, session)
    brush = shown["26-131313"]
    assert brush.score == 30 + 30  # type: ignore[attr-defined]
    assert "CPV 77312 comme 1 de vos références" in brush.reason  # type: ignore[attr-defined]
    siae = shown["26-140210"]
    assert "Réservé SIAE (L2113-13) : vous êtes éligible" in siae.reason  # type: ignore[attr-defined]
    esat_only = shown["26-118877"]
    assert "réservé à d'autres structures" in esat_only.reason  # type: ignore[attr-defined]
    ranked = service.notices(service.filters({}), sid, AS_OF)
    assert ranked[0].score >= ranked[-1].score


def test_new_notices_since_the_last_import_are_marked(session: Session, tmp_path: Path) -> None:
    rows = json.loads((SAMPLES / "boamp-export.json").read_text(encoding="utf-8"))
    older = tmp_path / "older.json"
    older.write_text(json.dumps([r for r in rows if r["idweb"] != "26-141500"]), "utf-8")
    service = VeilleService(session)
    service.import_boamp(older)
    # After the first import nothing is « new »: everything would be.
    assert not any(s.notice.is_new for s in _open(service, session).values())  # type: ignore[attr-defined]
    service.import_boamp(SAMPLES / "boamp-export.json")
    new = {k for k, s in _open(service, session).items() if s.notice.is_new}  # type: ignore[attr-defined]
    assert new == {"26-141500"}


def test_an_updated_notice_is_counted_and_changed(session: Session, tmp_path: Path) -> None:
    service = VeilleService(session)
    service.import_boamp(SAMPLES / "boamp-export.json")
    rows = json.loads((SAMPLES / "boamp-export.json").read_text(encoding="utf-8"))
    for row in rows:
        if row["idweb"] == "26-142424":
            row["objet"] = "Blanchisserie du linge des crèches et des écoles"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(rows), "utf-8")
    report = service.import_boamp(changed)
    assert (report.new, report.updated) == (0, 1)
    assert set(_open(service, session, text="écoles")) == {"26-142424"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("boamp-truncated.json", "tronqué"),
        ("boamp-windows1252.csv", "pas encodé en UTF-8"),
        ("boamp-labels.csv", "colonne « idweb » est introuvable"),
        ("decp-consolidated.csv", "fichier DECP"),
    ],
)
def test_bad_files_get_a_french_message_and_import_nothing(
    session: Session, name: str, message: str
) -> None:
    service = VeilleService(session)
    service.import_boamp(SAMPLES / "boamp-export.csv")
    before = service.store.notice_count(), service.last_import()
    with pytest.raises(InvalidInput, match=message):
        service.import_boamp(SAMPLES / name)
    assert (service.store.notice_count(), service.last_import()) == before


def test_a_file_that_breaks_midway_leaves_nothing_half_imported(
    session: Session, tmp_path: Path
) -> None:
    # Valid UTF-8 for the first thousands of lines, then a Windows-1252 « é »: the sniffing
    # window passes, the stream fails late.
    good = (SAMPLES / "boamp-export.csv").read_bytes()
    header, _, rest = good.partition(b"\r\n")
    lines = [line for line in rest.split(b"\r\n") if line.startswith(b"26-")][:13]
    body = []
    for i in range(3000):
        idweb = f"26-{500000 + i}".encode()
        body.append(idweb + lines[0][9:])
    late = header + b"\r\n" + b"\r\n".join(body) + b"\r\n26-999999;x;;Fen\xe9tres;" + b"\r\n"
    broken = tmp_path / "broken.csv"
    broken.write_bytes(late)
    service = VeilleService(session)
    with pytest.raises(InvalidInput, match="UTF-8"):
        service.import_boamp(broken)
    assert service.store.notice_count() == 0
    assert service.last_import() is None


def test_other_formats_are_named(session: Session, tmp_path: Path) -> None:
    service = VeilleService(session)
    xlsx = tmp_path / "export.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InvalidInput, match="archive ou un classeur"):
        service.import_boamp(xlsx)
    decp_json = tmp_path / "decp.json"
    decp_json.write_text('{"marches": {"marche": []}}', "utf-8")
    with pytest.raises(InvalidInput, match="DECP au format JSON"):
        service.import_boamp(decp_json)
    empty = tmp_path / "vide.csv"
    empty.write_text("", "utf-8")
    with pytest.raises(InvalidInput, match="vide"):
        service.import_boamp(empty)
    pipes = tmp_path / "pipes.csv"
    shutil.copy(SAMPLES / "boamp-labels.csv", pipes)
    with pytest.raises(InvalidInput, match="séparateur point-virgule"):
        service.import_boamp(pipes)


def test_follow_creates_a_dossier_in_veille_once(session: Session) -> None:
    service = VeilleService(session)
    service.import_boamp(SAMPLES / "boamp-export.csv")
    sid = structure_id(session)
    tender = service.follow("26-140210", sid)
    assert tender.status == TenderStatus.VEILLE
    assert tender.buyer == "Communauté d'agglomération Alès Garrigues"
    assert tender.title == "Nettoyage des bâtiments communautaires et des vitres"
    assert tender.deadline == datetime(2027, 1, 12, 12, 0)
    assert tender.procedure.value == "aoo"
    assert [(lot.number, lot.title, lot.reserved) for lot in tender.lots] == [
        (1, "Nettoyage des locaux", []),
        # eForms « res-ws »: reserved to both ESAT / EA and SIAE (L2113-14), both kept.
        (2, "Nettoyage des vitres", [Reservation.ESAT_EA, Reservation.SIAE])]
    assert tender.cpv_codes == ["90910000"]
    assert tender.platform_url.endswith("idweb:26-140210")
    assert "21300015100018" in tender.notes
    assert service.follow("26-140210", sid).id == tender.id
    assert session.tenders.count() == 1
    with pytest.raises(InvalidInput, match="Aucun avis « 26-000000 »"):
        service.follow("26-000000", sid)


def test_saved_filters_per_structure(session: Session) -> None:
    service = VeilleService(session)
    sid = structure_id(session)
    filters = service.filters({"departments": "30,34", "reserved_only": True})
    service.save_filter(sid, "Réservés Gard-Hérault", filters)
    service.save_filter(sid, "Réservés Gard-Hérault", filters.model_copy(update={"text": "x"}))
    saved = service.saved_filters(sid)
    assert [(f.name, f.filters.text) for f in saved] == [("Réservés Gard-Hérault", "x")]
    other = session.structures.add(Structure(name="Autre"))
    assert other.id is not None
    assert service.saved_filters(other.id) == []
    with pytest.raises(InvalidInput):
        service.save_filter(sid, "  ", filters)
