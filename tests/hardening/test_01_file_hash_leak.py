"""Item 1: a received dossier file must not make the next export ship a local file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from responder.domain.checklist import ChecklistItem
from responder.domain.common import InvalidInput
from responder.domain.library import Reference
from responder.domain.vault import AdminDocument
from responder.services import dossier_file as df
from responder.services.workspace import open_session

from .helpers import cli, exported_dossier, tampered

ESCAPES = ["../../../../etc/passwd", "/etc/passwd", "AB" * 32, "a" * 63, "a" * 64 + "/x", ""]


@pytest.mark.parametrize("bad", ESCAPES[:-1])
def test_item01_every_model_refuses_a_hash_that_is_not_sha256_hex(bad: str) -> None:
    with pytest.raises(ValidationError, match="empreinte de fichier invalide"):
        Reference(title="Entretien", photos=[bad])
    with pytest.raises(ValidationError, match="empreinte de fichier invalide"):
        AdminDocument(kind="kbis", file_hash=bad)
    with pytest.raises(ValidationError, match="empreinte de fichier invalide"):
        ChecklistItem(uid="a", key="kbis", label="Kbis", phase="candidature", file_hash=bad)
    good = "0" * 64
    assert Reference(title="Entretien", photos=[good]).photos == [good]


def test_item01_file_store_never_resolves_a_path(tmp_path: Path) -> None:
    session = open_session(tmp_path / "ws.responder")
    secret = tmp_path / "secret.txt"
    secret.write_text("clé privée")
    try:
        assert session.files.find("../secret.txt") is None
        assert session.files.find("../../" + "0" * 58) is None
        with pytest.raises(ValueError):
            session.files.path_of("../../secret", ".txt")
        with pytest.raises(ValueError):
            session.files.path_of("0" * 64, "/../../x")
    finally:
        session.close()


@pytest.mark.parametrize("member", ["references.json", "checklist.json"])
def test_item01_a_dossier_with_a_path_as_hash_is_refused_and_nothing_written(
    tmp_path: Path, member: str
) -> None:
    session, _, sent = exported_dossier(tmp_path)
    session.close()

    def poison(payload: dict) -> dict:
        if member == "references.json":
            payload["references"][0]["photos"] = ["../../../../../../etc/passwd"]
        else:
            payload["checklist"]["items"][0]["file_hash"] = "../../../../../etc/passwd"
        return payload

    evil = tampered(sent, tmp_path / "piège.responder", member, poison)
    with pytest.raises(InvalidInput) as info:
        df.read_dossier(evil)
    assert "empreinte de fichier invalide" in str(info.value)
    workspace = tmp_path / "cible.responder"
    result = cli("--workspace", workspace, "dossier", "import", evil)
    assert result.returncode == 1
    assert "piège.responder" in result.stderr and "empreinte" in result.stderr
    assert "Traceback" not in result.stderr
