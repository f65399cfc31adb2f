"""The requirement catalogue and a dossier's checklist of pieces (pure rules, no I/O).

The catalogue (``resources/catalogue/requirements.json``) describes each standard piece once:
stable key, French label, phase, who provides it in a groupement, explanation, legal basis,
and for attestations a validity rule. A ``Checklist`` is generated from a tender and its
members (the structure alone until the groupement builder feeds more), then edited by the
user; regeneration keeps every user edit.

- :mod:`.catalogue`: phases, providers, statuses, the standard pieces;
- :mod:`.items`: a dossier's checklist, its members and items;
- :mod:`.generate`: the items a tender calls for, merged with the user's edits;
- :mod:`.assess`: the validity of each piece, the rows shown and the progress.
"""

from __future__ import annotations

from ..enums import Due, ItemStatus, Phase, Provider
from .assess import (
    AttestationCheck,
    ChecklistRow,
    ChecklistView,
    Progress,
    assess,
    build_rows,
    lots_label,
    members_of_groupement,
    owner_label,
    progress,
    state_label,
)
from .catalogue import (
    DUE_LABELS,
    PHASE_LABELS,
    PHASE_ORDER,
    STATUS_LABELS,
    Catalogue,
    Requirement,
    due_of,
    french_date,
)
from .generate import (
    BASE_ATTRIBUTAIRE,
    BASE_CANDIDATURE,
    HANDICAP_HEADCOUNT,
    PER_LOT_KEYS,
    PRICE_KEYS,
    SUBCONTRACT_KEY,
    custom_uid,
    generate_items,
    merge_items,
    standard_keys,
)
from .items import (
    Checklist,
    ChecklistItem,
    ChecklistMember,
    slug,
)

__all__ = [
    "BASE_ATTRIBUTAIRE",
    "BASE_CANDIDATURE",
    "DUE_LABELS",
    "HANDICAP_HEADCOUNT",
    "PER_LOT_KEYS",
    "PHASE_LABELS",
    "PHASE_ORDER",
    "PRICE_KEYS",
    "STATUS_LABELS",
    "SUBCONTRACT_KEY",
    "AttestationCheck",
    "Catalogue",
    "Checklist",
    "ChecklistItem",
    "ChecklistMember",
    "ChecklistRow",
    "ChecklistView",
    "Due",
    "ItemStatus",
    "Phase",
    "Progress",
    "Provider",
    "Requirement",
    "assess",
    "build_rows",
    "custom_uid",
    "due_of",
    "french_date",
    "generate_items",
    "lots_label",
    "members_of_groupement",
    "merge_items",
    "owner_label",
    "progress",
    "slug",
    "standard_keys",
    "state_label",
]
