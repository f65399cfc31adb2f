"""Administrative documents of a structure (attestations) and their validity."""

from __future__ import annotations

from datetime import date

from pydantic import Field, ValidationInfo, field_validator

from .common import Entity


class AdminDocument(Entity):
    """An attestation or certificate kept in the vault (URSSAF, Kbis, insurance …).

    ``kind`` is a key of the requirement catalogue (``attestation_urssaf`` …); ``file_hash``
    names the attached file in the workspace's file store.
    """

    structure_id: int | None = None
    kind: str = Field(min_length=1)
    label: str = ""
    issued_on: date | None = None
    valid_until: date | None = None
    file_hash: str | None = None
    file_name: str = ""
    notes: str = ""

    @field_validator("valid_until")
    @classmethod
    def _valid_until(cls, value: date | None, info: ValidationInfo) -> date | None:
        issued = info.data.get("issued_on")
        if value and issued and value < issued:
            raise ValueError(
                "La date de fin de validité est avant la date de délivrance : vérifiez les dates "
                "sur l'attestation."
            )
        return value

    def is_valid_on(self, day: date) -> bool | None:
        """Whether the document is still valid on ``day``; ``None`` when no end date is known."""
        if self.valid_until is None:
            return None
        return day <= self.valid_until
