"""Use cases on the partner book (« Partenaires »): structures the user co-contracts with."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..domain.common import InvalidInput, editable_dump, french_errors
from ..domain.enums import label
from ..domain.errors import required
from ..domain.structure import Partner
from ..domain.text import fold
from .workspace import Session


@dataclass(frozen=True)
class PastGroupement:
    """A dossier in which a partner was a member of the groupement."""

    tender_id: int
    title: str
    buyer: str
    status: str
    role: str

    def text(self) -> str:
        """« Titre — Acheteur (mandataire, gagné) » for lists."""
        buyer = f" — {self.buyer}" if self.buyer else ""
        return f"{self.title}{buyer} ({self.role.lower()}, {self.status})"


class PartnerService:
    """Read, validate, save and delete partners; find the groupements shared with them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, structure_id: int | None = None, query: str = "") -> builtins.list[Partner]:
        """Partners (of one structure when given), by name; ``query`` filters on any text."""
        partners = self.session.partners.list(structure_id)
        if query.strip():
            wanted = fold(query)
            partners = [p for p in partners if wanted in fold(_haystack(p))]
        return sorted(partners, key=lambda p: fold(p.name))

    def get(self, partner_id: int) -> Partner:
        """The partner with this id; ``InvalidInput`` if there is none."""
        return required(
            self.session.partners.get(partner_id), "id",
            f"Aucun partenaire n° {partner_id} dans cet espace.",
        )

    @staticmethod
    def validate(data: dict[str, Any]) -> Partner:
        """A ``Partner`` from form or JSON data, or ``InvalidInput`` with French messages."""
        payload = dict(data)
        payload["skills"] = [s.strip() for s in payload.get("skills", []) if str(s).strip()]
        try:
            partner = Partner.model_validate(payload)
        except ValidationError as exc:
            messages = french_errors(exc)
            if "name" in messages:
                messages["name"] = "Le nom du partenaire est obligatoire."
            raise InvalidInput(messages) from exc
        return partner

    def save(self, data: dict[str, Any] | Partner) -> Partner:
        """Validate and store a partner (insert without id, update with one).

        Refused when another partner of the same structure already has this SIRET.
        """
        partner = self.validate(editable_dump(data) if isinstance(data, Partner) else data)
        if partner.siret:
            for other in self.session.partners.list(partner.structure_id):
                if other.id != partner.id and other.siret == partner.siret:
                    raise InvalidInput(
                        {"siret": f"Ce SIRET est déjà celui de « {other.name} » dans le carnet "
                         "de partenaires : modifiez cette fiche plutôt que d'en créer une autre."}
                    )
        with self.session.ws.transaction():
            if partner.id is None:
                return self.session.partners.add(partner)
            return self.session.partners.update(partner)

    def delete(self, partner_id: int) -> Partner:
        """Delete a partner and return it (groupements keep their copy of its details)."""
        partner = self.get(partner_id)
        self.session.partners.delete(partner_id)
        return partner

    def past_groupements(self, partner: Partner) -> builtins.list[PastGroupement]:
        """Dossiers whose groupement counts this partner (by id or SIRET), newest first."""
        found: builtins.list[PastGroupement] = []
        for tender in self.session.tenders.list(partner.structure_id):
            groupement = tender.groupement
            if groupement is None or tender.id is None:
                continue
            for member in groupement.members:
                same = (partner.id is not None and member.partner_id == partner.id) or (
                    bool(partner.siret) and member.siret == partner.siret
                )
                if same:
                    found.append(
                        PastGroupement(
                            tender.id, tender.title, tender.buyer, label(tender.status),
                            member.role,
                        )
                    )
                    break
        return sorted(found, key=lambda p: -p.tender_id)


def _haystack(partner: Partner) -> str:
    return " ".join(
        [partner.name, partner.siret or "", partner.territory, partner.notes,
         partner.address.city, partner.contact.name, *partner.skills]
    )
