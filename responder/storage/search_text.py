"""What the library search reads: the folded columns copied out of each row, and the safe
FTS5 ``MATCH`` expressions built from what the user typed (see ``responder.storage.search``).

Thread contract: pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..domain.library import Reference, TextBlock, family_key
from ..domain.richtext import plain_text
from ..domain.text import normalized, words


# --- what gets indexed -----------------------------------------------------------------------
def _bar_list(values: Sequence[str]) -> str:
    """``["a", "b"]`` → ``"|a|b|"`` so that ``LIKE '%|a|%'`` finds exactly one element."""
    return "|" + "|".join(values) + "|" if values else ""


def reference_columns(ref: Reference) -> dict[str, Any]:
    """The columns copied out of a reference for search, filters and sorting."""
    body_parts = [
        ref.buyer_name,
        ref.place,
        ref.description,
        *ref.tasks,
        *ref.partners,
        *ref.families,
        *(f"{k} {v}" for k, v in ref.environmental_impact.items()),
        *ref.cpv_codes,
    ]
    return {
        "title": ref.title,
        "search_title": normalized(ref.title),
        "search_body": normalized("\n".join(body_parts)),
        "buyer_kind": ref.buyer_kind.value if ref.buyer_kind else None,
        "role": ref.role.value,
        "start_date": ref.start.isoformat() if ref.start else None,
        "end_date": ref.end.isoformat() if ref.end else None,
        "amount": float(ref.amount_ht) if ref.amount_ht is not None else None,
        "families": _bar_list([family_key(f) for f in ref.families]),
        "cpv_codes": _bar_list([c.replace("-", "")[:8] for c in ref.cpv_codes]),
        "confidential": int(ref.confidential),
    }


def block_columns(block: TextBlock) -> dict[str, Any]:
    """The columns copied out of a text block for search and filters."""
    return {
        "title": block.title,
        "search_title": normalized(block.title),
        "search_body": normalized(plain_text(block.body)),
        "category": block.category.value,
        "last_reviewed": block.last_reviewed.isoformat() if block.last_reviewed else None,
    }


# --- query building --------------------------------------------------------------------------
def fts_query(text: str, *, prefix: bool = True) -> str | None:
    """A safe FTS5 ``MATCH`` expression for what the user typed, or ``None`` if no word.

    Every word is folded and double-quoted (so ``NOT``, ``OR``, ``-`` or ``*`` are plain
    text); the last one gets ``*`` for prefix matching while the user is still typing.
    """
    terms = words(text)
    if not terms:
        return None
    quoted = [f'"{t}"' for t in terms]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def fts_any_query(terms: Sequence[str]) -> str | None:
    """An FTS5 expression matching any of ``terms`` (already folded words), or ``None``."""
    clean = [t for term in terms for t in words(term)]
    if not clean:
        return None
    return " OR ".join(f'"{t}"' for t in dict.fromkeys(clean))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
