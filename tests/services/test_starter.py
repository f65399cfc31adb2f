"""Starter text blocks: shipped, added once to a new structure, their markers reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from responder.domain.memoire import TO_COMPLETE_PATTERN, AttentionCode
from responder.services.memoire import MemoireService
from responder.services.starter import StarterService, starter_blocks
from tests.helpers import new_session, session_with_tender, workspace_session

ROOT = Path(__file__).resolve().parents[2]
#: The sections every buyer expects (issue list), by category.
EXPECTED = {
    "Présentation de la structure": "presentation",
    "Compréhension du besoin": "comprehension",
    "Méthodologie d'intervention": "methodologie",
    "Moyens humains et encadrement": "moyens_humains",
    "Accompagnement socio-professionnel": "insertion",
    "Qualité, santé et sécurité": "qualite",
    "Démarche environnementale": "environnement",
    "Clause d'insertion": "insertion",
}


def test_the_starter_blocks_are_models_to_adapt() -> None:
    blocks = starter_blocks()
    assert {b.title.removeprefix("Modèle – "): b.category.value for b in blocks} == EXPECTED
    for block in blocks:
        assert TO_COMPLETE_PATTERN.search(block.body), block.title
        assert len(block.body.split()) > 60  # a real starting text, not a title
        assert block.last_reviewed is None  # listed « à relire » once added


def test_added_once_to_a_new_structure(tmp_path: Path) -> None:
    with workspace_session(tmp_path / "w.responder") as (session, sid):
        service = StarterService(session)
        assert len(service.missing(sid)) == 8
        added = service.add(sid)
        assert len(added) == 8 and all(b.structure_id == sid for b in added)
        assert service.add(sid) == [] and service.missing(sid) == []
        assert session.text_blocks.count(sid) == 8


def test_memoire_check_reports_the_markers_until_replaced(tmp_path: Path) -> None:
    with session_with_tender(tmp_path / "w.responder") as (session, tender):
        assert tender.structure_id is not None
        added = StarterService(session).add(tender.structure_id)
        service = MemoireService(session)
        memoire = service.outline(tender.id)
        key = memoire.sections[0].key
        block = next(b for b in added if "Présentation" in b.title)
        memoire = service.insert_block(memoire, key, block.id or 0)
        points = [p for p in service.check(memoire) if p.code == AttentionCode.TO_COMPLETE]
        assert len(points) == 1 and points[0].section_key == key
        count = len(TO_COMPLETE_PATTERN.findall(block.body))
        assert f"{count} mention(s)" in points[0].message_fr
        section = memoire.section(key)
        assert section is not None
        section.blocks[0].body = TO_COMPLETE_PATTERN.sub("Ressourcerie", block.body)
        memoire = service.save(memoire)
        assert not [p for p in service.check(memoire) if p.code == AttentionCode.TO_COMPLETE]


def test_cli_blocks_starter(tmp_path: Path) -> None:
    path = tmp_path / "w.responder"
    session, _sid = new_session(path)
    session.close()

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "responder", "blocks", "starter", "--workspace", str(path)],
            capture_output=True, text=True, cwd=ROOT, timeout=120)

    first = run()
    assert first.returncode == 0, first.stderr
    assert "Modèle – Clause d'insertion" in first.stdout and "8 texte(s)" in first.stderr
    second = run()
    assert second.returncode == 0 and "0 texte(s)" in second.stderr
