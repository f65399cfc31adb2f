"""Builders shared by tests (real models, real workspaces)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from responder.domain.structure import Structure
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
