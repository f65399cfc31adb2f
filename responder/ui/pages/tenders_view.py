"""Layout of the « Consultations » page (old module path): see ``tenders/view.py``."""

from .tenders.view import (
    COLUMN_WIDTHS,
    EMPTY_TEXT,
    HINT_TEXT,
    VISUAL_ORDER,
    TendersView,
    centered_label,
)

__all__ = ["COLUMN_WIDTHS", "EMPTY_TEXT", "HINT_TEXT", "VISUAL_ORDER", "TendersView",
           "centered_label"]
