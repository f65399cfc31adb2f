"""The error raised for bad user input; kept free of pydantic so the CLI loads fast."""

from __future__ import annotations

import json
from typing import Any, TypeVar

T = TypeVar("T")


class InvalidInput(ValueError):
    """Bad user input, with French messages keyed by field path (``"criteria"``, ``"siret"``).

    Raised by services; the CLI prints it and exits 1, the GUI shows each message next to its
    field.
    """

    def __init__(self, messages: dict[str, str]) -> None:
        self.messages = messages
        super().__init__("\n".join(f"{k} : {v}" if k else v for k, v in messages.items()))


def parse_json(text: str, what: str, advice: str = "") -> Any:
    """``text`` read as JSON; else ``InvalidInput`` saying that ``what`` (« Le fichier de
    règles ») is not valid JSON, where (line, column), then ``advice`` (« : ouvrez-le … »)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            {"": f"{what} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno})"
             f"{advice}."}
        ) from exc


def required(found: T | None, field: str, message: str) -> T:
    """``found``, unless it is ``None`` (no such record): then ``InvalidInput`` with
    ``message`` for ``field``."""
    if found is None:
        raise InvalidInput({field: message})
    return found
