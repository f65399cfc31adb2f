"""How many pages a document has, and how we know it.

Three ways, in this order:

- a PDF: its page count (pypdf);
- a .docx saved by Word or LibreOffice: the ``Pages`` its writer stored in
  ``docProps/app.xml``. Only trusted when the caller says the file was written by one of
  them (an attached file) and the property looks written by a real layout (``Words`` > 0):
  a document generated from a template (docxtpl, python-docx) keeps the *template's* figure;
- otherwise a LibreOffice conversion to PDF (``soffice --headless``), when installed; its
  result is kept by content (``content_key``) in the user's cache folder, so the pack that
  follows a check does not convert the same mémoire again.

When none applies the count is unknown (``method == "non_compte"``) and the caller says so.
Thread contract: pure file work; safe in a background thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

#: How long a LibreOffice conversion may take before we give up (a 30-page mémoire: ~2 s).
CONVERSION_TIMEOUT_S = 120

METHOD_LABELS = {
    "pdf": "nombre de pages du PDF",
    "proprietes": "nombre de pages enregistré par Word ou LibreOffice dans le document",
    "libreoffice": "conversion en PDF par LibreOffice",
    "non_compte": "non compté (LibreOffice absent)",
}


@dataclass(frozen=True)
class PageCount:
    """A page count and the method that gave it (``pages`` is None when not counted)."""

    pages: int | None
    method: str

    @property
    def method_fr(self) -> str:
        """The method in French, for the check and LISEZ-MOI.txt."""
        return METHOD_LABELS.get(self.method, self.method)


def soffice_path() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(path: Path) -> int:
    """Pages of a PDF file."""
    from .pdf_pages import open_reader

    return len(open_reader(path.read_bytes()).pages)


def declared_pages(path: Path) -> int | None:
    """``Pages`` of ``docProps/app.xml`` when Word or LibreOffice wrote it, else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("docProps/app.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    application = re.search(r"<Application>([^<]*)</Application>", xml)
    pages = re.search(r"<Pages>(\d+)</Pages>", xml)
    words = re.search(r"<Words>(\d+)</Words>", xml)
    if application is None or pages is None:
        return None
    writer = application.group(1)
    if not ("Word" in writer or "LibreOffice" in writer):
        return None
    if words is None or int(words.group(1)) == 0:
        return None  # python-docx's stock properties: « 1 page, 0 words »
    return int(pages.group(1))


def _profile_dir() -> Path:
    """Where the LibreOffice profile used for counting is kept between conversions.

    Creating a fresh profile costs about a second on each conversion; kept in the user's
    cache folder, the next conversions start faster.
    """
    from platformdirs import user_cache_path

    return user_cache_path("Responder", appauthor=False) / "libreoffice-profile"


@contextmanager
def _profile() -> Iterator[Path]:
    """The shared profile when no other conversion uses it, else a throw-away one.

    A lock file guards the shared profile (LibreOffice refuses a profile in use); a lock
    older than two conversion timeouts is left by a crash and is taken over.
    """
    shared = _profile_dir()
    lock = shared.with_name("libreoffice-profile.lock")
    taken = False
    try:
        shared.parent.mkdir(parents=True, exist_ok=True)
        with suppress(OSError):
            if time.time() - lock.stat().st_mtime > 2 * CONVERSION_TIMEOUT_S:
                lock.unlink()
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        taken = True
    except OSError:
        taken = False
    if taken:
        try:
            yield shared
        finally:
            with suppress(OSError):
                lock.unlink()
        return
    with tempfile.TemporaryDirectory(prefix="responder-lo-") as tmp:
        yield Path(tmp)


def libreoffice_pages(path: Path, soffice: str) -> int | None:
    """Pages of ``path`` once converted to PDF by LibreOffice; None when it fails."""
    with tempfile.TemporaryDirectory(prefix="responder-pages-") as tmp, _profile() as profile:
        folder = Path(tmp)
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                check=True, capture_output=True, timeout=CONVERSION_TIMEOUT_S,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        pdf = folder / f"{path.stem}.pdf"
        if not pdf.is_file():
            return None
        try:
            return pdf_pages(pdf)
        except Exception:  # noqa: BLE001 - a damaged conversion is « not counted »
            return None


#: Page counts by document content (LibreOffice conversions are the slow part of a check,
#: and the pack that follows counts the same mémoire again).
_COUNTS: dict[str, int] = {}
_MAX_CACHED = 200


def content_key(path: Path) -> str | None:
    """A digest of what a .docx/.odt contains (its parts), not of the zip file itself: the
    same mémoire rendered a minute later differs only in the zip's timestamps."""
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                digest.update(name.encode("utf-8") + b"\0")
                digest.update(archive.read(name))
    except (OSError, zipfile.BadZipFile):
        return None
    return digest.hexdigest()


def _cache_file() -> Path:
    return _profile_dir().with_name("page-counts.json")


def _cached(key: str) -> int | None:
    if key not in _COUNTS:
        with suppress(OSError, ValueError, TypeError):
            stored = json.loads(_cache_file().read_text(encoding="utf-8"))
            if isinstance(stored, dict):
                _COUNTS.update({k: int(v) for k, v in stored.items()})
    return _COUNTS.get(key)


def _remember(key: str, pages: int) -> None:
    _COUNTS[key] = pages
    while len(_COUNTS) > _MAX_CACHED:
        _COUNTS.pop(next(iter(_COUNTS)))
    with suppress(OSError):  # a cache that cannot be written only costs time
        target = _cache_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_COUNTS), encoding="utf-8")
        os.replace(tmp, target)


def count_pages(
    path: Path, *, trust_properties: bool, soffice: str | None = None, use_soffice: bool = True
) -> PageCount:
    """The page count of a PDF, .docx or .odt file, with the method used."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        try:
            return PageCount(pdf_pages(path), "pdf")
        except Exception:  # noqa: BLE001 - unreadable PDF: not counted
            return PageCount(None, "non_compte")
    if trust_properties and suffix == ".docx":
        declared = declared_pages(path)
        if declared is not None:
            return PageCount(declared, "proprietes")
    command = soffice or (soffice_path() if use_soffice else None)
    if command is not None and suffix in (".docx", ".doc", ".odt", ".rtf"):
        key = content_key(path) if suffix in (".docx", ".odt") else None
        pages = _cached(key) if key else None
        if pages is None:
            pages = libreoffice_pages(path, command)
            if pages is not None and key:
                _remember(key, pages)
        if pages is not None:
            return PageCount(pages, "libreoffice")
    return PageCount(None, "non_compte")
