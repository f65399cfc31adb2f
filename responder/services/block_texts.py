"""What the « Bibliothèque de textes » says about a block's review and use (no Qt)."""

from __future__ import annotations

from datetime import date

from ..domain.library import TextBlock
from ..fr import date_short

TO_REVIEW = "À relire"


def review_text(block: TextBlock, today: date) -> str:
    """« À relire » or « relu le 12/03/2026 » (the list's « Relecture » column)."""
    if block.needs_review(today):
        return TO_REVIEW
    return f"relu le {date_short(block.last_reviewed)}"


def uses_text(count: int) -> str:
    """« jamais utilisé », « utilisé 1 fois », « utilisé 3 fois »."""
    return "jamais utilisé" if count == 0 else f"utilisé {count} fois"


def review_status(block: TextBlock, today: date) -> tuple[str, bool]:
    """The editor's review line and whether the block is due for a review."""
    if block.needs_review(today):
        when = (f"dernière relecture le {date_short(block.last_reviewed)}"
                if block.last_reviewed else "jamais relu")
        return f"⚠ {TO_REVIEW} ({when}) : vérifiez qu'il est à jour.", True
    return f"À jour : relu le {date_short(block.last_reviewed)}.", False
