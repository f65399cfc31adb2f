"""Enumerations whose members carry their French label, declared once next to the value."""

from __future__ import annotations

from enum import StrEnum
from typing import Self, TypeVar

E = TypeVar("E", bound="Labelled")


class Labelled(StrEnum):
    """A :class:`StrEnum` whose members are declared ``NAME = "value", "Libellé"``.

    The value stays the stable identifier (JSON, command line); ``label_fr`` is what the user
    reads.
    """

    label_fr: str

    def __new__(cls, value: str, label_fr: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label_fr = label_fr
        return member


def labels_of(enum: type[E]) -> dict[E, str]:
    """Each member of ``enum`` and its French label, in declaration order."""
    return {member: member.label_fr for member in enum}
