"""The findings of the final check beyond one file's format: names, deadline, validity of the
attestations, award pieces, groupement, mémoire, signatures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ...domain.checklist import ChecklistRow, ChecklistView
from ...domain.deposit import Deposit, DepositSettings, extension_of, file_name
from ...domain.deposit_check import DepositIssue, PlannedFile, blocking_issue
from ...domain.tender import Tender
from ...domain.validity import ValidityState
from ...fr import date_short, datetime_at
from .rules import DepositRules


class DepositIssues(DepositRules):
    """The findings of the final check that are not about one file's format."""

    def _name(
        self,
        entries: list[tuple[tuple[Any, ...], PlannedFile]],
        settings: DepositSettings,
        candidate: str,
        max_name: int,
    ) -> list[PlannedFile]:
        """Number the files in pack order and name them by the dossier's pattern."""
        entries.sort(key=lambda pair: pair[0])
        named: list[PlannedFile] = []
        for number, (_key, planned) in enumerate(entries, start=1):
            extension = (
                extension_of(planned.original_name) if planned.source == "store" else "docx"
            )
            planned.name = file_name(
                settings.naming_pattern, number=number, piece=planned.piece,
                candidate=planned.member or candidate,
                lot=planned.lots[0] if len(planned.lots) == 1 else None,
                extension=extension, max_length=max_name,
            )
            named.append(planned)
        return named

    def _deadline_issues(
        self, tender: Tender, deposit: Deposit, now: datetime
    ) -> list[DepositIssue]:
        issues: list[DepositIssue] = []
        if deposit.record is not None:
            when = datetime_at(deposit.record.deposited_at)
            if tender.offers_deposited:
                return [DepositIssue(
                    code="already_deposited", level="rappel",
                    message_fr=f"Dépôt déjà enregistré le {when}.",
                )]
            issues.append(DepositIssue(
                code="candidature_deposited", level="rappel",
                message_fr=f"Candidature déposée le {when} : l'offre se dépose après "
                "l'invitation à soumissionner, avant la date limite des offres.",
            ))
        # Before the invitation, the deadline to meet is the candidatures' (two phases).
        candidatures = tender.deadline is None and deposit.record is None
        target = tender.next_deadline if candidatures else tender.deadline
        if target is None:
            issues.append(DepositIssue(
                code="no_deadline", level="attention",
                message_fr="La date limite n'est pas saisie : reportez-la depuis le RC "
                "(onglet Consultation).",
            ))
            return issues
        if target <= now:
            late = "late_candidature_eliminated" if tender.deadline is None else (
                "late_offer_eliminated")
            rule = self.rules.find(late, target.date())
            what = "une candidature reçue après est éliminée" if tender.deadline is None else (
                "une offre reçue après est éliminée")
            issues.append(blocking_issue("deadline_passed", (
                f"La date limite ({datetime_at(target)}) est passée : "
                f"{what}" + (f" ({rule.article})." if rule else ".")
            )))
        return issues

    def _validity_issue(self, row: ChecklistRow, common: dict[str, Any]) -> list[DepositIssue]:
        """An attestation due at the deposit (an agrément …) not valid at the deadline."""
        check = row.check
        if check is None or check.document_id is None or check.state == ValidityState.VALIDE:
            return []
        level = "attention" if check.guidance else "bloquant"
        suffix = " (durée d'usage, à vérifier dans le RC)" if check.guidance else ""
        return [DepositIssue(
            code="attestation_invalid", level=level, **common,
            message_fr=(
                f"« {row.item.label} » ne sera plus valable à la date limite (fin de validité "
                f"le {date_short(check.expires_on) if check.expires_on else '?'})"
                f"{suffix} : renouvelez-la dans les documents administratifs."
            ),
        )]

    def _award_issues(
        self, tender: Tender, row: ChecklistRow, issues: list[DepositIssue], today: date
    ) -> int:
        """Warnings for a pièce de l'attributaire; returns 1 when it is not ready."""
        item = row.item
        common = {"piece": item.label, "uid": item.uid, "member": row.owner_label,
                  "lots": item.lots}
        check = row.check
        if row.is_attestation and check is not None and check.document_id is not None:
            award = self.award_date(tender)
            if check.state != ValidityState.VALIDE:
                expired = check.expires_on is not None and check.expires_on < today
                when = date_short(check.expires_on) if check.expires_on else "?"
                # An attestation already expired is not « expiring before the deadline ».
                verb = f"a expiré le {when}" if expired else f"expire le {when}, avant la " \
                    "date limite"
                issues.append(DepositIssue(
                    code="attestation_expires_before_deadline", level="attention", **common,
                    message_fr=(
                        f"« {item.label} » {verb} : elle n'est pas à déposer maintenant, mais "
                        "renouvelez-la pour pouvoir la fournir si vous êtes retenu (R2144-4)."
                    ),
                ))
            elif award and check.expires_on and check.expires_on < award:
                issues.append(DepositIssue(
                    code="attestation_expires_before_award", level="attention", **common,
                    message_fr=(
                        f"« {item.label} » expire le {date_short(check.expires_on)}, "
                        f"avant l'attribution attendue au plus tard le "
                        f"{date_short(award)} (fin de validité des offres) : "
                        "prévoyez de la renouveler pour la fournir si vous êtes retenu."
                    ),
                ))
        return 0 if row.ready else 1

    def _groupement_issues(self, tender: Tender) -> list[DepositIssue]:
        if tender.id is None or tender.groupement is None or len(tender.groupement.members) < 2:
            return []
        from ..groupement import GroupementService

        errors = [
            c for c in GroupementService(self.session).checks(tender.id, with_pieces=False)
            if c.is_error
        ]
        return [
            blocking_issue("groupement_error", f"{c.message_fr} ({c.article}) — onglet Groupement.",
                           {"member": c.member, "lots": [c.lot] if c.lot else [],
                            "piece": "Groupement"})
            for c in errors
        ]

    def _memoire_issues(self, tender: Tender, today: date) -> list[DepositIssue]:
        from ..memoire import MemoireService

        assert tender.id is not None
        memoires = MemoireService(self.session)
        issues: list[DepositIssue] = []
        for lot in memoires.lots(tender.id):
            memoire = memoires.get(tender.id, lot)
            if memoire is None:
                continue
            where = f" (lot {lot})" if lot is not None else ""
            for point in memoires.check(memoire, today):
                issues.append(DepositIssue(
                    code="memoire_attention", level="attention",
                    piece=f"Mémoire technique{where}", lots=[lot] if lot else [],
                    message_fr=f"{point.message_fr} — onglet Mémoire.",
                ))
        return issues

    def _signature_reminders(self, view: ChecklistView) -> list[DepositIssue]:
        keys = {row.item.key for row in view.rows if row.item.counted}
        found: list[DepositIssue] = []
        if keys & {"lettre_candidature", "declaration_candidat", "dume"}:
            found.append(DepositIssue(
                code="no_signature_candidature", level="rappel",
                message_fr=(
                    "DC1, DC2 (ou DUME) : aucune signature n'est exigée au stade de la "
                    "candidature ; ne retardez pas le dépôt pour les faire signer."
                ),
            ))
        if "acte_engagement" in keys:
            found.append(DepositIssue(
                code="signature_acte_engagement", level="rappel", piece="Acte d'engagement",
                message_fr=(
                    "Acte d'engagement : il est signé par l'attributaire seulement, une fois "
                    "retenu (sauf si le RC demande de le signer dès le dépôt : à vérifier)."
                ),
            ))
        found.append(DepositIssue(
            code="electronic_signature", level="rappel",
            message_fr=(
                "Signature électronique : il faut un certificat de signature qualifié au nom "
                "d'une personne habilitée à engager la structure (pouvoir), commandé auprès "
                "d'un prestataire de confiance et délivré après vérification d'identité — "
                "comptez plusieurs jours. Une signature scannée n'est pas une signature "
                "électronique."
            ),
        ))
        return found
