"""The reusable library: references (past contracts with their impact) and text blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .common import Amount, DomainModel, Entity, FileHash
from .enums import BuyerKind, ReferenceRole, TextCategory
from .enums import SortOrder as SortOrder
from .identifiers import normalize_cpv
from .text import normalized

#: Purchase families offered in lists (users may type others). Order: how they are shown.
PURCHASE_FAMILIES: tuple[str, ...] = (
    "espaces verts",
    "propreté",
    "restauration",
    "réemploi / recyclerie",
    "second œuvre",
    "blanchisserie",
    "conditionnement",
    "logistique",
    "événementiel",
    "numérique",
    "accompagnement social",
    "sensibilisation",
)

#: How a tender's object and CPV codes point to a family: word prefixes (folded) and CPV
#: code prefixes. Used to suggest references; a heuristic, not a legal classification.
FAMILY_HINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "espaces verts": (
        ("espaces verts", "espace vert", "tonte", "elagage", "debroussaill", "fauchage",
         "taille des haies", "jardin", "paysag", "espaces naturels", "sentier", "arbres",
         "fleurissement", "desherbage"),
        ("7731", "7734", "7721", "45112710"),
    ),
    "propreté": (
        ("nettoyage", "proprete", "entretien des locaux", "menage", "depots sauvages",
         "vitrerie", "balayage"),
        ("909", "9061"),
    ),
    "restauration": (
        ("restauration", "repas", "cantine", "traiteur", "plateaux repas", "cuisine"),
        ("553", "555"),
    ),
    "réemploi / recyclerie": (
        ("reemploi", "recyclerie", "ressourcerie", "reutilisation", "recyclage", "encombrant",
         "decheterie", "valorisation", "dechets"),
        ("9051", "9050"),
    ),
    "second œuvre": (
        ("second oeuvre", "peinture", "platrerie", "menuiserie", "carrelage", "renovation",
         "deconstruction", "rehabilitation", "revetement", "cloison"),
        ("454",),
    ),
    "blanchisserie": (
        ("blanchisserie", "linge", "lavage", "pressing", "repassage"),
        ("9831",),
    ),
    "conditionnement": (
        ("conditionnement", "mise sous pli", "emballage", "routage", "colisage", "ensachage"),
        (),
    ),
    "logistique": (
        ("logistique", "demenagement", "transport", "livraison", "manutention", "stockage",
         "debarras", "enlevement"),
        ("631", "601", "98392"),
    ),
    "événementiel": (
        ("evenement", "manifestation", "festival", "salon", "accueil du public", "buvette"),
        ("7995",),
    ),
    "numérique": (
        ("numerique", "informatique", "site internet", "numerisation", "logiciel",
         "ordinateur", "saisie de donnees"),
        ("72", "302"),
    ),
    "accompagnement social": (
        ("accompagnement social", "accompagnement socio", "parcours d insertion",
         "beneficiaires du rsa", "mediation", "retour a l emploi"),
        ("853",),
    ),
    "sensibilisation": (
        ("sensibilisation", "animation", "atelier", "prevention"),
        (),
    ),
}


def infer_families(text: str, cpv_codes: list[str]) -> list[str]:
    """Purchase families a tender's object (``text``) and CPV codes point to, in list order."""
    haystack = f" {normalized(text)} "
    digits = [code.replace("-", "")[:8] for code in cpv_codes]
    found: list[str] = []
    for family, (keywords, prefixes) in FAMILY_HINTS.items():
        by_word = any(f" {normalized(k)}" in haystack for k in keywords)
        by_cpv = any(d.startswith(prefixes) for d in digits) if prefixes else False
        if by_word or by_cpv:
            found.append(family)
    return found


def family_key(family: str) -> str:
    """The folded form two family names are compared by (« Propreté » = « proprete »)."""
    return normalized(family)


class SocialImpact(DomainModel):
    """Measurable social value of a contract, the figures buyers ask for."""

    insertion_hours: int = Field(default=0, ge=0, description="heures d'insertion")
    people_in_pathway: int = Field(default=0, ge=0, description="salariés en parcours")
    positive_exits: int = Field(default=0, ge=0, description="sorties dynamiques")
    disabled_workers: int = Field(default=0, ge=0, description="travailleurs handicapés")


class Reference(Entity):
    """A past contract, reusable as proof of capacity in later tenders."""

    structure_id: int | None = None
    title: str = Field(min_length=1)
    buyer_name: str = ""
    buyer_kind: BuyerKind | None = None
    place: str = ""
    start: date | None = None
    end: date | None = None
    amount_ht: Amount | None = None
    role: ReferenceRole = ReferenceRole.TITULAIRE
    partners: list[str] = Field(default_factory=list)
    description: str = ""
    tasks: list[str] = Field(default_factory=list)
    team_size: int | None = Field(default=None, ge=0)
    social_impact: SocialImpact = Field(default_factory=SocialImpact)
    environmental_impact: dict[str, str] = Field(default_factory=dict)
    families: list[str] = Field(default_factory=list)
    cpv_codes: list[str] = Field(default_factory=list)
    buyer_contact: str = ""
    confidential: bool = False
    #: SHA-256 of the attestation de bonne exécution in the workspace file store, or "".
    certificate_file: str = ""
    #: Name of the attestation file as the user gave it (shown, and used when exporting).
    certificate_name: str = ""
    #: SHA-256 of each photo in the workspace file store.
    photos: list[FileHash] = Field(default_factory=list)

    @field_validator("cpv_codes")
    @classmethod
    def _cpv(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(normalize_cpv(code) for code in value if code.strip()))

    @field_validator("families", "partners", "tasks")
    @classmethod
    def _clean_list(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(item.strip() for item in value if item.strip()))

    @field_validator("certificate_file")
    @classmethod
    def _hash(cls, value: str) -> str:
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise ValueError("Empreinte de fichier invalide : joignez à nouveau l'attestation.")
        return value

    @property
    def year(self) -> int | None:
        """The year the reference is dated by: its end, else its start."""
        when = self.end or self.start
        return when.year if when else None

    @field_validator("end")
    @classmethod
    def _end(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if value and start and value < start:
            raise ValueError("La date de fin est avant la date de début : corrigez l'une des deux.")
        return value


class TextBlock(Entity):
    """A reusable paragraph (presentation, methodology …) that must be reviewed regularly."""

    structure_id: int | None = None
    title: str = Field(min_length=1)
    body: str = ""
    category: TextCategory = TextCategory.PRESENTATION
    last_reviewed: date | None = None
    review_interval_days: int = Field(default=365, ge=1)
    use_count: int = Field(default=0, ge=0)

    def needs_review(self, today: date) -> bool:
        """True when the block was never reviewed or its review interval has passed."""
        if self.last_reviewed is None:
            return True
        return today > self.last_reviewed + timedelta(days=self.review_interval_days)


class ReferenceFilters(DomainModel):
    """Filters of a reference search; ``None`` means « any »."""

    structure_id: int | None = None
    family: str | None = None
    buyer_kind: BuyerKind | None = None
    role: ReferenceRole | None = None
    year_from: int | None = Field(default=None, ge=1900, le=2200)
    year_to: int | None = Field(default=None, ge=1900, le=2200)
    amount_min: Amount | None = None
    amount_max: Amount | None = None
    include_confidential: bool = True

    @model_validator(mode="after")
    def _ranges(self) -> ReferenceFilters:
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise ValueError("L'année de début est après l'année de fin : inversez-les.")
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            raise ValueError("Le montant minimum dépasse le montant maximum : inversez-les.")
        return self


@dataclass(frozen=True)
class Suggestion:
    """A reference proposed for a tender, with its score (0 to 1) and a one-line reason."""

    reference: Reference
    score: float
    reason: str

