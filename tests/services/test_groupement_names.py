"""A groupement shows the current name of its linked members, not the copy made when added."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.services.partners import PartnerService
from responder.services.structures import StructureService
from responder.services.workspace import Session
from tests.helpers import docx_text, groupement_demo, service_and_groupement


@pytest.fixture()
def demo(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    yield from groupement_demo(tmp_path)


def test_renamed_structure_appears_in_tab_and_convention(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    session, tender_id = demo
    service, before = service_and_groupement(session, tender_id)
    member = next(m for m in before.members if m.structure_id is not None)
    assert member.structure_id is not None
    structures = StructureService(session)
    structure = structures.get(member.structure_id)
    old_name = structure.name
    new_name = "Recyclerie Solidaire du Gard"
    structures.save({**structure.model_dump(), "name": new_name,
                     "address": {**structure.address.model_dump(), "city": "Uzès"}})

    groupement = service.get(tender_id)
    assert groupement is not None
    shown = groupement.member(member.uid)
    assert shown is not None
    assert shown.name == new_name and shown.address.city == "Uzès"
    # the Groupement tab reads the dossier through ``GroupementService.tender``
    tender = service.tender(tender_id)
    assert tender.groupement is not None
    assert new_name in [m.name for m in tender.groupement.members]

    out = service.write_convention(tender_id, tmp_path / "convention.docx")
    text = docx_text(out)
    assert new_name in text and old_name not in text
    dc1 = docx_text(service.write_dc1(tender_id, tmp_path / "dc1.docx"))
    assert new_name in dc1 and old_name not in dc1


def test_partner_corrections_reach_the_documents(
    demo: tuple[Session, int], tmp_path: Path
) -> None:
    session, tender_id = demo
    service, groupement = service_and_groupement(session, tender_id)
    member = next(m for m in groupement.members if m.partner_id is not None)
    partners = PartnerService(session)
    assert member.partner_id is not None
    partner = partners.get(member.partner_id)
    partners.save({**partner.model_dump(), "name": "Atelier Nouveau Nom",
                   "contact": {**partner.contact.model_dump(), "name": "Camille Durand"}})

    context = service.context(tender_id)
    names = [m["name"] for m in context["members"]]
    assert "Atelier Nouveau Nom" in names and member.name not in names
    contacts = [m["contact"] for m in context["members"]]
    assert "Camille Durand" in contacts
    text = docx_text(service.write_convention(tender_id, tmp_path / "convention.docx"))
    assert "Atelier Nouveau Nom" in text


def test_deleted_partner_keeps_the_stored_copy(demo: tuple[Session, int]) -> None:
    session, tender_id = demo
    service, groupement = service_and_groupement(session, tender_id)
    member = next(m for m in groupement.members if m.partner_id is not None)
    assert member.partner_id is not None
    PartnerService(session).delete(member.partner_id)

    again = service.get(tender_id)
    assert again is not None
    kept = again.member(member.uid)
    assert kept is not None and kept.name == member.name and kept.siret == member.siret


def test_unlinked_member_is_left_as_typed(demo: tuple[Session, int]) -> None:
    session, tender_id = demo
    service, groupement = service_and_groupement(session, tender_id)
    member = next(m for m in groupement.members if m.partner_id is not None)
    unlinked = groupement.model_dump()
    for m in unlinked["members"]:
        if m["uid"] == member.uid:
            m["partner_id"] = None
            m["name"] = "Nom saisi à la main"
    service.save(tender_id, unlinked)

    again = service.get(tender_id)
    assert again is not None
    shown = again.member(member.uid)
    assert shown is not None and shown.name == "Nom saisi à la main"


def test_renamed_structure_still_owes_its_pieces(demo: tuple[Session, int]) -> None:
    session, tender_id = demo
    service, groupement = service_and_groupement(session, tender_id)
    member = next(m for m in groupement.members if m.structure_id is not None)
    before = service.missing_pieces(tender_id, groupement).get(member.uid, [])
    assert before  # the demo leaves pieces to hand in
    assert member.structure_id is not None
    structures = StructureService(session)
    structure = structures.get(member.structure_id)
    structures.save({**structure.model_dump(), "name": "Recyclerie Solidaire du Gard"})

    renamed = service.get(tender_id)
    assert renamed is not None
    assert service.missing_pieces(tender_id, renamed).get(member.uid, []) == before
