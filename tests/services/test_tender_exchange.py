"""A dossier received as JSON from a partner, and saved from a form opened before someone
else changed it: refusals that say what to do, and what each side keeps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.domain.errors import InvalidInput
from responder.services.tenders import TenderService
from tests.helpers import new_session, tender_data


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[tuple[TenderService, int]]:
    session, sid = new_session(tmp_path / "echange.responder")
    yield TenderService(session), sid
    session.close()


def _messages(svc: TenderService, text: str) -> dict[str, str]:
    with pytest.raises(InvalidInput) as info:
        svc.from_json(text, "« reçu.json »")
    return info.value.messages


def test_a_file_without_schema_version_is_not_ours(svc: tuple[TenderService, int]) -> None:
    messages = _messages(svc[0], json.dumps(tender_data()))
    assert messages["schema_version"].startswith("champ manquant")


def test_a_json_list_is_refused_as_not_an_object(svc: tuple[TenderService, int]) -> None:
    assert _messages(svc[0], "[1, 2]") == {
        "": "« reçu.json » doit contenir un objet JSON (entre accolades)."}


def test_absurd_nesting_is_refused_without_a_traceback(svc: tuple[TenderService, int]) -> None:
    text = "[" * 100_000 + "]" * 100_000
    assert "imbriqué trop profondément" in _messages(svc[0], text)[""]


def test_a_file_that_is_not_utf8_asks_for_a_new_export(
    svc: tuple[TenderService, int], tmp_path: Path
) -> None:
    service, sid = svc
    latin = tmp_path / "consultation.json"
    latin.write_bytes('{"title": "Déchèterie"}'.encode("latin-1"))
    with pytest.raises(InvalidInput) as info:
        service.import_json(latin, sid)
    assert "n'est pas un fichier texte UTF-8" in info.value.messages[""]


def test_a_value_of_an_unexpected_type_is_named_by_its_field(
    svc: tuple[TenderService, int],
) -> None:
    service, _ = svc
    with pytest.raises(InvalidInput) as info:
        service.validate({**tender_data(), "lots": "deux lots"})
    assert "lots" in info.value.messages


def test_a_dossier_needs_an_existing_structure(svc: tuple[TenderService, int]) -> None:
    service, _ = svc
    with pytest.raises(InvalidInput) as none:
        service.save(tender_data())
    assert none.value.messages == {"structure_id": "Choisissez la structure qui répond."}
    with pytest.raises(InvalidInput) as unknown:
        service.save(tender_data(), structure_id=77)
    assert unknown.value.messages == {"structure_id": "La structure n° 77 n'existe pas."}


def test_received_groupement_members_lose_the_senders_local_ids(
    svc: tuple[TenderService, int],
) -> None:
    service, _ = svc
    member = {"uid": "jardins", "name": "Jardins & Cie", "structure_id": 4, "partner_id": 9,
              "is_mandataire": True}
    payload = {"schema_version": 1, **tender_data(groupement={"members": [member]})}
    received = service.from_json(json.dumps(payload))
    assert received.groupement is not None
    [kept] = received.groupement.members
    assert (kept.name, kept.structure_id, kept.partner_id) == ("Jardins & Cie", None, None)


def test_a_stale_form_never_puts_back_an_old_groupement(svc: tuple[TenderService, int]) -> None:
    service, sid = svc
    form = service.save(tender_data(), structure_id=sid)
    member = {"uid": "regie", "name": "Régie de quartier", "is_mandataire": True}
    service.session.tenders.update(
        form.model_validate({**form.model_dump(), "groupement": {"members": [member]}}))
    resaved = service.save({**form.model_dump(), "title": "Collecte (titre corrigé)"})
    assert resaved.title == "Collecte (titre corrigé)"
    assert resaved.groupement is not None and resaved.groupement.members[0].uid == "regie"


def test_a_copy_starts_over_in_veille_without_the_deposit_record(
    svc: tuple[TenderService, int],
) -> None:
    service, sid = svc
    original = service.save(tender_data(status="depose"), structure_id=sid)
    assert original.id is not None
    record = {"record": {"deposited_at": "2026-12-17T10:00:00"}}
    service.session.tenders.update(original.model_validate(
        {**original.model_dump(), "deposit": record}))
    copy = service.duplicate(original.id)
    assert copy.title.endswith(" (copie)") and copy.status == "veille"
    assert copy.deposit is None or copy.deposit.record is None
