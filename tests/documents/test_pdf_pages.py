"""Long PDFs are read by several processes; the text must not depend on it."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from responder.documents import pdf_pages

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rc"


def test_parallel_reading_gives_the_same_pages_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pdf = max(FIXTURES.glob("*.pdf"), key=lambda p: len(pdf_pages.open_reader(
        p.read_bytes()).pages))
    data = pdf.read_bytes()
    reader = pdf_pages.open_reader(data)
    assert len(reader.pages) >= 2, "the test needs a PDF of several pages"
    sequential = [page.extract_text() or "" for page in reader.pages]

    pools: list[int] = []

    class CountingPool(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pools.append(kwargs.get("max_workers", 0))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pdf_pages, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(pdf_pages.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pdf_pages.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    parallel = pdf_pages.extract_pages(reader, data, min_pages=1)
    assert pools == [1]  # one worker process beside this one
    assert parallel == sequential
    assert any(text.strip() for text in parallel)


def _read_with(monkeypatch: pytest.MonkeyPatch, pool: Any, load: float) -> None:
    """Read the largest RC fixture with ``pool`` as the process pool, on a 2-core machine
    at ``load``: the pages must be those read here in one process."""
    monkeypatch.setattr(pdf_pages, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(pdf_pages.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pdf_pages.os, "getloadavg", lambda: (load, load, load))
    pdf = max(FIXTURES.glob("*.pdf"), key=lambda p: p.stat().st_size)
    data = pdf.read_bytes()
    reader = pdf_pages.open_reader(data)
    expected = [page.extract_text() or "" for page in reader.pages]
    assert pdf_pages.extract_pages(reader, data, min_pages=1) == expected


def test_a_failing_pool_falls_back_to_reading_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise OSError("no processes here")

    _read_with(monkeypatch, broken, 0.0)


def test_a_busy_machine_reads_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("no worker process on a busy machine")

    _read_with(monkeypatch, no_pool, 3.5)
