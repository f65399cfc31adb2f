"""« Tableau de bord »: ``page.py`` (behaviour), ``view.py`` (widgets), ``model.py`` (table
model and tree); the content itself is computed without Qt in ``services/dashboard.py``."""

from .page import ICS_FILTER, LOADING_DASHBOARD, DashboardPage, load_dashboard

__all__ = ["ICS_FILTER", "LOADING_DASHBOARD", "DashboardPage", "load_dashboard"]
