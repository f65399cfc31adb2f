"""Eligibility of a dossier's answer to its reserved lots: the structure alone, or the whole
groupement with its sub-contractors (``responder tender eligibility``, the Consultation tab).

Statuses come from the structure profile (« Ma structure ») or the partner book; proofs from
the structure's vault (« agrement_structure »: conventionnement IAE, ARS authorisation,
CPOM, agrément ESUS). A partner has no vault in the workspace, so its proof is « à vérifier ».

Thread contract: like every service, call it from one thread at a time per ``Session``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..domain.eligibility import EligibilityReport, Party, Role, judge_lot
from ..domain.groupement import Groupement
from ..domain.tender import Tender
from .deadlines import load_rulebook
from .tenders import TenderService
from .vault import VaultService
from .workspace import Session

#: The vault kind that holds the proof of a status (aliases: conventionnement_iae …).
PROOF_KIND = "agrement_structure"


class EligibilityService:
    """Answers « may we answer this reserved lot? » for each reserved lot of a dossier."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.vault = VaultService(session)

    def _structure_party(self, structure_id: int, role: Role, name: str | None = None) -> Party:
        structure = self.session.structures.get(structure_id)
        if structure is None:
            return Party(name=name or "Structure inconnue", role=role)
        proof = self.vault.current(structure_id, PROOF_KIND)
        headcount = structure.headcount
        return Party(
            name=name or structure.name,
            role=role,
            statuses=list(structure.ess_statuses),
            legal_form=structure.legal_form,
            proof_on_file=proof is not None,
            proof_label=(proof.label if proof else ""),
            proof_until=self.vault.expires_on(proof) if proof else None,
            headcount_total=headcount.total or None,
            disabled=headcount.disabled,
            insertion=headcount.insertion,
        )

    def _partner_party(
        self, partner_id: int | None, siret: str, name: str, role: Role
    ) -> Party:
        partner = self.session.partners.get(partner_id) if partner_id else None
        if partner is None and siret:
            partner = next(
                (p for p in self.session.partners.list(None) if p.siret == siret), None
            )
        if partner is None:
            return Party(name=name, role=role)
        return Party(
            name=name, role=role,
            statuses=list(partner.ess_statuses), legal_form=partner.legal_form,
        )

    def parties(self, tender: Tender, lot: int) -> list[Party]:
        """Who answers ``lot``: the structure alone, or the groupement's members on that lot
        (every member when none says its lots) and the sub-contractors of that lot."""
        groupement: Groupement | None = tender.groupement
        if groupement is None or not groupement.members:
            if tender.structure_id is None:
                return [Party(name="Ma structure")]
            return [self._structure_party(tender.structure_id, "candidat")]
        found: list[Party] = []
        on_lot = [m for m in groupement.members if not m.lots or lot in m.lots]
        rows = {r.member for rep in groupement.repartition if rep.lot in (lot, 0)
                for r in rep.rows}
        members = on_lot + [m for m in groupement.members if m.uid in rows and m not in on_lot]
        by_uid = {m.uid: m for m in groupement.members}
        for member in members:
            role: Role = "mandataire" if member.is_mandataire else "cotraitant"
            if member.structure_id is not None:
                found.append(self._structure_party(member.structure_id, role, member.name))
            else:
                found.append(
                    self._partner_party(member.partner_id, member.siret, member.name, role)
                )
        for sub in groupement.subcontractors:
            if sub.lot in (0, lot) and sub.member in by_uid:
                found.append(self._partner_party(None, sub.siret, sub.name, "sous_traitant"))
        return found

    def report(self, tender_id: int, today: date | None = None) -> EligibilityReport:
        """Per reserved lot, each party's verdict with its reason and article.

        Proofs are judged at the candidatures deadline (else the offers deadline, else today).
        """
        tender = TenderService(self.session).get(tender_id)
        today = today or date.today()
        moment = tender.candidatures_deadline or tender.deadline
        at = moment.date() if moment else today
        rules = load_rulebook()
        share_rule = rules.find("reserved_workers_min_ratio", at)
        min_share = share_rule.value if share_rule and share_rule.value else Decimal("0.5")
        lots = [
            judge_lot(lot.number, lot.title, list(lot.reserved),
                      self.parties(tender, lot.number), at, min_share)
            for lot in tender.lots if lot.reserved
        ]
        notes: list[str] = []
        members_rule = rules.find("reserved_members_eligible", at)
        if lots and members_rule is not None:
            notes.append(f"{members_rule.label_fr} (à vérifier dans le RC).")
        if any(len(lot.reserved) > 1 for lot in lots):
            joint = rules.find("reserved_joint", at)
            if joint is not None:
                notes.append(f"{joint.label_fr} ({joint.article}, à vérifier dans le RC).")
        assert tender.id is not None
        return EligibilityReport(
            tender_id=tender.id, title=tender.title, at=at, lots=lots, notes_fr=notes
        )
