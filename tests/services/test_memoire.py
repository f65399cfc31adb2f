"""The mémoire service on the demo workspace: outline, blocks, references, render, CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from responder.cli import main as cli_main
from responder.domain.enums import TenderStatus
from responder.domain.errors import InvalidInput
from responder.domain.tender import Tender
from responder.services.memoire import MemoireService
from responder.services.workspace import Session
from tests.services import memoire_fixtures
from tests.services.memoire_fixtures import TODAY

demo = memoire_fixtures.demo  # the shared fixture


def _preparing(session: Session) -> Tender:
    return next(t for t in session.tenders.list() if t.status == TenderStatus.EN_PREPARATION)


def test_demo_memoire_reads_back_with_headings_weights_references_and_dates(
    demo: Session, tmp_path: Path
) -> None:
    service = MemoireService(demo)
    tender = _preparing(demo)
    assert tender.id is not None
    memoire = service.outline(tender.id)
    refs = demo.references.list()
    memoire = service.set_references(memoire, "c1.2", [refs[1].id or 0, refs[0].id or 0])
    memoire.section("c1.1").text = "Pour la Communauté d'agglomération Gardon-Cèze."  # type: ignore[union-attr]
    service.save(memoire)
    for template in ("standard", "insertion"):
        out = service.render(tender.id, tmp_path / f"{template}.docx", template=template,
                             today=date(2026, 5, 12))
        doc = Document(str(out))
        headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        expected = [
            f"{i} {c.name} ({c.weight}\u00a0%)"
            for i, c in zip(
                ["1.", "1.1", "1.2", "1.3"],
                [tender.criteria[0], *tender.criteria[0].sub_criteria], strict=True,
            )
        ]
        assert headings[:4] == expected
        assert not any("Prix" in h for h in headings)
        texts = [p.text for p in doc.paragraphs]
        assert "12\u00a0mai 2026" in texts
        table = doc.tables[-1] if template == "standard" else doc.tables[-2]
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert rows[0] == ["Acheteur", "Objet", "Année", "Montant", "Rôle", "Impact"]
        assert [r[1] for r in rows[1:]] == [refs[1].title, refs[0].title]
        assert rows[2][3] == "64\u202f200,00\u00a0€\u00a0HT"


def test_structure_name_and_user_text_survive(demo: Session, tmp_path: Path) -> None:
    service = MemoireService(demo)
    tender = _preparing(demo)
    assert tender.id is not None and tender.structure_id is not None
    structure = demo.structures.get(tender.structure_id)
    assert structure is not None
    structure.name = "Les Jardins & Cie"
    demo.structures.update(structure)
    memoire = service.outline(tender.id)
    memoire.section("c1.1").text = (  # type: ignore[union-attr]
        'Délai < 48 h, "garanti" & suivi\nDeuxième ligne\n- puce **grasse**'
    )
    service.save(memoire)
    doc = Document(str(service.render(tender.id, tmp_path / "m.docx")))
    texts = [p.text for p in doc.paragraphs]
    assert "Les Jardins & Cie" in texts
    assert 'Délai < 48 h, "garanti" & suivi' in texts
    assert "Deuxième ligne" in texts
    bullet = next(p for p in doc.paragraphs if p.text == "puce grasse")
    assert bullet.style.name == "List Bullet"
    assert any(r.bold and r.text == "grasse" for r in bullet.runs)
    footer = doc.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Les Jardins & Cie – Mémoire technique")


def test_inserted_block_is_a_copy_and_its_use_is_counted(demo: Session) -> None:
    service = MemoireService(demo)
    tender = _preparing(demo)
    assert tender.id is not None
    block = demo.text_blocks.list()[0]
    assert block.id is not None
    memoire = service.insert_block(service.outline(tender.id), "c1.3", block.id)
    section = memoire.section("c1.3")
    assert section is not None and section.blocks[0].body == block.body
    section.blocks[0].body = "Texte adapté à Gardon-Cèze."
    service.save(memoire)
    assert demo.text_blocks.get(block.id).body == block.body  # type: ignore[union-attr]
    assert demo.text_blocks.get(block.id).use_count == block.use_count + 1  # type: ignore[union-attr]
    again = service.outline(tender.id)
    assert again.section("c1.3").blocks[0].body == "Texte adapté à Gardon-Cèze."  # type: ignore[union-attr]


def test_refresh_keeps_content_and_lot_memoires_are_separate(demo: Session) -> None:
    service = MemoireService(demo)
    tender = _preparing(demo)
    assert tender.id is not None
    memoire = service.outline(tender.id)
    memoire.section("c1.2").text = "Nos moyens."  # type: ignore[union-attr]
    service.save(memoire)
    refreshed = service.refresh_outline(tender.id)
    assert refreshed.section("c1.2").text == "Nos moyens."  # type: ignore[union-attr]
    lot2 = service.outline(tender.id, lot=2)
    assert lot2.id != refreshed.id and lot2.section("c1.2").text == ""  # type: ignore[union-attr]
    assert service.lots(tender.id) == [None, 2]
    with pytest.raises(InvalidInput) as err:
        service.outline(tender.id, lot=9)
    assert "pas de lot 9" in str(err.value)


def test_user_template_import_is_checked(demo: Session, tmp_path: Path) -> None:
    service = MemoireService(demo)
    bad = Document()
    bad.add_paragraph("{{ structure.name }} {{ signataire }}")
    bad_path = tmp_path / "maison.docx"
    bad.save(str(bad_path))
    with pytest.raises(InvalidInput) as err:
        service.import_template(bad_path)
    assert "« signataire »" in str(err.value)
    assert [t.name for t in service.templates()] == ["standard", "insertion"]
    good = Document()
    good.add_paragraph("{{ structure.name }} — {{ tender.title }}")
    good_path = tmp_path / "Maison.docx"
    good.save(str(good_path))
    info = service.import_template(good_path, "Modèle maison")
    assert info.name == "perso-maison" and info.path.is_file()
    tender = _preparing(demo)
    assert tender.id is not None
    out = service.render(tender.id, tmp_path / "o.docx", template="perso-maison")
    assert Document(str(out)).paragraphs[0].text.startswith("Ressourcerie du Pont-Vieux — ")


def test_cli_build_and_check(demo: Session, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    tender = _preparing(demo)
    path = str(demo.path)
    out = tmp_path / "cli.docx"
    assert cli_main(["memoire", "build", str(tender.id), "--template", "insertion",
                     "--out", str(out), "--workspace", path]) == 0
    assert out.is_file()
    assert cli_main(["memoire", "check", str(tender.id), "--json", "--workspace", path]) == 0
    points = json.loads(capsys.readouterr().out)
    assert {p["code"] for p in points} == {"vide"}
    assert cli_main(["memoire", "build", str(tender.id), "--template", "inconnu",
                     "--out", str(out), "--force", "--workspace", path]) == 1
    assert "Modèle inconnu" in capsys.readouterr().err


def _png(path: Path) -> Path:
    """A real 8×8 red PNG, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def test_logo_goes_on_the_title_page_and_bad_images_are_refused(
    demo: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tender = _preparing(demo)
    path = str(demo.path)
    out = tmp_path / "logo.docx"
    fake = tmp_path / "logo.png"
    fake.write_text("pas une image", encoding="utf-8")
    assert cli_main(["memoire", "build", str(tender.id), "--logo", str(fake), "--out", str(out),
                     "--workspace", path]) == 1
    assert "illisible" in capsys.readouterr().err and not out.exists()
    logo = _png(tmp_path / "vrai.png")
    assert cli_main(["memoire", "build", str(tender.id), "--logo", str(logo), "--out", str(out),
                     "--workspace", path]) == 0
    assert len(Document(str(out)).inline_shapes) == 1
    again = tmp_path / "again.docx"  # the logo is kept for the next mémoires
    MemoireService(demo).render(tender.id or 0, again)
    assert len(Document(str(again)).inline_shapes) == 1


def test_context_counts_the_words_of_the_memoire(demo: Session) -> None:
    service = MemoireService(demo)
    tender = _preparing(demo)
    assert tender.id is not None
    memoire = service.outline(tender.id)
    memoire.sections[0].text = "Cœur d'Alès : **équipe** n° 3\n- *tri* des flux, l’été"
    memoire.sections[-1].text = "de\u0301chets ½ ﬁn\n\n"
    context = service.context(memoire, TODAY)
    assert context["memoire"]["words"] == memoire.word_count() > 10
