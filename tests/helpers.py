"""Builders shared by tests (real models, real workspaces)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from responder.domain.law import RuleBook
from responder.domain.structure import Structure
from responder.domain.tender import Tender
from responder.services.workspace import Session, open_session


def tender_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid tender as form/JSON data."""
    data: dict[str, Any] = {
        "title": "Collecte et réemploi des encombrants — Jardins & Cie",
        "buyer": "Communauté d'agglomération Nîmes Métropole",
        "reference": "2026-DECH-014",
        "procedure": "mapa",
        "market_type": "services",
        "lots": [
            {"number": 1, "title": "Collecte en déchèterie", "estimated_amount": "85000",
             "reserved": "L2113-13"},
            {"number": 2, "title": "Valorisation et revente", "estimated_amount": 40000.5},
        ],
        "cpv_codes": ["90511000-2", "90514000"],
        "platform_url": "https://marches.example.fr/consultation/14",
        "published_on": "2026-11-20",
        "deadline": "2026-12-18T12:00:00",
        "questions_deadline": "2026-12-10T12:00:00",
        "site_visit": "facultative",
        "offer_validity_days": 120,
        "variants": "interdites",
        "groupement_form": "libre",
        "criteria": [
            {"name": "Valeur technique", "weight": 60, "sub_criteria": [
                {"name": "Méthodologie", "weight": 30},
                {"name": "Moyens humains", "weight": 20},
                {"name": "Insertion", "weight": 10},
            ]},
            {"name": "Prix", "weight": 40},
        ],
        "page_limit": 15,
        "status": "en_preparation",
        "notes": "Visite prévue le 4 décembre.",
    }
    data.update(overrides)
    return data


def new_session(path: Path, name: str = "Ressourcerie des Garrigues") -> tuple[Session, int]:
    """Open a fresh workspace at ``path`` holding one structure; returns it and its id."""
    session = open_session(path)
    structure = session.structures.add(Structure(name=name, siret="732 829 320 00074"))
    assert structure.id is not None
    return session, structure.id


def at(text: str) -> datetime:
    """``datetime.fromisoformat`` shortcut."""
    return datetime.fromisoformat(text)


def docx_text(path: Path) -> str:
    """The text of a .docx as a reader sees it: paragraphs, then table rows (« a | b »)."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def groupement_demo(tmp_path: Path) -> Iterator[tuple[Session, int]]:
    """The demo workspace (1 December 2026) and the id of its dossier with a groupement;
    closed after use (``yield from`` it in a fixture)."""
    from datetime import date

    from responder.services.demo import create_demo

    session = create_demo(tmp_path / "demo.responder", today=date(2026, 12, 1))
    tender = next(t for t in session.tenders.list() if t.groupement is not None)
    assert tender.id is not None
    yield session, tender.id
    session.close()


def service_and_groupement(session: Session, tender_id: int) -> tuple[Any, Any]:
    """The groupement service of ``session`` and the groupement of dossier ``tender_id``
    (which must have one)."""
    from responder.services.groupement import GroupementService

    service = GroupementService(session)
    groupement = service.get(tender_id)
    assert groupement is not None
    return service, groupement


def alone_with_a_subcontractor(session: Session) -> int:
    """A demo dossier answered alone (its « groupement » is the structure only) that
    sub-contracts the pruning to Arbor'Cévennes; its id."""
    from decimal import Decimal

    from responder.domain.groupement import SubContractor
    from responder.services.groupement import GroupementService

    tender = next(t for t in session.tenders.list() if t.groupement is None)
    assert tender.id is not None
    service = GroupementService(session)
    alone = service.start(tender.id)
    assert len(alone.members) == 1
    sub = SubContractor(name="Arbor'Cévennes", siret="90213457600005",
                        member=alone.members[0].uid, prestations="Élagage en grimpe",
                        amount_ttc=Decimal("12000"))
    service.save(tender.id, alone.model_copy(update={"subcontractors": [sub]}))
    return tender.id


@contextmanager
def session_with_tender(path: Path, **overrides: Any) -> Iterator[tuple[Session, Tender]]:
    """A fresh workspace at ``path`` (one structure) holding the tender of
    :func:`tender_data` with ``overrides``; the session is closed on leaving."""
    session, sid = new_session(path)
    try:
        tender = session.tenders.add(
            Tender.model_validate(tender_data(structure_id=sid, **overrides))
        )
        assert tender.id is not None
        yield session, tender
    finally:
        session.close()


def shipped_rules() -> RuleBook:
    """The rules file shipped in ``resources/rules``, read directly (no service cache)."""
    from responder.paths import resources_dir

    return RuleBook.from_json((resources_dir() / "rules" / "rules.json").read_text("utf-8"))


def open_workspace_session(tmp_path: Path) -> Iterator[Session]:
    """A fresh workspace (its default structure) in ``tmp_path``, closed after use
    (``yield from`` it in a fixture)."""
    opened = open_session(tmp_path / "espace.responder")
    yield opened
    opened.close()


@contextmanager
def workspace_session(path: Path, name: str = "Ressourcerie des Garrigues"
                      ) -> Iterator[tuple[Session, int]]:
    """:func:`new_session` as a context: the session is closed on leaving."""
    session, structure_id = new_session(path, name)
    try:
        yield session, structure_id
    finally:
        session.close()


def odt_file(path: Path, content: str | bytes) -> Path:
    """An ODT file at ``path`` holding ``content`` as its content.xml."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return path
