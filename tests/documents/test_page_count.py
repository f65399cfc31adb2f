"""Page counts of the mémoire: PDF, Word/LibreOffice properties, LibreOffice conversion."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from pypdf import PdfWriter

from responder.documents.page_count import count_pages, declared_pages

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Template></Template><TotalTime>12</TotalTime><Application>'
    "{app}</Application><Pages>{pages}</Pages><Words>{words}</Words></Properties>"
)


def three_pages(path: Path) -> Path:
    """A .docx of three pages (two hard page breaks), as python-docx writes it."""
    document = docx.Document()
    for index in range(3):
        document.add_paragraph(f"Partie {index + 1} du mémoire technique.")
        if index < 2:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def with_properties(source: Path, target: Path, **values: object) -> Path:
    """``source`` with its docProps/app.xml replaced, as Word or LibreOffice would save it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for entry in old.infolist():
            data = old.read(entry.filename)
            if entry.filename == "docProps/app.xml":
                data = APP_XML.format(**values).encode()
            new.writestr(entry, data)
    return target


def test_a_pdf_is_counted_by_its_pages(tmp_path: Path) -> None:
    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "memoire.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    counted = count_pages(path, trust_properties=True, use_soffice=False)
    assert (counted.pages, counted.method) == (5, "pdf")


def test_generated_docx_properties_are_never_trusted(tmp_path: Path) -> None:
    """python-docx keeps stock properties (« 1 page, 0 words, Microsoft Word »): a mémoire
    rendered from a template must not be reported as one page."""
    path = three_pages(tmp_path / "genere.docx")
    assert declared_pages(path) is None
    counted = count_pages(path, trust_properties=True, use_soffice=False)
    assert (counted.pages, counted.method) == (None, "non_compte")
    assert "non compté" in counted.method_fr


def test_word_or_libreoffice_page_count_is_read_from_the_file(tmp_path: Path) -> None:
    source = three_pages(tmp_path / "source.docx")
    saved = with_properties(source, tmp_path / "enregistre.docx",
                            app="LibreOffice/24.2.7.2$Linux_X86_64", pages=17, words=5230)
    counted = count_pages(saved, trust_properties=True, use_soffice=False)
    assert (counted.pages, counted.method) == (17, "proprietes")
    # Not written by Word or LibreOffice, or told not to trust it: not read.
    other = with_properties(source, tmp_path / "autre.docx", app="Autre", pages=17, words=9)
    assert declared_pages(other) is None
    assert count_pages(saved, trust_properties=False, use_soffice=False).method == "non_compte"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent (optionnel)")
def test_libreoffice_counts_the_pages_of_a_generated_docx(tmp_path: Path) -> None:
    counted = count_pages(three_pages(tmp_path / "genere.docx"), trust_properties=False)
    assert (counted.pages, counted.method) == (3, "libreoffice")


def test_a_count_is_reused_for_the_same_content_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack counts the mémoire the check just counted: same parts, same count, even
    though the zip was written at another time (its timestamps differ)."""
    import time

    from responder.documents import page_count

    monkeypatch.setattr(page_count, "_cache_file", lambda: tmp_path / "counts.json")
    monkeypatch.setattr(page_count, "_COUNTS", {})
    first = three_pages(tmp_path / "premier.docx")
    time.sleep(2.1)  # zip timestamps have a 2-second resolution
    second = three_pages(tmp_path / "second.docx")
    assert first.read_bytes() != second.read_bytes()
    key = page_count.content_key(first)
    assert key is not None and key == page_count.content_key(second)
    page_count._remember(key, 3)
    monkeypatch.setattr(page_count, "_COUNTS", {})  # another process: read from the disk
    counted = count_pages(second, trust_properties=False, soffice="/bin/false")
    assert (counted.pages, counted.method) == (3, "libreoffice")
    # Without a cached count, a converter that fails gives « non compté », never a guess.
    other = tmp_path / "autre.docx"
    doc = docx.Document()
    doc.add_paragraph("Autre contenu")
    doc.save(str(other))
    assert count_pages(other, trust_properties=False, soffice="/bin/false").pages is None
