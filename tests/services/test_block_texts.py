"""What the « Bibliothèque de textes » says about a block's review and use (no Qt)."""

from __future__ import annotations

from datetime import date

from responder.domain.library import TextBlock
from responder.services.block_texts import TO_REVIEW, review_status, review_text, uses_text

TODAY = date(2026, 11, 29)


def _block(last_reviewed: date | None, interval: int = 365) -> TextBlock:
    return TextBlock(structure_id=1, title="Insertion", last_reviewed=last_reviewed,
                     review_interval_days=interval)


def test_a_block_reviewed_lately_says_when() -> None:
    block = _block(date(2026, 3, 12))
    assert review_text(block, TODAY) == "relu le 12/03/2026"
    assert review_status(block, TODAY) == ("À jour : relu le 12/03/2026.", False)


def test_a_block_never_or_long_ago_reviewed_is_due() -> None:
    assert review_text(_block(None), TODAY) == TO_REVIEW
    assert review_status(_block(None), TODAY) == (
        "⚠ À relire (jamais relu) : vérifiez qu'il est à jour.", True)
    text, due = review_status(_block(date(2025, 1, 2), 30), TODAY)
    assert due and "dernière relecture le 02/01/2025" in text


def test_uses_are_counted_in_words() -> None:
    assert [uses_text(n) for n in (0, 1, 3)] == ["jamais utilisé", "utilisé 1 fois",
                                                "utilisé 3 fois"]
