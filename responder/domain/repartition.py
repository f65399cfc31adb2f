"""The répartition of a lot as the user types it: amount ↔ share, lot total, typed numbers.

A row of the répartition has an amount (€ HT) and a share (%) of the lot total; whichever
the user types drives the other, and a new lot total keeps every share and moves the
amounts. The texts come from the screen as typed (« 62000,00 », « 25 », « douze »), so the
rules here parse them and say in French what cannot be used. No Qt, no storage.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from .groupement import LotRepartition, amount_of, parse_amount, share_of

Column = Literal["amount", "share"]


def typed_number(text: str) -> Decimal:
    """The number typed in a cell or field (empty means 0); ``ValueError`` (French)."""
    return parse_amount(text or "0")


def follow(typed: Column, value: Decimal, total: Decimal) -> Decimal:
    """The other column of a row when ``typed`` was given ``value``: an amount typed gives
    its share of ``total``; a share typed gives its amount. ``ArithmeticError`` when the
    numbers are too large to compute."""
    return share_of(value, total) if typed == "amount" else amount_of(value, total)


def follow_text(typed: Column, value_text: str, total_text: str) -> Decimal:
    """``follow`` from the texts as typed; ``ValueError`` when one is not a number."""
    return follow(typed, typed_number(value_text), typed_number(total_text))


def amounts_at_total(shares: Sequence[str], total: Decimal) -> list[Decimal | None]:
    """A new lot total: every row keeps its share (as typed) and gets the amount it gives
    of ``total``; ``None`` for a row whose share is not a number (left as it is)."""
    amounts: list[Decimal | None] = []
    for text in shares:
        try:
            share = typed_number(text)
        except ValueError:
            amounts.append(None)
            continue
        amounts.append(amount_of(share, total))
    return amounts


def is_balanced(lot: LotRepartition) -> bool:
    """True when the rows add up to the lot total and to 100 %."""
    return lot.amounts_total() == lot.total_ht and lot.shares_total() == 100


def number_or_error(text: str, what: str, errors: dict[str, str], key: str) -> Decimal:
    """The number typed for ``what``; when it is none, records the French message under
    ``key`` in ``errors`` and gives 0 (so every error of a form is found in one pass)."""
    try:
        return typed_number(text)
    except ValueError:
        errors[key] = f"{what} : « {text} » n'est pas un nombre (par exemple 12500,50)."
        return Decimal(0)


def lot_total_refused(text: str) -> str:
    """Why a lot total gives no amounts (too large to compute)."""
    return f"Montant du lot : « {text} » ne permet pas de calculer les montants des lignes."


def row_refused(row: int, text: str) -> str:
    """Why row ``row`` (0-based) gives no other column (too large to compute)."""
    return f"Ligne {row + 1} : « {text} » ne permet pas de calculer l'autre colonne."


Place = Literal["members", "lot", "subcontractors"]


def place_of(path: str) -> Place:
    """Where the screen shows a message on field ``path``: under the members (and for
    everything not about a lot or a sub-contractor), the lot shown, or the sub-contractors."""
    if path.startswith("repartition") or path == "lot":
        return "lot"
    if path.startswith("subcontractors"):
        return "subcontractors"
    return "members"


def messages_by_place(messages: dict[str, str]) -> dict[Place, str]:
    """The messages of an ``InvalidInput`` grouped by where they are shown, one text each
    (members' own messages before the general ones)."""
    members: list[str] = []
    other: list[str] = []
    grouped: dict[Place, list[str]] = {"lot": [], "subcontractors": []}
    for path, text in messages.items():
        place = place_of(path)
        if place != "members":
            grouped[place].append(text)
        elif path.startswith("members"):
            members.append(text)
        else:
            other.append(text)
    return {"members": "\n".join(members + other), "lot": "\n".join(grouped["lot"]),
            "subcontractors": "\n".join(grouped["subcontractors"])}
