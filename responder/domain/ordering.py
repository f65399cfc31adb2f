"""Small rules of order shared by the models: items numbered once each, kept sorted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def sorted_unique(values: Iterable[T], key: Callable[[T], int], message: str) -> list[T]:
    """``values`` sorted by ``key``; ``ValueError(message)`` when two share a key."""
    found = list(values)
    keys = [key(v) for v in found]
    if len(set(keys)) != len(keys):
        raise ValueError(message)
    return sorted(found, key=key)
