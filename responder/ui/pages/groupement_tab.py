"""The « Groupement » tab of a dossier (the package ``groupement``; this module keeps the
import path the dossier tabs and older code use)."""

from __future__ import annotations

from .groupement.controller import INVALID_TEXT, GroupementTab
from .groupement.widgets import R_AMOUNT, R_MEMBER, R_PRESTATION, R_SHARE, UID_ROLE

__all__ = ["INVALID_TEXT", "R_AMOUNT", "R_MEMBER", "R_PRESTATION", "R_SHARE", "UID_ROLE",
           "GroupementTab"]
