"""The old import path of the « Tableau de bord » page (now the package ``dashboard``) and
of its Qt-free rules (``services/dashboard.py``, ``services/urgency.py``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...services.dashboard import (
    ATTENTION_DAYS,
    NOTICE_HOURS,
    DashboardData,
    compute_dashboard,
    current_moment,
    dashboard_job,
    due_within,
    notice_text,
)
from ...services.urgency import CLOSED, LATER, MONTH, NO_DATE, OVERDUE, WEEK
from ..prompts import Prompts
from .dashboard.model import (
    COL_ALERT,
    COL_BUYER,
    COL_COUNTDOWN,
    COL_DEADLINE,
    COL_NEXT,
    COL_PIECES,
    COL_TITLE,
    COL_URGENCY,
    HEADERS,
    SECTION_TITLES,
    TENDER_ROLE,
    URGENCY_TEXT,
    URGENCY_TINT,
    WIDTHS,
    DossierTableModel,
)
from .dashboard.page import ICS_FILTER, LOADING_DASHBOARD, DashboardPage, load_dashboard
from .dashboard.view import EMPTY_TEXT


def default_choose_save_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Where to save an .ics file (the system dialog); ``None`` when cancelled."""
    return Prompts(parent).save_file(title, suggested, ICS_FILTER)


__all__ = [
    "ATTENTION_DAYS", "CLOSED", "COL_ALERT", "COL_BUYER", "COL_COUNTDOWN", "COL_DEADLINE",
    "COL_NEXT", "COL_PIECES", "COL_TITLE", "COL_URGENCY", "EMPTY_TEXT", "HEADERS",
    "ICS_FILTER", "LATER", "LOADING_DASHBOARD", "MONTH", "NOTICE_HOURS", "NO_DATE", "OVERDUE",
    "SECTION_TITLES", "TENDER_ROLE", "URGENCY_TEXT", "URGENCY_TINT", "WEEK", "WIDTHS",
    "DashboardData", "DashboardPage", "DossierTableModel", "compute_dashboard",
    "current_moment", "dashboard_job", "default_choose_save_path", "due_within",
    "load_dashboard", "notice_text",
]
