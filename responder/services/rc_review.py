"""The rules of the review of an imported RC, without Qt: the one table of the fields' French
names, which enumeration each choice field takes, and how the extraction's raw lots, criteria
and dates become what the dialog shows (and back).

The extraction (``extract_rc``) names the objet ``object`` where the dossier names it
``title``; every other key is the dossier's own field name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..domain.enums import WeightUnit
from ..domain.tender import Criterion, Lot, known_reservations
from .rc_import import _ENUMS, FIELD_LABELS

#: The enumeration of each choice field of the extraction (the import's own table).
RC_ENUMS: dict[str, Any] = _ENUMS

#: The French name of every field of the review, by extraction key: the import's labels,
#: with the dialog's own wording where it shows more (or less) than the diff.
LABELS: dict[str, str] = {
    **{("object" if key == "title" else key): text for key, text in FIELD_LABELS.items()},
    "offer_validity_days": "Validité des offres",
    "reserved": "Marché réservé (tout le marché)",
    "notes": "Autres informations (notes)",
    "structure_id": "Structure",
}

#: Keys of the facts the dossier has no field for (they go to its notes).
NOTE_KEYS = ("meeting", "pse", "tranches", "timezone", "invitation_on")


def field_label(path: str) -> str:
    """The French name of a dossier field path (« lots.0.title » → « Lots »)."""
    key = path.split(".")[0]
    key = "object" if key == "title" else key
    return LABELS.get(key, path)


def refusal_text(messages: dict[str, str]) -> str:
    """« Rien n'a été enregistré : Objet : … » from the messages of a refused save."""
    return "Rien n'a été enregistré : " + " ".join(
        f"{field_label(path)} : {text}" if path else text for path, text in messages.items()
    )


def parse_datetime(value: Any) -> datetime | None:
    """A date and time of the extraction (ISO text), ``None`` when absent or unreadable."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def first_article(value: Any) -> str | None:
    """The first known reservation article of a list: the one a single choice shows."""
    return next(iter(known_reservations(value)), None)


def market_reservation(found: Any, chosen: str | None) -> list[str]:
    """The market's reservation articles: all those of the RC (a joint L2113-12 + L2113-13
    reservation, L2113-14) while the user keeps the one the choice shows."""
    articles = known_reservations(found)
    if chosen and articles and chosen == articles[0]:
        return articles
    return [chosen] if chosen else []


def lots_of(extracted: dict[str, Any]) -> list[Lot]:
    """The extraction's lots; an unreadable lot is left for the user to add by hand."""
    lots = []
    for lot in extracted.get("lots") or []:
        try:
            lots.append(Lot(number=lot["number"], title=lot["title"],
                            reserved=known_reservations(lot.get("reserved"))))
        except ValueError:
            continue
    return lots


def _criterion(raw: dict[str, Any]) -> Criterion | None:
    try:
        subs = [Criterion(name=s["name"], weight=Decimal(str(s["weight"])))
                for s in raw.get("subcriteria") or []]
        return Criterion(name=raw["name"], weight=Decimal(str(raw["weight"])),
                         sub_criteria=subs)
    except ValueError:
        pass
    # Sub-criteria that do not add up: keep the criterion, the user fixes the rest.
    try:
        return Criterion(name=raw["name"], weight=Decimal(str(raw["weight"])))
    except ValueError:
        return None


def criteria_of(extracted: dict[str, Any]) -> tuple[list[Criterion], WeightUnit]:
    """The extraction's criteria and their unit: percent when they add up to 100 (or there
    are none), points otherwise."""
    found = [c for c in (_criterion(raw) for raw in extracted.get("criteria") or [])
             if c is not None]
    total = sum((c.weight for c in found), Decimal(0))
    return found, WeightUnit.PERCENT if not found or total == 100 else WeightUnit.POINTS


def lots_back(lots: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lots as edited, in the extraction's shape."""
    return [{"number": lot["number"], "title": lot["title"],
             "reserved": [str(r) for r in lot.get("reserved") or []] or None} for lot in lots]


def criteria_back(criteria: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The criteria as edited, in the extraction's shape (``subcriteria``)."""
    return [{"name": c["name"], "weight": c["weight"],
             "subcriteria": [{"name": s["name"], "weight": s["weight"]}
                             for s in c.get("sub_criteria", [])]} for c in criteria]


def notes_key(extracted: dict[str, Any]) -> str:
    """The key whose evidence stands beside the « Autres informations » row."""
    return next((k for k in NOTE_KEYS if extracted.get(k)), "meeting")
