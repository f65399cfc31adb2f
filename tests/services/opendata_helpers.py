"""What the open-data tests (BOAMP watch list, DECP) share: the sample files and a workspace
holding the structure that answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from responder.domain.enums import EssStatus
from responder.domain.structure import Structure
from responder.services.workspace import Session, open_session

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "opendata"
OURS = "07823456400017"


def ressourcerie(path: Path, statuses: list[EssStatus], **address: Any) -> Session:
    """A new workspace at ``path`` with the Ressourcerie du Pont-Vieux (SIRET ``OURS``)."""
    session = open_session(path)
    session.structures.add(Structure(
        name="Ressourcerie du Pont-Vieux", siret=OURS, ess_statuses=statuses,
        address=address,  # type: ignore[arg-type]
    ))
    return session


def structure_id(session: Session) -> int:
    """The id of the workspace's (first) structure."""
    sid = session.structures.list()[0].id
    assert sid is not None
    return sid
