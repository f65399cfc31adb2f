"""A demo dossier with every part filled: checklist with a file, mémoire, references, texts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from responder.domain.library import Reference, TextBlock
from responder.services.checklist import ChecklistService
from responder.services.demo import create_demo
from responder.services.memoire import MemoireService
from responder.services.workspace import Session


def rich_demo(path: Path, tmp: Path) -> tuple[Session, int]:
    """The demo workspace; its groupement dossier gets a mémoire, texts, references, a file."""
    session = create_demo(path)
    tender = next(t for t in session.tenders.list() if t.groupement is not None)
    assert tender.id is not None and tender.structure_id is not None
    sid = tender.structure_id
    public = session.references.add(
        Reference(structure_id=sid, title="Entretien du parc Chabaud", buyer_name="Ville d'Alès")
    )
    secret = session.references.add(
        Reference(structure_id=sid, title="Marché privé", buyer_name="Client X",
                  confidential=True)
    )
    block = session.text_blocks.add(
        TextBlock(structure_id=sid, title="Notre accompagnement", body="Jardins & Cie <3")
    )
    memoires = MemoireService(session)
    memoire = memoires.outline(tender.id)
    key = memoire.sections[0].key
    memoire = memoires.set_references(memoire, key, [public.id or 0, secret.id or 0])
    memoires.insert_block(memoire, key, block.id or 0)
    checklists = ChecklistService(session)
    checklist = checklists.generate(tender.id)
    attestation = tmp / "attestation-urssaf.pdf"
    attestation.write_bytes(b"%PDF-1.4 attestation de vigilance " * 50)
    checklists.attach_file(tender.id, checklist.items[0].uid, attestation)
    return session, tender.id


def dump_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a workspace file (FTS shadow tables included)."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
    finally:
        conn.close()
