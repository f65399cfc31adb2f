"""Pieces added, hidden, detached or put back on a dossier's « Pièces » list, and the
refusals the tab shows beside the field (real workspace)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.domain.errors import InvalidInput
from responder.services.checklist import ChecklistService
from responder.services.tenders import TenderService
from tests.helpers import new_session, tender_data


@pytest.fixture
def pieces(tmp_path: Path) -> Iterator[tuple[ChecklistService, int]]:
    session, sid = new_session(tmp_path / "pieces.responder")
    tender = TenderService(session).save(tender_data(), structure_id=sid)
    assert tender.id is not None
    yield ChecklistService(session), tender.id
    session.close()


@pytest.mark.parametrize(("field", "call", "message"), [
    ("members", lambda s, t: s.set_members(t, []), "Le dossier doit avoir au moins un membre."),
    ("label", lambda s, t: s.add_custom(t, "   "), "Donnez un intitulé à la pièce."),
    ("phase", lambda s, t: s.add_custom(t, "Plan de prévention", "execution"),
     "phase « execution » inconnue : candidature, offre, attributaire."),
    ("member", lambda s, t: s.add_custom(t, "Plan", member="Nettoyage Express SARL"),
     "« Nettoyage Express SARL » n'est pas membre de ce dossier : Ressourcerie des Garrigues."),
    ("lots", lambda s, t: s.add_custom(t, "Plan", lots=[3]),
     "Lot(s) 3 absent(s) de la consultation."),
])
def test_each_refusal_is_keyed_by_the_field_to_fix(
    pieces: tuple[ChecklistService, int], field: str, call: object, message: str
) -> None:
    service, tid = pieces
    with pytest.raises(InvalidInput) as info:
        call(service, tid)  # type: ignore[operator]
    assert info.value.messages == {field: message}


def test_a_piece_of_ones_own_is_owed_by_the_mandataire_and_counted(
    pieces: tuple[ChecklistService, int],
) -> None:
    service, tid = pieces
    before = service.view(tid).progress.total
    item = service.add_custom(tid, "Plan de prévention", "offre", lots=[2],
                              note="demandé par l'article 7 du CCAP")
    assert (item.uid, item.member, item.lots) == (
        "custom:plan-de-prevention", "Ressourcerie des Garrigues", [2])
    assert service.view(tid).progress.total == before + 1


def test_a_detached_file_leaves_its_stored_copy(
    pieces: tuple[ChecklistService, int], tmp_path: Path
) -> None:
    (kbis := tmp_path / "kbis.pdf").write_bytes(b"%PDF-1.4 extrait Kbis")
    service, tid = pieces
    uid = service.generate(tid).items[0].uid
    attached = service.attach_file(tid, uid, kbis).item(uid)
    assert attached is not None and attached.file_name == "kbis.pdf"
    digest = attached.file_hash
    detached = service.detach_file(tid, uid).item(uid)
    assert detached is not None and detached.file_hash is None and detached.file_name == ""
    assert service.session.files.find(digest or "") is not None


def test_a_list_put_back_after_undo_overwrites_one_saved_meanwhile(
    pieces: tuple[ChecklistService, int],
) -> None:
    service, tid = pieces
    uid = service.generate(tid).items[0].uid
    kept = service.update_item(tid, uid, note="à signer par la présidente")
    service.update_item(tid, uid, note="note écrite entre-temps")
    restored = service.put_back(kept)
    item = restored.item(uid)
    assert item is not None and item.note == "à signer par la présidente"
    assert service.current(tid).item(uid).note == "à signer par la présidente"  # type: ignore[union-attr]
