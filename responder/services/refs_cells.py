"""The cells of a references CSV: columns and their French headers, dates, amounts, lists,
choices, and a row turned into a reference payload (format in docs/formats.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.enums import BuyerKind, ReferenceRole, label
from ..domain.text import normalized
from ..fr import date_short

#: (model field, French header) in file order. ``social_impact`` fields are flattened.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Titre"),
    ("buyer_name", "Acheteur"),
    ("buyer_kind", "Type d'acheteur"),
    ("place", "Lieu"),
    ("start", "Date de début"),
    ("end", "Date de fin"),
    ("amount_ht", "Montant HT"),
    ("role", "Rôle"),
    ("partners", "Partenaires"),
    ("description", "Description"),
    ("tasks", "Tâches"),
    ("team_size", "Effectif"),
    ("insertion_hours", "Heures d'insertion"),
    ("people_in_pathway", "Salariés en parcours"),
    ("positive_exits", "Sorties dynamiques"),
    ("disabled_workers", "Travailleurs handicapés"),
    ("environmental_impact", "Impact environnemental"),
    ("families", "Familles d'achat"),
    ("cpv_codes", "Codes CPV"),
    ("buyer_contact", "Contact acheteur"),
    ("confidential", "Confidentielle"),
)
HEADERS: dict[str, str] = dict(COLUMNS)
_SOCIAL = ("insertion_hours", "people_in_pathway", "positive_exits", "disabled_workers")
#: Other headers people write for the same columns (compared folded).
_ALIASES = {
    "intitule": "title",
    "objet": "title",
    "type acheteur": "buyer_kind",
    "montant": "amount_ht",
    "montant ht eur": "amount_ht",
    "debut": "start",
    "fin": "end",
    "familles": "families",
    "famille": "families",
    "famille d achat": "families",
    "cpv": "cpv_codes",
    "code cpv": "cpv_codes",
    "contact": "buyer_contact",
    "confidentiel": "confidential",
    "taches": "tasks",
}
_HEADER_KEYS = {normalized(h): f for f, h in COLUMNS} | _ALIASES
_BUYER_KINDS = {normalized(label(k)): k for k in BuyerKind} | {
    normalized(k.value): k for k in BuyerKind
}
_ROLES = {normalized(label(r)): r for r in ReferenceRole} | {
    normalized(r.value): r for r in ReferenceRole
} | {"titulaire": ReferenceRole.TITULAIRE, "seul": ReferenceRole.TITULAIRE}
_YES = {"oui", "o", "x", "1", "vrai", "true", "yes"}
_NO = {"", "non", "n", "0", "faux", "false", "no"}
_DATE_FR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
#: Integer part of an amount: plain digits, or groups of three separated by one space (any
#: kind of space, folded to " " first).
_INTEGER = r"\d+|\d{1,3}(?: \d{3})+"
#: « 12 345,50 », « 1.234.567,89 »: a comma before one or two decimals.
_AMOUNT_COMMA = re.compile(
    rf"^(?P<int>{_INTEGER}|\d{{1,3}}(?:\.\d{{3}})+),(?P<dec>\d{{1,2}})$", re.ASCII
)
#: « 12 345 », « 1234.56 »: no comma, so a dot can only be the decimal mark.
_AMOUNT_DOT = re.compile(rf"^(?P<int>{_INTEGER})(?:\.(?P<dec>\d{{1,2}}))?$", re.ASCII)
#: Above this an amount is a typing error (1 000 milliards d'euros).
MAX_AMOUNT = Decimal("1e12")


class CellError(ValueError):
    """A cell that cannot be read; the message is French and names the fix."""


# --- cells -----------------------------------------------------------------------------------
def parse_date(text: str) -> date | None:
    """A date written JJ/MM/AAAA (also J/M/AAAA, JJ-MM-AAAA, JJ.MM.AAAA or AAAA-MM-JJ).

    A two-digit year is refused rather than guessed: « 01/03/98 » could be 1998 or 2098.
    """
    text = text.strip()
    if not text:
        return None
    if (m := _DATE_FR.match(text)) and len(m.group(3)) == 2:
        day_month = f"{int(m.group(1)):02d}/{int(m.group(2)):02d}"
        raise CellError(
            f"« {text} » : année sur 4 chiffres attendue : {day_month}/19{m.group(3)} "
            f"ou {day_month}/20{m.group(3)}."
        )
    try:
        if m:
            day, month, year = (int(g) for g in m.groups())
            return date(year, month, day)
        if m := _DATE_ISO.match(text):
            year, month, day = (int(g) for g in m.groups())
            return date(year, month, day)
    except ValueError:
        raise CellError(f"« {text} » n'est pas une date qui existe (format JJ/MM/AAAA).") from None
    raise CellError(f"« {text} » n'est pas une date au format JJ/MM/AAAA.")


def format_date(value: date | None) -> str:
    """JJ/MM/AAAA, or empty text."""
    return date_short(value) if value else ""


def parse_amount(text: str) -> Decimal | None:
    """An amount written the French way: « 12 345,50 », « 12345,5 », « 12 345 € HT ».

    Groups of thousands may be separated by spaces (normal, no-break U+00A0 or narrow
    U+202F) or by dots when a comma marks the cents (« 1.234.567,89 », as some Excel
    settings write it). A dot is read as the decimal mark only when there is no comma
    (« 1234.56 »). Anything ambiguous or exotic is refused with ``CellError`` rather than
    guessed: « 1,234.56 », an exponent, more than 2 decimals, a negative amount, or more
    than 1 000 milliards.
    """
    raw = text.strip()
    text = _SPACES.sub(" ", raw)
    for unit in ("€", "EUR", "HT"):
        text = text.replace(unit, " ")
    text = text.strip()
    if not text:
        return None
    if text.startswith("-"):
        raise CellError(f"montant « {raw} » négatif : un montant de marché est positif.")
    m = (_AMOUNT_COMMA if "," in text else _AMOUNT_DOT).match(text)
    if m is None:
        raise CellError(
            f"montant « {raw} » {_amount_problem(text)} : écrivez-le par exemple 12 345,50 "
            "(espaces entre les milliers, virgule avant les centimes)."
        )
    digits = m.group("int").replace(" ", "").replace(".", "")
    value = Decimal(digits + (f".{m.group('dec')}" if m.group("dec") else ""))
    if value > MAX_AMOUNT:
        raise CellError(
            f"montant « {raw} » trop grand (plus de 1 000 milliards d'euros) : vérifiez-le."
        )
    return value


def _amount_problem(text: str) -> str:
    """Why an amount the strict patterns refused cannot be read, in French."""
    if re.search(r"\d[eE][-+]?\d", text):
        return "en notation scientifique"
    if "," in text and "." in text and text.index(",") < text.rindex("."):
        return "ambigu (virgule puis point, écriture anglaise ?)"
    if re.search(r"[.,]\d{3,}$", text):
        return "ambigu ou avec plus de 2 décimales"
    return "illisible"


def format_amount(value: Decimal | None) -> str:
    """« 12 345,50 »: space between thousands, comma before the cents (at least two)."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    digits = max(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 2
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",")


def _parse_int(text: str) -> int | None:
    compact = _SPACES.sub("", text)
    if not compact:
        return None
    if not compact.lstrip("-").isdigit():
        raise CellError(f"« {text.strip()} » n'est pas un nombre entier.")
    return int(compact)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _split_list(text: str) -> list[str]:
    """Items one per line; a single line may also separate them with « ; » or « , »."""
    items = _lines(text)
    if len(items) == 1 and re.search(r"[;,]", items[0]):
        items = [part.strip() for part in re.split(r"[;,]", items[0]) if part.strip()]
    return items


def _choice(text: str, choices: dict[str, Any], what: str, shown: Iterable[str]) -> Any:
    key = normalized(text)
    if not key:
        return None
    if key not in choices:
        raise CellError(
            f"« {text.strip()} » n'est pas un {what} connu : {', '.join(shown)}."
        )
    return choices[key]


def _environment(text: str) -> dict[str, str]:
    figures: dict[str, str] = {}
    for line in _lines(text):
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or not value.strip():
            raise CellError(
                f"« {line} » : écrivez un chiffre par ligne sous la forme « libellé : valeur » "
                "(par exemple « tonnes réemployées : 94 t »)."
            )
        figures[name.strip()] = value.strip()
    return figures


def _row_payload(cells: dict[str, str]) -> dict[str, Any]:
    """Model data from one row's cells (keyed by model field); raises ``CellError``."""
    payload: dict[str, Any] = {}
    social: dict[str, int] = {}
    for name, raw in cells.items():
        header = HEADERS[name]
        try:
            if name in ("start", "end"):
                payload[name] = parse_date(raw)
            elif name == "amount_ht":
                payload[name] = parse_amount(raw)
            elif name == "buyer_kind":
                payload[name] = _choice(
                    raw, _BUYER_KINDS, "type d'acheteur", (label(k) for k in BuyerKind)
                )
            elif name == "role":
                role = _choice(raw, _ROLES, "rôle", (label(r) for r in ReferenceRole))
                if role is not None:
                    payload[name] = role
            elif name in ("partners", "tasks"):
                payload[name] = _lines(raw)
            elif name in ("families", "cpv_codes"):
                payload[name] = _split_list(raw)
            elif name == "environmental_impact":
                payload[name] = _environment(raw)
            elif name == "team_size":
                payload[name] = _parse_int(raw)
            elif name in _SOCIAL:
                social[name] = _parse_int(raw) or 0
            elif name == "confidential":
                key = normalized(raw)
                if key not in _YES | _NO:
                    raise CellError(f"« {raw.strip()} » : écrivez oui ou non.")
                payload[name] = key in _YES
            else:
                payload[name] = raw.strip()
        except CellError as exc:
            raise CellError(f"{header} : {exc}") from None
    if social:
        payload["social_impact"] = social
    return payload


def _field_header(path: str) -> str:
    parts = path.split(".")
    if parts[0] == "social_impact" and len(parts) > 1:
        return HEADERS.get(parts[1], path)
    return HEADERS.get(parts[0], path)
