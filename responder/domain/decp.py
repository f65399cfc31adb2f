"""DECP (données essentielles de la commande publique), consolidated tabular CSV → ``DecpRow``.

One row of the file is one contract (``uid``) × one winner × one version: a groupement has a
row per member, each avenant adds a version and only the latest has
``donneesActuelles=true``. A contract ends ``dureeMois`` (current version) after its first
notification (the smallest ``dateNotification`` of its uid): ``dureeRestanteMois`` is frozen
at the date the file was built and is not used. Pure code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from .opendata import (
    RowError,
    clean_cpv,
    clean_department,
    clean_siret,
    department_of_place,
    is_placeholder_amount,
    parse_date,
    parse_open_amount,
)
from .text import fold as _fold

#: Columns without which a file is not the consolidated DECP table.
REQUIRED_COLUMNS = ("uid", "acheteur_id", "titulaire_id", "objet", "dateNotification")
#: Values of the « considerations » columns that mean « none ».
_NONE_VALUES = {"", "sans objet", "pas de consideration sociale",
                "pas de consideration environnementale", "non"}
_NO_GROUPEMENT = {"", "sans objet", "pas de groupement", "non"}


@dataclass(slots=True)
class DecpRow:
    """One line of the DECP table, cleaned (SIRET on 14 digits, CPV on 8, dates parsed)."""

    uid: str
    contract_id: str
    buyer_siret: str
    buyer_name: str
    winner_id: str
    winner_name: str
    title: str
    amount: Decimal | None
    amount_suspect: bool
    nature: str
    procedure: str
    cpv: str | None
    duration_months: int | None
    notified: date | None
    social: bool
    social_detail: str
    environmental: bool
    groupement: str
    department: str | None
    modification: int
    current: bool
    framework: bool


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``text.fold`` remembered: the same few values (« Sans objet », « SIRET »…) fill
    millions of cells."""
    return _fold(text)


def _flag(value: object) -> bool:
    return str(value or "").strip().lower() in ("true", "1", "oui", "vrai", "yes")


def _int_or_none(value: object) -> int | None:
    text = str(value or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        return None
    number = int(text)
    return number if number <= 1200 else None


def decp_row(record: Mapping[str, str | None], *, has_current_column: bool = True) -> DecpRow:
    """A ``DecpRow`` from one CSV record (column name → text); ``RowError`` when unusable."""
    uid = str(record.get("uid") or "").strip()
    if not uid:
        raise RowError("identifiant uid manquant")
    buyer = clean_siret(record.get("acheteur_id"))
    if buyer is None:
        raise RowError(f"marché {uid[:40]} : SIRET de l'acheteur illisible")
    raw_winner = str(record.get("titulaire_id") or "").strip()
    kind = fold(str(record.get("titulaire_typeIdentifiant") or ""))
    winner = clean_siret(raw_winner) if kind in ("", "siret") else None
    title = str(record.get("objet") or "").strip()
    amount = parse_open_amount(record.get("montant"))
    social_text = str(record.get("considerationsSociales") or "").strip()
    env_text = str(record.get("considerationsEnvironnementales") or "").strip()
    groupement = str(record.get("typeGroupementOperateurs") or "").strip()
    place = record.get("lieuExecution_code")
    place_kind = fold(str(record.get("lieuExecution_typeCode") or ""))
    department = None
    if place and "departement" in place_kind:
        department = clean_department(place)
    elif place and ("postal" in place_kind or "commune" in place_kind):
        department = department_of_place(place)
    if department is None:
        department = clean_department(record.get("acheteur_departement_code"))
    techniques = fold(str(record.get("techniques") or ""))
    nature = str(record.get("nature") or "").strip()
    modification = _int_or_none(record.get("modification_id")) or 0
    return DecpRow(
        uid=uid,
        contract_id=str(record.get("id") or "").strip(),
        buyer_siret=buyer,
        buyer_name=str(record.get("acheteur_nom") or "").strip(),
        winner_id=winner or raw_winner,
        winner_name=str(
            record.get("titulaire_nom") or record.get("titulaire_denominationSociale") or ""
        ).strip(),
        title=title,
        amount=amount,
        amount_suspect=is_placeholder_amount(amount),
        nature=nature,
        procedure=str(record.get("procedure") or "").strip(),
        cpv=clean_cpv(record.get("codeCPV")),
        duration_months=_int_or_none(record.get("dureeMois")),
        notified=parse_date(record.get("dateNotification")),
        social=fold(social_text) not in _NONE_VALUES,
        social_detail="" if fold(social_text) in _NONE_VALUES else social_text,
        environmental=fold(env_text) not in _NONE_VALUES,
        groupement="" if fold(groupement) in _NO_GROUPEMENT else groupement,
        department=department,
        modification=modification,
        current=_flag(record.get("donneesActuelles")) if has_current_column else True,
        framework="accord-cadre" in techniques or "accord-cadre" in fold(nature),
    )


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - February always has 28 days


def contract_end(first_notified: date | None, months: int | None) -> date | None:
    """End of a contract: first notification + current duration (``None`` if either lacks)."""
    if first_notified is None or not months:
        return None
    return add_months(first_notified, months)


_ESS_NAME = re.compile(
    r"\b(esat|e\.?s\.?a\.?t|entreprise adaptee|insertion|association|chantier|regie de quartier"
    r"|scic|scop|cooperative|emmaus|ressourcerie|recyclerie|adapei|apajh|ateliers? proteges?"
    r"|travail protege|entreprise d.insertion|ei\b|etti|geiq)\b"
)


def looks_ess(name: str, social_detail: str = "") -> bool:
    """True when a winner looks like an ESS or insertion structure, from its name (ESAT,
    association, insertion, SCIC…) or a contract marked « marché réservé ». A heuristic,
    shown as such."""
    return bool(_ESS_NAME.search(fold(name))) or "reserve" in fold(social_detail)


@dataclass
class YearFigures:
    """Contracts of a buyer notified in one year."""

    year: int
    contracts: int = 0
    amount: Decimal = Decimal(0)
    suspect_amounts: int = 0
    social: int = 0


@dataclass
class BuyerFile:
    """What the DECP says of one buyer: contracts per year, CPV, social share, ESS winners."""

    siret: str
    name: str
    years: list[YearFigures] = field(default_factory=list)
    top_cpv: list[tuple[str, int]] = field(default_factory=list)
    contracts: int = 0
    social_share: float = 0.0
    groupements: int = 0
    ess_winners: list[tuple[str, int]] = field(default_factory=list)
    frameworks: int = 0


@dataclass(frozen=True)
class Renewal:
    """A contract to prepare for: it ends soon, its buyer will probably tender again."""

    uid: str
    title: str
    buyer_name: str
    buyer_siret: str
    winners: tuple[str, ...]
    cpv: str | None
    department: str | None
    amount: Decimal | None
    amount_suspect: bool
    first_notified: date
    duration_months: int
    end_date: date
