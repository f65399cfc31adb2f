"""Field rules shared by the models: a text that must not be blank, a text checked when
typed, a SIRET as typed, items numbered once each and kept sorted, items told apart.

``not_blank``, ``checked``, ``unique_by`` and :data:`SiretText` are pydantic ``Annotated``
metadata, so the rule is declared with the field:
``name: Annotated[str, not_blank("Donnez un nom.")]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator

T = TypeVar("T")


def not_blank(message: str) -> BeforeValidator:
    """A field rule: ``ValueError(message)`` when the text typed is blank."""

    def check(value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError(message)
        return value

    return BeforeValidator(check)


def checked(ok: Callable[[str], bool], message: str) -> AfterValidator:
    """A field rule for a text: ``ValueError(message)`` when it is typed (not empty) and
    ``ok`` refuses it; ``{value}`` in ``message`` stands for the text."""

    def check(value: str) -> str:
        if value and not ok(value):
            raise ValueError(message.format(value=value))
        return value

    return AfterValidator(check)


def siret_digits(value: object) -> object:
    """A SIRET as typed, without its spaces, dots and dashes (``""`` for ``None``)."""
    if isinstance(value, str):
        return re.sub(r"[\s.\-]", "", value)
    return "" if value is None else value


#: A SIRET field: cleaned of its spaces, dots and dashes before it is checked.
SiretText = Annotated[str, BeforeValidator(siret_digits)]


def check_unique(keys: Iterable[Hashable], message: str) -> None:
    """``ValueError(message)`` when a key appears twice."""
    found = list(keys)
    if len(set(found)) != len(found):
        raise ValueError(message)


def sorted_unique(values: Iterable[T], key: Callable[[T], int], message: str) -> list[T]:
    """``values`` sorted by ``key``; ``ValueError(message)`` when two share a key."""
    found = list(values)
    check_unique((key(v) for v in found), message)
    return sorted(found, key=key)


def unique_by(key: Callable[[T], Hashable], message: str) -> AfterValidator:
    """A field rule for a list: ``ValueError(message)`` when two items share a ``key``."""

    def check(values: list[T]) -> list[T]:
        check_unique((key(v) for v in values), message)
        return values

    return AfterValidator(check)


def numbered_once(key: Callable[[T], int], message: str) -> AfterValidator:
    """A field rule for a list: sorted by ``key``, ``ValueError(message)`` when two items
    share a number."""
    return AfterValidator(lambda values: sorted_unique(values, key, message))
