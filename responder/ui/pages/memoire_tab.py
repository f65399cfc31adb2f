"""The « Mémoire » tab of a dossier (the package ``memoire``; this module keeps the import
path the dossier tabs and older code use)."""

from __future__ import annotations

from .memoire.controller import MemoireTab
from .memoire.view import COL_PAGES, COL_TITLE, COL_WEIGHT, COL_WORDS, EMPTY_TEXT, KEY_ROLE

__all__ = ["COL_PAGES", "COL_TITLE", "COL_WEIGHT", "COL_WORDS", "EMPTY_TEXT", "KEY_ROLE",
           "MemoireTab"]
