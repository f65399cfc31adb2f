"""« Consultations » (the module the window imports): the page lives in the ``tenders``
package."""

from .tenders import (
    EMPTY_HINT_TEXT,
    NEW_TITLE,
    NO_MATCH_TEXT,
    SETTINGS_KEY,
    TendersPage,
)

__all__ = ["EMPTY_HINT_TEXT", "NEW_TITLE", "NO_MATCH_TEXT", "SETTINGS_KEY", "TendersPage"]
