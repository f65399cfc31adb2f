"""The library service: saving with French validation, suggestions for a tender, blocks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.domain.library import Reference, TextBlock
from responder.domain.tender import Tender
from responder.services.demo import create_demo
from responder.services.library import LibraryService
from responder.services.tenders import TenderService
from responder.services.workspace import Session
from tests.helpers import new_session

TODAY = date(2026, 11, 29)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    session, sid = new_session(tmp_path / "w.responder")
    yield session, sid
    session.close()


def test_save_validates_with_french_messages(workspace: tuple[Session, int]) -> None:
    session, sid = workspace
    library = LibraryService(session)
    with pytest.raises(InvalidInput) as info:
        library.save_reference(
            {"title": "Tonte", "start": "2025-06-01", "end": "2025-01-01"}, sid
        )
    assert "date de fin est avant la date de début" in info.value.messages["end"]
    with pytest.raises(InvalidInput) as info:
        library.save_reference({"title": " ", "amount_ht": "-3"}, sid)
    assert set(info.value.messages) == {"title", "amount_ht"}
    with pytest.raises(InvalidInput) as info:
        library.save_reference({"title": "Tonte", "cpv_codes": ["7731"]}, sid)
    assert "Code CPV « 7731 » invalide" in info.value.messages["cpv_codes"]
    with pytest.raises(InvalidInput) as info:
        library.save_reference({"title": "Tonte"}, sid + 99)
    assert "structure_id" in info.value.messages
    assert session.references.count() == 0  # nothing half-saved


def test_save_update_delete_restore(workspace: tuple[Session, int]) -> None:
    session, sid = workspace
    library = LibraryService(session)
    saved = library.save_reference(
        {"title": "Tonte des stades", "families": ["espaces verts", " ", "espaces verts"]}, sid
    )
    assert saved.families == ["espaces verts"]
    saved.title = "Tonte et arrosage des stades"
    library.save_reference(saved)
    assert [r.id for r in library.search_references("arrosage")] == [saved.id]
    assert saved.id is not None
    deleted = library.delete_reference(saved.id)
    assert library.search_references("arrosage") == []
    library.restore_reference(deleted)
    assert [r.id for r in library.search_references("arrosage")] == [saved.id]


def test_bad_filters_are_refused_in_french(workspace: tuple[Session, int]) -> None:
    session, _ = workspace
    with pytest.raises(InvalidInput) as info:
        LibraryService(session).search_references("", {"year_from": 2025, "year_to": 2020})
    assert "inversez-les" in str(info.value)
    with pytest.raises(InvalidInput):
        LibraryService(session).search_references("", sort="au hasard")


def _tender(session: Session, sid: int) -> Tender:
    return TenderService(session).save({
        "structure_id": sid,
        "title": "Entretien des espaces verts et débroussaillement des bassins de rétention",
        "lots": [{"number": 1, "title": "Tonte et taille des haies",
                  "estimated_amount": "60000"}],
        "cpv_codes": ["77310000-6"],
    })


def test_same_family_recent_reference_comes_first(workspace: tuple[Session, int]) -> None:
    session, sid = workspace
    library = LibraryService(session)
    old_same = library.save_reference({
        "title": "Entretien des espaces verts des écoles", "families": ["espaces verts"],
        "start": "2014-01-01", "end": "2016-12-31", "amount_ht": "60000",
    }, sid)
    recent_other = library.save_reference({
        "title": "Nettoyage des bassins et des locaux techniques", "families": ["propreté"],
        "start": "2025-01-01", "end": "2026-06-30", "amount_ht": "58000",
    }, sid)
    recent_same = library.save_reference({
        "title": "Débroussaillement et tonte des parcs communaux",
        "families": ["espaces verts"], "buyer_kind": "commune",
        "start": "2024-04-01", "end": "2025-11-30", "amount_ht": "55000",
    }, sid)
    unrelated = library.save_reference({
        "title": "Blanchisserie pour un EHPAD", "families": ["blanchisserie"],
        "start": "2026-01-01", "amount_ht": "60000",
    }, sid)
    tender = _tender(session, sid)
    assert tender.id is not None
    suggestions = library.suggest_for_tender(tender.id, today=TODAY)
    ids = [s.reference.id for s in suggestions]
    assert ids[0] == recent_same.id
    assert ids.index(old_same.id) < ids.index(recent_other.id)
    assert unrelated.id not in ids
    first = suggestions[0]
    assert first.reason.startswith("même famille : espaces verts")
    assert "montant comparable" in first.reason
    assert first.reason.endswith("2025")
    assert 0 < suggestions[-1].score <= first.score <= 1


def test_suggestions_stay_within_the_tender_structure(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    try:
        other = session.structures.add(
            session.structures.get(sid).model_copy(update={"id": None, "name": "Autre"})
        )
        LibraryService(session).save_reference(
            {"title": "Entretien des espaces verts", "families": ["espaces verts"]}, other.id
        )
        tender = _tender(session, sid)
        assert tender.id is not None
        assert LibraryService(session).suggest_for_tender(tender.id) == []
        with pytest.raises(InvalidInput):
            LibraryService(session).suggest_for_tender(999)
    finally:
        session.close()


def test_demo_workspace_is_searchable_and_suggests(tmp_path: Path) -> None:
    session = create_demo(tmp_path / "demo.responder", today=TODAY)
    try:
        library = LibraryService(session)
        assert len(library.search_references("reemploi")) >= 5
        assert library.search_references("débroussaillage")
        assert library.search_blocks("insertion")
        for tender in TenderService(session).list():
            assert tender.id is not None
            suggestions = library.suggest_for_tender(tender.id, today=TODAY)
            assert suggestions, tender.title
            assert all(s.reason for s in suggestions)
    finally:
        session.close()


def test_text_blocks_review_and_use_count(workspace: tuple[Session, int]) -> None:
    session, sid = workspace
    library = LibraryService(session)
    fresh = library.save_block({"title": "Présentation", "body": "Notre **association**…",
                                "last_reviewed": "2026-10-01", "review_interval_days": 365},
                               sid)
    stale = library.save_block({"title": "Sécurité", "body": "- EPI\n- consignes",
                                "category": "securite", "last_reviewed": "2025-01-01",
                                "review_interval_days": 180}, sid)
    never = library.save_block({"title": "Qualité", "category": "qualite"}, sid)
    assert [b.id for b in library.blocks_to_review(TODAY)] == [never.id, stale.id]
    assert stale.id is not None and fresh.id is not None
    library.mark_block_reviewed(stale.id, TODAY)
    assert [b.id for b in library.blocks_to_review(TODAY)] == [never.id]

    tender = _tender(session, sid)
    library.record_block_use(fresh.id, tender.id)
    library.record_block_use(fresh.id, tender.id)
    used = library.record_block_use(fresh.id)
    assert used.use_count == 3
    assert tender.id is not None
    assert session.text_blocks.uses_in_tender(tender.id) == {fresh.id: 2}
    with pytest.raises(InvalidInput):
        library.record_block_use(9999)
    with pytest.raises(InvalidInput) as info:
        library.save_block({"title": "X", "review_interval_days": 0}, sid)
    assert "review_interval_days" in info.value.messages
    assert [b.title for b in library.search_blocks("associat")] == ["Présentation"]


def test_attached_certificate_and_photos(workspace: tuple[Session, int],
                                         tmp_path: Path) -> None:
    session, sid = workspace
    library = LibraryService(session)
    saved = library.save_reference({"title": "Tonte"}, sid)
    assert saved.id is not None
    pdf = tmp_path / "attestation bonne exécution.pdf"
    pdf.write_bytes(b"%PDF-1.4 attestation")
    photo = tmp_path / "chantier.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    library.attach_certificate(saved.id, pdf)
    library.add_photo(saved.id, photo)
    again = library.add_photo(saved.id, photo)
    assert again.certificate_name == "attestation bonne exécution.pdf"
    assert len(again.photos) == 1
    stored = session.files.find(again.certificate_file)
    assert stored is not None and stored.read_bytes() == b"%PDF-1.4 attestation"
    reread = session.references.get(saved.id)
    assert isinstance(reread, Reference) and reread.photos == again.photos


def test_families_offer_the_standard_list_then_the_users_own(
    workspace: tuple[Session, int],
) -> None:
    session, sid = workspace
    library = LibraryService(session)
    library.save_reference({"title": "A", "families": ["Propreté", "Maraîchage"]}, sid)
    families = library.families(sid)
    assert families[0] == "espaces verts"
    assert families[-1] == "Maraîchage"
    assert "Propreté" not in families  # same as « propreté » once folded


def test_block_model_flags_review() -> None:
    block = TextBlock(title="X", last_reviewed=date(2026, 1, 1), review_interval_days=30)
    assert block.needs_review(date(2026, 3, 1))
    assert not block.needs_review(date(2026, 1, 15))
