"""Deadlines of a dossier: working-day arithmetic, computed dates, retroplanning, legal checks.

Pure functions: no I/O, no clock. « Today » is always passed in. Every figure comes from the
:class:`~responder.domain.law.RuleBook` (``resources/rules/rules.json``), and each computed date
carries the rule it comes from.

Working days exclude Saturdays, Sundays and French public holidays (``holidays``, France; with
Alsace-Moselle, Good Friday and 26 December are added). ``holidays`` is imported lazily, the
first time a calendar needs a year, so importing this module stays cheap.

Conventions of the arithmetic (checked by property tests):

- ``add_working_days(cal, d, n)`` with ``n ≥ 1`` is the n-th working day strictly after ``d``;
  ``subtract_working_days(cal, d, n)`` the n-th working day strictly before ``d``.
  With ``n = 0`` they roll ``d`` to the nearest working day after (add) or before (subtract).
- ``working_days_between(cal, a, b)`` counts the working days in ``(a, b]`` — negative when
  ``b < a`` — so counts are additive and ``working_days_between(cal, d, add(d, n)) == n``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from .common import DomainModel
from .enums import MarketType, Procedure
from .law import Rule, RuleBook, RuleNotFound

if TYPE_CHECKING:
    from .after_award import DecisionFacts

#: Departments where the local law adds Good Friday and 26 December (Alsace-Moselle).
ALSACE_MOSELLE_DEPARTMENTS = frozenset({"57", "67", "68"})

#: Procedures with the formalised rules of R2132-6 (answers to questions 6 days before DLRO).
FORMALISED_PROCEDURES = frozenset(
    {Procedure.AOO, Procedure.AOR, Procedure.NEGOCIEE, Procedure.DIALOGUE}
)

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)


def french_date(day: date, *, weekday: bool = True) -> str:
    """« jeudi 7 mai 2026 » (« 1er » for the first day of a month)."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def french_time(moment: time) -> str:
    """« 14 h » or « 12 h 30 »."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


# --- working calendar ---------------------------------------------------------------------
class WorkingCalendar:
    """French public holidays (optionally Alsace-Moselle) and the working days they leave.

    Holidays are loaded per year, on first use, from the ``holidays`` package (French names).
    """

    def __init__(self, *, alsace_moselle: bool = False) -> None:
        self.alsace_moselle = alsace_moselle
        self._years: dict[int, dict[date, str]] = {}

    def __repr__(self) -> str:
        return f"WorkingCalendar(alsace_moselle={self.alsace_moselle})"

    def _year(self, year: int) -> dict[date, str]:
        found = self._years.get(year)
        if found is None:
            from . import holidays_fr  # the package's own table, pre-computed: ~0.3 s less

            if holidays_fr.FIRST_YEAR <= year <= holidays_fr.LAST_YEAR:
                prefix = f"{year:04d}-"
                subdivision = holidays_fr.TABLE["57" if self.alsace_moselle else ""]
                found = {
                    date.fromisoformat(day): name
                    for day, name in subdivision.items() if day.startswith(prefix)
                }
                self._years[year] = found
                return found
            import holidays  # lazy: about 0.3 s (it loads every country)

            subdiv = "57" if self.alsace_moselle else None
            try:
                table = holidays.country_holidays(
                    "FR", subdiv=subdiv, years=year, language="fr"
                )
            except (NotImplementedError, KeyError):  # pragma: no cover - older holidays
                table = holidays.country_holidays("FR", subdiv=subdiv, years=year)
            found = {day: str(name) for day, name in table.items()}
            self._years[year] = found
        return found

    def holiday_name(self, day: date) -> str | None:
        """The French name of the public holiday on ``day`` (« Ascension »), else ``None``."""
        return self._year(day.year).get(day)

    def is_holiday(self, day: date) -> bool:
        """True on a public holiday."""
        return day in self._year(day.year)

    def is_working_day(self, day: date) -> bool:
        """True from Monday to Friday when the day is not a public holiday."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def holidays_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Public holidays from ``start`` to ``end`` included, in order."""
        found: list[tuple[date, str]] = []
        for year in range(start.year, end.year + 1):
            found.extend((d, n) for d, n in self._year(year).items() if start <= d <= end)
        return sorted(found)


def is_working_day(calendar: WorkingCalendar, day: date) -> bool:
    """True when ``day`` is neither a weekend day nor a public holiday of ``calendar``."""
    return calendar.is_working_day(day)


def add_working_days(calendar: WorkingCalendar, start: date, n: int) -> date:
    """The n-th working day after ``start`` (``n = 0``: ``start`` or the next working day).

    A negative ``n`` counts backwards (same as :func:`subtract_working_days`).
    """
    if n < 0:
        return subtract_working_days(calendar, start, -n)
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(calendar: WorkingCalendar, start: date, n: int) -> date:
    """The n-th working day before ``start`` (``n = 0``: ``start`` or the previous working day)."""
    if n < 0:
        return add_working_days(calendar, start, -n)
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day
    remaining = n
    while remaining:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """Working days in ``(start, end]``; when ``end < start``, minus those in ``(end, start]``."""
    if end < start:
        return -working_days_between(calendar, end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


# --- computed dates -----------------------------------------------------------------------
Source = Literal["rc", "loi", "conseil", "retroplanning", "attestation", "decision"]


class ComputedDate(DomainModel):
    """One date of a dossier, with where it comes from and the rule behind it.

    ``kind`` is a stable identifier (``deadline``, ``upload``, ``attestation_3`` …) used for
    calendar UIDs and retroplanning edits; ``label_fr`` is what the user reads.
    """

    kind: str
    label_fr: str
    when: date
    at: time | None = None
    source: Source
    rule_id: str | None = None
    article: str = ""
    confidence: Literal["H", "M"] | None = None
    note: str = ""
    editable: bool = False
    edited: bool = False
    in_past: bool = False
    done: bool = False
    non_working: bool = False

    #: Computed from a dossier's dates, not typed: a date 10 working days before a deadline of
    #: early January 1990 may fall in 1989 (the dossier's own dates are bounded).
    OWN_DATE_CHECK = frozenset({"when"})

    @property
    def moment(self) -> datetime:
        """The date at its time (midnight when no time is known)."""
        return datetime.combine(self.when, self.at or time(0, 0))

    @property
    def when_fr(self) -> str:
        """« mardi 12 mai 2026 à 14 h » or « jeudi 7 mai 2026 »."""
        text = french_date(self.when)
        return f"{text} à {french_time(self.at)}" if self.at else text

    @property
    def rule_text(self) -> str:
        """The rule as a sentence for tooltips and calendar descriptions."""
        parts: list[str] = []
        if self.article:
            parts.append(self.article)
        if self.note:
            parts.append(self.note)
        return " — ".join(parts)


class DeadlineWarning(DomainModel):
    """A finding about a dossier's dates: ``alerte`` (H rule) or ``conseil`` (M rule).

    ``code`` is a stable identifier scripts and screens rely on (``dlro_non_working_day``,
    ``aor_candidatures_too_short`` …, listed in docs/deadlines.md); the message may change.
    """

    level: Literal["alerte", "conseil"]
    message_fr: str
    articles: list[str]
    rule_ids: list[str]
    code: str = ""


@dataclass(frozen=True)
class MilestoneSpec:
    """A default retroplanning milestone: ``fraction`` of the available working days before
    the deadline, at least ``floor`` and at most ``cap`` working days before it."""

    kind: str
    label_fr: str
    fraction: float
    floor: int
    cap: int | None = None
    groupement_only: bool = False


#: Default retroplanning, in working days before the deadline, scaled to the time available.
#: With W working days from the start to the deadline, a milestone falls
#: ``clamp(round(fraction × W), floor, cap)`` working days before the deadline; the upload
#: is the « upload_recommended » rule (2 working days). For W = 25 (five weeks) this gives
#: go/no-go J-21, partners J-16, first draft J-10, review J-5, signatures J-3, upload J-2.
#: The floors are the least time each step needs: with too little time a milestone falls
#: before the start and is flagged ``in_past`` rather than squeezed or hidden.
MILESTONES: tuple[MilestoneSpec, ...] = (
    MilestoneSpec("go_no_go", "Décision d'y aller ou non (go / no-go)", 0.85, 8),
    MilestoneSpec(
        "partners_confirmed",
        "Partenaires du groupement confirmés et pièces demandées",
        0.65, 7, groupement_only=True,
    ),
    MilestoneSpec("first_draft", "Premier jet du mémoire technique", 0.40, 6, 15),
    MilestoneSpec("review", "Relecture du dossier complet", 0.20, 4, 8),
    MilestoneSpec("signatures", "Signatures (DC1, acte d'engagement, pouvoirs)", 0.12, 3, 4),
)
MILESTONE_KINDS = frozenset({m.kind for m in MILESTONES} | {"upload"})


def milestone_offsets(available: int, *, upload: int, groupement: bool) -> dict[str, int]:
    """Working days before the deadline of each default milestone, for ``available`` days.

    Offsets strictly decrease from go/no-go to upload.
    """
    offsets: dict[str, int] = {}
    for spec in MILESTONES:
        if spec.groupement_only and not groupement:
            continue
        offset = max(spec.floor, round(spec.fraction * max(available, 0)))
        if spec.cap is not None:
            offset = min(offset, max(spec.cap, spec.floor))
        offsets[spec.kind] = offset
    offsets["upload"] = upload
    # Keep the order strict (rounding and caps could tie two milestones).
    kinds = list(offsets)
    for i in range(len(kinds) - 2, -1, -1):
        later = offsets[kinds[i + 1]]
        if offsets[kinds[i]] <= later:
            offsets[kinds[i]] = later + 1
    return offsets


@dataclass
class PlanInput:
    """What the deadline computations need to know about a dossier (plain values).

    ``start`` is when work starts (dossier creation, or today): the retroplanning is scaled to
    the working days between it and the deadline. ``overrides`` are the user's milestone edits,
    ``done`` the kinds the user ticked off.
    """

    deadline: datetime
    procedure: Procedure
    start: date
    published_on: date | None = None
    questions_deadline: datetime | None = None
    site_visit_at: datetime | None = None
    site_visit_label: str = ""
    groupement: bool = False
    urgency: bool = False
    overrides: Mapping[str, date] = field(default_factory=dict)
    done: Iterable[str] = ()
    rejection_notice_on: date | None = None
    rejection_notice_electronic: bool = True
    reasons_requested_on: date | None = None
    expiries: Iterable[tuple[str, str, date]] = ()
    #: The recorded outcome's facts (after_award.DecisionFacts); overrides the three above.
    decision: DecisionFacts | None = None
    #: Two-phase procedures: the candidatures deadline and the invitation to tender.
    candidatures_deadline: datetime | None = None
    invitation_on: date | None = None
    #: True when ``deadline`` is the candidatures deadline (no offers deadline known yet).
    deadline_is_candidatures: bool = False
    market_type: MarketType | None = None
    estimated_total: Decimal | None = None
    #: Expected award date: the attributaire's attestations must still be valid then (R2144-4).
    award_on: date | None = None
    #: When the deposit was recorded (« Dépôt effectué »), if it was.
    deposited_at: datetime | None = None


class DossierPlan(DomainModel):
    """Every date of a dossier in chronological order, with warnings and available time."""

    #: Computed or shipped, not typed: not bounded like user input (see DomainModel).
    OWN_DATE_CHECK = frozenset({"deadline"})

    dates: list[ComputedDate]
    warnings: list[DeadlineWarning]
    available_working_days: int
    deadline: datetime

    def get(self, kind: str) -> ComputedDate | None:
        """The date of this kind, if any."""
        return next((d for d in self.dates if d.kind == kind), None)

    def next_after(self, today: date) -> ComputedDate | None:
        """The first date not done on or after ``today`` (the « prochaine étape »)."""
        return next((d for d in self.dates if d.when >= today and not d.done), None)


def _rule_fields(rule: Rule) -> dict[str, Any]:
    note = rule.label_fr
    if rule.is_guidance:
        note = f"{note} (à vérifier dans le RC)"
    return {
        "rule_id": rule.id,
        "article": rule.citation(),
        "confidence": rule.confidence,
        "note": note,
    }


def _earliest(rules: RuleBook, rule_id: str) -> Rule:
    """The first version of ``rule_id``; ``RuleNotFound`` when the rules file lacks it."""
    versions = rules.versions(rule_id)
    if not versions:
        raise RuleNotFound(f"Règle inconnue : « {rule_id} ».")
    return versions[0]


def build_plan(
    data: PlanInput, rules: RuleBook, calendar: WorkingCalendar, today: date
) -> DossierPlan:
    """All the dates of a dossier: RC dates, legal and recommended dates, retroplanning,
    attestation expiries and post-decision dates, each with its rule; plus legal warnings."""
    deadline_day = data.deadline.date()
    on = data.published_on or data.start
    done = set(data.done)
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
        when=deadline_day, at=data.deadline.time(), source="rc",
        **(_rule_fields(late) if late else {}),
    ))
    if data.candidatures_deadline is not None and not candidatures_only:
        late_candidature = rules.find("late_candidature_eliminated", on)
        dates.append(ComputedDate(
            kind="candidatures_deadline", label_fr="Date limite de remise des candidatures",
            when=data.candidatures_deadline.date(), at=data.candidatures_deadline.time(),
            source="rc", **(_rule_fields(late_candidature) if late_candidature else {}),
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

    # A rule with no version in force on ``on`` (a notice published before the code of
    # 1 April 2019) is not an error: the date it would give is simply left out.
    answer_rule = (
        rules.find(
            "questions_answer_min_urgency" if data.urgency else "questions_answer_min", on
        )
        if data.procedure in FORMALISED_PROCEDURES and not candidatures_only
        else None
    )
    if answer_rule is not None:
        fields = _rule_fields(answer_rule)
        postpone = rules.find("postponement_mandatory", on)
        fields["note"] = (
            f"{answer_rule.label_fr}. Posez vos questions bien avant cette date pour que "
            "l'acheteur soit tenu d'y répondre."
            + (
                f" Faute de réponse à temps, il doit reporter la date limite ({postpone.article})."
                if postpone else ""
            )
        )
        dates.append(ComputedDate(
            kind="questions_answer_limit",
            label_fr="Dernier jour pour la réponse de l'acheteur aux questions",
            when=deadline_day - timedelta(days=answer_rule.days), source="loi", **fields,
        ))

    warnings: list[DeadlineWarning] = []
    recommended = rules.find("questions_recommended", on)
    if data.questions_deadline is None and recommended is not None:
        ask_by = subtract_working_days(calendar, deadline_day, recommended.days)
        fields = _rule_fields(recommended)
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
        dates.append(ComputedDate(
            kind="questions_recommended", label_fr="Poser ses questions avant",
            when=ask_by, source="conseil", **fields,
        ))

    # Retroplanning, counted back in working days from the deadline. The upload margin is
    # practice advice, not law: before its first version, that first version stands in
    # (an unknown rule id still raises ``RuleNotFound``).
    upload_rule = rules.find("upload_recommended", on)
    if upload_rule is None:
        upload_rule = _earliest(rules, "upload_recommended")
    available = working_days_between(calendar, min(data.start, deadline_day), deadline_day)
    offsets = milestone_offsets(
        available, upload=upload_rule.days, groupement=data.groupement
    )
    labels = {m.kind: m.label_fr for m in MILESTONES}
    labels["upload"] = "Dépôt de l'offre sur la plateforme"
    # Two phases: the groupement is named in the candidature and frozen from then on
    # (R2142-26), so deciding and confirming partners must happen before the candidatures
    # deadline, not before the offers one.
    frozen = rules.find("groupement_frozen_from_candidature", on)
    before_candidatures = {"go_no_go": 4, "partners_confirmed": 2}
    candidatures_day = (
        data.candidatures_deadline.date()
        if data.candidatures_deadline is not None and not candidatures_only else None
    )
    for kind, offset in offsets.items():
        default = subtract_working_days(calendar, deadline_day, offset)
        fields = (
            _rule_fields(upload_rule) if kind == "upload"
            else {"note": f"Par défaut {offset} jours ouvrés avant la date limite."}
        )
        if candidatures_day is not None and kind in before_candidatures:
            latest = subtract_working_days(calendar, candidatures_day,
                                           before_candidatures[kind])
            if default > latest:
                default = latest
                fields["note"] = (
                    f"Par défaut {before_candidatures[kind]} jours ouvrés avant la date limite "
                    "des candidatures : le groupement est désigné dans la candidature"
                    + (f" et ne peut plus changer ensuite ({frozen.article})." if frozen
                       else ".")
                )
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

    dates.extend(deposit_steps(data, rules, calendar, on))

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

    dates.extend(_decision_dates(data, rules))

    for item in dates:
        item.in_past = item.moment < datetime.combine(today, time(0, 0))
        item.done = item.kind in done
        item.non_working = not calendar.is_working_day(item.when)
    dates.sort(key=lambda d: (d.moment, d.kind))
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
    return DossierPlan(
        dates=dates,
        warnings=[*legal, *non_working, *warnings, *thresholds],
        available_working_days=available,
        deadline=data.deadline,
    )


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
            source="conseil", **_rule_fields(test_rule),
        ))
    if margin_rule is not None:
        moment = data.deadline - timedelta(hours=margin_rule.days)
        # A margin that lands on a weekend or a public holiday moves back to the working day
        # before: nobody (nor the platform's help desk) is there to fix a failed upload.
        while not is_working_day(calendar, moment.date()):
            moment -= timedelta(days=1)
        steps.append(ComputedDate(
            kind="deposit", label_fr="Dépôt de l'offre terminé (au plus tard)",
            when=moment.date(), at=moment.time(), source="conseil", **_rule_fields(margin_rule),
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
        when=notice_on + timedelta(days=rule.days), source="decision", **_rule_fields(rule),
    )


def rejection_reasons_due(rules: RuleBook, requested_on: date) -> ComputedDate:
    """Last day for the buyer's answer to a request for the reasons of rejection (R2181-2)."""
    rule = rules.get("rejection_reasons_answer", requested_on)
    return ComputedDate(
        kind="rejection_reasons_due", label_fr="Réponse de l'acheteur sur les motifs du rejet",
        when=requested_on + timedelta(days=rule.days), source="decision", **_rule_fields(rule),
    )


def _decision_dates(data: PlanInput, rules: RuleBook) -> list[ComputedDate]:
    """The after-decision dates by procedure (``domain/after_award.py``): from the recorded
    outcome when there is one (``data.decision``), else from the decision dates set here."""
    from .after_award import DecisionFacts, decision_dates  # it imports this module

    facts = data.decision or DecisionFacts(
        procedure=data.procedure, notice_on=data.rejection_notice_on,
        electronic=data.rejection_notice_electronic,
        reasons_requested_on=data.reasons_requested_on,
    )
    return decision_dates(rules, facts)


# --- legal check of the delays ------------------------------------------------------------
#: Rules of each phase of the two-phase procedures (LAW.md): candidatures from the notice,
#: offers from the invitation to tender.
_PHASE_RULES: dict[Procedure, dict[str, str]] = {
    Procedure.AOR: {
        "prefix": "aor",
        "name": "d'un appel d'offres restreint",
        "candidatures": "aor_candidatures_min",
        "candidatures_urgency": "aor_candidatures_min_urgency",
        "offers": "aor_offers_min",
        "offers_electronic": "aor_offers_min_electronic",
        "offers_reduced": "aor_offers_min_reduced",
    },
    Procedure.NEGOCIEE: {
        "prefix": "negociee",
        "name": "d'une procédure avec négociation",
        "candidatures": "negociee_candidatures_min",
        "candidatures_urgency": "negociee_candidatures_min_urgency",
        "offers": "negociee_offers_min",
        "offers_electronic": "negociee_offers_min_electronic",
        "offers_reduced": "negociee_offers_min_reduced",
    },
}


def _level(*rules: Rule) -> Literal["alerte", "conseil"]:
    return "conseil" if any(r.is_guidance for r in rules) else "alerte"


def _articles(*rules: Rule) -> list[str]:
    return list(dict.fromkeys(r.article for r in rules))


def _articles_text(articles: list[str]) -> str:
    if len(articles) == 1:
        return f"article {articles[0]}"
    return f"articles {', '.join(articles[:-1])} et {articles[-1]}"


def check_legal_minimum(
    rules: RuleBook,
    procedure: Procedure,
    published_on: date | None,
    deadline: datetime,
    *,
    urgency: bool = False,
    candidatures_deadline: datetime | None = None,
    invitation_on: date | None = None,
) -> list[DeadlineWarning]:
    """Warnings when a delay is below the legal minimum (see :func:`check_phases`)."""
    return check_phases(
        rules, procedure, published_on, deadline, urgency=urgency,
        candidatures_deadline=candidatures_deadline, invitation_on=invitation_on,
    )


def check_phases(
    rules: RuleBook,
    procedure: Procedure,
    published_on: date | None,
    deadline: datetime | None,
    *,
    urgency: bool = False,
    candidatures_deadline: datetime | None = None,
    invitation_on: date | None = None,
) -> list[DeadlineWarning]:
    """Warnings when a delay of the procedure is below its legal minimum.

    No warning when no version of a minimum was in force on the publication day (a notice
    published before the code of 1 April 2019): a rule not in force is not an error.

    - AOO (R2161-2, R2161-3): one phase, notice → offers (``aoo_delay_too_short``).
    - AOR (R2161-6, R2161-8/9) and négociée (R2161-12, R2161-14/15): two phases. Candidatures
      ≥ 30 days from the notice (15 in urgency) — when only the offers deadline is known, it
      bounds the candidatures one, so a notice → DLRO span under the minimum is already too
      short (``aor_candidatures_too_short``). Offers ≥ 25 days from the invitation when they
      can be sent electronically (10 with a PIN or urgency), checked once the invitation date
      is known (``aor_offers_too_short``).

    The publication date stands for the sending of the notice, which is usually a day or two
    earlier: the check errs on the side of warning.
    """
    if procedure == Procedure.AOO:
        if published_on is None or deadline is None:
            return []
        return _check_aoo(rules, published_on, deadline, urgency=urgency)
    spec = _PHASE_RULES.get(procedure)
    if spec is None:
        return []
    warnings: list[DeadlineWarning] = []
    end = candidatures_deadline or deadline
    if published_on is not None and end is not None:
        rule = rules.find(spec["candidatures_urgency" if urgency else "candidatures"], published_on)
        normal = rules.find(spec["candidatures"], published_on)
        delay = (end.date() - published_on).days
        if rule is not None and normal is not None and delay < rule.days:
            which = (
                "la date limite des candidatures"
                if candidatures_deadline is not None
                else "la date limite (les candidatures, remises avant les offres, ont donc "
                "encore moins de temps)"
            )
            reduced = "" if urgency else (
                " Seule une urgence dûment justifiée dans l'avis permet de descendre à "
                f"{rules.get(spec['candidatures_urgency'], published_on).days} jours."
                if rules.find(spec["candidatures_urgency"], published_on) else ""
            )
            warnings.append(DeadlineWarning(
                level=_level(rule), code=f"{spec['prefix']}_candidatures_too_short",
                articles=_articles(rule), rule_ids=[rule.id],
                message_fr=(
                    f"Il y a {delay} jours entre la publication "
                    f"({french_date(published_on, weekday=False)}) et {which} : c'est moins "
                    f"que le délai minimum des candidatures {spec['name']} ({rule.days} jours"
                    f"{' en urgence' if urgency else ''}, {_articles_text(_articles(rule))})."
                    f"{reduced} Vérifiez les dates de l'avis et, si elles sont exactes, "
                    "signalez-le à l'acheteur."
                ),
            ))
    if invitation_on is not None and deadline is not None:
        normal = rules.find(spec["offers"], invitation_on)
        electronic = rules.find(spec["offers_electronic"], invitation_on)
        reduced_rule = rules.find(spec["offers_reduced"], invitation_on)
        if normal is not None and electronic is not None and reduced_rule is not None:
            delay = (deadline.date() - invitation_on).days
            rule = reduced_rule if urgency else electronic
            if delay < rule.days:
                articles = _articles(normal, electronic, reduced_rule)
                postpone = rules.find("postponement_mandatory", invitation_on)
                warnings.append(DeadlineWarning(
                    level=_level(rule), code=f"{spec['prefix']}_offers_too_short",
                    articles=articles, rule_ids=[normal.id, electronic.id, reduced_rule.id],
                    message_fr=(
                        f"Il y a {delay} jours entre l'invitation à soumissionner "
                        f"({french_date(invitation_on, weekday=False)}) et la date limite des "
                        f"offres ({french_date(deadline.date(), weekday=False)}) : c'est moins "
                        f"que le délai minimum des offres {spec['name']} ({normal.days} jours, "
                        f"{electronic.days} avec remise électronique, {reduced_rule.days} avec "
                        f"avis de préinformation ou urgence — {_articles_text(articles)}). "
                        "Demandez un report de la date limite à l'acheteur"
                        + (f" ({postpone.article})." if postpone else ".")
                    ),
                ))
    return warnings


def _check_aoo(
    rules: RuleBook, published_on: date, deadline: datetime, *, urgency: bool
) -> list[DeadlineWarning]:
    """The one-phase AOO: 35 days, 30 when electronic (R2161-3 2°), 15 with PIN or urgency."""
    electronic = rules.find("dlro_min_aoo_electronic", published_on)
    paper = rules.find("dlro_min_aoo", published_on)
    reduced = rules.find("dlro_min_aoo_reduced", published_on)
    if electronic is None or paper is None or reduced is None:
        return []  # no minimum of the current code applied on that day
    delay = (deadline.date() - published_on).days
    span = (
        f"Il y a {delay} jours entre la publication ({french_date(published_on, weekday=False)}) "
        f"et la date limite ({french_date(deadline.date(), weekday=False)})"
    )
    articles = sorted({paper.article, reduced.article})
    ids = [electronic.id, paper.id, reduced.id]
    cited = _articles_text(articles)
    if delay < reduced.days:
        return [DeadlineWarning(
            level="alerte", articles=articles, rule_ids=ids, code="aoo_delay_too_short",
            message_fr=(
                f"{span} : c'est plus court que le délai minimum légal d'un appel d'offres "
                f"ouvert, même réduit pour urgence ou avis de préinformation "
                f"({reduced.days} jours ; {electronic.days} jours en général "
                f"({electronic.article}), {paper.days} sans réponse électronique — {cited}). "
                "Signalez-le à l'acheteur et demandez un report de la date limite."
            ),
        )]
    if delay < electronic.days and not urgency:
        return [DeadlineWarning(
            level="alerte", articles=articles, rule_ids=ids, code="aoo_delay_too_short",
            message_fr=(
                f"{span} : c'est plus court que le délai minimum légal d'un appel d'offres "
                f"ouvert ({electronic.days} jours avec réponse électronique, "
                f"{electronic.article} ; {paper.days} jours sinon — {cited}). Sauf avis de "
                f"préinformation ou urgence justifiée dans l'avis ({reduced.days} jours "
                "minimum), demandez un report de la date limite à l'acheteur."
            ),
        )]
    return []


def check_non_working_day(
    rules: RuleBook,
    calendar: WorkingCalendar,
    on: date,
    moment: datetime | None,
    code: str,
    what: str,
) -> list[DeadlineWarning]:
    """A warning when a deadline falls on a Saturday, Sunday or public holiday.

    A delay whose last day is not a working day ends on the next working day (Reg. 1182/71
    art. 3(4)): the buyer should have set a working day; the user should not count on the
    extra day without the buyer's written confirmation.
    """
    if moment is None or calendar.is_working_day(moment.date()):
        return []
    rule = rules.find("deadline_non_working_day", on)
    if rule is None:
        return []
    day = moment.date()
    holiday = calendar.holiday_name(day)
    why = f"jour férié ({holiday})" if holiday else "jour de week-end"
    following = add_working_days(calendar, day, 0)
    return [DeadlineWarning(
        level=_level(rule), code=code, articles=[rule.article], rule_ids=[rule.id],
        message_fr=(
            f"{what} tombe le {french_date(day)}, {why}. Un délai qui finit un jour non ouvré "
            f"est reporté au jour ouvré suivant ({french_date(following)}, {rule.article}) : "
            "demandez à l'acheteur de confirmer la date par écrit, et déposez sans compter "
            "sur ce report."
        ),
    )]


def check_eu_threshold_clauses(
    rules: RuleBook,
    on: date,
    market_type: MarketType | None,
    estimated_total: Decimal | None,
) -> list[DeadlineWarning]:
    """A ``conseil`` when the estimated value is above the EU threshold from 22 August 2026.

    From then on such a contract must carry a social or employment execution condition
    (L2112-2) and an environmental award criterion (L2152-7): the structure's insertion
    capacity is wanted, directly or as a partner of the winner. The threshold is the local
    authorities' one (216 000 € HT supplies and services, 5 404 000 € HT works).
    """
    if estimated_total is None or market_type is None:
        return []
    social = rules.find("social_condition_mandatory", on)
    environment = rules.find("environmental_criterion_mandatory", on)
    threshold_id = (
        "formalised_threshold_works" if market_type == MarketType.TRAVAUX
        else "formalised_threshold_local_supplies_services"
    )
    threshold = rules.find(threshold_id, on)
    if social is None or threshold is None or threshold.value is None:
        return []
    if estimated_total < threshold.value:
        return []
    found = [r for r in (social, environment) if r is not None]
    amount = f"{int(estimated_total):,}".replace(",", "\u202f")
    limit = f"{int(threshold.value):,}".replace(",", "\u202f")
    other = ""
    if market_type != MarketType.TRAVAUX:
        network = rules.find("formalised_threshold_entites_adjudicatrices", on)
        social_services = rules.find("social_services_eu_threshold", on)
        if network is not None and network.value is not None:
            other += (f" Le seuil est de {int(network.value):,} € HT pour une entité "
                      "adjudicatrice").replace(",", "\u202f")
        if social_services is not None and social_services.value is not None:
            other += (f" et de {int(social_services.value):,} € HT pour les services sociaux "
                      "et spécifiques").replace(",", "\u202f")
        if other:
            other += "."
    return [DeadlineWarning(
        level="conseil", code="eu_threshold_social_clause",
        articles=_articles(*found), rule_ids=[r.id for r in found] + [threshold.id],
        message_fr=(
            f"Montant estimé de {amount} € HT, au-dessus du seuil européen ({limit} € HT) : "
            f"depuis le 22 août 2026, le marché doit comporter une condition d'exécution "
            f"sociale ou liée à l'emploi ({social.article})"
            + (f" et au moins un critère environnemental ({environment.article})"
               if environment is not None else "")
            + f".{other} À vérifier dans le RC ; mettez en avant vos heures et parcours "
            "d'insertion, seul ou comme partenaire du titulaire."
        ),
    )]


# --- award ----------------------------------------------------------------------------------
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
            rule = _earliest(rules, "award_delay_default")
        days = rule.days
    if offer_validity_days is not None:
        days = min(days, offer_validity_days)
    return deadline + timedelta(days=days)


# --- countdown ----------------------------------------------------------------------------
def countdown_text(calendar: WorkingCalendar, deadline: datetime, now: datetime) -> str:
    """« J-12 · 8 jours ouvrés », « Aujourd'hui à 14 h », or « Échue depuis 3 jours ».

    J-n counts calendar days; the working days are those in ``(today, deadline day]``.
    """
    today = now.date()
    days = (deadline.date() - today).days
    if deadline <= now:
        if days == 0:
            return f"Échue aujourd'hui à {french_time(deadline.time())}"
        late = -days
        return f"Échue depuis {late} jour{'s' if late > 1 else ''}"
    if days == 0:
        return f"Aujourd'hui à {french_time(deadline.time())}"
    working = working_days_between(calendar, today, deadline.date())
    unit = "jour ouvré" if working == 1 else "jours ouvrés"
    return f"J-{days} · {working} {unit}"
