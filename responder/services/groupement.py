"""Use cases on a dossier's groupement: members, répartition, checks and documents.

The groupement lives inside the tender (``Tender.groupement``), so tender export / import
carries it. Each save also gives the checklist its members, so every member's DC2 and
attestations appear among the pieces to hand in.

Thread contract: call from one thread at a time per ``Session``; ``write_convention`` and
``write_dc1`` render files and may run in a background task with their own session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import fr
from ..domain.checklist import ChecklistMember, members_of_groupement, slug
from ..domain.common import InvalidInput, french_errors
from ..domain.enums import GroupementForm, label
from ..domain.groupement import (
    PAYMENT_LABELS,
    POWER_LABELS,
    Check,
    Groupement,
    LotRepartition,
    Member,
    PaymentMode,
    SubContractor,
    amount_of,
    blocking,
    check_groupement,
    form_label,
    format_eur,
    format_share,
    lot_name,
    share_of,
)
from ..domain.structure import Partner, Structure
from ..domain.tender import Tender
from ..fsutil import explain_os_error
from ..storage.db import WorkspaceError
from .checklist import ChecklistService
from .deadlines import load_rulebook
from .tenders import TenderService
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


def _spaced_siret(siret: str) -> str:
    """« 838 765 212 00017 »: the one SIRET format of the documents (``responder.fr``)."""
    return fr.siret(siret)


def french_long_date(day: date) -> str:
    """« 12 mai 2026 », « 1er mai 2026 » (``responder.fr``)."""
    return fr.date_long(day)


#: Written where the user still has to fill something in; ``memoire check`` and the
#: convention's reader look for it.
TO_FILL = "[à compléter]"
RETENTION_RULE = "retenue_garantie_max_sme"


def retention_cap_sme(on: date | None = None) -> Decimal:
    """The cap of the retenue de garantie for an SME (ratio), from the rules file (M)."""
    rule = load_rulebook().get(RETENTION_RULE, on or date.today())
    assert rule.value is not None
    return rule.value


def party_text(m: Member) -> str:
    """Who signs for a member: the member itself, or an ESAT's organisme gestionnaire."""
    siret = f", SIRET {fr.siret(m.siret)}" if m.siret else ""
    seat = f", dont le siège est {m.address.one_line()}" if m.address.one_line() else ""
    if m.is_esat:
        body = m.managing_body.strip() or f"{TO_FILL} (organisme gestionnaire)"
        return (f"{body}, organisme gestionnaire de l'établissement et service d'aide par le "
                f"travail « {m.name} »{siret}{seat}")
    form = label(m.legal_form)
    if len(form) > 1 and form[1].islower():
        form = form[0].lower() + form[1:]  # « association loi 1901 », but « SAS »
    return f"{m.name}, {form}{siret}{seat}"


def representative_text(m: Member) -> str:
    """« représentée par Nadia Bertrand-Fabre, directrice, habilitée par … »."""
    who = m.contact.name.strip() or TO_FILL
    role = f", {m.contact.role.strip().lower()}" if m.contact.role.strip() else ""
    source = m.authority.strip() or (
        f"{TO_FILL} (statuts, délibération de l'organe compétent ou délégation de pouvoir, "
        "jointe en annexe)"
    )
    return f"représenté(e) par {who}{role}, habilité(e) à signer en vertu de : {source}"


def disputes_text(groupement: Groupement) -> str:
    """The court clause: a chosen court only between merchants (art. 48 CPC)."""
    if groupement.all_merchants and groupement.court.strip():
        return ("Les membres, tous commerçants, attribuent compétence au "
                f"{groupement.court.strip()} (article 48 du code de procédure civile).")
    return ("À défaut d'accord, le différend est porté devant la juridiction compétente selon "
            "les règles de droit commun. Aucune clause attributive de compétence n'est "
            "stipulée : entre membres qui ne sont pas tous commerçants, elle serait réputée "
            "non écrite (article 48 du code de procédure civile).")


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
        if isinstance(data, Groupement):
            data = data.model_dump()
        try:
            return Groupement.model_validate(data)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc

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

    def _refuse_on_errors(self, tender_id: int, what: str) -> None:
        errors = blocking(self.checks(tender_id, with_pieces=False))
        if errors:
            raise InvalidInput(
                {"groupement": f"{what} : génération impossible, corrigez d'abord "
                 f"{len(errors)} erreur(s).\n" + "\n".join(f"- {c.message_fr} ({c.article})"
                                                          for c in errors)}
            )

    # --- documents -----------------------------------------------------------------------
    def context(self, tender_id: int, today: date | None = None) -> dict[str, Any]:
        """The plain dict the convention and the DC1 table are rendered from."""
        tender = self.tender(tender_id)
        groupement = self._required(tender_id)
        threshold = direct_payment_threshold(today)
        totals = groupement.member_totals()
        lot_titles = {lot.number: lot.title for lot in tender.lots}
        mandataire = groupement.mandataire
        grand_total = groupement.total_ht()

        def member_dict(m: Member) -> dict[str, Any]:
            rows = groupement.rows_of(m.uid)
            return {
                "name": m.name, "siret": m.siret, "role": m.role,
                "siret_fmt": _spaced_siret(m.siret),
                "legal_form": label(m.legal_form), "address": m.address.one_line(),
                "contact": m.contact.name, "contact_role": m.contact.role,
                "email": m.contact.email, "phone": m.contact.phone.replace(" ", fr.NBSP),
                "lots": ", ".join(lot_name(n) for n in m.lots),
                "lot_numbers": ", ".join(str(n) if n else "marché" for n in m.lots),
                "prestations": "; ".join(
                    f"{row.prestation} ({lot_name(n)}, {format_eur(row.amount_ht, 'HT')})"
                    for n, row in rows
                ),
                "total": format_eur(totals.get(m.uid, Decimal(0)), "HT"),
                "is_mandataire": m.is_mandataire,
                "is_esat": m.is_esat,
                "party": party_text(m),
                "representative": representative_text(m),
                "share": format_share(share_of(totals.get(m.uid, Decimal(0)), grand_total)),
            }

        lots = []
        for lot in groupement.repartition:
            lots.append({
                "number": lot.lot,
                "name": lot_name(lot.lot).capitalize(),
                "title": lot_titles.get(lot.lot, tender.title),
                "total": format_eur(lot.total_ht, "HT"),
                "rows": [
                    {
                        "prestation": row.prestation,
                        "member": (groupement.member(row.member) or Member(uid="x", name="?")).name,
                        "amount": format_eur(row.amount_ht, "HT"),
                        "share": format_share(row.share),
                    }
                    for row in lot.rows
                ],
            })
        subcontractors = [
            {
                "name": s.name, "siret": s.siret, "prestations": s.prestations,
                "lot": lot_name(s.lot),
                "member": (groupement.member(s.member) or Member(uid="x", name="?")).name,
                "amount": format_eur(s.amount_ttc, "TTC"),
                "direct_payment": "oui" if s.direct_payment(threshold) else "non",
            }
            for s in groupement.subcontractors
        ]
        payment = groupement.payment_mode
        single = payment == PaymentMode.COMPTE_UNIQUE
        if groupement.payment_is_default:
            payment_note = (
                "Faute d'autre choix des membres, c'est le mode de paiement habituel d'un "
                + ("groupement solidaire." if groupement.form == GroupementForm.SOLIDAIRE
                   else "groupement conjoint, sauf stipulation contraire du CCAP.")
            )
        else:
            payment_note = "Mode de paiement choisi d'un commun accord par les membres."
        return {
            "title": tender.title,
            "buyer": tender.buyer,
            "reference": tender.reference,
            "procedure": label(tender.procedure),
            "deadline": french_long_date(tender.deadline.date()) if tender.deadline else "",
            "today": french_long_date(today or date.today()),
            "form": form_label(groupement.form),
            "form_key": str(groupement.form),
            "rc_form": form_label(tender.groupement_form),
            "members": [member_dict(m) for m in groupement.members],
            "mandataire": member_dict(mandataire) if mandataire else {},
            "powers": [
                p if single or p != POWER_LABELS["receive_payments"] else
                "transmettre à l'acheteur les demandes de paiement de chaque membre"
                for p in groupement.powers.labels()
            ],
            "payment": PAYMENT_LABELS[payment],
            "payment_note": payment_note,
            "single_account": payment.value == "compte_unique",
            "solidaire": groupement.form == GroupementForm.SOLIDAIRE,
            "lots": lots,
            "total": format_eur(groupement.total_ht(), "HT"),
            "subcontractors": subcontractors,
            "threshold": format_eur(threshold, "TTC"),
            "duration": groupement.duration,
            "disputes": disputes_text(groupement),
            "retention_cap": fr.percent(retention_cap_sme(today) * 100),
            "to_fill": TO_FILL,
        }

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
        tender = self.tender(tender_id)
        groupement = self._required(tender_id)
        sub = self.subcontractor(groupement, name)
        threshold = direct_payment_threshold(today)
        owner = groupement.member(sub.member)
        mandataire = groupement.mandataire
        partner = self._partner_for(tender.structure_id, sub.name, sub.siret)
        lot = next((x for x in tender.lots if x.number == sub.lot), None)
        reserved = bool(lot.reserved) if lot else any(x.reserved for x in tender.lots)
        direct = sub.direct_payment(threshold)
        return {
            "title": tender.title,
            "buyer": tender.buyer,
            "reference": tender.reference,
            "procedure": label(tender.procedure),
            "lot": f"{lot_name(lot.number).capitalize()} : {lot.title}" if lot else (
                "Marché non alloti" if not tender.lots else lot_name(sub.lot).capitalize()),
            "form": form_label(groupement.form),
            "holder": party_text(owner) if owner else TO_FILL,
            "holder_name": owner.name if owner else TO_FILL,
            "holder_role": owner.role if owner else "",
            "mandataire": mandataire.name if mandataire else TO_FILL,
            "sub": {
                "name": sub.name,
                "siret": fr.siret(sub.siret) if sub.siret else TO_FILL,
                "legal_form": label(partner.legal_form) if partner else TO_FILL,
                "address": (partner.address.one_line() if partner else "") or TO_FILL,
                "contact": (partner.contact.name if partner else "") or TO_FILL,
                "email": (partner.contact.email if partner else "") or TO_FILL,
                "phone": (partner.contact.phone if partner else "") or TO_FILL,
                "prestations": sub.prestations or TO_FILL,
                "amount_ttc": format_eur(sub.amount_ttc, "TTC"),
            },
            "direct_payment": direct,
            "threshold": format_eur(threshold, "TTC"),
            "reserved": reserved,
            "today": french_long_date(today or date.today()),
            "to_fill": TO_FILL,
        }

    def _partner_for(self, structure_id: int | None, name: str, siret: str) -> Partner | None:
        if structure_id is None:
            return None
        partners = self.session.partners.list(structure_id)
        for partner in partners:
            if siret and partner.siret == siret:
                return partner
        return next((p for p in partners if slug(p.name) == slug(name)), None)

    def dc4_job(self, tender_id: int, name: str, out: Path | str) -> DocumentJob:
        """Check and prepare the DC4 of sub-contractor ``name``; ``job.run()`` on any thread."""
        from ..documents.convention import render_dc4

        self._refuse_on_errors(tender_id, "La déclaration de sous-traitance")
        return DocumentJob(render_dc4, self.dc4_context(tender_id, name), Path(out))

    def write_dc4(self, tender_id: int, name: str, out: Path | str) -> Path:
        """Write the DC4 data of sub-contractor ``name``; refused on any error check."""
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


@dataclass(frozen=True)
class DocumentJob:
    """A groupement document ready to render from plain data (no session, no widget)."""

    render: Callable[[dict[str, Any], Path], Path]
    context: dict[str, Any]
    out: Path

    def run(self, progress: Callable[[int, str], None] | None = None) -> Path:
        """Render to ``out``; ``WorkspaceError`` (French) when the file cannot be written."""
        if progress is not None:
            progress(10, "Rédaction du document…")
        try:
            result = self.render(self.context, self.out)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, self.out)) from exc
        if progress is not None:
            progress(100, "Document enregistré.")
        return result


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
