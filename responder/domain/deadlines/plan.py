"""The plan of a dossier: RC dates, legal and recommended dates, retroplanning, deposit
steps, attestation expiries and post-decision dates, built in small steps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from ..enums import Procedure
from ..law import RuleBook
from .calendar import (
    WorkingCalendar,
    add_working_days,
    french_date,
    is_working_day,
    subtract_working_days,
    working_days_between,
)
from .checks import check_eu_threshold_clauses, check_non_working_day, check_phases
from .models import (
    MILESTONES,
    ComputedDate,
    DeadlineWarning,
    DossierPlan,
    PlanInput,
    earliest_rule,
    milestone_offsets,
    rule_fields,
)

if TYPE_CHECKING:
    from ..tender import Tender

#: Procedures with the formalised rules of R2132-6 (answers to questions 6 days before DLRO).
FORMALISED_PROCEDURES = frozenset(
    {Procedure.AOO, Procedure.AOR, Procedure.NEGOCIEE, Procedure.DIALOGUE}
)

def build_plan(
    data: PlanInput, rules: RuleBook, calendar: WorkingCalendar, today: date
) -> DossierPlan:
    """All the dates of a dossier: RC dates, legal and recommended dates, retroplanning,
    attestation expiries and post-decision dates, each with its rule; plus legal warnings."""
    on = data.published_on or data.start
    deadline_day = data.deadline.date()
    available = working_days_between(calendar, min(data.start, deadline_day), deadline_day)
    asked, advice = _questions_recommended(data, rules, calendar, on)
    dates = [
        *_rc_dates(data, rules, on),
        *_questions_answer(data, rules, on),
        *asked,
        *_retroplanning(data, rules, calendar, on, available),
        *deposit_steps(data, rules, calendar, on),
        *_expiry_dates(data),
        *_decision_dates(data, rules),
    ]
    _mark(dates, calendar, today, set(data.done))
    dates.sort(key=lambda d: (d.moment, d.kind))
    return DossierPlan(
        dates=dates,
        warnings=_plan_warnings(data, rules, calendar, on, advice),
        available_working_days=available,
        deadline=data.deadline,
    )


def _rc_dates(data: PlanInput, rules: RuleBook, on: date) -> list[ComputedDate]:
    """The dates the RC sets: deadline(s), invitation, questions deadline, site visit."""
    dates: list[ComputedDate] = []
    candidatures_only = data.deadline_is_candidatures
    late = rules.find(
        "late_candidature_eliminated" if candidatures_only else "late_offer_eliminated", on
    )
    dates.append(ComputedDate(
        kind="deadline",
        label_fr=(
            "Date limite de remise des candidatures" if candidatures_only
            else "Date limite de remise des offres"
        ),
        when=data.deadline.date(), at=data.deadline.time(), source="rc",
        **(rule_fields(late) if late else {}),
    ))
    if data.candidatures_deadline is not None and not candidatures_only:
        late_candidature = rules.find("late_candidature_eliminated", on)
        dates.append(ComputedDate(
            kind="candidatures_deadline", label_fr="Date limite de remise des candidatures",
            when=data.candidatures_deadline.date(), at=data.candidatures_deadline.time(),
            source="rc", **(rule_fields(late_candidature) if late_candidature else {}),
        ))
    if data.invitation_on is not None:
        dates.append(ComputedDate(
            kind="invitation", label_fr="Invitation à soumissionner reçue",
            when=data.invitation_on, source="rc",
            note="Le délai minimum de remise des offres court à partir de son envoi.",
        ))
    if data.questions_deadline is not None:
        dates.append(ComputedDate(
            kind="questions_deadline", label_fr="Date limite des questions (fixée par le RC)",
            when=data.questions_deadline.date(), at=data.questions_deadline.time(), source="rc",
        ))
    if data.site_visit_at is not None:
        label = "Visite de site"
        if data.site_visit_label:
            label = f"{label} ({data.site_visit_label.lower()})"
        dates.append(ComputedDate(
            kind="site_visit", label_fr=label, when=data.site_visit_at.date(),
            at=data.site_visit_at.time(), source="rc",
        ))
    return dates


def _questions_answer(data: PlanInput, rules: RuleBook, on: date) -> list[ComputedDate]:
    """The last day of the buyer's answers to questions (formalised procedures)."""
    # A rule with no version in force on ``on`` (a notice published before the code of
    # 1 April 2019) is not an error: the date it would give is simply left out.
    answer_rule = (
        rules.find(
            "questions_answer_min_urgency" if data.urgency else "questions_answer_min", on
        )
        if data.procedure in FORMALISED_PROCEDURES and not data.deadline_is_candidatures
        else None
    )
    if answer_rule is None:
        return []
    fields = rule_fields(answer_rule)
    postpone = rules.find("postponement_mandatory", on)
    fields["note"] = (
        f"{answer_rule.label_fr}. Posez vos questions bien avant cette date pour que "
        "l'acheteur soit tenu d'y répondre."
        + (
            f" Faute de réponse à temps, il doit reporter la date limite ({postpone.article})."
            if postpone else ""
        )
    )
    return [ComputedDate(
        kind="questions_answer_limit",
        label_fr="Dernier jour pour la réponse de l'acheteur aux questions",
        when=data.deadline.date() - timedelta(days=answer_rule.days), source="loi", **fields,
    )]


def _questions_recommended(
    data: PlanInput, rules: RuleBook, calendar: WorkingCalendar, on: date
) -> tuple[list[ComputedDate], list[DeadlineWarning]]:
    """When to ask questions when the RC sets no date, and the advice when time is short."""
    recommended = rules.find("questions_recommended", on)
    if data.questions_deadline is not None or recommended is None:
        return [], []
    warnings: list[DeadlineWarning] = []
    deadline_day = data.deadline.date()
    ask_by = subtract_working_days(calendar, deadline_day, recommended.days)
    fields = rule_fields(recommended)
    if data.published_on is not None and ask_by < data.published_on:
        # Never advise a date before the consultation exists: ask as soon as it is out.
        ask_by = min(add_working_days(calendar, data.published_on, 0), deadline_day)
        fields["note"] = (
            f"{recommended.label_fr} : la consultation laisse moins de {recommended.days} "
            "jours ouvrés, posez vos questions dès la publication."
        )
        warnings.append(DeadlineWarning(
            level="conseil", code="questions_before_publication",
            articles=[recommended.citation()], rule_ids=[recommended.id],
            message_fr=(
                f"Moins de {recommended.days} jours ouvrés séparent la publication "
                f"({french_date(data.published_on, weekday=False)}) de la date limite : "
                f"posez vos questions dès maintenant, au plus tard le {french_date(ask_by)}."
            ),
        ))
    return [ComputedDate(
        kind="questions_recommended", label_fr="Poser ses questions avant",
        when=ask_by, source="conseil", **fields,
    )], warnings


#: Two phases: the working days before the candidatures deadline by which these milestones
#: must fall (the groupement is named in the candidature and frozen from then on, R2142-26).
_BEFORE_CANDIDATURES = {"go_no_go": 4, "partners_confirmed": 2}


def _retroplanning(
    data: PlanInput, rules: RuleBook, calendar: WorkingCalendar, on: date, available: int
) -> list[ComputedDate]:
    """The milestones, counted back in working days from the deadline, with user edits."""
    # The upload margin is practice advice, not law: before its first version, that first
    # version stands in (an unknown rule id still raises ``RuleNotFound``).
    upload_rule = rules.find("upload_recommended", on)
    if upload_rule is None:
        upload_rule = earliest_rule(rules, "upload_recommended")
    offsets = milestone_offsets(
        available, upload=upload_rule.days, groupement=data.groupement
    )
    labels = {m.kind: m.label_fr for m in MILESTONES}
    labels["upload"] = "Dépôt de l'offre sur la plateforme"
    dates: list[ComputedDate] = []
    for kind, offset in offsets.items():
        default = subtract_working_days(calendar, data.deadline.date(), offset)
        fields = (
            rule_fields(upload_rule) if kind == "upload"
            else {"note": f"Par défaut {offset} jours ouvrés avant la date limite."}
        )
        default = _before_candidatures(data, rules, calendar, on, kind, default, fields)
        when = data.overrides.get(kind, default)
        edited = kind in data.overrides and data.overrides[kind] != default
        if edited:
            fields["note"] = (
                f"Date choisie par vous (proposée : {french_date(default)}). {fields['note']}"
            )
        dates.append(ComputedDate(
            kind=kind, label_fr=labels[kind], when=when, source="retroplanning",
            editable=True, edited=edited, **fields,
        ))
    return dates


def _before_candidatures(
    data: PlanInput, rules: RuleBook, calendar: WorkingCalendar, on: date,
    kind: str, default: date, fields: dict[str, Any],
) -> date:
    """``default``, or earlier when a two-phase milestone must precede the candidatures
    deadline (``fields["note"]`` then says why)."""
    if (data.candidatures_deadline is None or data.deadline_is_candidatures
            or kind not in _BEFORE_CANDIDATURES):
        return default
    latest = subtract_working_days(calendar, data.candidatures_deadline.date(),
                                   _BEFORE_CANDIDATURES[kind])
    if default <= latest:
        return default
    frozen = rules.find("groupement_frozen_from_candidature", on)
    fields["note"] = (
        f"Par défaut {_BEFORE_CANDIDATURES[kind]} jours ouvrés avant la date limite "
        "des candidatures : le groupement est désigné dans la candidature"
        + (f" et ne peut plus changer ensuite ({frozen.article})." if frozen else ".")
    )
    return latest


def _expiry_dates(data: PlanInput) -> list[ComputedDate]:
    """Attestations that expire before the deadline or before the expected award."""
    deadline_day = data.deadline.date()
    dates: list[ComputedDate] = []
    for kind, label, until in data.expiries:
        if until < deadline_day:
            dates.append(ComputedDate(
                kind=kind, label_fr=f"{label} expire", when=until, source="attestation",
                note=f"Expire avant la date limite ({french_date(deadline_day)}) : "
                "renouvelez-la pour qu'elle soit valable au dépôt et à l'attribution.",
            ))
        elif data.award_on is not None and until < data.award_on:
            dates.append(ComputedDate(
                kind=kind, label_fr=f"{label} expire", when=until, source="attestation",
                note=f"Expire avant l'attribution prévue vers le {french_date(data.award_on)} : "
                "si vous êtes retenu, l'acheteur la demandera avant d'attribuer (R2144-4) ; "
                "prévoyez son renouvellement.",
            ))
    return dates


def _mark(
    dates: list[ComputedDate], calendar: WorkingCalendar, today: date, done: set[str]
) -> None:
    """Flag each date past, done or on a non-working day."""
    midnight = datetime.combine(today, time(0, 0))
    for item in dates:
        item.in_past = item.moment < midnight
        item.done = item.kind in done
        item.non_working = not calendar.is_working_day(item.when)


def _plan_warnings(
    data: PlanInput, rules: RuleBook, calendar: WorkingCalendar, on: date,
    advice: list[DeadlineWarning],
) -> list[DeadlineWarning]:
    """The legal warnings of the plan, then ``advice``, then the EU threshold clauses."""
    candidatures_only = data.deadline_is_candidatures
    offers_deadline = None if candidatures_only else data.deadline
    candidatures = data.deadline if candidatures_only else data.candidatures_deadline
    legal = check_phases(
        rules, data.procedure, data.published_on, offers_deadline, urgency=data.urgency,
        candidatures_deadline=candidatures, invitation_on=data.invitation_on,
    )
    non_working = [
        *check_non_working_day(rules, calendar, on, offers_deadline, "dlro_non_working_day",
                               "La date limite de remise des offres"),
        *check_non_working_day(rules, calendar, on, candidatures,
                               "candidatures_non_working_day",
                               "La date limite de remise des candidatures"),
    ]
    thresholds = check_eu_threshold_clauses(
        rules, on, data.market_type, data.estimated_total
    )
    return [*legal, *non_working, *advice, *thresholds]


# --- deposit ------------------------------------------------------------------------------
#: Kinds of the deposit steps; all ticked off once the deposit is recorded.
DEPOSIT_KINDS = ("deposit_test", "deposit", "deposit_done")


def deposit_steps(
    data: PlanInput, rules: RuleBook, calendar: WorkingCalendar, on: date
) -> list[ComputedDate]:
    """Deposit steps of the retroplanning: a test upload (``deposit_test_upload`` working
    days before the deadline), the deposit itself (``deposit_margin`` hours before the
    deadline) and, once recorded, « Dépôt effectué ». Practice rules, phrased as advice.

    Once the deposit is recorded the caller ticks off ``DEPOSIT_KINDS`` and ``upload``."""
    steps: list[ComputedDate] = []
    test_rule = rules.find("deposit_test_upload", on)
    margin_rule = rules.find("deposit_margin", on)
    if test_rule is not None:
        steps.append(ComputedDate(
            kind="deposit_test", label_fr="Dépôt test sur la plateforme",
            when=subtract_working_days(calendar, data.deadline.date(), test_rule.days),
            source="conseil", **rule_fields(test_rule),
        ))
    if margin_rule is not None:
        moment = data.deadline - timedelta(hours=margin_rule.days)
        # A margin that lands on a weekend or a public holiday moves back to the working day
        # before: nobody (nor the platform's help desk) is there to fix a failed upload.
        while not is_working_day(calendar, moment.date()):
            moment -= timedelta(days=1)
        steps.append(ComputedDate(
            kind="deposit", label_fr="Dépôt de l'offre terminé (au plus tard)",
            when=moment.date(), at=moment.time(), source="conseil", **rule_fields(margin_rule),
        ))
    if data.deposited_at is not None:
        steps.append(ComputedDate(
            kind="deposit_done", label_fr="Dépôt effectué", when=data.deposited_at.date(),
            at=data.deposited_at.time().replace(second=0, microsecond=0),
            source="retroplanning", note="Enregistré dans l'onglet Dépôt.",
        ))
    return steps


# --- after the decision -------------------------------------------------------------------
def standstill_end(rules: RuleBook, notice_on: date, *, electronic: bool = True) -> ComputedDate:
    """End of the standstill (R2182-1): 11 days after the rejection notice, 16 if on paper."""
    rule = rules.get("standstill" if electronic else "standstill_not_electronic", notice_on)
    return ComputedDate(
        kind="standstill_end", label_fr="Fin du délai de suspension (signature possible)",
        when=notice_on + timedelta(days=rule.days), source="decision", **rule_fields(rule),
    )


def rejection_reasons_due(rules: RuleBook, requested_on: date) -> ComputedDate:
    """Last day for the buyer's answer to a request for the reasons of rejection (R2181-2)."""
    rule = rules.get("rejection_reasons_answer", requested_on)
    return ComputedDate(
        kind="rejection_reasons_due", label_fr="Réponse de l'acheteur sur les motifs du rejet",
        when=requested_on + timedelta(days=rule.days), source="decision", **rule_fields(rule),
    )


def _decision_dates(data: PlanInput, rules: RuleBook) -> list[ComputedDate]:
    """The after-decision dates by procedure (``domain/after_award.py``): from the recorded
    outcome when there is one (``data.decision``), else from the decision dates set here."""
    from ..after_award import DecisionFacts, decision_dates  # it imports this package

    facts = data.decision or DecisionFacts(
        procedure=data.procedure, notice_on=data.rejection_notice_on,
        electronic=data.rejection_notice_electronic,
        reasons_requested_on=data.reasons_requested_on,
    )
    return decision_dates(rules, facts)



# --- award ----------------------------------------------------------------------------------
def tender_award_date(rules: RuleBook, tender: Tender) -> date | None:
    """When the buyer of ``tender`` is expected to award (:func:`expected_award_date` with
    the dossier's delays); ``None`` without an offers deadline."""
    if tender.deadline is None:
        return None
    return expected_award_date(
        rules, tender.deadline.date(),
        award_delay_days=tender.award_delay_days,
        offer_validity_days=tender.offer_validity_days,
    )


def expected_award_date(
    rules: RuleBook,
    deadline: date,
    *,
    award_delay_days: int | None = None,
    offer_validity_days: int | None = None,
) -> date:
    """When the buyer is expected to award: deadline + the dossier's delay (default: the
    « award_delay_default » rule), never beyond the offers' validity.

    The attributaire's attestations are asked after ranking (R2144-4): their validity is
    checked at this date, not at the deadline.
    """
    days = award_delay_days
    if days is None:
        rule = rules.find("award_delay_default", deadline)
        if rule is None:
            rule = earliest_rule(rules, "award_delay_default")
        days = rule.days
    if offer_validity_days is not None:
        days = min(days, offer_validity_days)
    return deadline + timedelta(days=days)
