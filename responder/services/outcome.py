"""After the decision: record the outcome per lot, its dates, the letters, won → reference.

Thread contract: every method reads or writes the session's workspace; call it from the thread
that owns the session. Letters are rendered with the sandboxed renderer of the mémoire
(``documents/letters.py``); a GUI renders them in a background task.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from .. import fr
from ..domain.after_award import DecisionFacts, decision_dates, decision_notes, is_formalised
from ..domain.common import InvalidInput
from ..domain.deadlines import ComputedDate, DeadlineWarning, french_date
from ..domain.enums import ReferenceRole, TenderStatus, label
from ..domain.law import RuleBook
from ..domain.library import Reference, SocialImpact, infer_families
from ..domain.outcome import LotOutcome, OutcomeResult, dossier_status
from ..domain.structure import Structure
from ..domain.tender import Tender
from ..fsutil import explain_os_error
from ..storage.db import WorkspaceError
from ..storage.memoires import MemoireRepository
from ..storage.outcomes import OutcomeRepository
from .tenders import TenderService
from .validation import validated
from .workspace import Session

LetterKind = Literal["motifs", "entretien", "remerciement"]
LETTER_KINDS: dict[str, str] = {
    "motifs": "Demande des motifs du rejet et des avantages de l'offre retenue",
    "entretien": "Demande d'un entretien de débriefing",
    "remerciement": "Remerciements et suite après l'attribution",
}


@dataclass(frozen=True)
class AfterAward:
    """The dates and notes after the decision of one lot (or of the whole dossier)."""

    formalised: bool
    dates: list[ComputedDate]
    notes: list[DeadlineWarning]


def decision_facts(session: Session, tender: Tender) -> DecisionFacts | None:
    """The facts the dossier's plan uses: a lost lot's notice first (its remedies are what
    the user must act on), else the earliest notice, else the first recorded outcome;
    ``None`` without any outcome."""
    if tender.id is None:
        return None
    outcomes = OutcomeRepository(session.ws).for_tender(tender.id)
    if not outcomes:
        return None
    noticed = sorted((o for o in outcomes if o.notified_on),
                     key=lambda o: (o.result != OutcomeResult.PERDU, o.notified_on))
    chosen = noticed[0] if noticed else outcomes[0]
    return chosen.facts(tender.procedure)


class OutcomeService:
    """Everything a user does after the decision, for the GUI and the CLI alike."""

    def __init__(self, session: Session, *, rules: RuleBook | None = None) -> None:
        self.session = session
        self.repo = OutcomeRepository(session.ws)
        self._rules = rules

    @property
    def rules(self) -> RuleBook:
        """The dated rules (the shipped file unless given)."""
        if self._rules is None:
            from .deadlines import load_rulebook

            self._rules = load_rulebook()
        return self._rules

    # --- reading -------------------------------------------------------------------------
    def _tender(self, tender_id: int) -> Tender:
        return TenderService(self.session).get(tender_id)

    def _check_lot(self, tender: Tender, lot: int | None) -> None:
        if lot is not None and tender.lots and lot not in {x.number for x in tender.lots}:
            numbers = ", ".join(str(x.number) for x in tender.lots)
            raise InvalidInput({"lot": f"la consultation n'a pas de lot {lot} (lots : "
                                f"{numbers})."})
        if lot is not None and not tender.lots:
            raise InvalidInput({"lot": f"la consultation n'a pas de lots : retirez « lot {lot} »."})

    def outcomes(self, tender_id: int) -> list[LotOutcome]:
        """The recorded outcomes of a dossier (whole dossier first, then by lot)."""
        self._tender(tender_id)
        return self.repo.for_tender(tender_id)

    def get(self, tender_id: int, lot: int | None = None) -> LotOutcome | None:
        """The outcome of the dossier (or of its lot), ``None`` when not recorded yet."""
        self._tender(tender_id)
        return self.repo.for_lot(tender_id, lot)

    def _outcome(self, tender_id: int, lot: int | None) -> LotOutcome:
        found = self.get(tender_id, lot)
        if found is None:
            where = f" pour le lot {lot}" if lot else ""
            raise InvalidInput({"id": f"Aucun résultat enregistré{where} pour la consultation "
                                f"n° {tender_id} : « responder outcome set {tender_id} "
                                "--result … » l'enregistre."})
        return found

    # --- writing -------------------------------------------------------------------------
    @staticmethod
    def validate(data: Mapping[str, Any] | LotOutcome) -> LotOutcome:
        """A ``LotOutcome`` from form or command-line data; ``InvalidInput`` per field."""
        return validated(LotOutcome, data)

    def record(self, tender_id: int, changes: Mapping[str, Any], lot: int | None = None,
               *, today: date | None = None) -> LotOutcome:
        """Create or update the outcome of a dossier's lot with ``changes`` (validated), and
        set the dossier's status from all its outcomes, in one transaction.

        A notification date entered after ``today`` is refused, as a deposit in the future is:
        the decision is recorded once the letter is received."""
        tender = self._tender(tender_id)
        self._check_lot(tender, lot)
        current = self.repo.for_lot(tender_id, lot)
        base = current.model_dump() if current else {}
        payload = {**base, **dict(changes), "tender_id": tender_id, "lot": lot,
                   "structure_id": tender.structure_id}
        outcome = self.validate(payload)
        notified = outcome.notified_on
        if (notified is not None and notified > (today or date.today())
                and (current is None or current.notified_on != notified)):
            raise InvalidInput({"notified_on": (
                f"Le {fr.date_short(notified)} est dans le futur : indiquez le jour où "
                "la lettre de l'acheteur a été reçue."
            )})
        with self.session.ws.transaction():
            saved = self.repo.update(outcome) if current else self.repo.add(outcome)
            self._follow_status(tender)
        return saved

    def delete(self, tender_id: int, lot: int | None = None) -> LotOutcome:
        """Remove a recorded outcome (returned, for undo); the status follows the others."""
        tender = self._tender(tender_id)
        found = self._outcome(tender_id, lot)
        assert found.id is not None
        with self.session.ws.transaction():
            self.repo.delete(found.id)
            self._follow_status(tender, fallback=TenderStatus.DEPOSE)
        return found

    def _follow_status(self, tender: Tender, fallback: TenderStatus | None = None) -> None:
        assert tender.id is not None
        outcomes = self.repo.for_tender(tender.id)
        decided = {o.lot for o in outcomes}
        awaited = None not in decided and any(x.number not in decided for x in tender.lots)
        status = dossier_status(outcomes, lots_awaited=awaited) or fallback
        if status is not None and tender.status != status:
            fresh = self._tender(tender.id)
            fresh.status = status
            self.session.tenders.update(fresh)

    # --- dates ---------------------------------------------------------------------------
    def after_award(self, tender_id: int, lot: int | None = None,
                    today: date | None = None) -> AfterAward:
        """The after-award dates and notes of a lot (from its outcome when recorded)."""
        tender = self._tender(tender_id)
        found = self.repo.for_lot(tender_id, lot)
        facts = found.facts(tender.procedure) if found else DecisionFacts(tender.procedure)
        return AfterAward(
            formalised=is_formalised(tender.procedure),
            dates=decision_dates(self.rules, facts),
            notes=decision_notes(self.rules, facts, today or date.today()),
        )

    # --- letters -------------------------------------------------------------------------
    def letter_context(self, tender_id: int, kind: str, lot: int | None = None,
                       today: date | None = None) -> dict[str, Any]:
        """The plain dict a letter template receives (documented in docs/templates.md)."""
        if kind not in LETTER_KINDS:
            raise InvalidInput({"kind": f"courrier inconnu « {kind} » : motifs, entretien ou "
                                "remerciement."})
        tender = self._tender(tender_id)
        self._check_lot(tender, lot)
        outcome = self.repo.for_lot(tender_id, lot)
        structure = (
            self.session.structures.get(tender.structure_id) if tender.structure_id else None
        ) or Structure(name="Ma structure")
        formalised = is_formalised(tender.procedure)
        lot_item = next((x for x in tender.lots if x.number == lot), None)
        rule_id = "rejection_further_information_answer" if formalised else (
            "rejection_reasons_answer"
        )
        day = today or date.today()
        rule = self.rules.find(rule_id, outcome.notified_on if outcome and outcome.notified_on
                               else day)
        article = rule.citation() if rule else ("R2181-4" if formalised else "R2181-2")
        return {
            "kind": kind,
            "structure": {
                "name": structure.name,
                "street": structure.address.street,
                "postcode": structure.address.postcode,
                "city": structure.address.city,
                "address": structure.address.one_line(),
                "siret": _spaced_siret(structure.siret or ""),
                "contact": structure.contact.model_dump(),
            },
            "buyer": tender.buyer or "Madame, Monsieur le représentant du pouvoir adjudicateur",
            "tender": {
                "title": tender.title,
                "reference": tender.reference,
                "procedure": label(tender.procedure),
            },
            "lot": {"number": lot_item.number, "title": lot_item.title} if lot_item else None,
            "formalised": formalised,
            "article": article,
            "notified_on": french_date(outcome.notified_on, weekday=False)
            if outcome and outcome.notified_on else "",
            "winner": outcome.winner if outcome else "",
            "today": french_date(day, weekday=False),
            "place": structure.address.city,
        }

    def write_letter(self, tender_id: int, kind: str, out: Path, lot: int | None = None,
                     template: Path | None = None, today: date | None = None) -> Path:
        """Render a letter to ``out`` (atomically); ``TemplateProblem`` on a faulty template."""
        from ..documents.letters import render_letter

        context = self.letter_context(tender_id, kind, lot, today)
        try:
            return render_letter(kind, context, out, template=template)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, out)) from exc

    # --- won → reference -----------------------------------------------------------------
    def to_reference(self, tender_id: int, lot: int | None = None,
                     today: date | None = None) -> Reference:
        """Create a reference from a won dossier (or lot), linked to its outcome.

        Buyer, object, amount, dates, lots, groupement role are copied; the mémoire's impact
        figures (heures d'insertion, parcours, sorties) are a starting point to correct.
        Refused when the outcome is not « gagné » or already has its reference.
        """
        from .library import LibraryService

        tender = self._tender(tender_id)
        outcome = self._outcome(tender_id, lot)
        if outcome.result != OutcomeResult.GAGNE:
            raise InvalidInput({"result": f"ce résultat est « {outcome.result_fr} » : seul un "
                                "marché gagné devient une référence."})
        if outcome.reference_id is not None and self.session.references.get(
                outcome.reference_id) is not None:
            raise InvalidInput({"reference": f"la référence n° {outcome.reference_id} a déjà "
                                "été créée depuis ce résultat."})
        lot_item = next((x for x in tender.lots if x.number == lot), None)
        lots = [lot_item] if lot_item else tender.lots
        title = tender.title if lot_item is None else f"{tender.title} — lot {lot_item.number} : " \
            f"{lot_item.title}"
        amount = outcome.our_amount
        if amount is None and outcome.result == OutcomeResult.GAGNE:
            amount = outcome.winner_amount  # the « montant retenu » of a won lot is ours
        if amount is None:
            amounts = [x.estimated_amount for x in lots if x.estimated_amount is not None]
            amount = sum(amounts, Decimal(0)) if amounts else None
        role, partners = ReferenceRole.TITULAIRE, list[str]()
        if tender.groupement is not None and tender.groupement.members:
            role, partners = self._groupement_role(tender)
        start = outcome.signed_on or outcome.notified_on or today or date.today()
        impact = self._memoire_impact(tender_id, lot)
        description = (
            f"Marché obtenu auprès de {tender.buyer or 'l’acheteur'} ({label(tender.procedure)})"
            + (f", lots : {', '.join(f'{x.number} — {x.title}' for x in lots)}" if lots else "")
            + ". Chiffres d'impact repris du mémoire technique : à mettre à jour en fin de marché."
        )
        reference = Reference(
            structure_id=tender.structure_id, title=title, buyer_name=tender.buyer,
            start=start, amount_ht=amount, role=role, partners=partners,
            description=description, social_impact=impact, cpv_codes=list(tender.cpv_codes),
            families=infer_families(title, list(tender.cpv_codes)),
        )
        with self.session.ws.transaction():
            saved = LibraryService(self.session).save_reference(reference)
            self.repo.update(outcome.model_copy(update={"reference_id": saved.id}))
        return saved

    def _groupement_role(self, tender: Tender) -> tuple[ReferenceRole, list[str]]:
        """Our role in the dossier's groupement (the member that is our structure) and the
        other members' names."""
        groupement = tender.groupement
        assert groupement is not None
        ours = next((m for m in groupement.members
                     if m.structure_id is not None and m.structure_id == tender.structure_id),
                    None)
        partners = [m.name for m in groupement.members if m is not ours]
        if ours is None:
            return ReferenceRole.COTRAITANT, partners
        role = ReferenceRole.MANDATAIRE if ours.is_mandataire else ReferenceRole.COTRAITANT
        return role, partners

    def _memoire_impact(self, tender_id: int, lot: int | None) -> SocialImpact:
        repo = MemoireRepository(self.session.ws)
        memoire = repo.for_tender(tender_id, lot) or repo.for_tender(tender_id)
        if memoire is None:
            return SocialImpact()
        text = "\n".join(s.full_text() for s in memoire.sections)
        return impact_from_text(text)


def _spaced_siret(siret: str) -> str:
    """« 899 123 459 00013 » as printed on letters."""
    if len(siret) == 14 and siret.isdigit():
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    return siret


_NUMBER = r"(\d[\d\u00a0\u202f ]*)"
_IMPACT_PATTERNS: dict[str, str] = {
    "insertion_hours": _NUMBER + r"\s*(?:h|heures)\s+d['’]insertion",
    "people_in_pathway": _NUMBER + r"\s*(?:salariés|personnes|bénéficiaires)\s+en\s+parcours",
    "positive_exits": _NUMBER + r"\s*sorties\s+(?:dynamiques|positives)",
    "disabled_workers": _NUMBER + r"\s*travailleurs\s+handicapés",
}


def impact_from_text(text: str) -> SocialImpact:
    """The first figure of each impact the mémoire states (« 3 500 heures d'insertion »)."""
    found: dict[str, int] = {}
    for name, pattern in _IMPACT_PATTERNS.items():
        match = re.search(pattern, text, flags=re.IGNORECASE)
        if match:
            digits = re.sub(r"\D", "", match.group(1))
            if digits and len(digits) <= 9:
                found[name] = int(digits)
    return SocialImpact(**found)
