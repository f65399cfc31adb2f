"""Dates and risks after the buyer's decision, by procedure (LAW.md « After the decision »).

Pure functions: no I/O, no clock. Every figure comes from the rules file through the
:class:`~responder.domain.law.RuleBook`:

- **formalised procedures** (everything but the MAPA): the rejection notice states the reasons,
  the winner and the end of the standstill (R2181-3); further information within 15 days of a
  written request (R2181-4); standstill of 11 days after the notice, 16 when it was not sent
  electronically (R2182-1), so a référé précontractuel must be filed **at the latest** on
  notice + 10 days (+ 15 on paper) — signature is possible the day after. No standstill in the
  cases of R2182-2 (single tenderer …): the buyer may sign at once.
- **MAPA**: reasons within 15 days of the request (R2181-2); no standstill at all: the risk is
  said, no date is given.
- After signature, in both: référé contractuel 31 days from the award notice, else 6 months
  from the signature; the « Tarn-et-Garonne » action 2 months from the award notice (M rules,
  phrased as guidance).

The standstill runs from the **sending** of the notice; the user knows the day it arrived. An
electronic notice arrives the day it is sent; for a letter the notes say that the date printed
on the notice prevails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .deadlines import ComputedDate, DeadlineWarning, french_date
from .deadlines.models import rule_fields
from .enums import Procedure
from .law import Rule, RuleBook
from .validity import add_months


def is_formalised(procedure: Procedure) -> bool:
    """True for the procedures R2182-1 and R2181-3/4 apply to: every one but the MAPA."""
    return procedure != Procedure.MAPA


@dataclass(frozen=True)
class DecisionFacts:
    """What is known about the decision of one dossier (or lot), as plain values.

    ``notice_on`` is the day the rejection (or award) notice was received; ``electronic``
    whether it came electronically; ``single_tender`` the R2182-2 case of a single tenderer;
    ``reasons_requested_on`` the day the candidate asked for the reasons; ``award_notice_on``
    the publication of the avis d'attribution; ``signed_on`` the signature of the contract;
    ``won`` when the lot was awarded to us.
    """

    procedure: Procedure
    notice_on: date | None = None
    electronic: bool = True
    single_tender: bool = False
    reasons_requested_on: date | None = None
    award_notice_on: date | None = None
    signed_on: date | None = None
    #: We won: no remedy to file; the standstill end is when the contract may be signed.
    won: bool = False


def _date(kind: str, label: str, when: date, rule: Rule) -> ComputedDate:
    return ComputedDate(kind=kind, label_fr=label, when=when, source="decision",
                        **rule_fields(rule, check="à vérifier"))


def decision_dates(rules: RuleBook, facts: DecisionFacts) -> list[ComputedDate]:
    """The dates after the decision, in order, each with its rule (none without facts).

    Rules with no version in force on the day (a notice before the code of 2019) give no date.
    """
    if facts.won:
        return _won_dates(rules, facts)
    found = [
        *_notice_dates(rules, facts),
        *_reasons_dates(rules, facts),
        *_after_signature_dates(rules, facts),
    ]
    found.sort(key=lambda d: (d.when, d.kind))
    return found


def _won_dates(rules: RuleBook, facts: DecisionFacts) -> list[ComputedDate]:
    """We won: the end of the standstill, when the contract may be signed."""
    notice = facts.notice_on
    standstill = rules.find("standstill", notice) if notice and is_formalised(
        facts.procedure) else None
    if notice is None or standstill is None or facts.single_tender:
        return []
    return [_date(
        "standstill_end",
        "Fin du délai de suspension : signature du marché possible dès le lendemain",
        notice + timedelta(days=standstill.days), standstill,
    )]


def _notice_dates(rules: RuleBook, facts: DecisionFacts) -> list[ComputedDate]:
    """From the rejection notice of a formalised procedure: the référé précontractuel's last
    day and the end of the standstill (R2182-1)."""
    notice = facts.notice_on
    if notice is None or not is_formalised(facts.procedure) or facts.single_tender:
        return []
    suffix = "" if facts.electronic else "_not_electronic"
    steps = (
        ("refere_precontractuel_limit", f"refere_precontractuel_latest{suffix}",
         "Déposer un référé précontractuel au plus tard le"),
        ("standstill_end", f"standstill{suffix}",
         "Fin du délai de suspension : l'acheteur peut signer dès le lendemain"),
    )
    return [
        _date(kind, label, notice + timedelta(days=rule.days), rule)
        for kind, rule_id, label in steps
        if (rule := rules.find(rule_id, notice)) is not None
    ]


def _reasons_dates(rules: RuleBook, facts: DecisionFacts) -> list[ComputedDate]:
    """The buyer's answer to a request for the reasons of rejection (R2181-2 / R2181-4)."""
    requested = facts.reasons_requested_on
    if requested is None:
        return []
    formalised = is_formalised(facts.procedure)
    rule_id = "rejection_further_information_answer" if formalised else (
        "rejection_reasons_answer"
    )
    rule = rules.find(rule_id, requested)
    if rule is None:
        return []
    label = (
        "Réponse de l'acheteur : caractéristiques et avantages de l'offre retenue"
        if formalised else "Réponse de l'acheteur sur les motifs du rejet"
    )
    return [_date("rejection_reasons_due", label, requested + timedelta(days=rule.days), rule)]


def _after_signature_dates(rules: RuleBook, facts: DecisionFacts) -> list[ComputedDate]:
    """The remedies after signature: référé contractuel and « Tarn-et-Garonne » action."""
    if facts.award_notice_on is not None:
        start = facts.award_notice_on
        steps: tuple[tuple[str, str, str, bool], ...] = (
            ("refere_contractuel_limit", "refere_contractuel_after_award_notice",
             "Référé contractuel : dernier jour", False),
            ("tarn_et_garonne_limit", "tarn_et_garonne_action",
             "Recours en contestation de la validité du contrat : dernier jour", True),
        )
    elif facts.signed_on is not None:
        start = facts.signed_on
        steps = (
            ("refere_contractuel_limit", "refere_contractuel_without_notice",
             "Référé contractuel (sans avis d'attribution) : dernier jour", True),
        )
    else:
        return []
    return [
        _date(kind, label, add_months(start, rule.days) if in_months
              else start + timedelta(days=rule.days), rule)
        for kind, rule_id, label, in_months in steps
        if (rule := rules.find(rule_id, start)) is not None
    ]


def decision_notes(rules: RuleBook, facts: DecisionFacts, today: date) -> list[DeadlineWarning]:
    """What the user must know after the decision: the MAPA or R2182-2 risk, the articles
    that give the reasons, and what is missing to compute the remedies' dates.

    Rules are read in their version in force on the notice day (else ``today``)."""
    on = facts.notice_on or facts.reasons_requested_on or today
    notes: list[DeadlineWarning] = []

    def note(level: Literal["alerte", "conseil"], rule_ids: list[str], text: str) -> None:
        found = [r for r in (rules.find(i, on) for i in rule_ids) if r is not None]
        notes.append(DeadlineWarning(
            level=level, message_fr=text, articles=[r.citation() for r in found],
            rule_ids=[r.id for r in found],
        ))

    formalised = is_formalised(facts.procedure)
    if facts.won:
        if formalised and not facts.single_tender:
            note("conseil", ["standstill"],
                 "Marché attribué : l'acheteur ne peut le signer qu'après le délai de suspension "
                 "laissé aux candidats évincés (R2182-1). Gardez vos attestations à jour.")
        return notes
    if not formalised:
        note("alerte", ["no_standstill_mapa"],
             "Procédure adaptée : il n'y a pas de délai de suspension (R2182-1 ne vise que les "
             "procédures formalisées). L'acheteur peut signer le marché dès l'envoi de la "
             "lettre de rejet, et un référé précontractuel n'est plus possible une fois le "
             "marché signé : si vous contestez, agissez immédiatement.")
        note("conseil", ["rejection_reasons_answer"],
             "Demandez par écrit les motifs du rejet : l'acheteur doit répondre dans les "
             "15 jours et, si votre offre était régulière, vous donner le nom de l'attributaire "
             "et les avantages de son offre (R2181-2).")
    elif facts.single_tender:
        note("alerte", ["standstill_exceptions"],
             "Une seule offre a été reçue : pas de délai de suspension (R2182-2). L'acheteur "
             "peut signer tout de suite ; un référé précontractuel n'est recevable que tant "
             "que le marché n'est pas signé.")
    else:
        _formalised_notes(note, facts)
    if facts.award_notice_on is None and facts.signed_on is None:
        note("conseil",
             ["refere_contractuel_after_award_notice", "refere_contractuel_without_notice",
              "tarn_et_garonne_action"],
             "Après la signature : référé contractuel dans les 31 jours de la publication de "
             "l'avis d'attribution (6 mois après la signature sans avis), recours en "
             "contestation de la validité du contrat dans les 2 mois de l'avis (à vérifier "
             "avec un conseil). Indiquez la date de l'avis d'attribution pour les calculer.")
    return notes


_Note = Callable[[Literal["alerte", "conseil"], list[str], str], None]


def _formalised_notes(note: _Note, facts: DecisionFacts) -> None:
    """A rejected offer in a formalised procedure: what the notice must say, and what is
    missing to compute the remedies' dates."""
    note("conseil",
         ["rejection_notice_content_formalised", "rejection_further_information_answer"],
         "Procédure formalisée : la lettre de rejet doit indiquer les motifs du rejet, le "
         "nom de l'attributaire et la date de fin du délai de suspension (R2181-3). Vous "
         "pouvez demander par écrit les caractéristiques et avantages de l'offre retenue : "
         "réponse dans les 15 jours (R2181-4).")
    if facts.notice_on is None:
        note("conseil", ["standstill", "refere_precontractuel_latest"],
             "Indiquez la date de la lettre de rejet pour connaître le dernier jour du "
             "référé précontractuel (10 jours après, 15 si elle n'est pas électronique) et "
             "la fin du délai de suspension (R2182-1).")
    elif not facts.electronic:
        note("conseil", ["standstill_not_electronic"],
             "Lettre reçue par courrier : les délais courent de son envoi. Si la date "
             f"d'envoi inscrite sur la lettre est antérieure au {french_date(facts.notice_on)}"
             ", avancez d'autant le dernier jour du référé précontractuel.")
