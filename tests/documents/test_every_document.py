"""Every generated document: read back with python-docx, French typography, LibreOffice PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from responder.services.checklist import ChecklistService
from responder.services.demo import create_demo
from responder.services.groupement import GroupementService
from responder.services.memoire import MemoireService
from responder.services.workspace import Session

TODAY = date(2026, 12, 1)
#: A plain (breakable) space before « : ; ! ? » or inside « », forbidden in French typography.
BAD_SPACING = re.compile(r" [:;!?]| »|« ")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("documents")
    session: Session = create_demo(folder / "demo.responder", today=TODAY)
    try:
        tenders = session.tenders.list()
        grouped = next(t for t in tenders if t.groupement is not None)
        alone = next(t for t in tenders if t.groupement is None)
        assert grouped.id is not None and alone.id is not None
        memoires = MemoireService(session)
        groupement = GroupementService(session)
        yield {
            "memoire-standard": memoires.render(grouped.id, folder / "ms.docx",
                                                template="standard", today=TODAY),
            "memoire-insertion": memoires.render(alone.id, folder / "mi.docx",
                                                 template="insertion", today=TODAY),
            "convention": groupement.write_convention(grouped.id, folder / "convention.docx"),
            "dc1": groupement.write_dc1(grouped.id, folder / "dc1.docx"),
            "dc4": groupement.write_dc4(grouped.id, "Arbor", folder / "dc4.docx"),
            "bordereau": ChecklistService(session).export(grouped.id, folder / "b.docx", TODAY),
        }
    finally:
        session.close()


def _texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for t in document.tables for r in t.rows for c in r.cells
              for p in c.paragraphs]
    texts += [p.text for s in document.sections for p in s.footer.paragraphs]
    return texts


def test_every_document_has_french_spacing(documents: dict[str, Path]) -> None:
    for name, path in documents.items():
        texts = _texts(path)
        assert any("\u00a0:" in t for t in texts), name  # generated sentences with a colon
        bad = [t for t in texts if BAD_SPACING.search(t)]
        assert not bad, (name, bad[:3])
        assert not any("{{" in t or "{%" in t for t in texts), name


def test_every_table_row_stays_on_one_page_and_headers_repeat(
    documents: dict[str, Path]
) -> None:
    for name, path in documents.items():
        document = docx.Document(str(path))
        for table in document.tables:
            rows = table.rows
            for row in rows:
                tr_pr = row._tr.trPr
                assert tr_pr is not None and tr_pr.find(docx.oxml.ns.qn("w:cantSplit")) \
                    is not None, name
            if len(rows) > 1:
                assert rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None, name
            # What Word would « repair »: one trPr per row, before the cells (CT_Row order).
            for row in rows:
                tags = [child.tag.split("}")[1] for child in row._tr]
                assert tags.count("trPr") == 1, (name, tags)
                assert tags.index("trPr") <= (1 if tags[0] == "tblPrEx" else 0), (name, tags)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent (optionnel)")
def test_libreoffice_converts_every_document(
    documents: dict[str, Path], tmp_path: Path
) -> None:
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *(str(p) for p in documents.values())],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    for name, path in documents.items():
        pdf = tmp_path / (path.stem + ".pdf")
        assert pdf.is_file(), (name, result.stdout, result.stderr)
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 1
        first = reader.pages[0].extract_text()
        assert first.strip(), name
    convention = PdfReader(str(tmp_path / "convention.pdf"))
    last = convention.pages[-1].extract_text()
    assert f"sur {len(convention.pages)}" in last  # « page x sur y » computed by LibreOffice
