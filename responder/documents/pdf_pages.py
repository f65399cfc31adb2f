"""Text of a PDF's pages with pypdf, spread over several processes for long documents.

pypdf's text extraction is pure Python (~30 ms a page here): an 80-page RC took ~3 s on one
core. Pages are split into contiguous ranges; the first range is read in this process while
the others run in worker processes (``spawn``: safe from the GUI's worker thread, and what a
frozen bundle supports with ``multiprocessing.freeze_support()``). Any failure of the pool
falls back to reading every page here, so the result never depends on it.

This module imports nothing of ours and only pypdf, so a worker starts quickly.
"""

from __future__ import annotations

import io
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

#: Below this many pages, starting processes costs more than it saves.
PARALLEL_MIN_PAGES = 24
#: At most this many processes (including this one).
MAX_WORKERS = 4


def open_reader(data: bytes) -> Any:
    """A ``PdfReader`` on ``data``, decrypted with the empty password when protected."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    return reader


def pages_text(data: bytes, start: int, stop: int) -> list[str]:
    """Text of pages ``start`` to ``stop - 1`` (a worker's share; also used in-process)."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    reader = open_reader(data)
    return [reader.pages[i].extract_text() or "" for i in range(start, stop)]


def _free_cores() -> int:
    """Cores not already busy: on a loaded machine, extra processes only add their start-up
    cost (measured: 2.5 × slower than one process at load 5 on 2 cores)."""
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        load = 0.0
    return max(1, min(cores, round(cores - load + 0.49)))


def extract_pages(reader: Any, data: bytes, *, min_pages: int = PARALLEL_MIN_PAGES) -> list[str]:
    """Text of every page of ``reader`` (opened on ``data``), in page order."""
    count = len(reader.pages)
    workers = min(MAX_WORKERS, _free_cores(), count)
    if count < min_pages or workers < 2:
        return [page.extract_text() or "" for page in reader.pages]
    bounds = [count * k // workers for k in range(workers + 1)]
    ranges = list(zip(bounds[:-1], bounds[1:], strict=True))
    try:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            futures = [pool.submit(pages_text, data, start, stop) for start, stop in ranges[1:]]
            first = [reader.pages[i].extract_text() or "" for i in range(*ranges[0])]
            rest = [text for future in futures for text in future.result()]
        return first + rest
    except Exception:  # noqa: BLE001 - a pool problem must never lose the document
        return [page.extract_text() or "" for page in reader.pages]
