"""Importing a dossier from another workspace: no foreign local ids, French file errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.services.tenders import TenderService
from tests.helpers import new_session, tender_data


def _exported(tmp_path: Path) -> Path:
    data = tender_data(groupement={
        "members": [
            {"uid": "moi", "name": "Ressourcerie des Garrigues", "siret": "73282932000074",
             "structure_id": 1, "is_mandataire": True,
             "address": {"city": "Nîmes", "postcode": "30000"}},
            {"uid": "p-1", "name": "Jardins & Cie", "siret": "73282932000074",
             "partner_id": 5},
        ],
    })
    path = tmp_path / "consultation.json"
    path.write_text(json.dumps({"schema_version": 1, **data}, ensure_ascii=False), "utf-8")
    return path


def test_imported_groupement_members_keep_no_local_id(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "autre.responder", name="Autre structure")
    imported = TenderService(session).import_json(_exported(tmp_path), sid)
    assert imported.id is not None
    stored = TenderService(session).get(imported.id)
    assert stored.groupement is not None
    members = stored.groupement.members
    assert [(m.structure_id, m.partner_id) for m in members] == [(None, None), (None, None)]
    assert [m.name for m in members] == ["Ressourcerie des Garrigues", "Jardins & Cie"]
    assert members[0].siret == "73282932000074" and members[0].address.city == "Nîmes"
    assert members[0].is_mandataire
    session.close()


def test_importing_a_folder_says_so_in_french(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    folder = tmp_path / "export"
    folder.mkdir()
    with pytest.raises(InvalidInput) as info:
        TenderService(session).import_json(folder, sid)
    assert "est un dossier" in info.value.messages[""]
    session.close()


def test_an_unreadable_path_says_so_in_french(tmp_path: Path) -> None:
    session, sid = new_session(tmp_path / "w.responder")
    inside_a_file = _exported(tmp_path) / "consultation.json"  # NotADirectoryError
    with pytest.raises(InvalidInput) as info:
        TenderService(session).import_json(inside_a_file, sid)
    assert "Impossible de lire" in info.value.messages[""]
    session.close()
