"""Legal checks of a dossier's delays: phase minimums, non-working days, EU threshold."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ... import fr
from ..enums import MarketType, Procedure
from ..law import Rule, RuleBook
from .calendar import WorkingCalendar, add_working_days, french_date
from .models import DeadlineWarning

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
    return f"{'article' if len(articles) == 1 else 'articles'} {fr.joined(articles)}"


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
    end = candidatures_deadline or deadline
    warnings: list[DeadlineWarning] = []
    if published_on is not None and end is not None:
        warnings += _check_candidatures(
            rules, spec, published_on, end, urgency=urgency,
            candidatures_known=candidatures_deadline is not None,
        )
    if invitation_on is not None and deadline is not None:
        warnings += _check_offers(rules, spec, invitation_on, deadline, urgency=urgency)
    return warnings


def _check_candidatures(
    rules: RuleBook, spec: dict[str, str], published_on: date, end: datetime, *,
    urgency: bool, candidatures_known: bool,
) -> list[DeadlineWarning]:
    """Two phases: candidatures at least 30 days (15 in urgency) after the notice."""
    rule = rules.find(spec["candidatures_urgency" if urgency else "candidatures"], published_on)
    normal = rules.find(spec["candidatures"], published_on)
    delay = (end.date() - published_on).days
    if rule is None or normal is None or delay >= rule.days:
        return []
    which = (
        "la date limite des candidatures"
        if candidatures_known
        else "la date limite (les candidatures, remises avant les offres, ont donc "
        "encore moins de temps)"
    )
    reduced = "" if urgency else (
        " Seule une urgence dûment justifiée dans l'avis permet de descendre à "
        f"{rules.get(spec['candidatures_urgency'], published_on).days} jours."
        if rules.find(spec["candidatures_urgency"], published_on) else ""
    )
    return [DeadlineWarning(
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
    )]


def _check_offers(
    rules: RuleBook, spec: dict[str, str], invitation_on: date, deadline: datetime, *,
    urgency: bool,
) -> list[DeadlineWarning]:
    """Two phases: offers at least 25 days after the invitation (10 with PIN or urgency)."""
    normal = rules.find(spec["offers"], invitation_on)
    electronic = rules.find(spec["offers_electronic"], invitation_on)
    reduced_rule = rules.find(spec["offers_reduced"], invitation_on)
    if normal is None or electronic is None or reduced_rule is None:
        return []
    delay = (deadline.date() - invitation_on).days
    rule = reduced_rule if urgency else electronic
    if delay >= rule.days:
        return []
    articles = _articles(normal, electronic, reduced_rule)
    postpone = rules.find("postponement_mandatory", invitation_on)
    return [DeadlineWarning(
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
    )]


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
        text = (
            "ouvert, même réduit pour urgence ou avis de préinformation "
            f"({reduced.days} jours ; {electronic.days} jours en général "
            f"({electronic.article}), {paper.days} sans réponse électronique — {cited}). "
            "Signalez-le à l'acheteur et demandez un report de la date limite."
        )
    elif delay < electronic.days and not urgency:
        text = (
            f"ouvert ({electronic.days} jours avec réponse électronique, "
            f"{electronic.article} ; {paper.days} jours sinon — {cited}). Sauf avis de "
            f"préinformation ou urgence justifiée dans l'avis ({reduced.days} jours "
            "minimum), demandez un report de la date limite à l'acheteur."
        )
    else:
        return []
    return [DeadlineWarning(
        level="alerte", articles=articles, rule_ids=ids, code="aoo_delay_too_short",
        message_fr=f"{span} : c'est plus court que le délai minimum légal d'un appel d'offres "
        + text,
    )]


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

