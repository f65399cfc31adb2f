"""What the mémoire service tests share: the demo workspace, and a confidential citation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from responder.domain.library import Reference
from responder.domain.tender import Tender
from responder.services.demo import create_demo
from responder.services.memoire import MemoireService
from responder.services.workspace import Session

TODAY = date(2026, 12, 1)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Session]:
    """The demo workspace of ``TODAY``."""
    session = create_demo(tmp_path / "demo.responder", today=TODAY)
    yield session
    session.close()


def cite_confidential(session: Session, tender: Tender, *, with_plain: bool = False) -> Reference:
    """Cite the demo's confidential reference (after a plain one when asked) in the first
    level-2 section of ``tender``'s mémoire; returns the confidential reference."""
    assert tender.id is not None
    service = MemoireService(session)
    refs = session.references.list()
    secret = next(r for r in refs if r.confidential)
    plain = [next(r for r in refs if not r.confidential)] if with_plain else []
    memoire = service.outline(tender.id)
    key = next(s.key for s in memoire.sections if s.level == 2)
    service.set_references(memoire, key, [r.id or 0 for r in (*plain, secret)])
    return secret
