"""A failed operation's message as the service wrote it, field by field (no dialog)."""

from __future__ import annotations

from .operations import Failure


def fields_text(failure: Failure) -> str:
    """« champ : message » per line (the text of ``str(InvalidInput)``); a workspace error's
    text as it is. The dossier tabs show it under their forms, as before ``ctx.ops``."""
    return "\n".join(f"{k} : {v}" if k else v for k, v in failure.messages.items())
