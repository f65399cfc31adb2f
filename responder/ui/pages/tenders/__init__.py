"""« Consultations »: view (widgets), controller (behaviour) and the saving half of the page;
``TendersPage`` is the page."""

from .controller import EMPTY_HINT_TEXT, NO_MATCH_TEXT, SETTINGS_KEY, TendersPage
from .saving import NEW_TITLE
from .view import EMPTY_TEXT, HINT_TEXT, TendersView, centered_label

__all__ = ["EMPTY_HINT_TEXT", "EMPTY_TEXT", "HINT_TEXT", "NEW_TITLE", "NO_MATCH_TEXT",
           "SETTINGS_KEY", "TendersPage", "TendersView", "centered_label"]
