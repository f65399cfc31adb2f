"""The single next action of a dossier, from its go / no-go, checklist and plan: shown in
the Consultations list and in the dossier's header (« Prochaine étape : … »)."""

from __future__ import annotations

from datetime import date

from ..domain.common import InvalidInput
from ..domain.enums import TenderStatus
from ..domain.gonogo import Decision
from ..domain.tender import Tender
from ..domain.tender_row import OPEN_STATUSES
from ..storage.db import WorkspaceError
from .deadlines import DeadlineService
from .workspace import Session


def next_step(session: Session, tender: Tender, today: date | None = None,
              deadlines: DeadlineService | None = None) -> str:
    """One sentence: what to do next on ``tender`` and where."""
    today = today or date.today()
    decision = tender.go_no_go.decision if tender.go_no_go else None
    if decision == Decision.NO_GO:
        return "Aucune : vous avez décidé de ne pas répondre."
    status = tender.status
    if status == TenderStatus.DEPOSE:
        return "Attendre la décision de l'acheteur, puis noter le résultat."
    if status == TenderStatus.PERDU:
        return "Demander par écrit les motifs du rejet."
    if status == TenderStatus.GAGNE:
        return "Fournir les pièces de l'attributaire, puis en faire une référence."
    if status not in OPEN_STATUSES:  # sans suite, abandonné … and any closed status to come
        return "Aucune : dossier clos."
    if tender.next_deadline is None:
        return "Saisir la date limite de remise des offres (onglet Consultation)."
    if tender.next_deadline.date() < today:
        if tender.deadline is None:  # two phases: the candidatures deadline has passed
            return ("Attendre l'invitation à soumissionner, puis saisir la date limite des "
                    "offres (onglet Consultation).")
        return "La date limite est passée : noter si l'offre a été déposée."
    if decision is None and status == TenderStatus.VEILLE:
        return "Décider d'y aller ou non (onglet Go / no-go)."
    blocking, ready, total = _pieces(session, tender, today)
    if blocking:
        return f"Régler la pièce bloquante : {blocking} (onglet Pièces)."
    service = deadlines or DeadlineService(session)
    plan = service.plan_of(tender, today)
    upcoming = plan.next_after(today) if plan is not None else None
    if upcoming is not None and upcoming.kind != "deadline" and upcoming.source in (
        "retroplanning", "rc", "loi", "conseil"
    ):
        return f"{upcoming.label_fr} — {upcoming.when_fr} (onglet Échéances)."
    if total and ready < total:
        return f"Réunir les pièces : {ready} / {total} prêtes (onglet Pièces)."
    return "Déposer l'offre sur la plateforme avant la date limite."


def _pieces(session: Session, tender: Tender, today: date) -> tuple[str, int, int]:
    """(label of the first blocking piece or "", ready count, total count)."""
    if tender.id is None:
        return "", 0, 0
    from .checklist import ChecklistService  # late: loads the catalogue

    try:
        view = ChecklistService(session).view(tender.id, today)
    except (InvalidInput, WorkspaceError, OSError, ValueError):
        return "", 0, 0
    first = next((row.item.label for row in view.rows if row.blocking), "")
    return first, view.progress.ready, view.progress.total
