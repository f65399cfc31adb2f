"""The reusable library: references (past contracts with their impact) and text blocks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator

from .common import DomainModel, Entity
from .enums import BuyerKind, ReferenceRole, TextCategory
from .identifiers import normalize_cpv


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
    amount_ht: Decimal | None = Field(default=None, ge=0)
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

    @field_validator("cpv_codes")
    @classmethod
    def _cpv(cls, value: list[str]) -> list[str]:
        return [normalize_cpv(code) for code in value if code.strip()]

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
