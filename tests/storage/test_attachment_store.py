"""The attachments folder beside a workspace: files stored once under their SHA-256, found
again by it, and checked whole before the workspace is trusted (self-test, restore)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from responder.services.workspace import Session, open_session
from responder.storage.db import WorkspaceError
from responder.storage.files import file_hash, is_file_hash, recorded_hashes, store_problem


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened = open_session(tmp_path / "association.responder")
    yield opened
    opened.close()


def _kbis(folder: Path, text: str = "Extrait Kbis — Jardins & Cie, 2026") -> Path:
    source = folder / "Kbis avril.PDF"
    source.write_text(text, encoding="utf-8")
    return source


def test_a_file_is_stored_once_under_its_hash_with_its_name(
    session: Session, tmp_path: Path
) -> None:
    source = _kbis(tmp_path)
    digest = session.files.add(source)
    assert digest == file_hash(source) and is_file_hash(digest)
    assert session.files.add(source) == digest  # the same content again: one copy
    stored = session.files.find(digest)
    assert stored is not None and stored.name == f"{digest}.pdf"
    assert stored.parent.name == digest[:2]
    assert session.files.original_name(digest) == "Kbis avril.PDF"
    assert session.files.hashes() == {digest}


@pytest.mark.parametrize("digest", ["../../etc/passwd", "A" * 64, "0" * 63, None])
def test_anything_but_a_lowercase_sha256_is_never_resolved(
    session: Session, digest: object
) -> None:
    assert not is_file_hash(digest)
    assert session.files.find(digest) is None  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        session.files.path_of(digest)  # type: ignore[arg-type]


def test_a_missing_source_is_refused_in_french(session: Session, tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="introuvable"):
        session.files.add(tmp_path / "absent.pdf")
    assert session.files.hashes() == set()


def test_an_intact_store_has_no_problem(session: Session, tmp_path: Path) -> None:
    digest = session.files.add(_kbis(tmp_path))
    with sqlite3.connect(session.path) as conn:
        known = recorded_hashes(conn)
    assert known == {digest}
    assert store_problem(session.path, known) is None


def test_a_damaged_attachment_is_named(session: Session, tmp_path: Path) -> None:
    digest = session.files.add(_kbis(tmp_path))
    stored = session.files.find(digest)
    assert stored is not None
    stored.write_text("contenu altéré", encoding="utf-8")
    problem = store_problem(session.path, {digest})
    assert problem is not None and problem.startswith(f"le fichier joint « {stored.name} »")
    assert "abîmé" in problem


def test_missing_attachments_are_counted(session: Session, tmp_path: Path) -> None:
    digest = session.files.add(_kbis(tmp_path))
    lost = "f" * 64
    problem = store_problem(session.path, {digest, lost})
    assert problem == (
        "1 fichier(s) joint(s) manquant(s) dans « association-fichiers » (par exemple "
        "ffffffffffff…) : restaurez une sauvegarde ou joignez-les à nouveau"
    )
