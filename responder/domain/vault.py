"""Administrative documents of a structure (attestations) and their validity."""

from __future__ import annotations

from datetime import date

from pydantic import Field, ValidationInfo, field_validator

from ..fr import date_short
from .common import DomainModel, Entity, FileHash
from .validity import STATE_LABELS, ValidityState

#: Dates of a document outside these years are typos (« 9999 », « 0202 »).
MIN_DOCUMENT_YEAR = 1900
MAX_DOCUMENT_YEAR = 2100

_DATE_LABELS = {"issued_on": "La date du document", "valid_until": "La date de fin de validité"}


def document_date_error(day: date, field: str) -> str | None:
    """Why ``day`` cannot be a date of a document (French), or ``None`` when it can."""
    if MIN_DOCUMENT_YEAR <= day.year <= MAX_DOCUMENT_YEAR:
        return None
    return (
        f"{_DATE_LABELS.get(field, 'La date')} ({date_short(day)}) doit être comprise "
        f"entre {MIN_DOCUMENT_YEAR} et {MAX_DOCUMENT_YEAR} : vérifiez l'année sur l'attestation."
    )


class AdminDocument(Entity):
    """An attestation or certificate kept in the vault (URSSAF, Kbis, insurance …).

    ``kind`` is a key of the requirement catalogue (``attestation_urssaf`` …); ``file_hash``
    names the attached file in the workspace's file store.
    """

    structure_id: int | None = None
    kind: str = Field(min_length=1)
    label: str = ""
    #: The date entered for the document: the date it certifies (URSSAF « à la date du »),
    #: the extract date (Kbis), the issue date (fiscal) or the policy start (insurance).
    issued_on: date | None = None
    valid_until: date | None = None
    file_hash: FileHash | None = None
    file_name: str = ""
    notes: str = ""

    #: A document may be old (statuts, a 1980s Kbis): ``_plausible_date`` allows 1900–2100.
    OWN_DATE_CHECK = frozenset({"issued_on", "valid_until"})

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

    @field_validator("issued_on", "valid_until")
    @classmethod
    def _plausible_date(cls, value: date | None, info: ValidationInfo) -> date | None:
        # Only a document not yet stored is refused: a row saved before this check existed
        # must stay readable (and fixable with « remplacer »), not make the vault unreadable.
        if value is None or info.data.get("id") is not None or info.field_name is None:
            return value
        error = document_date_error(value, info.field_name)
        if error:
            raise ValueError(error)
        return value

    def is_valid_on(self, day: date) -> bool | None:
        """Whether the document is still valid on ``day``; ``None`` when no end date is known."""
        if self.valid_until is None:
            return None
        return day <= self.valid_until


class VaultEntry(DomainModel):
    """One kind of document in the vault, its state at a date, and what to do (French text).

    ``document`` is ``None`` when the structure has none (state « manquant »).
    """

    kind: str
    label: str
    document: AdminDocument | None = None
    dated: date | None = None
    expires_on: date | None = None
    state: ValidityState = ValidityState.MANQUANT
    at: date
    renew_by: date | None = None
    guidance: bool = False
    rule_text: str = ""
    #: True for an older document of a kind that has a more recent one (not the one that counts).
    superseded: bool = False
    #: True when judged at a dossier's expected award (a piece of the attributaire, R2144-4)
    #: rather than at its deadline: « expire avant l'attribution ».
    at_award: bool = False

    #: Computed from a stored document, which may predate the date bounds: shown as it is.
    OWN_DATE_CHECK = frozenset({"dated", "expires_on", "at", "renew_by"})

    @property
    def state_label(self) -> str:
        """« Valide », « Expire avant la date limite » (« … avant l'attribution »), « Expiré »
        or « Manquant »."""
        if self.at_award and self.state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
            return "Expire avant l'attribution"
        return STATE_LABELS[self.state]

    @property
    def expiry_label(self) -> str:
        """« Valide jusqu'au 15/03/2027 », « Sans date d'expiration » or « — »."""
        if self.document is None:
            return "—"
        if self.expires_on is None:
            return "Sans date d'expiration"
        return f"Valide jusqu'au {date_short(self.expires_on)}"

    @property
    def advice(self) -> str:
        """What to do, in one French sentence (empty when nothing is needed)."""
        when = date_short(self.renew_by) if self.renew_by else ""
        if self.state == ValidityState.MANQUANT:
            text = "Aucun document enregistré : ajoutez-le."
        elif self.state == ValidityState.EXPIRE:
            text = "Expiré : demandez-en un nouveau dès maintenant."
        elif self.state == ValidityState.EXPIRE_AVANT_DATE_LIMITE and self.at_award:
            text = (f"Expire avant l'attribution prévue ({date_short(self.at)}) : "
                    f"demandée si vous êtes retenu, à renouveler avant le {when}.")
        elif self.state == ValidityState.EXPIRE_AVANT_DATE_LIMITE:
            text = f"Expire avant la date limite : à renouveler avant le {when}."
        else:
            return ""
        if self.guidance and self.state != ValidityState.MANQUANT:
            text += " (durée d'usage, à vérifier dans le RC)"
        return text


class DossierVaultStatus(DomainModel):
    """The vault documents of one open dossier, judged at its deadline — or, for the pieces
    of the attributaire (R2144-4), at its expected ``award_date``."""

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"deadline", "award_date"})

    tender_id: int
    title: str
    deadline: date | None = None
    award_date: date | None = None
    entries: list[VaultEntry] = Field(default_factory=list)

    @property
    def problems(self) -> list[VaultEntry]:
        """Entries that are not valid at the deadline."""
        return [e for e in self.entries if e.state != ValidityState.VALIDE]
