"""Fuzz: mutated dossier files are either imported whole or refused with a French message."""

from __future__ import annotations

import os
import random
import struct
from pathlib import Path

import pytest

from responder.domain.common import InvalidInput
from responder.services import dossier_file as df
from responder.services.workspace import open_session
from responder.storage.db import WorkspaceError

from .dossier_helpers import rich_demo

CASES = 1200


def _mutations(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    buf = bytearray(data)
    if kind == 0:  # truncation
        return bytes(buf[: rng.randrange(len(buf))])
    if kind == 1:  # flipped bytes
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if kind == 2:  # rewritten member names (same length, so the zip stays parseable)
        names = [b"../../evil!", b"/etc/passwd", b"C:/x/y.json", b"tender\\json", b"textes.json"]
        for old, new in ((b"tender.json", rng.choice(names)),
                         (b"files/", rng.choice([b"../../", b"/abs/x", b"files\\"]))):
            if rng.random() < 0.6:
                buf = bytearray(bytes(buf).replace(old, new[: len(old)].ljust(len(old), b"_")))
        return bytes(buf)
    if kind == 3:  # huge declared sizes in the central directory (and local headers)
        pos = 0
        while (pos := bytes(buf).find(b"PK\x01\x02", pos)) != -1:
            if rng.random() < 0.7:
                struct.pack_into("<I", buf, pos + 24, rng.choice([0xFFFFFFFF, 1 << 30, 0]))
            pos += 4
        pos = 0
        while (pos := bytes(buf).find(b"PK\x03\x04", pos)) != -1:
            if rng.random() < 0.5:
                struct.pack_into("<I", buf, pos + 22, rng.choice([0xFFFFFFFF, 1 << 30, 7]))
            pos += 4
        return bytes(buf)
    # a slice of garbage spliced in
    start = rng.randrange(len(buf))
    garbage = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(buf[:start]) + garbage + bytes(buf[start + len(garbage):])


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.timeout(120)
def test_mutated_dossier_files_are_imported_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source_dir = tmp_path / "source"
    source_dir.mkdir()
    session, tender_id = rich_demo(source_dir / "source.responder", source_dir)
    original = df.export_dossier(session, tender_id, source_dir / "d.responder").path.read_bytes()
    session.close()
    play = tmp_path / "terrain"
    play.mkdir()
    monkeypatch.chdir(play)  # a relative path escaping would land here
    target_path = play / "cible.responder"
    target = open_session(target_path)
    files_dir = target.ws.files_dir
    rng = random.Random(20261129)
    candidate = play / "reçu.responder"
    outcomes = {"refused": 0, "imported": 0}
    expected_tree = _tree(play)
    try:
        for _ in range(CASES):
            candidate.write_bytes(_mutations(original, rng))
            try:
                package = df.read_dossier(candidate)
                tenders = target.tenders.count()
                result = df.import_dossier(target, package)
                assert target.tenders.get(result.tender_id) is not None
                assert result.update or target.tenders.count() == tenders + 1
                outcomes["imported"] += 1
            except (InvalidInput, WorkspaceError) as exc:
                text = str(getattr(exc, "messages", exc))
                assert text.strip()
                outcomes["refused"] += 1
            # Nothing may appear outside the workspace's own file and attachments folder.
            extra = {
                p for p in _tree(play) - expected_tree
                if not p.startswith(files_dir.name) and not p.startswith(target_path.name)
            }
            assert extra <= {candidate.name}, extra
        assert not (tmp_path / "evil!").exists() and not Path("/abs").exists()
    finally:
        target.close()
        os.chdir(tmp_path)
    assert outcomes["refused"] > CASES // 2
    assert outcomes["imported"] > 0
