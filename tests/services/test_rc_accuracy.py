"""Field accuracy of the RC extraction on the fixtures of tests/fixtures/rc (target ≥ 95 %).

Each fixture is an RC of our own writing (DOCX, and PDF converted with LibreOffice for some)
with its expected JSON written by hand. A field counts as right when it equals the expected
value exactly (lots, criteria and documents compared as whole lists).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from responder.domain.rc_extract import FIELDS
from responder.services.rc_reader import extract_file

RC_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "rc"
TARGET = 0.95


def fixture_files() -> list[Path]:
    """Every RC fixture (DOCX and PDF) that has an expected JSON."""
    files = []
    for expected in sorted(RC_DIR.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        files += [p for p in (RC_DIR / f"{stem}.docx", RC_DIR / f"{stem}.pdf") if p.exists()]
    return files


def expected_for(path: Path) -> dict[str, Any]:
    stem = path.name.removesuffix(".docx").removesuffix(".pdf")
    data: dict[str, Any] = json.loads((RC_DIR / f"{stem}.expected.json").read_text("utf-8"))
    return data


def score(path: Path) -> tuple[int, list[str]]:
    """Fields right in one fixture, and a description of each wrong one."""
    got = extract_file(path)
    expected = expected_for(path)
    wrong = [f"{path.name}: {field}: attendu {expected[field]!r}, obtenu {got[field]!r}"
             for field in FIELDS if got[field] != expected[field]]
    return len(FIELDS) - len(wrong), wrong


def test_fixture_set_is_large_enough() -> None:
    docx = [p for p in fixture_files() if p.suffix == ".docx"]
    pdf = [p for p in fixture_files() if p.suffix == ".pdf"]
    assert len(docx) >= 8 and len(pdf) >= 4


def test_field_accuracy_reaches_target(capsys: pytest.CaptureFixture[str]) -> None:
    files = fixture_files()
    right, wrong = 0, []
    for path in files:
        ok, errors = score(path)
        right += ok
        wrong += errors
    total = len(files) * len(FIELDS)
    accuracy = right / total
    with capsys.disabled():
        print(f"\nExtraction RC : {right}/{total} champs justes ({accuracy:.1%}) "
              f"sur {len(files)} fichiers")
        for line in wrong:
            print("  ✗", line)
    assert accuracy >= TARGET, "\n".join(wrong)


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_every_found_field_has_evidence(path: Path) -> None:
    got = extract_file(path)
    for field in FIELDS:
        if got[field] not in (None, []):
            evidence = got["evidence"][field]
            assert evidence["page"] >= 1 and evidence["text"].strip(), field
