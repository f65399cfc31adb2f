"""Item 5: dossier import is linear — the library is read once, not once per item."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder.services import dossier_file as df
from responder.services.workspace import open_session
from responder.storage.repositories import ReferenceRepository, TextBlockRepository

from .helpers import exported_dossier, tampered

COUNT = 400


def _grow(sent: Path, out: Path) -> Path:
    def refs(payload: dict) -> dict:
        base = payload["references"][0]
        payload["references"] = [
            {**base, "number": n, "title": f"Entretien du site n° {n}"}
            for n in range(1, COUNT + 1)
        ]
        return payload

    def blocks(payload: dict) -> dict:
        base = payload["blocks"][0]
        payload["blocks"] = [
            {**base, "number": n, "title": f"Paragraphe {n}", "body": f"Méthode n° {n}."}
            for n in range(1, COUNT + 1)
        ]
        return payload

    middle = tampered(sent, out.with_name("moitié.responder"), "references.json", refs)
    return tampered(middle, out, "textes.json", blocks)


@pytest.mark.timeout(300)
def test_item05_dossier_import_reads_the_library_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, _, sent = exported_dossier(tmp_path)
    session.close()
    big = _grow(sent, tmp_path / "gros.responder")
    calls = {"list": 0}
    for repo in (ReferenceRepository, TextBlockRepository):
        real = repo.list

        def counted(self, *args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            calls["list"] += 1
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(repo, "list", counted)
    target = open_session(tmp_path / "cible.responder")
    try:
        df.import_dossier(target, df.read_dossier(big))
        first_calls = calls["list"]
        again = df.import_dossier(target, df.read_dossier(big))  # every item already there
        assert target.references.count() == COUNT
        assert target.text_blocks.count() == COUNT
        assert again.update
    finally:
        target.close()
    # Preview and import each read the references and the blocks once: 4 reads per import,
    # whatever the number of items (it was one read per item: 2 × 400 × 2 here).
    assert first_calls <= 4 and calls["list"] - first_calls <= 4
