"""The Jinja filters of the document templates: dates « 12 mai 2026 », amounts « 12 345,50 € HT ».

Thin names over :mod:`responder.fr`, the one French formatting module (narrow no-break
spaces between digit groups, no-break spaces before « € », « HT » and « % »). Registered as
Jinja filters by ``responder.documents.memoire``; plain functions, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import fr
from ..fr import NBSP, NNBSP

LOCALE = fr.LOCALE


def date_fr(value: Any) -> str:
    """« 12 mai 2026 » (« 1er mai 2026 » on the first); a text that is no date is kept as is."""
    return fr.date_long(value)


def date_short(value: Any) -> str:
    """« 12/05/2026 »."""
    return fr.date_short(value)


def datetime_fr(value: Any) -> str:
    """« 12 mai 2026 à 14 h 00 »."""
    return fr.datetime_long(value)


def number_fr(value: Any, decimals: int = 0) -> str:
    """« 12 345 » or, with ``decimals``, « 12 345,50 » (narrow no-break spaces)."""
    return fr.number(value, decimals)


def amount_fr(value: Any, suffix: str = "HT") -> str:
    """« 12 345,50 € HT » (whole amounts keep their cents: « 64 200,00 € HT »)."""
    return fr.amount(value, suffix)


def percent_fr(value: Any) -> str:
    """« 30 % », « 12,5 % » (no-break space before the sign)."""
    return fr.percent(value)


def plural_fr(value: Any, singular: str, plural: str | None = None) -> str:
    """« 1 sortie », « 5 sorties »."""
    return fr.plural(value, singular, plural)


#: The filters a template may use: name → function (documented in docs/templates.md).
FILTERS: dict[str, Callable[..., str]] = {
    "date_fr": date_fr,
    "date_courte": date_short,
    "date_heure": datetime_fr,
    "nombre": number_fr,
    "montant": amount_fr,
    "pourcentage": percent_fr,
    "pluriel": plural_fr,
    "siret": fr.siret,
}

__all__ = ["FILTERS", "NBSP", "NNBSP", "amount_fr", "date_fr", "date_short", "datetime_fr",
           "number_fr", "percent_fr", "plural_fr"]
