"""Fuzz (hypothesis, bounded for CI): hostile dossier files, CSVs and RC files end as « read »
or « refused in French » — never a traceback, never a file written outside the workspace.

The long run is ``bench/fuzz.py`` (same targets, thousands of cases, prints the figures).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from responder.services import dossier_file as df
from responder.services.workspace import Session, open_session

from ..services.dossier_helpers import rich_demo
from . import fuzz_targets as ft

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rc"
#: The two verdicts of a case; a traceback or a file written outside raises instead.
READ_OR_REFUSED = ("ok", "refused")
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12,
)
_HOSTILE_TEXT = st.sampled_from([
    "../../../../etc/passwd", "/etc/passwd", "C:\\\\Windows\\\\x", "0" * 64, "A" * 64,
    "0001-01-01", "9999-12-31T23:59:59", "\x00\x0b\x1b\ufffe", "=HYPERLINK(\"x\")",
    "73282932000074", "", " ", "nan", "1e999",
]) | st.integers(min_value=-(2**70), max_value=2**70)


@pytest.fixture(scope="module")
def dossier_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("fuzz-source")
    session, tender_id = rich_demo(folder / "source.responder", folder)
    data = df.export_dossier(session, tender_id, folder / "envoi.responder").path.read_bytes()
    session.close()
    return data


class _Target:
    """One fresh target workspace per example would cost seconds: one per test, reused."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="responder-fuzz-"))
        self.play = self.folder / "terrain"
        self.play.mkdir()
        self.session: Session = open_session(self.play / "cible.responder")

    def close(self) -> None:
        self.session.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.mark.timeout(300)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzz_dossier_json_values(dossier_bytes: bytes, data: Any) -> None:
    members = ft.members_of(dossier_bytes)
    json_members = sorted(n for n in members if n.endswith(".json") and n != df.MANIFEST)
    member = data.draw(st.sampled_from(json_members))
    import json

    paths = ft.json_paths(json.loads(members[member]))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(_HOSTILE_TEXT | _JSON)
    target = _Target()
    try:
        outcome = ft.dossier_case(ft.resign(ft.with_json_value(members, member, path, value)),
                                  target.play, target.session)
    finally:
        target.close()
    assert outcome in READ_OR_REFUSED


@pytest.mark.timeout(300)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=16)), max_size=6),
       keep=st.floats(min_value=0.0, max_value=1.0))
def test_fuzz_dossier_bytes(dossier_bytes: bytes, cuts: list[tuple[int, bytes]],
                            keep: float) -> None:
    buf = bytearray(dossier_bytes[: max(1, int(len(dossier_bytes) * keep))]
                    if keep < 0.98 else dossier_bytes)
    for at, patch in cuts:
        at %= len(buf)
        buf[at : at + len(patch)] = patch
    target = _Target()
    try:
        outcome = ft.dossier_case(bytes(buf), target.play, target.session)
    finally:
        target.close()
    assert outcome in READ_OR_REFUSED


_CELL = st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ['"', '""', '"ouvert', ";", "\r\n", "=1+1", "12 345,50", "01/02/2024", "\x00", "é"]
)


@pytest.mark.timeout(300)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(_CELL, max_size=8), max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "mixed"]),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_fuzz_references_csv(rows: list[list[str]], encoding: str, delimiter: str) -> None:
    lines = ["Titre;Acheteur;Montant HT;Date de début".replace(";", delimiter)]
    lines += [delimiter.join(row) for row in rows]
    text = "\r\n".join(lines)
    if encoding == "mixed":
        half = len(text) // 2
        data = text[:half].encode("utf-8", "replace") + text[half:].encode("cp1252", "replace")
    else:
        data = text.encode(encoding, "replace")
    folder = Path(tempfile.mkdtemp(prefix="responder-fuzz-csv-"))
    try:
        assert ft.csv_case(data, folder) in READ_OR_REFUSED
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.timeout(600)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(["rc01_plateforme.pdf", "rc01_plateforme.docx"]),
       flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=40),
       keep=st.floats(min_value=0.05, max_value=1.0))
def test_fuzz_rc_files(name: str, flips: list[tuple[float, int]], keep: float) -> None:
    original = (FIXTURES / name).read_bytes()
    buf = bytearray(original[: max(8, int(len(original) * keep))])
    for where, byte in flips:
        buf[int(where * (len(buf) - 1))] = byte
    folder = Path(tempfile.mkdtemp(prefix="responder-fuzz-rc-"))
    try:
        assert ft.rc_case(bytes(buf), folder, Path(name).suffix, seconds=30) in READ_OR_REFUSED
    finally:
        shutil.rmtree(folder, ignore_errors=True)
