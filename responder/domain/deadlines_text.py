"""The « Échéances » tab's words: how a date is flagged, the header, the after-decision notes
(no Qt). The dates themselves come from ``deadlines.py`` and ``after_award.py``."""

from __future__ import annotations

from ..fr import date_short_weekday
from .deadlines import ComputedDate, DossierPlan, french_time

SOURCE_LABELS = {
    "rc": "RC",
    "loi": "Code de la commande publique",
    "conseil": "Conseil",
    "retroplanning": "Rétroplanning",
    "attestation": "Attestation",
    "decision": "Après la décision",
}


def short_when(item: ComputedDate) -> str:
    """« ven. 18/12/2026 12 h »: fits the narrow date column (the tooltip has the long form)."""
    text = date_short_weekday(item.when)
    return f"{text} {french_time(item.at)}" if item.at else text


def flagged(item: ComputedDate) -> bool:
    """A date that needs the user's eye: past and not done, or an attestation expiring."""
    return not item.done and (item.in_past or item.source == "attestation")


def state_text(item: ComputedDate) -> str:
    """The state of a date in words (never colour alone)."""
    if item.done:
        return "✓ Fait"
    parts: list[str] = []
    if item.source == "attestation":
        parts.append("⚠ Expire avant la date limite")
    elif item.in_past:
        parts.append("⚠ Date passée")
    if item.non_working:
        parts.append("jour non ouvré")
    if item.edited:
        parts.append("modifiée")
    return " · ".join(parts)


def step_text(item: ComputedDate) -> str:
    """The step's name; the warning sign keeps the flag visible in words when narrow."""
    return f"⚠ {item.label_fr}" if flagged(item) else item.label_fr


def span_text(days: int) -> str:
    """How many working days the retroplanning spreads over."""
    if days <= 0:
        return "Dossier ouvert à la date limite : étapes placées au plus court"
    s = "s" if days > 1 else ""
    return f"Rétroplanning calculé sur {days} jour{s} ouvré{s} depuis l'ouverture du dossier"


def phases_text(plan: DossierPlan, two_phase: bool, has_deadline: bool) -> str:
    """The two-phase procedure's dates (candidatures, invitation); empty otherwise."""
    if not two_phase:
        return ""
    candidatures = plan.get("candidatures_deadline")
    invitation = plan.get("invitation")
    return (
        " Procédure en deux phases : candidatures "
        + (f"jusqu'au {candidatures.when_fr}" if candidatures else
           ("— c'est la date ci-dessus" if not has_deadline else "— date à saisir"))
        + ", invitation à soumissionner "
        + (f"reçue le {invitation.when_fr}." if invitation else
           "à saisir dans l'onglet Consultation dès réception.")
    )


def available_text(plan: DossierPlan, two_phase: bool, has_deadline: bool) -> str:
    """The line under the countdown: the deadline, the span, the phases."""
    deadline = plan.get("deadline")
    return (f"Date limite : {deadline.when_fr if deadline else '—'}. "
            f"{span_text(plan.available_working_days)} (week-ends et jours fériés exclus)."
            f"{phases_text(plan, two_phase, has_deadline)}")


def standstill_text(plan: DossierPlan, mapa: bool) -> str:
    """What to do after a rejection: the référé précontractuel and the standstill end."""
    refere = plan.get("refere_precontractuel_limit")
    standstill = plan.get("standstill_end")
    if mapa:
        return (
            "Procédure adaptée : pas de délai de suspension (R2182-1). L'acheteur peut "
            "signer dès l'envoi de la lettre de rejet ; si vous contestez, agissez "
            "immédiatement (un référé précontractuel n'est plus possible après la signature)."
        )
    if refere and standstill:
        return (
            f"Déposer un référé précontractuel au plus tard le {refere.when_fr} "
            f"({refere.article}). Fin du délai de suspension : {standstill.when_fr}, "
            "l'acheteur peut signer dès le lendemain."
        )
    return (
        "Référé précontractuel : indiquez la date de la lettre de rejet (à déposer au "
        "plus tard 10 jours après, 15 si elle n'est pas électronique — article R2182-1)."
    )


def reasons_due_text(plan: DossierPlan, mapa: bool) -> str:
    """When the buyer must give the reasons of the rejection (R2181-2, R2181-4)."""
    reasons = plan.get("rejection_reasons_due")
    if reasons:
        return (f"L'acheteur doit vous répondre au plus tard le {reasons.when_fr} "
                f"({reasons.article}).")
    article = "R2181-2" if mapa else "R2181-4"
    return ("Motifs du rejet : l'acheteur a 15 jours pour répondre à votre "
            f"demande écrite (article {article}).")


def exported_text(count: int, name: str) -> str:
    """The status line after the dossier's calendar export."""
    return f"Agenda du dossier exporté : {count} date{'s' if count > 1 else ''} dans « {name} »."
