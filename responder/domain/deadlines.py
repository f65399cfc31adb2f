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
from typing import Any, Literal

from .common import DomainModel
from .enums import Procedure
from .law import Rule, RuleBook, RuleNotFound

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
            import holidays  # lazy: about 0.1 s, only when dates are actually computed

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
    """A finding about a dossier's dates: ``alerte`` (H rule) or ``conseil`` (M rule)."""

    level: Literal["alerte", "conseil"]
    message_fr: str
    articles: list[str]
    rule_ids: list[str]


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

    late = rules.find("late_offer_eliminated", on)
    dates.append(ComputedDate(
        kind="deadline", label_fr="Date limite de remise des offres", when=deadline_day,
        at=data.deadline.time(), source="rc",
        **(_rule_fields(late) if late else {}),
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
        if data.procedure in FORMALISED_PROCEDURES
        else None
    )
    if answer_rule is not None:
        fields = _rule_fields(answer_rule)
        fields["note"] = (
            f"{answer_rule.label_fr}. Posez vos questions bien avant cette date pour que "
            "l'acheteur soit tenu d'y répondre."
        )
        dates.append(ComputedDate(
            kind="questions_answer_limit",
            label_fr="Dernier jour pour la réponse de l'acheteur aux questions",
            when=deadline_day - timedelta(days=answer_rule.days), source="loi", **fields,
        ))

    recommended = rules.find("questions_recommended", on)
    if data.questions_deadline is None and recommended is not None:
        dates.append(ComputedDate(
            kind="questions_recommended", label_fr="Poser ses questions avant",
            when=subtract_working_days(calendar, deadline_day, recommended.days),
            source="conseil", **_rule_fields(recommended),
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
    for kind, offset in offsets.items():
        default = subtract_working_days(calendar, deadline_day, offset)
        fields = (
            _rule_fields(upload_rule) if kind == "upload"
            else {"note": f"Par défaut {offset} jours ouvrés avant la date limite."}
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

    for kind, label, until in data.expiries:
        if until < deadline_day:
            dates.append(ComputedDate(
                kind=kind, label_fr=f"{label} expire", when=until, source="attestation",
                note=f"Expire avant la date limite ({french_date(deadline_day)}) : "
                "renouvelez-la pour qu'elle soit valable au dépôt et à l'attribution.",
            ))

    if data.rejection_notice_on is not None:
        standstill = _standstill_end_or_none(
            rules, data.rejection_notice_on, electronic=data.rejection_notice_electronic
        )
        if standstill is not None:
            dates.append(standstill)
    if data.reasons_requested_on is not None:
        reasons = _rejection_reasons_due_or_none(rules, data.reasons_requested_on)
        if reasons is not None:
            dates.append(reasons)

    for item in dates:
        item.in_past = item.moment < datetime.combine(today, time(0, 0))
        item.done = item.kind in done
        item.non_working = not calendar.is_working_day(item.when)
    dates.sort(key=lambda d: (d.moment, d.kind))
    return DossierPlan(
        dates=dates,
        warnings=check_legal_minimum(
            rules, data.procedure, data.published_on, data.deadline, urgency=data.urgency
        ),
        available_working_days=available,
        deadline=data.deadline,
    )


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


def _standstill_end_or_none(
    rules: RuleBook, notice_on: date, *, electronic: bool
) -> ComputedDate | None:
    """:func:`standstill_end`, or ``None`` when no version of the rule was in force then."""
    try:
        return standstill_end(rules, notice_on, electronic=electronic)
    except RuleNotFound:
        return None


def _rejection_reasons_due_or_none(rules: RuleBook, requested_on: date) -> ComputedDate | None:
    """:func:`rejection_reasons_due`, or ``None`` when no version of the rule was in force."""
    try:
        return rejection_reasons_due(rules, requested_on)
    except RuleNotFound:
        return None


# --- legal check of the delay -------------------------------------------------------------
def check_legal_minimum(
    rules: RuleBook,
    procedure: Procedure,
    published_on: date | None,
    deadline: datetime,
    *,
    urgency: bool = False,
) -> list[DeadlineWarning]:
    """Warnings when the delay from publication to deadline is below the legal minimum.

    No warning when no version of the minimum was in force on the publication day (a notice
    published before the code of 1 April 2019): a rule not in force is not an error.

    AOO (R2161-2 / R2161-3, H): an ``alerte`` suggesting to ask for a postponement (« demander
    un report »). AOR and negotiated procedures (M): a ``conseil`` to check in the RC.
    The publication date stands for the sending of the notice, which is usually a day or two
    earlier: the check errs on the side of warning.
    """
    if published_on is None:
        return []
    delay = (deadline.date() - published_on).days
    span = (
        f"Il y a {delay} jours entre la publication ({french_date(published_on, weekday=False)}) "
        f"et la date limite ({french_date(deadline.date(), weekday=False)})"
    )
    if procedure == Procedure.AOO:
        electronic = rules.find("dlro_min_aoo_electronic", published_on)
        paper = rules.find("dlro_min_aoo", published_on)
        reduced = rules.find("dlro_min_aoo_reduced", published_on)
        if electronic is None or paper is None or reduced is None:
            return []  # no minimum of the current code applied on that day
        articles = sorted({electronic.article, reduced.article})
        ids = [electronic.id, paper.id, reduced.id]
        if delay < reduced.days:
            return [DeadlineWarning(
                level="alerte", articles=articles, rule_ids=ids,
                message_fr=(
                    f"{span} : c'est plus court que le délai minimum légal d'un appel d'offres "
                    f"ouvert, même réduit pour urgence ou avis de préinformation "
                    f"({reduced.days} jours ; {electronic.days} jours en général, "
                    f"{paper.days} sans réponse électronique — articles R2161-2 et R2161-3). "
                    "Signalez-le à l'acheteur et demandez un report de la date limite."
                ),
            )]
        if delay < electronic.days and not urgency:
            return [DeadlineWarning(
                level="alerte", articles=articles, rule_ids=ids,
                message_fr=(
                    f"{span} : c'est plus court que le délai minimum légal d'un appel d'offres "
                    f"ouvert ({electronic.days} jours avec réponse électronique, "
                    f"{paper.days} jours sinon — articles R2161-2 et R2161-3). Sauf avis de "
                    f"préinformation ou urgence justifiée dans l'avis ({reduced.days} jours "
                    "minimum), demandez un report de la date limite à l'acheteur."
                ),
            )]
        return []
    checks: dict[Procedure, str] = {
        Procedure.AOR: "aor_offers_min_electronic",
        Procedure.NEGOCIEE: "negociee_candidatures_min",
    }
    rule_id = checks.get(procedure)
    if rule_id is None:
        return []
    rule = rules.find(rule_id, published_on)
    if rule is None or delay >= rule.days:
        return []
    level: Literal["alerte", "conseil"] = "conseil" if rule.is_guidance else "alerte"
    return [DeadlineWarning(
        level=level, articles=[rule.article], rule_ids=[rule.id],
        message_fr=(
            f"{span}, moins que le délai minimum habituel ({rule.label_fr.lower()}, "
            f"article {rule.article}). Vérifiez dans le RC si un délai réduit est justifié ; "
            "sinon, demandez un report de la date limite à l'acheteur."
        ),
    )]


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
