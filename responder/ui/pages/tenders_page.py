"""« Consultations » (the module the window imports): the page lives in the ``tenders``
package."""

from .tenders.controller import NO_MATCH_TEXT, TendersPage
from .tenders.saving import NEW_TITLE
from .tenders.view import (
    EMPTY_HINT_TEXT,
    EMPTY_TEXT,
    HINT_TEXT,
    SETTINGS_KEY,
    TendersView,
    centered_label,
)

__all__ = ["EMPTY_HINT_TEXT", "EMPTY_TEXT", "HINT_TEXT", "NEW_TITLE", "NO_MATCH_TEXT",
           "SETTINGS_KEY", "TendersPage", "TendersView", "centered_label"]
