"""Whether the user has picked the form of a dossier's groupement (no Qt).

The domain keeps a default form; the « Groupement » tab shows none until the user picks one,
so nobody becomes the liable mandataire without having read what it means. The choice is a
workspace setting, ``groupement_form_chosen:<tender id>``, so it travels with the workspace.
"""

from __future__ import annotations

from .workspace import Session

CHOSEN_PREFIX = "groupement_form_chosen:"


def chosen_key(tender_id: int) -> str:
    """The workspace setting recording that the user picked the form of ``tender_id``."""
    return f"{CHOSEN_PREFIX}{tender_id}"


def is_form_chosen(session: Session, tender_id: int) -> bool:
    """True once the user has picked the form of the groupement of ``tender_id``."""
    return session.ws.setting(chosen_key(tender_id)) == "1"


def mark_form_chosen(session: Session, tender_id: int) -> None:
    """Record that the user picked the form of the groupement of ``tender_id``."""
    session.ws.set_setting(chosen_key(tender_id), "1")
