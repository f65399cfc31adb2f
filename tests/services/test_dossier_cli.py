"""``responder dossier export/import`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from responder.cli import main
from responder.services.workspace import open_session

from .dossier_helpers import dump_tables, rich_demo


def test_export_then_import_dry_run_and_json(tmp_path: Path, capsys) -> None:
    source = tmp_path / "source.responder"
    session, tender_id = rich_demo(source, tmp_path)
    session.close()
    out = tmp_path / "partage.responder"
    assert main(["dossier", "export", str(tender_id), "--out", str(out),
                 "--workspace", str(source)]) == 0
    assert "confidentielle" in capsys.readouterr().err
    target = tmp_path / "coach.responder"
    open_session(target).close()
    before = dump_tables(target)
    assert main(["dossier", "import", str(out), "--dry-run", "--workspace", str(target)]) == 0
    text = capsys.readouterr().out
    assert "Sera ajouté" in text and "rien n'a été écrit" in text
    assert dump_tables(target) == before
    assert main(["dossier", "import", str(out), "--json", "--workspace", str(target)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["applique"] and not result["mise_a_jour"]
    assert result["non_inclus"] == ["1 référence confidentielle"]
    assert main(["dossier", "import", str(out), "--json", "--workspace", str(target)]) == 0
    assert json.loads(capsys.readouterr().out)["mise_a_jour"] is True


def test_workspace_given_as_dossier_is_explained(tmp_path: Path, capsys) -> None:
    workspace = tmp_path / "espace.responder"
    open_session(workspace).close()
    assert main(["dossier", "import", str(workspace),
                 "--workspace", str(tmp_path / "autre.responder")]) == 1
    err = capsys.readouterr().err
    assert "est un espace de travail" in err and "--workspace" in err
    assert not (tmp_path / "autre.responder").exists()
