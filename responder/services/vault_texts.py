"""What « Documents administratifs » shows about each document, in French (no Qt).

The vault judges each document (``VaultEntry``); these functions turn a judgement into the
texts of the table, of the dossiers tree and of the hint under the form, so the wording is
tested without a window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.validity import ValidityState
from ..fr import date_short
from .vault import CORE_KINDS

if TYPE_CHECKING:
    from ..domain.checklist import Requirement
    from ..domain.vault import DossierVaultStatus, VaultEntry

#: The state of a document only some RCs ask for, when none is stored (not « Manquant »).
OPTIONAL_STATE = "Non enregistré (si le RC le demande)"
NO_DOSSIER = "Aucune consultation en cours (veille ou en préparation)."
COLUMNS = 7


def state_text(entry: VaultEntry, *, at_deadline: bool = False) -> str:
    """« Valide », « Expire avant la date limite », « Expiré » or « Manquant » (+ usage)."""
    text = entry.state_label
    if entry.state == ValidityState.EXPIRE_AVANT_DATE_LIMITE and not at_deadline:
        text = "Valide"  # judged today only: the deadline view says more
    if entry.guidance and entry.state != ValidityState.MANQUANT:
        text += " (durée d'usage)"
    return text


def is_optional(kind: str, entry: VaultEntry) -> bool:
    """True for a kind only some RCs ask for, with no document stored: « manquant » in red
    would cry wolf."""
    return entry.document is None and kind not in CORE_KINDS


def row_texts(kind_label: str, kind: str, entry: VaultEntry) -> list[str]:
    """The seven cells of the table for one kind of document."""
    document = entry.document
    expires = date_short(entry.expires_on) if document and entry.expires_on else (
        "sans expiration" if document else "")
    texts = [kind_label, document.label if document else "", date_short(entry.dated), expires,
             state_text(entry), date_short(entry.renew_by),
             document.file_name if document else ""]
    if is_optional(kind, entry):
        texts[4] = OPTIONAL_STATE
        texts[5] = ""
    return texts


def deadline_texts(entry: VaultEntry) -> list[str]:
    """The four cells of one document under a dossier, judged at its deadline."""
    return [entry.label, state_text(entry, at_deadline=True), date_short(entry.expires_on),
            date_short(entry.renew_by)]


def dossier_texts(status: DossierVaultStatus) -> list[str]:
    """The dossier's line: « Titre — date limite …, attribution prévue vers le … » and
    « N documents à régler » or « Tout est valide »."""
    problems = status.problems
    summary = (
        f"{len(problems)} document{'s' if len(problems) > 1 else ''} à régler"
        if problems else "Tout est valide"
    )
    deadline = date_short(status.deadline) or "non fixée"
    award = (f", attribution prévue vers le {date_short(status.award_date)}"
             if status.award_date else "")
    return [f"{status.title} — date limite {deadline}{award}", summary, "", ""]


def kind_hint(req: Requirement | None, entry: VaultEntry | None, is_association: bool) -> str:
    """What to write in « Date de l'attestation », where to get the document, and what a
    replacement does."""
    hint = ""
    if req is not None:
        rule = req.rule_for(is_association)
        if rule is not None and rule.date_hint:
            hint = f"Date à indiquer : {rule.date_hint}"
        elif rule is not None:
            hint = rule.explanation or rule.basis
        if req.where:
            hint += ("\n" if hint else "") + f"Où l'obtenir : {req.where}"
    if entry is not None and entry.document is not None:
        hint = f"Remplace « {entry.document.file_name} » dans tous les dossiers.\n" + hint
    return hint
