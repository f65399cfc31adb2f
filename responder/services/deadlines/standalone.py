"""The plan of any deadline, without a workspace (``responder deadlines plan``)."""

from __future__ import annotations

from datetime import date, datetime

from ...domain.common import InvalidInput
from ...domain.deadlines import (
    ComputedDate,
    DeadlineWarning,
    DossierPlan,
    PlanInput,
    WorkingCalendar,
    build_plan,
    working_days_between,
)
from ...domain.enums import Procedure
from ...domain.law import RuleBook, RuleNotFound
from .rules import load_rulebook


# --- standalone plan (no workspace) -------------------------------------------------------
def plan_for_deadline(
    deadline: datetime,
    procedure: Procedure,
    *,
    published_on: date | None = None,
    questions_deadline: datetime | None = None,
    start: date | None = None,
    groupement: bool = False,
    urgency: bool = False,
    alsace_moselle: bool = False,
    today: date | None = None,
    rules: RuleBook | None = None,
    candidatures_deadline: datetime | None = None,
    invitation_on: date | None = None,
) -> DossierPlan:
    """The computed dates and retroplanning for any deadline, each with its rule.

    ``start`` is when work begins (default: ``today``, or the publication date when the
    deadline is past or the notice not yet published): the retroplanning is scaled to the
    working days left from it. For two-phase procedures ``candidatures_deadline`` and
    ``invitation_on`` let each phase be checked (R2161-6 to R2161-15).
    Raises ``InvalidInput`` naming the field when dates contradict.
    """
    today = today or date.today()
    errors = _contradictions(
        deadline, published_on, questions_deadline, candidatures_deadline, invitation_on
    )
    if errors:
        raise InvalidInput(errors)
    if start is None:
        # Work starts today; for a past or not yet published consultation, at publication.
        start = min(today, deadline.date())
        if published_on is not None and (today > deadline.date() or published_on > today):
            start = published_on
    data = PlanInput(
        deadline=deadline, procedure=procedure, start=start,
        published_on=published_on, questions_deadline=questions_deadline,
        groupement=groupement, urgency=urgency,
        candidatures_deadline=candidatures_deadline, invitation_on=invitation_on,
    )
    return build_plan(
        data, rules or load_rulebook(), WorkingCalendar(alsace_moselle=alsace_moselle), today
    )


def _contradictions(
    deadline: datetime,
    published_on: date | None,
    questions_deadline: datetime | None,
    candidatures_deadline: datetime | None,
    invitation_on: date | None,
) -> dict[str, str]:
    """The dates that contradict one another, by field (empty when all agree)."""
    errors: dict[str, str] = {}
    if published_on is not None and published_on > deadline.date():
        errors["published_on"] = "la date de publication est après la date limite."
    if questions_deadline is not None and questions_deadline > deadline:
        errors["questions_deadline"] = "la date limite des questions est après la date limite."
    if candidatures_deadline is not None:
        if candidatures_deadline > deadline:
            errors["candidatures_deadline"] = (
                "la date limite des candidatures est après celle des offres : les candidatures "
                "viennent d'abord."
            )
        elif published_on is not None and candidatures_deadline.date() < published_on:
            errors["candidatures_deadline"] = (
                "la date limite des candidatures est avant la date de publication."
            )
    if invitation_on is not None:
        if invitation_on > deadline.date():
            errors["invitation_on"] = "l'invitation est datée d'après la date limite des offres."
        elif candidatures_deadline is not None and invitation_on < candidatures_deadline.date():
            errors["invitation_on"] = (
                "l'invitation est datée d'avant la date limite des candidatures."
            )
        elif published_on is not None and invitation_on < published_on:
            errors["invitation_on"] = "l'invitation est datée d'avant la publication."
    return errors


def deadline_only_plan(
    data: PlanInput, calendar: WorkingCalendar, today: date, exc: RuleNotFound
) -> DossierPlan:
    """The plan of a dossier whose rules could not be applied: its deadline and a warning."""
    deadline = ComputedDate(
        kind="deadline", label_fr="Date limite de remise des offres",
        when=data.deadline.date(), at=data.deadline.time(), source="rc",
        in_past=data.deadline < datetime.combine(today, datetime.min.time()),
        done="deadline" in set(data.done),
        non_working=not calendar.is_working_day(data.deadline.date()),
    )
    reason = str(exc.args[0]) if exc.args else str(exc)
    warning = DeadlineWarning(
        level="conseil", articles=[], rule_ids=[], code="rules_unavailable",
        message_fr=(
            f"Les échéances de cette consultation n'ont pas pu être calculées ({reason}) : "
            "seule la date limite est affichée. Vérifiez les dates de la consultation "
            "(publication, date limite) ou mettez Responder à jour."
        ),
    )
    available = working_days_between(
        calendar, min(data.start, data.deadline.date()), data.deadline.date()
    )
    return DossierPlan(
        dates=[deadline], warnings=[warning], available_working_days=available,
        deadline=data.deadline,
    )
