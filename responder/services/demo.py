"""The demo workspace: a fictitious insertion association of the Gard with live-looking data.

Dates in ``resources/demo/demo.json`` are written relative to its ``anchor_date``; they are
shifted by whole weeks to today, so weekdays stay the same and the demo never looks stale.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..domain.library import Reference, TextBlock
from ..domain.structure import Partner, Structure
from ..domain.tender import Tender
from ..domain.vault import AdminDocument
from ..paths import resources_dir
from ..storage.db import WorkspaceError
from ..storage.listing import DEMO_KEY
from .structures import StructureService
from .workspace import Session, open_session

#: Workspace setting marking a demo workspace (its data is fictitious).
#: File name of the demo workspace created from the welcome page, beside the default one.
DEMO_FILE = "exemple.responder"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")


def demo_file() -> Path:
    """The demo data file shipped in ``resources/demo``."""
    return resources_dir() / "demo" / "demo.json"


def week_shift(anchor: date, today: date) -> timedelta:
    """The whole number of weeks that brings ``anchor`` closest to ``today``."""
    weeks = round((today - anchor).days / 7)
    return timedelta(weeks=weeks)


#: Tender fields that are deadlines or appointments: never on a public holiday.
_DEADLINE_FIELDS = (
    "deadline", "questions_deadline", "site_visit_at", "candidatures_deadline", "invitation_on"
)


def _day(value: Any) -> date | None:
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value[:10])
    return None


def _past_dates(raw: dict[str, Any], anchor: date) -> list[date]:
    """Dates that are in the past on the anchor day: they must stay in the past."""
    found: list[date] = []
    for reference in raw.get("references", []):
        found += [d for k in ("start", "end") if (d := _day(reference.get(k))) and d <= anchor]
    for block in raw.get("text_blocks", []):
        found += [d for d in [_day(block.get("last_reviewed"))] if d and d <= anchor]
    for document in raw.get("documents", []):
        found += [d for d in [_day(document.get("issued_on"))] if d and d <= anchor]
    return found


def _deadline_dates(raw: dict[str, Any]) -> list[date]:
    return [
        d for tender in raw.get("tenders", []) for k in _DEADLINE_FIELDS
        if (d := _day(tender.get(k))) is not None
    ]


def demo_shift(raw: dict[str, Any], anchor: date, today: date) -> timedelta:
    """The whole number of weeks to shift the demo by: the closest to ``today`` such that no
    tender deadline falls on a public holiday (weekdays are kept by whole weeks, but 18
    December + 1 week is Christmas) and no date that was past at the anchor lies after
    ``today`` (a finished reference ending next week would look absurd)."""
    from ..domain.deadlines import WorkingCalendar  # holidays: loaded only here

    calendar = WorkingCalendar()
    base = week_shift(anchor, today)
    past = _past_dates(raw, anchor)
    deadlines = _deadline_dates(raw)
    for step in (0, -1, 1, -2, 2, -3, 3, -4, 4):
        delta = base + timedelta(weeks=step)
        if any(d + delta > today for d in past):
            continue
        if any(calendar.is_holiday(d + delta) for d in deadlines):
            continue
        return delta
    return base


def _shift(value: Any, delta: timedelta) -> Any:
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        if "T" in value:
            return (datetime.fromisoformat(value) + delta).isoformat()
        return (date.fromisoformat(value) + delta).isoformat()
    return value


def load_demo_data(today: date | None = None) -> dict[str, Any]:
    """The demo data with its dates shifted to ``today`` (default: the real today)."""
    raw = json.loads(demo_file().read_text(encoding="utf-8"))
    anchor = date.fromisoformat(raw.pop("anchor_date"))
    delta = demo_shift(raw, anchor, today or date.today())
    shifted: dict[str, Any] = _shift(raw, delta)
    years = round(delta.days / 365.25)
    for entry in shifted["structure"].get("turnover", []):
        entry["year"] += years  # the last three closed years stay the last three
    return shifted


def fill_demo(session: Session, today: date | None = None) -> Structure:
    """Add the demo structure and everything it owns to an open workspace; returns it."""
    data = load_demo_data(today)
    with session.ws.transaction():
        structure = session.structures.add(Structure.model_validate(data["structure"]))
        sid = structure.id
        for item in data.get("tenders", []):
            session.tenders.add(Tender.model_validate({**item, "structure_id": sid}))
        for item in data.get("references", []):
            session.references.add(Reference.model_validate({**item, "structure_id": sid}))
        for item in data.get("text_blocks", []):
            session.text_blocks.add(TextBlock.model_validate({**item, "structure_id": sid}))
        for item in data.get("partners", []):
            session.partners.add(Partner.model_validate({**item, "structure_id": sid}))
        for item in data.get("documents", []):
            session.documents.add(AdminDocument.model_validate({**item, "structure_id": sid}))
        _add_outcomes(session, data.get("outcomes", []), sid)
    assert sid is not None
    session.ws.set_setting(DEMO_KEY, "1")  # the window shows « exemple » on every page
    StructureService(session).set_current(sid)
    _link_groupements(session, structure)
    return structure


def _add_outcomes(session: Session, items: list[dict[str, Any]], sid: int | None) -> None:
    """The demo's recorded decisions, each attached to its dossier by title."""
    from ..domain.outcome import LotOutcome
    from ..storage.outcomes import OutcomeRepository

    ids = {t.title: t.id for t in session.tenders.list(sid)}
    repo = OutcomeRepository(session.ws)
    for item in items:
        fields = {k: v for k, v in item.items() if k != "tender_title"}
        tender_id = ids.get(item.get("tender_title", ""))
        if tender_id is not None:
            repo.add(LotOutcome.model_validate({**fields, "tender_id": tender_id,
                                                "structure_id": sid}))


def _link_groupements(session: Session, structure: Structure) -> None:
    """Point the demo groupements' members at the structure and partners (by SIRET), and
    give each dossier's checklist its members (their DC2 and attestations)."""
    from .groupement import GroupementService  # late: the groupement service loads docxtpl

    partners = {p.siret: p.id for p in session.partners.list(structure.id) if p.siret}
    service = GroupementService(session)
    for tender in session.tenders.list(structure.id):
        if tender.groupement is None or tender.id is None:
            continue
        members = [
            {**m.model_dump(), "structure_id": structure.id if m.siret == structure.siret
             else None, "partner_id": partners.get(m.siret)}
            for m in tender.groupement.members
        ]
        service.save(tender.id, {**tender.groupement.model_dump(), "members": members})
        # The demo's author chose these forms: the tab shows them (not « choisissez »).
        session.ws.set_setting(f"groupement_form_chosen:{tender.id}", "1")


def create_demo(path: Path | str, today: date | None = None) -> Session:
    """Create a new demo workspace at ``path`` and return it open.

    Refuses (``WorkspaceError``) to write into a file that already exists, so a user's real
    workspace is never mixed with demo data.
    """
    path = Path(path).expanduser()
    if path.exists():
        raise WorkspaceError(
            f"« {path} » existe déjà : choisissez un autre nom de fichier pour l'espace de "
            "démonstration (il ne remplace jamais un espace existant)."
        )
    session = open_session(path)
    try:
        fill_demo(session, today)
    except BaseException:
        session.close()
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return session


def ensure_workspace(path: Path) -> bool:
    """Create the demo workspace at ``path`` if nothing is there yet (first launch).

    Returns True when the demo was created.
    """
    if path.exists():
        return False
    create_demo(path).close()
    return True


def is_demo(session: Session) -> bool:
    """True for a workspace filled by ``fill_demo`` (fictitious data)."""
    return session.ws.setting(DEMO_KEY) == "1"
