"""Use cases on a dossier's groupement: members, répartition, checks and documents.

The groupement lives inside the tender (``Tender.groupement``), so tender export / import
carries it. Each save also gives the checklist its members, so every member's DC2 and
attestations appear among the pieces to hand in.

Thread contract: call from one thread at a time per ``Session``; ``write_convention`` and
``write_dc1`` render files and may run in a background task with their own session.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain.checklist import ChecklistMember, members_of_groupement, slug
from ..domain.common import InvalidInput
from ..domain.enums import GroupementForm
from ..domain.groupement import (
    Check,
    Groupement,
    LotRepartition,
    Member,
    SubContractor,
    amount_of,
    blocking,
    check_groupement,
    dc4_checks,
    share_of,
)
from ..domain.structure import Partner, Structure
from ..domain.tender import Tender
from .checklist import ChecklistService
from .deadlines import load_rulebook
from .groupement_documents import RETENTION_RULE as RETENTION_RULE
from .groupement_documents import TO_FILL as TO_FILL
from .groupement_documents import DocumentJob, convention_context
from .groupement_documents import dc4_context as subcontractor_context
from .groupement_documents import disputes_text as disputes_text
from .groupement_documents import party_text as party_text
from .groupement_documents import representative_text as representative_text
from .groupement_documents import retention_cap_sme as retention_cap_sme
from .tenders import TenderService
from .validation import validated
from .workspace import Session

DIRECT_PAYMENT_RULE = "subcontract_direct_payment"


def direct_payment_threshold(on: date | None = None) -> Decimal:
    """The R2193-10 threshold (€ TTC) in force on ``on``, from the rules file."""
    rule = load_rulebook().get(DIRECT_PAYMENT_RULE, on or date.today())
    assert rule.value is not None
    return rule.value


def member_from_structure(structure: Structure, uid: str, lots: list[int]) -> Member:
    """A member copied from one of the workspace's structures."""
    return Member(
        uid=uid, name=structure.name, siret=structure.siret or "", structure_id=structure.id,
        legal_form=structure.legal_form, address=structure.address, contact=structure.contact,
        lots=lots, headcount=structure.headcount.total or None,
        ess_statuses=list(structure.ess_statuses),
    )


def member_from_partner(partner: Partner, uid: str, lots: list[int]) -> Member:
    """A member copied from a partner of the partner book."""
    return Member(
        uid=uid, name=partner.name, siret=partner.siret or "", partner_id=partner.id,
        legal_form=partner.legal_form, address=partner.address, contact=partner.contact,
        lots=lots, ess_statuses=list(partner.ess_statuses),
    )


class GroupementService:
    """Everything a user does to the groupement of a dossier, for the GUI and the CLI."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.tenders = TenderService(session)

    # --- reading -------------------------------------------------------------------------
    def tender(self, tender_id: int) -> Tender:
        """The dossier (``InvalidInput`` if there is none), its members' details kept current.

        See :meth:`refreshed`: what the tab shows, checks and the documents use the current
        name, SIRET, address and contact of linked members.
        """
        tender = self.tenders.get(tender_id)
        if tender.groupement is not None:
            tender.groupement = self.refreshed(tender.groupement)
        return tender

    def refreshed(self, groupement: Groupement) -> Groupement:
        """``groupement`` with each linked member's details read again from its record.

        Members are snapshots (so an exported dossier stays complete), but renaming the
        structure or correcting a partner's SIRET must reach the convention and the DC1. A
        member linked to a structure (``structure_id``) or a partner (``partner_id``) of this
        workspace gets its current name, SIRET, legal form, address and contact; when the
        record was deleted, or would make the member invalid, the stored copy is kept.
        """
        members: list[Member] = []
        changed = False
        for member in groupement.members:
            fresh = self._current_member(member)
            changed = changed or fresh != member
            members.append(fresh)
        if not changed:
            return groupement
        try:
            return Groupement.model_validate({**groupement.model_dump(), "members": [
                m.model_dump() for m in members
            ]})
        except ValidationError:
            return groupement

    def _current_member(self, member: Member) -> Member:
        record: Structure | Partner | None = None
        if member.structure_id is not None:
            record = self.session.structures.get(member.structure_id)
        elif member.partner_id is not None:
            record = self.session.partners.get(member.partner_id)
        if record is None:
            return member
        details = {
            "name": record.name, "siret": record.siret or "", "legal_form": record.legal_form,
            "address": record.address.model_dump(), "contact": record.contact.model_dump(),
            "ess_statuses": list(record.ess_statuses),
        }
        try:
            return Member.model_validate({**member.model_dump(), **details})
        except ValidationError:
            return member

    def get(self, tender_id: int) -> Groupement | None:
        """The dossier's groupement, or ``None`` when the structure answers alone."""
        return self.tender(tender_id).groupement

    def lots_of(self, tender: Tender) -> list[int]:
        """The lot numbers of a dossier (``[0]`` for an unallotted contract)."""
        return [lot.number for lot in tender.lots] or [0]

    def start(self, tender_id: int) -> Groupement:
        """Create the dossier's groupement with its structure as mandataire, on every lot.

        Returns the existing one if there is already a groupement.
        """
        tender = self.tender(tender_id)
        if tender.groupement is not None:
            return tender.groupement
        structure = (
            self.session.structures.get(tender.structure_id) if tender.structure_id else None
        )
        if structure is None:
            raise InvalidInput({"structure_id": "Ce dossier n'est rattaché à aucune structure."})
        lots = self.lots_of(tender)
        member = member_from_structure(structure, "x", lots)
        member = member.model_copy(update={"uid": Groupement().new_uid(structure.name),
                                           "is_mandataire": True})
        form = tender.groupement_form
        groupement = Groupement(
            form=form if form not in (None, GroupementForm.LIBRE)
            else GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE,
            members=[member],
            repartition=[
                LotRepartition(lot=lot.number, total_ht=lot.estimated_amount or Decimal(0))
                for lot in tender.lots
            ] or [LotRepartition(lot=0, total_ht=Decimal(0))],
        )
        return self.save(tender_id, groupement)

    # --- writing -------------------------------------------------------------------------
    @staticmethod
    def validate(data: dict[str, Any] | Groupement) -> Groupement:
        """A ``Groupement`` from form or JSON data, or ``InvalidInput`` (French, per field)."""
        return validated(Groupement, data)

    def save(self, tender_id: int, data: dict[str, Any] | Groupement) -> Groupement:
        """Validate and store the groupement in its dossier, then update the checklist members.

        Both writes happen in one transaction: nothing is saved half-way.
        """
        groupement = self.validate(data)
        tender = self.tender(tender_id)
        with self.session.ws.transaction():
            tender.groupement = groupement
            # The consultation form never saves the groupement (TenderService.save keeps the
            # stored one): changing it must not make an open form « modifié ailleurs ».
            self.session.tenders.update(tender, bump=False)
            self.sync_checklist(tender_id, groupement)
        return groupement

    def dissolve(self, tender_id: int) -> Tender:
        """Remove the groupement: the structure answers alone again."""
        tender = self.tender(tender_id)
        with self.session.ws.transaction():
            tender.groupement = None
            saved = self.session.tenders.update(tender, bump=False)
            checklist = ChecklistService(self.session)
            checklist.set_members(tender_id, checklist.default_members(saved))
        return saved

    def add_partner(self, tender_id: int, partner_id: int) -> Groupement:
        """Add a partner of the partner book as cotraitant, on every lot of the dossier."""
        groupement = self.get(tender_id) or self.start(tender_id)
        partner = self.session.partners.get(partner_id)
        if partner is None:
            raise InvalidInput({"members": f"Aucun partenaire n° {partner_id}."})
        member = member_from_partner(
            partner, groupement.new_uid(partner.name), self.lots_of(self.tender(tender_id))
        )
        return self.save(tender_id, groupement.with_member(member))

    def remove_member(self, tender_id: int, uid: str) -> Groupement:
        """Remove a member; refused (French message) while it still holds prestations."""
        groupement = self._required(tender_id)
        return self.save(tender_id, groupement.without_member(uid))

    def set_mandataire(self, tender_id: int, uid: str) -> Groupement:
        """Make member ``uid`` the only mandataire."""
        return self.save(tender_id, self._required(tender_id).with_mandataire(uid))

    def _required(self, tender_id: int) -> Groupement:
        groupement = self.get(tender_id)
        if groupement is None:
            raise InvalidInput(
                {"groupement": "Ce dossier n'a pas de groupement : la structure répond seule."}
            )
        return groupement

    def checklist_members(self, groupement: Groupement) -> list[ChecklistMember]:
        """The members as the checklist knows them (mandataire first)."""
        return members_of_groupement(groupement)

    def sync_checklist(self, tender_id: int, groupement: Groupement) -> None:
        """Give the checklist the groupement's members (their DC2, attestations …)."""
        members = self.checklist_members(groupement)
        if members:
            ChecklistService(self.session).set_members(tender_id, members)

    # --- checks --------------------------------------------------------------------------
    def missing_pieces(self, tender_id: int, groupement: Groupement) -> dict[str, list[str]]:
        """Pieces each member still owes (not ready in the checklist), by member uid."""
        view = ChecklistService(self.session).view(tender_id)
        by_key = {(m.siret or slug(m.name)): m for m in groupement.members}
        missing: dict[str, list[str]] = {}
        for row in view.rows:
            member = by_key.get(row.item.member_key)
            # Pieces of the whole groupement (offer, acte d'engagement) are not one member's.
            # (Not compared by name: a renamed structure keeps its pieces until the next save.)
            if member is None or row.item.for_groupement:
                continue
            if not row.ready and not row.item.hidden:
                uid = member.uid
                missing.setdefault(uid, []).append(row.item.label)
        return missing

    def checks(self, tender_id: int, *, with_pieces: bool = True) -> list[Check]:
        """Every finding about the dossier's groupement (errors first)."""
        tender = self.tender(tender_id)
        groupement = self._required(tender_id)
        missing = self.missing_pieces(tender_id, groupement) if with_pieces else None
        return check_groupement(
            groupement, tender, direct_payment_threshold=direct_payment_threshold(),
            missing_pieces=missing,
        )

    def _refuse_on_errors(self, tender_id: int, what: str,
                          checks: list[Check] | None = None) -> None:
        """``InvalidInput`` listing the errors among ``checks`` (default: every check of the
        dossier's groupement)."""
        errors = blocking(self.checks(tender_id, with_pieces=False) if checks is None
                          else checks)
        if errors:
            raise InvalidInput(
                {"groupement": f"{what} : génération impossible, corrigez d'abord "
                 f"{len(errors)} erreur(s).\n" + "\n".join(f"- {c.message_fr} ({c.article})"
                                                          for c in errors)}
            )

    # --- documents -----------------------------------------------------------------------
    def context(self, tender_id: int, today: date | None = None) -> dict[str, Any]:
        """The plain dict the convention and the DC1 table are rendered from."""
        return convention_context(
            self.tender(tender_id), self._required(tender_id),
            direct_payment_threshold(today), today,
        )

    def subcontractor(self, groupement: Groupement, name: str) -> SubContractor:
        """The sub-contractor called ``name`` (case and accents aside, or a unique part of
        the name); ``InvalidInput`` naming the known ones otherwise."""
        wanted = slug(name)
        subs = groupement.subcontractors
        exact = [s for s in subs if slug(s.name) == wanted]
        partial = [s for s in subs if wanted and wanted in slug(s.name)]
        found = exact or partial
        if len(found) == 1:
            return found[0]
        known = ", ".join(f"« {s.name} »" for s in subs) or "aucun"
        if not found:
            raise InvalidInput({"sous-traitant": f"Aucun sous-traitant « {name} » dans ce "
                                f"groupement. Sous-traitants déclarés : {known}."})
        raise InvalidInput({"sous-traitant": f"« {name} » désigne plusieurs sous-traitants "
                            f"({known}) : donnez le nom complet."})

    def dc4_context(self, tender_id: int, name: str,
                    today: date | None = None) -> dict[str, Any]:
        """The plain dict the DC4 (déclaration de sous-traitance) is rendered from.

        The sub-contractor's address and contact come from the partner book when a partner
        has its SIRET (or its name); what is unknown is marked « [à compléter] ».
        """
        return self._dc4(*self._declared(tender_id, name), today)

    def _declared(self, tender_id: int, name: str) -> tuple[Tender, Groupement, SubContractor]:
        """The dossier, its groupement and its sub-contractor ``name`` (``InvalidInput``
        naming the declared ones when there is no such sub-contractor)."""
        tender = self.tender(tender_id)
        groupement = self._required(tender_id)
        return tender, groupement, self.subcontractor(groupement, name)

    def _dc4(self, tender: Tender, groupement: Groupement, sub: SubContractor,
             today: date | None = None) -> dict[str, Any]:
        partner = self._partner_for(tender.structure_id, sub.name, sub.siret)
        return subcontractor_context(
            tender, groupement, sub, partner, direct_payment_threshold(today), today
        )

    def _partner_for(self, structure_id: int | None, name: str, siret: str) -> Partner | None:
        if structure_id is None:
            return None
        partners = self.session.partners.list(structure_id)
        for partner in partners:
            if siret and partner.siret == siret:
                return partner
        return next((p for p in partners if slug(p.name) == slug(name)), None)

    def dc4_job(self, tender_id: int, name: str, out: Path | str) -> DocumentJob:
        """Check and prepare the DC4 of sub-contractor ``name``; ``job.run()`` on any thread.

        Refused only for what the DC4 itself needs (``dc4_checks``): a bidder answering alone
        with a sub-contractor, or a groupement still being put together, gets its DC4.
        """
        from ..documents.convention import render_dc4

        tender, groupement, sub = self._declared(tender_id, name)
        self._refuse_on_errors(tender_id, "La déclaration de sous-traitance",
                               dc4_checks(groupement, sub))
        return DocumentJob(render_dc4, self._dc4(tender, groupement, sub), Path(out))

    def write_dc4(self, tender_id: int, name: str, out: Path | str) -> Path:
        """Write the DC4 data of sub-contractor ``name``; refused on an error it needs fixed
        (``dc4_checks``)."""
        return self.dc4_job(tender_id, name, out).run()

    def document_job(self, tender_id: int, which: str, out: Path | str) -> DocumentJob:
        """Check and prepare a document on this thread; ``job.run()`` may run on any thread.

        ``which`` is ``"convention"`` or ``"dc1"``. Refused (``InvalidInput`` listing the
        errors) while a check of severity « erreur » fails.
        """
        # docxtpl is loaded only when a document is made: opening a dossier stays fast.
        from ..documents.convention import render_convention, render_dc1
        from .outputs import check_output

        check_output(Path(out), self.session.path, force=True)
        if which == "convention":
            self._refuse_on_errors(tender_id, "La convention de groupement")
            return DocumentJob(render_convention, self.context(tender_id), Path(out))
        if which == "dc1":
            self._refuse_on_errors(tender_id, "Le tableau DC1")
            return DocumentJob(render_dc1, self.context(tender_id), Path(out))
        raise InvalidInput({"document": f"Document « {which} » inconnu : convention ou dc1."})

    def write_convention(self, tender_id: int, out: Path | str) -> Path:
        """Write the convention de groupement; refused (``InvalidInput``) on any error check."""
        return self.document_job(tender_id, "convention", out).run()

    def write_dc1(self, tender_id: int, out: Path | str) -> Path:
        """Write the DC1 table (rubriques D, E, G) and the contact sheet; refused on errors."""
        return self.document_job(tender_id, "dc1", out).run()


def rebalance(lot: LotRepartition, index: int, *, amount: Decimal | None = None,
              share: Decimal | None = None) -> LotRepartition:
    """Lot ``lot`` with row ``index`` given a new amount (its share follows) or share (its
    amount follows): the two stay consistent both ways."""
    rows = [r.model_dump() for r in lot.rows]
    if amount is not None:
        rows[index]["amount_ht"] = amount
        rows[index]["share"] = share_of(amount, lot.total_ht)
    elif share is not None:
        rows[index]["share"] = share
        rows[index]["amount_ht"] = amount_of(share, lot.total_ht)
    return LotRepartition.model_validate({**lot.model_dump(), "rows": rows})
