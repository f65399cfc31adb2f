"""Render every generated document of the demo workspace and keep one page of each as a PNG.

Run ``.venv/bin/python scripts/make_document_pages.py`` (LibreOffice and pdftoppm needed):
it builds a demo workspace in a temporary folder, fills the mémoires with the demo's text
blocks and references, writes the mémoire (both templates), the convention de groupement,
the DC1 table, a DC4 and the bordereau, converts each with LibreOffice and writes
``docs/document-*.png``. Look at them before committing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from responder.services.checklist import ChecklistService  # noqa: E402
from responder.services.demo import create_demo  # noqa: E402
from responder.services.groupement import GroupementService  # noqa: E402
from responder.services.memoire import MemoireService  # noqa: E402

DOCS = ROOT / "docs"


def _fill(memoire_service: MemoireService, tender_id: int, session: object) -> None:
    """Put the demo's text blocks and non-confidential references in the sections."""
    memoire = memoire_service.outline(tender_id)
    blocks = session.text_blocks.list()  # type: ignore[attr-defined]
    refs = [r for r in session.references.list() if not r.confidential]  # type: ignore[attr-defined]
    leaves = [s for s in memoire.sections if s.level == 2] or memoire.sections
    wanted = ("methodologie", "moyens_humains", "environnement", "insertion")
    for section, category in zip(leaves, wanted, strict=False):
        block = next((b for b in blocks if b.category.value == category), None)
        if block is not None and block.id is not None:
            memoire = memoire_service.insert_block(memoire, section.key, block.id)
    memoire_service.set_references(memoire, leaves[0].key, [r.id or 0 for r in refs[:3]])


def _page(docx: Path, page: int, name: str, work: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    str(docx)], check=True, capture_output=True, timeout=180)
    pdf = work / (docx.stem + ".pdf")
    prefix = work / name
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(prefix)], check=True, timeout=60)
    target = DOCS / f"{name}.png"
    shutil.copyfile(prefix.with_suffix(".png"), target)
    return target


def main() -> None:
    """Write docs/document-*.png."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        session = create_demo(work / "demo.responder", today=date.today())
        try:
            tenders = session.tenders.list()
            grouped = next(t for t in tenders if t.groupement is not None)
            alone = next(t for t in tenders if t.groupement is None and t.criteria)
            assert grouped.id is not None and alone.id is not None
            memoires = MemoireService(session)
            _fill(memoires, alone.id, session)
            _fill(memoires, grouped.id, session)
            groupement = GroupementService(session)
            docs = {
                "document-memoire-groupement": (memoires.render(
                    grouped.id, work / "memoire-groupement.docx", template="standard"), 3),
                "document-memoire-insertion": (memoires.render(
                    alone.id, work / "memoire-insertion.docx", template="insertion"), 3),
                "document-convention": (groupement.write_convention(
                    grouped.id, work / "convention.docx"), 1),
                "document-dc1": (groupement.write_dc1(grouped.id, work / "dc1.docx"), 1),
                "document-dc4": (groupement.write_dc4(
                    grouped.id, "Arbor", work / "dc4.docx"), 1),
                "document-bordereau": (ChecklistService(session).export(
                    grouped.id, work / "bordereau.docx"), 1),
            }
        finally:
            session.close()
        for name, (path, page) in docs.items():
            print(_page(path, page, name, work))


if __name__ == "__main__":
    main()
