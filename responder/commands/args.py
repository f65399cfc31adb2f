"""Argument types shared by the sub-commands: bounded numbers and plausible dates, and
``date_option`` for an option that takes a date (and a time when asked), ``structure_option``
for ``--structure``.

argparse calls a ``type`` with the raw text and turns an ``argparse.ArgumentTypeError`` into
« responder …: error: argument --structure: <message> » (exit status 2), so a number that
SQLite cannot hold (``--structure 99999999999999999999``) is refused with a French message
before anything touches the workspace.
"""

from __future__ import annotations

import argparse
from datetime import date

from ..domain.common import InvalidInput

#: Largest integer SQLite stores (signed 64 bits): ids and limits above it overflow.
MAX_SQLITE_INT = 2**63 - 1
#: Limits above this are certainly typos; results are capped long before.
MAX_LIMIT = 100_000
#: Years outside this range are typos (« 0001 », « 9999 »): no dossier dates from them.
MIN_YEAR = 1900
MAX_YEAR = 2100


def _whole_number(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas un nombre entier (par exemple 12)."
        ) from None


def positive_id(text: str) -> int:
    """An identifier typed on the command line: a whole number from 1 to 2⁶³ − 1."""
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"« {text} » : un numéro commence à 1 (« responder … list » affiche les numéros)."
        )
    if value > MAX_SQLITE_INT:
        raise argparse.ArgumentTypeError(
            f"« {text} » : ce numéro est bien trop grand, aucun élément ne le porte "
            "(« responder … list » affiche les numéros)."
        )
    return value


def positive_limit(text: str) -> int:
    """A maximum number of results: a whole number from 1 to ``MAX_LIMIT``."""
    value = _whole_number(text)
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(
            f"« {text} » : indiquez un nombre de résultats entre 1 et {MAX_LIMIT:,}."
            .replace(",", "\u202f")
        )
    return value


def year(text: str) -> int:
    """A year typed on the command line (``AAAA``), from ``MIN_YEAR`` to ``MAX_YEAR``."""
    value = _whole_number(text)
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise argparse.ArgumentTypeError(
            f"« {text} » : indiquez une année entre {MIN_YEAR} et {MAX_YEAR} (par exemple 2024)."
        )
    return value


def check_plausible_date(option: str, value: date) -> date:
    """``value`` when its year is from ``MIN_YEAR`` to ``MAX_YEAR``; else ``InvalidInput``
    naming ``option`` (a year like 0001 or 9999 is a typo, and would make date arithmetic
    loop over centuries)."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InvalidInput(
            {option: f"« {value.isoformat()} » : l'année doit être comprise entre {MIN_YEAR} "
             f"et {MAX_YEAR}. Vérifiez la date."}
        )
    return value


def date_option(p: argparse.ArgumentParser, flag: str, help: str, *, time: bool = False,
                required: bool = False) -> None:
    """An option ``flag`` that takes a day (``AAAA-MM-JJ``), or a day and a time."""
    p.add_argument(flag, required=required, metavar="AAAA-MM-JJTHH:MM" if time else "AAAA-MM-JJ",
                   help=help)


def structure_option(p: argparse.ArgumentParser,
                     help: str = "structure (défaut : la courante)") -> None:
    """``--structure ID``: the structure an action works for."""
    p.add_argument("--structure", type=positive_id, metavar="ID", help=help)
