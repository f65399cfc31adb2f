"""A dossier's checklist in a real workspace: edits saved, files attached, vault linked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from responder.domain.checklist import ChecklistMember, ItemStatus
from responder.domain.common import InvalidInput
from responder.domain.structure import Structure
from responder.domain.tender import Tender
from responder.services.checklist import ChecklistService
from responder.services.tenders import TenderService
from responder.services.vault import VaultService
from responder.services.workspace import Session, open_session
from tests.helpers import new_session, tender_data, workspace_session

TODAY = date(2026, 11, 29)


@pytest.fixture()
def dossier(tmp_path: Path) -> Iterator[tuple[Session, int, int]]:
    session, sid = new_session(tmp_path / "w.responder")
    tender = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
    assert tender.id is not None
    yield session, sid, tender.id
    session.close()


def uid_of(service: ChecklistService, tender_id: int, key: str, member: str = "") -> str:
    return next(
        r.item.uid for r in service.view(tender_id, TODAY, include_hidden=True).rows
        if r.item.key == key and member in r.item.member
    )


def stored_count(session: Session) -> int:
    return int(session.ws.conn.execute("SELECT COUNT(*) FROM checklists").fetchone()[0])


def test_reading_writes_nothing_and_the_structure_answers_alone(
    dossier: tuple[Session, int, int],
) -> None:
    session, _, tid = dossier
    view = ChecklistService(session).view(tid, TODAY)
    assert stored_count(session) == 0
    assert [m.name for m in view.members] == ["Ressourcerie des Garrigues"]
    assert view.members[0].is_mandataire
    assert view.progress.ready == 0
    # Only pieces due at the deposit block; the attributaire's wait for the award (R2144-4).
    depot = [r for r in view.rows if r.item.counted and r.due.value == "depot"]
    assert view.progress.blocking == len(depot) < view.progress.total
    assert view.progress.at_award == view.progress.total - len(depot)


def test_status_note_and_due_date_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, sid = new_session(path)
    tender = session.tenders.add(Tender.model_validate(tender_data(structure_id=sid)))
    tid = tender.id or 0
    service = ChecklistService(session)
    dc1 = uid_of(service, tid, "lettre_candidature")
    service.set_status(tid, dc1, "pret")
    service.update_item(tid, dc1, note="Signée par la présidente", due_on="2026-12-10")
    session.close()
    again = open_session(path, create=False)
    try:
        row = next(r for r in ChecklistService(again).view(tid, TODAY).rows if r.item.uid == dc1)
        assert row.item.status == ItemStatus.PRET and row.ready
        assert row.item.note == "Signée par la présidente"
        assert row.item.due_on == date(2026, 12, 10)
    finally:
        again.close()


def test_sans_objet_without_reason_is_refused_and_changes_nothing(
    dossier: tuple[Session, int, int],
) -> None:
    session, _, tid = dossier
    service = ChecklistService(session)
    rib = uid_of(service, tid, "rib")
    service.set_status(tid, rib, "en_cours")
    with pytest.raises(InvalidInput) as info:
        service.set_status(tid, rib, "sans_objet", "  ")
    assert "Indiquez pourquoi" in info.value.messages["reason"]
    assert service.current(tid).item(rib).status == ItemStatus.EN_COURS  # type: ignore[union-attr]
    service.set_status(tid, rib, "sans_objet", "payé par le mandataire")
    row = next(r for r in service.view(tid, TODAY).rows if r.item.uid == rib)
    assert row.number == 0 and row.alert == "Sans objet : payé par le mandataire"


def test_a_groupement_of_three_members_yields_three_dc2(
    dossier: tuple[Session, int, int],
) -> None:
    session, sid, tid = dossier
    service = ChecklistService(session)
    checklist = service.set_members(tid, [
        ChecklistMember(name="Ressourcerie des Garrigues", siret="73282932000074",
                        structure_id=sid, is_mandataire=True),
        {"name": "Jardins & Cie"},
        {"name": "L'Établi Gardois", "siret": "89912345900013"},
    ])
    dc2 = [i for i in checklist.items if i.key == "declaration_candidat"]
    assert sorted(i.member for i in dc2) == sorted(
        ["Ressourcerie des Garrigues", "Jardins & Cie", "L'Établi Gardois"]
    )
    rows = ChecklistService(session).view(tid, TODAY).rows
    dc1 = next(r for r in rows if r.item.key == "lettre_candidature")
    assert dc1.owner_label == "Groupement (mandataire : Ressourcerie des Garrigues)"


def test_attach_a_file_and_refuse_a_bad_one(
    dossier: tuple[Session, int, int], tmp_path: Path
) -> None:
    session, _, tid = dossier
    service = ChecklistService(session)
    memo = uid_of(service, tid, "memoire_technique")
    empty = tmp_path / "memoire.docx"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput) as info:
        service.attach_file(tid, memo, empty)
    assert "vide" in info.value.messages["file"]
    with pytest.raises(InvalidInput, match="introuvable"):
        service.attach_file(tid, memo, tmp_path / "absent.docx")
    assert stored_count(session) == 0
    assert session.ws.conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    good = tmp_path / "memoire-v2.docx"
    good.write_bytes(b"PK\x03\x04 contenu du memoire")
    checklist = service.attach_file(tid, memo, good)
    item = checklist.item(memo)
    assert item is not None and item.file_name == "memoire-v2.docx" and item.file_hash
    stored = session.files.find(item.file_hash)
    assert stored is not None and stored.read_bytes() == good.read_bytes()


def test_custom_items_and_hidden_standard_items(dossier: tuple[Session, int, int]) -> None:
    session, _, tid = dossier
    service = ChecklistService(session)
    custom = service.add_custom(tid, "Charte d'insertion signée", "offre", lots=[1])
    assert custom.custom and custom.lots == [1]
    materiels = uid_of(service, tid, "moyens_materiels")
    service.hide(tid, materiels)
    view = service.view(tid, TODAY)
    assert any(r.item.uid == custom.uid for r in view.rows)
    assert not any(r.item.uid == materiels for r in view.rows)
    assert any(r.item.uid == materiels for r in service.view(tid, TODAY, include_hidden=True).rows)
    with pytest.raises(InvalidInput, match="masquez-la"):
        service.remove_custom(tid, uid_of(service, tid, "rib"))
    with pytest.raises(InvalidInput, match="absent"):
        service.add_custom(tid, "Plan", "offre", lots=[9])
    service.remove_custom(tid, custom.uid)
    assert service.current(tid).item(custom.uid) is None


def test_edits_survive_a_change_of_the_tender(dossier: tuple[Session, int, int]) -> None:
    session, _, tid = dossier
    service = ChecklistService(session)
    dc2 = uid_of(service, tid, "declaration_candidat")
    service.set_status(tid, dc2, "en_cours")
    tenders = TenderService(session)
    tender = tenders.get(tid)
    tenders.save({**tender.model_dump(), "site_visit": "obligatoire"})
    checklist = service.current(tid)
    assert checklist.item(dc2).status == ItemStatus.EN_COURS  # type: ignore[union-attr]
    assert any(i.key == "attestation_visite" for i in checklist.items)


def test_requested_pieces_from_the_rc(dossier: tuple[Session, int, int]) -> None:
    session, _, tid = dossier
    service = ChecklistService(session)
    checklist = service.set_requested(tid, ["DC4", "certifications"], use_dume=True)
    found = {i.key for i in checklist.items}
    assert {"sous_traitance", "certifications", "dume"} <= found
    assert "lettre_candidature" not in found
    with pytest.raises(InvalidInput, match="inconnue du catalogue"):
        service.set_requested(tid, ["piece_inventee"])


def test_an_attestation_valid_today_but_not_at_the_deadline(
    dossier: tuple[Session, int, int], tmp_path: Path
) -> None:
    session, sid, tid = dossier
    source = tmp_path / "urssaf.pdf"
    source.write_bytes(b"%PDF-1.4 vigilance")
    VaultService(session).add("attestation_urssaf", "2026-06-05", source, sid)  # → 05/12/2026
    view = ChecklistService(session).view(tid, TODAY)
    row = next(r for r in view.rows if r.item.key == "attestation_urssaf")
    assert row.valid_at_deadline is False and row.valid_at_award is False
    assert row.expires_on == date(2026, 12, 5)
    # R2144-4: asked of the winner after ranking, so not blocking at the deadline.
    assert not row.blocking and not row.ready and row.due.value == "attribution"
    assert row.alert == (
        "Expire le 05/12/2026, avant l'attribution prévue vers le 17/01/2027 : demandez-en "
        "une nouvelle pour la remettre si vous êtes retenu."
    )


def test_an_association_member_uses_its_statuts(tmp_path: Path) -> None:
    with workspace_session(tmp_path / "w.responder") as (session, _):
        asso = session.structures.add(Structure(name="Asso des Cévennes", legal_form="association"))
        tender = session.tenders.add(Tender.model_validate(tender_data(structure_id=asso.id)))
        source = tmp_path / "statuts.pdf"
        source.write_bytes(b"%PDF statuts")
        VaultService(session).add("statuts", "2019-03-02", source, asso.id)
        row = next(r for r in ChecklistService(session).view(tender.id or 0, TODAY).rows
                   if r.item.key == "kbis")
        assert row.item.label.startswith("Statuts")
        assert row.valid_at_deadline is True and row.expires_on is None


def test_a_two_phase_dossier_before_the_invitation_is_judged_at_its_candidatures(
    tmp_path: Path,
) -> None:
    """An appel d'offres restreint read from its RC has only the candidatures deadline: the
    checklist said « Date limite : non fixée — attribution prévue vers le — » while the
    go / no-go and the dashboard counted down to the candidatures."""
    from responder.commands.checklist import _print_view

    with workspace_session(tmp_path / "w.responder") as (session, sid):
        tender = TenderService(session).save(tender_data(
            procedure="aor", deadline=None, questions_deadline=None,
            candidatures_deadline="2027-01-11T17:30:00"), structure_id=sid)
        assert tender.id is not None
        view = ChecklistService(session).view(tender.id, date(2026, 12, 1))
        assert view.deadline == date(2027, 1, 11) and view.award_date is None
        assert view.deadline_label == "11/01/2027 (candidatures)"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _print_view(view)
    assert "Date limite : 11/01/2027 (candidatures) — " in out.getvalue()
    assert "attribution prévue vers le —" not in out.getvalue()
