"""Item 9: control characters in any text no longer crash ``memoire build`` (lxml)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from responder.domain.common import clean_text, french_errors
from responder.domain.library import TextBlock
from responder.domain.tender import Tender
from responder.services.memoire import MemoireService

from ..helpers import tender_data
from .helpers import cli, exported_dossier

HOSTILE = "Jardins\x00 & Cie\x01 <3\x0bligne\x1b suivante\ufffe\uffff fin"


def test_item09_models_strip_what_a_document_cannot_hold() -> None:
    block = TextBlock(title="Titre\x1b", body=HOSTILE)
    assert block.title == "Titre"
    assert block.body == "Jardins & Cie <3\nligne suivante fin"
    tender = Tender.model_validate(tender_data(title="Collecte\x00 des encombrants"))
    assert tender.title == "Collecte des encombrants"
    tender.buyer = "Ville\x0c d'Alès"  # on assignment too
    assert tender.buyer == "Ville\n d'Alès"
    assert clean_text("tab\tet\nretour\r") == "tab\tet\nretour\r"
    with pytest.raises(ValidationError) as info:  # a lone surrogate cannot be stored: refused
        TextBlock(title="Titre", body="demi\ud800caractère")
    assert "caractère invalide" in french_errors(info.value)["body"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_item09_clean_text_leaves_only_xml_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert all(
        ch in "\t\n\r" or (0x20 <= ord(ch) <= 0xD7FF) or (0xE000 <= ord(ch) <= 0xFFFD)
        or ord(ch) >= 0x10000
        for ch in cleaned
    )


def test_item09_memoire_build_with_control_characters_writes_a_readable_docx(
    tmp_path: Path,
) -> None:
    session, tender_id, _ = exported_dossier(tmp_path)
    try:
        sid = session.tenders.get(tender_id).structure_id  # type: ignore[union-attr]
        block = session.text_blocks.add(
            TextBlock(structure_id=sid, title="Piège\x1b", body=HOSTILE)
        )
        memoires = MemoireService(session)
        memoire = memoires.outline(tender_id)
        memoires.insert_block(memoire, memoire.sections[0].key, block.id or 0)
        workspace = session.path
    finally:
        session.close()
    out = tmp_path / "memoire.docx"
    result = cli("--workspace", workspace, "memoire", "build", str(tender_id), "--out", out,
                 "--allow-confidential")  # the exported dossier cites a confidential reference
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Jardins & Cie <3" in text and "\x00" not in text
