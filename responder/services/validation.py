"""Validation of form, file or command-line data into a domain model, with French errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..domain.common import InvalidInput, french_errors

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Mapping[str, Any] | BaseModel) -> M:
    """``data`` (a mapping, or a model dumped first) validated as ``model``; ``InvalidInput``
    with a French message per field otherwise."""
    payload = data.model_dump() if isinstance(data, BaseModel) else dict(data)
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise InvalidInput(french_errors(exc)) from exc
