"""The watch list (veille): filters on imported BOAMP notices and their relevance score.

The score (0 to 100) says why a notice suits the structure: its territory, the CPV codes and
words of its references, and the lots reserved for operators it is eligible as. Each part
adds a phrase to the reason shown beside the score. Pure code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import Field, field_validator, model_validator

from .common import DomainModel
from .enums import EssStatus, MarketType, Reservation, label
from .opendata import clean_cpv, clean_department, eligible_for

#: Points of each part of the score (capped at 100 in all).
TERRITORY_POINTS = 30
CPV_POINTS = {5: 30, 3: 20, 2: 10}
RESERVED_POINTS = 30
WORD_POINTS, WORD_MAX = 5, 20


class VeilleFilters(DomainModel):
    """What the user filters the notices by; saved per structure under a name."""

    departments: list[str] = Field(default_factory=list)
    cpv_prefixes: list[str] = Field(default_factory=list)
    market_type: MarketType | None = None
    deadline_within_days: int | None = Field(default=None, ge=1, le=366)
    reserved_only: bool = False
    social_only: bool = False
    text: str = ""
    include_closed: bool = False

    @field_validator("departments", mode="before")
    @classmethod
    def _departments(cls, value: object) -> object:
        return _cleaned_list(value, _department)

    @field_validator("cpv_prefixes", mode="before")
    @classmethod
    def _cpv(cls, value: object) -> object:
        return _cleaned_list(value, _cpv_prefix)


def _cleaned_list(value: object, clean: Callable[[str], str]) -> object:
    """A list (or a text separated by « , » or « ; ») with each item cleaned, blanks and
    repeats dropped; ``clean`` raises ``ValueError`` (French) for a bad item."""
    items = value.replace(";", ",").split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        return value
    cleaned = [clean(text) for item in items if (text := str(item).strip())]
    return list(dict.fromkeys(c for c in cleaned if c))


def _department(text: str) -> str:
    dept = clean_department(text)
    if dept is None:
        raise ValueError(
            f"Département « {text} » inconnu : indiquez son numéro (30, 34, 2A, 974)."
        )
    return dept


def _cpv_prefix(text: str) -> str:
    text = text.split("-", 1)[0]
    if not text:
        return ""
    if not text.isdigit() or not 2 <= len(text) <= 8:
        raise ValueError(
            f"Code CPV « {text} » invalide : indiquez de 2 à 8 chiffres (77 pour les "
            "services agricoles et d'espaces verts, 9091 pour le nettoyage)."
        )
    return text


class SavedFilter(DomainModel):
    """A named filter of one structure."""

    id: int | None = None
    structure_id: int
    name: str = Field(min_length=1, max_length=80)
    filters: VeilleFilters

    @model_validator(mode="after")
    def _name(self) -> SavedFilter:
        if not self.name.strip():
            raise ValueError("Donnez un nom au filtre.")
        return self


@dataclass(frozen=True)
class ListedNotice:
    """A notice as the watch list shows it (read from the workspace, not re-parsed)."""

    idweb: str
    title: str
    buyer: str
    buyer_siret: str | None
    deadline: datetime | None
    departments: tuple[str, ...]
    cpv: tuple[str, ...]
    market_types: tuple[str, ...]
    reserved: tuple[str, ...]
    social: bool
    cancelled: bool
    procedure_label: str
    url: str
    words: tuple[str, ...]
    is_new: bool
    tender_id: int | None = None


@dataclass
class Profile:
    """What the score compares a notice with: the structure and its references."""

    departments: frozenset[str] = frozenset()
    statuses: frozenset[EssStatus] = frozenset()
    #: CPV prefix (2, 3 or 5 digits) → number of references with it.
    cpv_prefixes: dict[str, int] = field(default_factory=dict)
    #: Significant folded words of the references' titles.
    words: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        departments: list[str],
        statuses: list[EssStatus],
        reference_cpvs: list[list[str]],
        reference_words: set[str],
    ) -> Profile:
        """A profile from the structure's departments and statuses and its references."""
        prefixes: dict[str, int] = {}
        for codes in reference_cpvs:
            seen: set[str] = set()
            for code in codes:
                digits = clean_cpv(code)
                if digits:
                    seen.update(digits[:n] for n in CPV_POINTS)
            for prefix in seen:
                prefixes[prefix] = prefixes.get(prefix, 0) + 1
        return cls(
            departments=frozenset(d for d in departments if d),
            statuses=frozenset(statuses),
            cpv_prefixes=prefixes,
            words=frozenset(reference_words),
        )


@dataclass(frozen=True)
class Scored:
    """A notice with its score (0 to 100) and the reason, in French."""

    notice: ListedNotice
    score: int
    reason: str


def score(notice: ListedNotice, profile: Profile) -> Scored:
    """How well ``notice`` suits the structure described by ``profile``, and why."""
    points = 0
    reasons: list[str] = []
    shared_depts = [d for d in notice.departments if d in profile.departments]
    if shared_depts:
        points += TERRITORY_POINTS
        reasons.append(f"votre territoire ({', '.join(shared_depts)})")
    best = 0
    best_text = ""
    for code in notice.cpv:
        for width, value in CPV_POINTS.items():
            count = profile.cpv_prefixes.get(code[:width], 0)
            if count and value > best:
                best = value
                best_text = f"CPV {code[:width]} comme {count} de vos références"
    if best:
        points += best
        reasons.append(best_text)
    for reservation in notice.reserved:
        try:
            kind = Reservation(reservation)
        except ValueError:
            continue
        if eligible_for(profile.statuses, kind):
            points += RESERVED_POINTS
            if kind == Reservation.ESS:
                # L2113-15/16 add conditions a status alone does not prove (guidance, M).
                reasons.append(f"{label(kind)} : votre statut le permet, conditions à "
                               "vérifier dans l'avis (L2113-16)")
            else:
                reasons.append(f"{label(kind)} : vous êtes éligible")
            break
    else:
        if notice.reserved:
            reasons.append("lot réservé à d'autres structures")
    shared_words = [w for w in notice.words if w in profile.words]
    if shared_words:
        points += min(WORD_MAX, WORD_POINTS * len(shared_words))
        reasons.append("mots de vos références : " + ", ".join(shared_words[:4]))
    reason = " ; ".join(reasons) if reasons else "aucun point commun avec votre profil"
    return Scored(notice, min(points, 100), reason[:1].upper() + reason[1:])


def is_open(notice: ListedNotice, as_of: date) -> bool:
    """True when the notice can still be answered on ``as_of`` (not cancelled, deadline not
    passed; a notice without a readable deadline counts as open)."""
    if notice.cancelled:
        return False
    return notice.deadline is None or notice.deadline.date() >= as_of
