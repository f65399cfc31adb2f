"""The error raised for bad user input; kept free of pydantic so the CLI loads fast."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Bad user input, with French messages keyed by field path (``"criteria"``, ``"siret"``).

    Raised by services; the CLI prints it and exits 1, the GUI shows each message next to its
    field.
    """

    def __init__(self, messages: dict[str, str]) -> None:
        self.messages = messages
        super().__init__("\n".join(f"{k} : {v}" if k else v for k, v in messages.items()))
