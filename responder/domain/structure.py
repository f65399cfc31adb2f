"""The structure that answers tenders (association, ESAT, SIAE, SCIC …) and its partners."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from .common import Amount, DomainModel, Entity
from .enums import EssStatus, LegalForm
from .fields import checked, not_blank
from .identifiers import normalize_siret

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Address(DomainModel):
    street: str = ""
    postcode: Annotated[str, checked(
        lambda code: len(code) == 5 and code.isdigit(),
        "Code postal invalide : 5 chiffres attendus (par exemple 30000).")] = ""
    city: str = ""

    @property
    def department(self) -> str:
        """Department number from the postcode (« 30 », « 2A » is not handled: Corsica → 20)."""
        return self.postcode[:2]

    def one_line(self) -> str:
        """Address on one line, for tables and documents."""
        parts = [self.street, " ".join(p for p in (self.postcode, self.city) if p)]
        return ", ".join(p for p in parts if p)


class Contact(DomainModel):
    name: str = ""
    role: str = ""
    email: Annotated[str, checked(
        lambda email: _EMAIL.match(email) is not None,
        "Adresse e-mail « {value} » invalide : elle doit ressembler à nom@domaine.fr.")] = ""
    phone: str = ""


class Headcount(DomainModel):
    """Staff figures used in DC2 and in the mémoire's « moyens humains »."""

    total: int = Field(default=0, ge=0)
    insertion: int = Field(default=0, ge=0, description="salariés en parcours d'insertion")
    disabled: int = Field(default=0, ge=0, description="travailleurs handicapés")

    @model_validator(mode="after")
    def _not_more_than_total(self) -> Headcount:
        if self.insertion > self.total or self.disabled > self.total:
            raise ValueError(
                "Effectifs incohérents : les salariés en insertion et les travailleurs "
                "handicapés font partie de l'effectif total, qui doit être au moins aussi grand."
            )
        return self


class YearTurnover(DomainModel):
    year: int = Field(ge=1900, le=2100)
    amount: Amount = Field(description="chiffre d'affaires HT, en euros")


class Insurance(DomainModel):
    insurer: str = ""
    policy_number: str = ""
    valid_until: date | None = None


def _check_siret(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        # A number (JSON ``73282932000074``) would lose a leading zero: refuse, say how.
        raise ValueError("SIRET : écrivez-le comme un texte de 14 chiffres (entre guillemets).")
    if value is None or not value.strip():
        return None
    return normalize_siret(value)


class Structure(Entity):
    """A structure of the social economy that answers tenders (several per workspace)."""

    name: Annotated[str, not_blank("Le nom de la structure est obligatoire.")] = Field(
        min_length=1)
    legal_form: LegalForm = LegalForm.ASSOCIATION
    ess_statuses: list[EssStatus] = Field(default_factory=list)
    siret: str | None = None
    rna: str = ""
    address: Address = Field(default_factory=Address)
    contact: Contact = Field(default_factory=Contact)
    headcount: Headcount = Field(default_factory=Headcount)
    turnover: list[YearTurnover] = Field(default_factory=list)
    insurance: Insurance = Field(default_factory=Insurance)
    mission: str = ""

    @field_validator("siret", mode="before")
    @classmethod
    def _siret(cls, value: str | None) -> str | None:
        return _check_siret(value)

    @field_validator("ess_statuses")
    @classmethod
    def _unique_statuses(cls, value: list[EssStatus]) -> list[EssStatus]:
        return list(dict.fromkeys(value))

    @field_validator("turnover")
    @classmethod
    def _turnover(cls, value: list[YearTurnover]) -> list[YearTurnover]:
        years = [t.year for t in value]
        if len(set(years)) != len(years):
            raise ValueError("Chiffre d'affaires : chaque année ne doit figurer qu'une fois.")
        return sorted(value, key=lambda t: t.year)


class Partner(Entity):
    """A structure the user co-contracts with (partner book)."""

    structure_id: int | None = None
    name: str = Field(min_length=1)
    siret: str | None = None
    legal_form: LegalForm = LegalForm.ASSOCIATION
    ess_statuses: list[EssStatus] = Field(default_factory=list)
    address: Address = Field(default_factory=Address)
    contact: Contact = Field(default_factory=Contact)
    skills: list[str] = Field(default_factory=list)
    territory: str = ""
    notes: str = ""

    @field_validator("siret", mode="before")
    @classmethod
    def _siret(cls, value: str | None) -> str | None:
        return _check_siret(value)
