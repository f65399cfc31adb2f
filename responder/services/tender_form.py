"""The texts the « Consultation » form shows under its fields, built without Qt: who may
answer the dossier's reserved lots, and the legal warnings on its dates."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.deadlines import DeadlineWarning
from ..domain.eligibility import EligibilityReport


def eligibility_text(report: EligibilityReport | None) -> str:
    """One line per reserved lot and one per member or subcontractor (empty: no box)."""
    if report is None or not report.lots:
        return ""
    lines = ["Éligibilité aux lots réservés (chaque membre et sous-traitant) :"]
    for lot in report.lots:
        lines.append(f"Lot {lot.lot} — {lot.reserved_fr} : {lot.verdict_fr}")
        lines.extend(
            f"  • {party.name} ({party.role_fr.lower()}) : {party.verdict_fr.lower()} — "
            f"{party.reason_fr}"
            for party in lot.parties
        )
    return "\n".join(lines)


def warnings_text(warnings: Iterable[DeadlineWarning]) -> str:
    """The warnings on the dates, one « ⚠ » line each (empty: none)."""
    return "\n".join(f"⚠ {w.message_fr}" for w in warnings)
