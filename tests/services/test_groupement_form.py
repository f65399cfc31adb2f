"""The groupement form is shown only once the user picked it (no Qt)."""

from __future__ import annotations

from pathlib import Path

from responder.services.groupement_form import chosen_key, is_form_chosen, mark_form_chosen
from responder.services.workspace import open_session


def test_the_choice_is_remembered_per_dossier_in_the_workspace(tmp_path: Path) -> None:
    path = tmp_path / "espace.responder"
    session = open_session(path)
    try:
        assert not is_form_chosen(session, 3)
        mark_form_chosen(session, 3)
        assert is_form_chosen(session, 3) and not is_form_chosen(session, 4)
    finally:
        session.close()
    reopened = open_session(path)
    try:
        assert is_form_chosen(reopened, 3)
        assert reopened.ws.setting(chosen_key(3)) == "1"
    finally:
        reopened.close()
