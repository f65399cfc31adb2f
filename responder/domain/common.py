"""Shared model configuration and helpers for turning validation errors into French text."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from .errors import InvalidInput

__all__ = ["DomainModel", "Entity", "InvalidInput", "LocalDateTime", "french_errors"]


def _local_naive(value: datetime) -> datetime:
    """Dates and times are local wall-clock times: an aware value is converted, then made naive.

    Mixing naive and aware values would make comparisons raise ``TypeError``.
    """
    if value.tzinfo is not None:
        return value.astimezone().replace(tzinfo=None)
    return value


#: A local date and time without time zone (how RCs state deadlines: « 18/12/2026 à 12 h »).
LocalDateTime = Annotated[datetime, AfterValidator(_local_naive)]


class DomainModel(BaseModel):
    """Base of every domain model: validated on assignment, strict about unknown fields."""

    model_config = ConfigDict(
        validate_assignment=True,
        extra="forbid",
        str_strip_whitespace=True,
        use_enum_values=False,
        defer_build=True,
    )


class Entity(DomainModel):
    """A model stored in its own row of the workspace, identified by ``id`` once saved."""

    id: int | None = None


_PYDANTIC_FR: dict[str, str] = {
    "missing": "ce champ est obligatoire.",
    "string_too_short": "ce champ ne peut pas être vide.",
    "int_parsing": "un nombre entier est attendu.",
    "float_parsing": "un nombre est attendu (par exemple 12500,50).",
    "decimal_parsing": "un nombre est attendu (par exemple 12500,50).",
    "greater_than_equal": "la valeur ne peut pas être négative.",
    "greater_than": "la valeur doit être positive.",
    "less_than_equal": "la valeur est trop grande.",
    "enum": "valeur inconnue.",
    "literal_error": "valeur inconnue.",
    "date_parsing": "date attendue au format AAAA-MM-JJ.",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ.",
    "datetime_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM.",
    "datetime_from_date_parsing": "date et heure attendues au format AAAA-MM-JJTHH:MM.",
    "extra_forbidden": "champ inconnu : supprimez-le.",
    "url_parsing": "adresse web invalide (elle doit commencer par https://).",
    "json_invalid": "le fichier n'est pas un JSON valide.",
    "model_type": "un objet est attendu.",
    "list_type": "une liste est attendue.",
}


def field_path(loc: tuple[Any, ...]) -> str:
    """Dotted path of a pydantic error location: ``("lots", 0, "title")`` → ``"lots.0.title"``."""
    return ".".join(str(part) for part in loc)


def french_errors(exc: ValidationError) -> dict[str, str]:
    """French message per field path for a pydantic ``ValidationError``.

    Our own validators already raise French text (``ValueError("…")``); pydantic's built-in
    errors are translated from their type, falling back to pydantic's English text.
    """
    messages: dict[str, str] = {}
    for err in exc.errors():
        path = field_path(tuple(err.get("loc", ())))
        kind = err.get("type", "")
        if kind == "value_error":
            ctx = err.get("ctx") or {}
            original = ctx.get("error")
            text = str(original) if original is not None else err.get("msg", "")
            text = text.removeprefix("Value error, ")
        else:
            text = _PYDANTIC_FR.get(kind, err.get("msg", "valeur invalide."))
        messages.setdefault(path, text)
    return messages
