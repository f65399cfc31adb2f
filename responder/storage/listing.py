"""The dossier list of a workspace read straight from its file, for the window's first content.

At start-up the Consultations list is painted from this read, before the domain models
(pydantic) and the services are imported and the workspace is opened for real (lock,
migrations, recovery). It never writes: the file is opened read-only (SQLite may still
create the empty ``-wal`` / ``-shm`` companions a WAL workspace has while open; the real
opening, right after, makes them private as always), and anything unusual (a missing or
damaged file, an older or newer format, a row it cannot read) gives ``None``: the window then
waits for the real opening, which says what is wrong in French.

The current structure is chosen by ``current_structure``, which ``StructureService.current``
uses too (the one remembered in the workspace unless archived or deleted, else the first
active one).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.enums import Procedure, TenderStatus
from ..domain.tender_row import TenderRow
from .migrations import SCHEMA_VERSION

#: The workspace setting naming the structure the user works on.
CURRENT_STRUCTURE_KEY = "current_structure_id"
#: Prefix of the workspace settings holding a structure's state (archived, deleted).
STRUCTURE_STATE_PREFIX = "structure_state:"
#: The workspace setting marking the demo's fictitious data (``"1"``).
DEMO_KEY = "demo_workspace"

_ROWS = (
    "SELECT id, title, buyer, reference, status, deadline, "
    "json_extract(data, '$.procedure'), json_extract(data, '$.candidatures_deadline'), "
    "json_extract(data, '$.go_no_go.decision') "
    "FROM tenders WHERE structure_id = ? AND deleted_at IS NULL ORDER BY id"
)


@dataclass(frozen=True)
class Listing:
    """The current structure's name and its dossiers, in the list's stored order; ``demo``:
    the demo's fictitious data (the window says so above every page)."""

    structure_name: str
    tenders: tuple[TenderRow, ...]
    demo: bool = False


def read_listing(path: Path) -> Listing | None:
    """The current structure's dossier list as stored in the workspace at ``path``, or
    ``None`` when it cannot be read as is (see the module's note)."""
    if not Path(path).is_file():
        return None
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        return _read(conn)
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection) -> Listing | None:
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return None
    structure = current_structure(conn)
    if structure is None:
        return None  # an empty workspace: its first structure is created on opening
    structure_id, name = structure
    rows = [_row(*values) for values in conn.execute(_ROWS, (structure_id,))]
    # As ``TenderService.list``: soonest deadline first, undated last.
    rows.sort(key=lambda r: (r.deadline is None, r.deadline.isoformat() if r.deadline else "",
                             r.id))
    demo = conn.execute("SELECT value FROM settings WHERE key = ?", (DEMO_KEY,)).fetchone()
    return Listing(str(name), tuple(rows), demo=demo is not None and demo[0] == "1")


def current_structure(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """Id and name of the structure the user works on: the one remembered in the workspace
    (``CURRENT_STRUCTURE_KEY``) unless archived or deleted, else the first active one by id;
    ``None`` when there is none. ``ValueError`` for a remembered id that is not a number."""
    settings = dict(conn.execute(
        "SELECT key, value FROM settings WHERE key = ? OR key LIKE ?",
        (CURRENT_STRUCTURE_KEY, f"{STRUCTURE_STATE_PREFIX}%"),
    ).fetchall())
    hidden = {
        key.removeprefix(STRUCTURE_STATE_PREFIX) for key, value in settings.items()
        if key.startswith(STRUCTURE_STATE_PREFIX) and str(value).split(":", 1)[0] != ""
    }
    active = [(int(sid), str(name)) for sid, name in
              conn.execute("SELECT id, name FROM structures ORDER BY id")
              if str(sid) not in hidden]
    remembered = settings.get(CURRENT_STRUCTURE_KEY)
    for structure in active:
        if remembered is not None and str(structure[0]) == str(int(remembered)):
            return structure
    return active[0] if active else None


def _row(tender_id: int, title: str, buyer: str, reference: str, status: str,
         deadline: str | None, procedure: str | None, candidatures: str | None,
         decision: str | None) -> TenderRow:
    """One line; ``ValueError`` for a value the domain would refuse too."""
    return TenderRow(
        id=int(tender_id), title=str(title), buyer=str(buyer), reference=str(reference),
        procedure=Procedure(procedure) if procedure is not None else Procedure.MAPA,
        status=TenderStatus(status), deadline=_moment(deadline),
        candidatures_deadline=_moment(candidatures), no_go=decision == "no_go",
    )


def _moment(text: str | None) -> datetime | None:
    """A stored local date and time (naive, as the domain keeps them: a value with a time zone
    was not written by the app, and is left to the domain's reading)."""
    if text is None:
        return None
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is not None:
        raise ValueError("date et heure avec fuseau")
    return moment
