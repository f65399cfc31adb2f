"""Deadlines of the dossiers: plan per dossier, dashboard across dossiers, edits, .ics export.

Thread contract: every method reads or writes the workspace; call it from the thread that owns
the session (a GUI runs ``dashboard()`` in a background task and shows the returned models).
The returned models are plain pydantic objects with French display strings: a screen shows
them as they are.

Per-dossier edits (milestone dates, steps ticked off, groupement, decision dates) are stored as
a workspace setting ``retroplanning:<tender_id>`` (JSON, see docs/deadlines.md); the
Alsace-Moselle calendar as ``alsace_moselle:<structure_id>`` (« 1 » / « 0 »), defaulting to
the structure's department (57, 67, 68).

- :mod:`.rules`: the shipped rules file, read once;
- :mod:`.models`: the dashboard's rows and entries;
- :mod:`.standalone`: the plan of any deadline, without a workspace;
- :mod:`.service`: :class:`DeadlineService`, the plans of a workspace's dossiers and the
  user's stored edits.
"""

from __future__ import annotations

from .models import BUCKET_LABELS, Bucket, Dashboard, DashboardEntry, DossierRow
from .rules import load_rulebook, rules_file
from .service import (
    ALSACE_PREFIX,
    ICS_TOKEN_KEY,
    SETTING_PREFIX,
    DeadlineService,
    DossierDateSettings,
)
from .standalone import plan_for_deadline

__all__ = [
    "ALSACE_PREFIX",
    "BUCKET_LABELS",
    "ICS_TOKEN_KEY",
    "SETTING_PREFIX",
    "Bucket",
    "Dashboard",
    "DashboardEntry",
    "DeadlineService",
    "DossierDateSettings",
    "DossierRow",
    "load_rulebook",
    "plan_for_deadline",
    "rules_file",
]
