"""Go / no-go of a dossier: blocking checks first, then the scored grid, the recommendation
and the decision the user records. Used by the « Go / no-go » tab and ``responder gonogo``."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import fr
from ..domain.common import InvalidInput
from ..domain.deadlines import working_days_between
from ..domain.eligibility import LotEligibility, Verdict
from ..domain.enums import TenderStatus
from ..domain.errors import required
from ..domain.gonogo import (
    RECOMMENDATION_LABELS,
    Assessment,
    Check,
    Decision,
    GoNoGo,
    GoNoGoSettings,
    Score,
    Step,
    capacity_points,
    chances_points,
    recommend,
    references_points,
)
from ..domain.groupement import format_eur
from ..domain.law import RuleBook
from ..domain.structure import Structure
from ..domain.tender import Tender
from ..paths import resources_dir
from .deadlines import DeadlineService, load_rulebook
from .tenders import TenderService
from .validation import validated
from .workspace import Session

EFFORT_PREFIX = "gonogo_effort:"

def settings_file() -> Path:
    """The data file of the go / no-go grid."""
    return resources_dir() / "gonogo" / "gonogo.json"


@lru_cache(maxsize=1)
def load_settings() -> GoNoGoSettings:
    """Effort per step, time to obtain pieces and grid weights (read once)."""
    raw = json.loads(settings_file().read_text(encoding="utf-8"))
    return GoNoGoSettings.model_validate(raw)


def _reserved_lot_check(session: Session, tender: Tender, structure: Structure) -> list[Check]:
    """Reserved-lot eligibility of the whole answer, from the eligibility service.

    ``EligibilityService.report`` judges the structure — or, for a groupement, every member
    on the lot and every sub-contractor — from their statuses, proofs in the vault and the
    50 % share (L2113-12 to L2113-15, R2113-7). A lot « non éligible » is closed; when every
    lot is closed it is blocking, else a warning naming them; « à vérifier » is a warning.
    """
    from .eligibility import EligibilityService

    del structure  # the service reads the structure and the groupement itself
    if tender.id is None or not any(lot.reserved for lot in tender.lots):
        return []
    report = EligibilityService(session).report(tender.id)
    closed = [lot for lot in report.lots if lot.verdict == Verdict.NON_ELIGIBLE]
    unsure = [lot for lot in report.lots if lot.verdict == Verdict.A_VERIFIER]
    articles_of = sorted({r.value for lot in report.lots for r in lot.reserved})

    def names(lots: list[LotEligibility]) -> str:
        return " ; ".join(
            f"lot {lot.lot} ({lot.reserved_fr}) : "
            + " ".join(p.reason_fr for p in lot.parties if p.verdict == lot.verdict)
            for lot in lots
        )

    def articles(lots: list[LotEligibility]) -> str:
        return ", ".join(sorted({r.value for lot in lots for r in lot.reserved}))

    checks: list[Check] = []
    fix = ("Renseignez les statuts et leurs preuves dans « Ma structure » (ou le carnet de "
           "partenaires) s'ils manquent, ou répondez avec un partenaire éligible.")
    if closed and len(closed) == len(tender.lots):
        checks.append(Check(
            code="RESERVE_NON_ELIGIBLE", severity="bloquant",
            title="Marché réservé à des structures que vous n'êtes pas",
            detail=f"{names(closed)} {fix}", article=articles(closed),
        ))
    elif closed:
        checks.append(Check(
            code="RESERVE_LOTS_EXCLUS", severity="attention",
            title="Certains lots vous sont fermés", detail=f"{names(closed)} {fix}",
            article=articles(closed),
        ))
    if unsure:
        checks.append(Check(
            code="RESERVE_A_VERIFIER", severity="attention",
            title="Lots réservés : éligibilité à vérifier", detail=names(unsure),
            article=articles(unsure),
        ))
    if not checks:
        checks.append(Check(
            code="RESERVE_ELIGIBLE", severity="ok",
            title="Lots réservés : votre réponse y a accès",
            detail="Chaque membre du groupement et chaque sous-traitant est éligible.",
            article=", ".join(articles_of),
        ))
    return checks


class GoNoGoService:
    """Assess a dossier and record the go / no-go decision."""

    def __init__(self, session: Session, *, rules: RuleBook | None = None) -> None:
        self.session = session
        self.rules = rules or load_rulebook()
        self.settings = load_settings()

    # --- inputs --------------------------------------------------------------------------
    def tender(self, tender_id: int) -> Tender:
        """The dossier ``tender_id``; ``InvalidInput`` if there is none."""
        return self._tender(tender_id)

    def _tender(self, tender_id: int) -> Tender:
        return TenderService(self.session).get(tender_id)

    def _structure(self, tender: Tender) -> Structure:
        return required(
            self.session.structures.get(tender.structure_id)
            if tender.structure_id is not None else None,
            "structure_id", "Ce dossier n'est rattaché à aucune structure.",
        )

    def steps(self, structure_id: int | None) -> list[Step]:
        """The steps of an answer with the working days this structure records for each."""
        edits: dict[str, Any] = {}
        if structure_id is not None:
            raw = self.session.ws.setting(f"{EFFORT_PREFIX}{structure_id}")
            if raw:
                try:
                    edits = dict(json.loads(raw))
                except (ValueError, TypeError):
                    edits = {}
        steps = []
        for step in self.settings.steps:
            days = edits.get(step.key, step.days)
            steps.append(step.model_copy(update={"days": days if isinstance(days, int)
                                                 and 0 <= days <= 200 else step.days}))
        return steps

    def set_effort(self, structure_id: int, days: dict[str, int]) -> list[Step]:
        """Record the working days the structure needs per step (unknown steps refused)."""
        known = {step.key for step in self.settings.steps}
        errors = {key: "étape inconnue" for key in days if key not in known}
        errors.update({key: "nombre de jours ouvrés entre 0 et 200 attendu" for key, value
                       in days.items() if key in known and not 0 <= int(value) <= 200})
        if errors:
            raise InvalidInput(errors)
        current = {step.key: step.days for step in self.steps(structure_id)}
        current.update({key: int(value) for key, value in days.items()})
        self.session.ws.set_setting(f"{EFFORT_PREFIX}{structure_id}", json.dumps(current))
        return self.steps(structure_id)

    # --- assessment ----------------------------------------------------------------------
    def assess(self, tender_id: int, today: date | None = None) -> Assessment:
        """Blocking checks, warnings, the scored grid and the recommendation for a dossier."""
        today = today or date.today()
        tender = self._tender(tender_id)
        structure = self._structure(tender)
        deadlines = DeadlineService(self.session, rules=self.rules)
        calendar = deadlines.calendar(tender.structure_id)
        target = tender.next_deadline  # the candidatures one of a two-phase dossier
        left = (working_days_between(calendar, today, target.date())
                if target else None)
        steps = self.steps(tender.structure_id)
        effort = sum(step.days for step in steps)
        if tender.groupement is not None and len(tender.groupement.members) > 1:
            effort += self.settings.groupement_extra_days
        checks: list[Check] = []
        checks += _reserved_lot_check(self.session, tender, structure)
        checks += self._turnover_checks(tender, structure, today)
        checks += self._time_checks(tender, left, effort, steps)
        checks += self._piece_checks(tender, left, today)
        grid = self._grid(tender, structure, today)
        score = sum(line.points for line in grid)
        blocking = [c for c in checks if c.severity == "bloquant"]
        warnings = [c for c in checks if c.severity == "attention"]
        choice = recommend(blocking, score, self.settings.thresholds)
        reasons = [f"Bloquant : {c.title}" for c in blocking]
        strong = sorted((s for s in grid if s.points * 3 >= s.max_points * 2),
                        key=lambda s: -s.points)
        weak = sorted((s for s in grid if s.points * 3 < s.max_points), key=lambda s: s.points)
        reasons += [f"Atout : {s.label} — {s.reason}" for s in strong[:3]]
        reasons += [f"Faiblesse : {s.label} — {s.reason}" for s in weak[:3]]
        assert tender.id is not None
        return Assessment(
            tender_id=tender.id, title=tender.title, blocking=blocking, warnings=warnings,
            grid=grid, score=score, recommendation=choice,
            recommendation_fr=RECOMMENDATION_LABELS[choice], reasons=reasons,
            working_days_left=left, effort_days=effort, decision=tender.go_no_go,
        )

    def _turnover_checks(self, tender: Tender, structure: Structure, today: date) -> list[Check]:
        last = structure.turnover[-1] if structure.turnover else None
        minimum = tender.go_no_go.min_turnover if tender.go_no_go else None
        amount = tender.estimated_total()
        if last is None:
            return [Check(
                code="CA_INCONNU", severity="attention",
                title="Chiffre d'affaires non renseigné",
                detail="Saisissez-le dans « Ma structure » : le RC peut exiger un minimum.",
            )]
        if minimum is not None:
            if last.amount >= minimum:
                return [Check(code="CA_SUFFISANT", severity="ok",
                              title="Chiffre d'affaires minimum atteint")]
            together = tender.groupement is not None and len(tender.groupement.members) > 1
            return [Check(
                code="CA_INSUFFISANT", severity="attention" if together else "bloquant",
                title="Chiffre d'affaires inférieur au minimum demandé",
                detail=f"Le RC demande {_euros(minimum)} par an, vous avez déclaré "
                f"{_euros(last.amount)} en {last.year}. "
                + ("Vérifiez dans le RC si la capacité du groupement est appréciée dans son "
                   "ensemble." if together else "Un groupement peut vous permettre d'y répondre."),
            )]
        rule = self.rules.find("turnover_cap_ratio", today)
        if amount is None or rule is None or rule.value is None:
            return []
        cap = amount * rule.value
        if last.amount >= cap:
            return []
        return [Check(
            code="CA_PLAFOND", severity="attention",
            title="Le RC peut exiger un chiffre d'affaires plus élevé que le vôtre",
            detail=f"L'acheteur peut demander jusqu'à {_fmt_ratio(rule.value)} fois la valeur "
            f"du marché ({_euros(cap)}) ; vous avez déclaré {_euros(last.amount)} en "
            f"{last.year}. À vérifier dans le RC, puis saisissez ici le minimum demandé.",
            article=rule.article,
        )]

    def _time_checks(
        self, tender: Tender, left: int | None, effort: int, steps: list[Step]
    ) -> list[Check]:
        target = tender.next_deadline
        if target is None or left is None:
            return [Check(code="DLRO_INCONNUE", severity="attention",
                          title="Date limite non saisie",
                          detail="Saisissez-la dans l'onglet Consultation pour compter les "
                          "jours qu'il vous reste.")]
        if left < 0 or (left == 0 and target < datetime.now()):
            return [Check(code="DLRO_PASSEE", severity="bloquant",
                          title="La date limite est passée",
                          detail="Une offre remise en retard est éliminée.", article="R2151-5")]
        detail = (f"Il reste {left} jour{'s' if left > 1 else ''} ouvré"
                  f"{'s' if left > 1 else ''} ; vos étapes en demandent {effort} ("
                  + ", ".join(f"{s.label.lower()} : {s.days}" for s in steps if s.days) + ").")
        if left < effort:
            return [Check(code="DELAI_INSUFFISANT", severity="bloquant",
                          title="Pas assez de jours ouvrés pour préparer la réponse",
                          detail=detail + " Réduisez l'effort prévu, demandez un report à "
                          "l'acheteur ou renoncez.")]
        return [Check(code="DELAI_SUFFISANT", severity="ok",
                      title="Le temps restant couvre vos étapes", detail=detail)]

    def _piece_checks(self, tender: Tender, left: int | None, today: date) -> list[Check]:
        if left is None or left < 0 or tender.id is None:
            return []
        from .checklist import ChecklistService  # late: the checklist loads its catalogue

        try:
            view = ChecklistService(self.session).view(tender.id, today)
        except InvalidInput:
            return []
        late: dict[str, tuple[int, list[str]]] = {}  # one line a piece, naming its members
        for row in view.rows:
            item = row.item
            if row.ready or item.hidden or item.status.value == "sans_objet":
                continue
            if item.phase.value == "attributaire":
                continue  # asked of the winner after the deadline (R2144-4): not blocking now
            if row.check is not None and row.check.document_id is not None and (
                    row.check.state.value == "valide"):
                continue  # held and valid (only its file is to attach): nothing to obtain
            need = self.settings.lead_times.get(item.key, 0)
            if need > left:
                members = late.setdefault(item.label, (need, []))[1]
                if item.member and item.member not in members:
                    members.append(item.member)
        if not late:
            return []
        # Members are named in a groupement only: a lone candidate knows it is itself.
        several = len({row.item.member for row in view.rows if row.item.member}) > 1
        lines = [f"{label}{_for_members(members if several else [])} ({need} jours ouvrés "
                 "pour l'obtenir)" for label, (need, members) in late.items()]
        return [Check(code="PIECE_HORS_DELAI", severity="bloquant",
                      title="Des pièces ne pourront pas être obtenues à temps",
                      detail="; ".join(lines) + ". Vérifiez si le RC les exige vraiment.")]

    # --- grid ----------------------------------------------------------------------------
    def _grid(self, tender: Tender, structure: Structure, today: date) -> list[Score]:
        from .library import LibraryService  # late: search index

        suggestions = LibraryService(self.session).suggest_for(tender, limit=10, today=today)
        refs = self.session.references.list(structure.id)
        amount = tender.estimated_total()
        turnover = structure.turnover[-1].amount if structure.turnover else None
        lines: list[Score] = []
        for line in self.settings.grid:
            points, reason = self._line(line.key, line.points, tender, structure, suggestions,
                                        refs, amount, turnover)
            lines.append(Score(key=line.key, label=line.label, points=points,
                               max_points=line.points, reason=reason))
        return lines

    def _line(self, key: str, top: int, tender: Tender, structure: Structure,
              suggestions: list[Any], refs: list[Any], amount: Decimal | None,
              turnover: Decimal | None) -> tuple[int, str]:
        if key == "objet":
            close = [s for s in suggestions if "famille" in s.reason or "CPV" in s.reason]
            if close:
                return top, f"proche de « {close[0].reference.title} »"
            if suggestions:
                return top // 2, "quelques mots en commun avec vos marchés passés"
            return 0, ("aucune référence enregistrée" if not refs
                       else "rien de proche dans vos références")
        if key == "references":
            count = len(suggestions)
            return references_points(count, top), (
                f"{count} référence{'s' if count > 1 else ''} proposée{'s' if count > 1 else ''}"
            )
        if key == "territoire":
            buyer = tender.buyer.strip().casefold()
            if buyer and any(r.buyer_name.strip().casefold() == buyer for r in refs):
                return top, "vous avez déjà travaillé pour cet acheteur"
            city = structure.address.city.strip().casefold()
            text = f"{tender.buyer} {tender.title} {tender.notes}".casefold()
            if city and (city in text or any(city in r.place.casefold() for r in refs
                                             if buyer and buyer in r.buyer_name.casefold())):
                return round(top * 2 / 3), f"{structure.address.city} est cité"
            return top // 3, "lieu d'exécution à vérifier dans le RC"
        if key == "capacite":
            points = capacity_points(amount, turnover, top)
            if amount is None or turnover is None:
                return points, "montant estimé ou chiffre d'affaires inconnu"
            return points, f"marché de {_euros(amount)} pour un chiffre d'affaires de " \
                f"{_euros(turnover)}"
        if key == "groupement":
            together = tender.groupement is not None and len(tender.groupement.members) > 1
            needed = amount is not None and turnover is not None and amount > turnover
            if together:
                return top, "groupement constitué"
            if needed:
                return 0, "le marché dépasse votre chiffre d'affaires : un groupement aiderait"
            return top, "vous pouvez répondre seul"
        # chances
        past = [t for t in self.session.tenders.list(structure.id) if t.id != tender.id]
        won = sum(t.status == TenderStatus.GAGNE for t in past)
        lost = sum(t.status == TenderStatus.PERDU for t in past)
        if won + lost == 0:
            return chances_points(0, 0, top), "pas encore de résultat enregistré"
        return chances_points(won, lost, top), f"{_count(won, 'gagné')}, " \
            f"{_count(lost, 'perdu')}"

    # --- decision ------------------------------------------------------------------------
    def set_min_turnover(self, tender_id: int, amount: Decimal | None) -> Tender:
        """Record the minimum turnover the RC asks for (``None``: none asked)."""
        tender = self._tender(tender_id)
        current = tender.go_no_go or GoNoGo()
        return self._store(tender, {**current.model_dump(), "min_turnover": amount})

    def decide(self, tender_id: int, decision: Decision | str, who: str, why: str,
               when: datetime | None = None) -> Tender:
        """Record go / no-go, who decided, when and why. A « go » on a dossier in veille
        moves it to « en préparation »; a « no-go » leaves the dashboard (still searchable)."""
        errors: dict[str, str] = {}
        try:
            choice = Decision(decision)
        except ValueError:
            errors["decision"] = "choisissez « go » ou « no_go »."
            choice = Decision.GO
        if not who.strip():
            errors["decided_by"] = "indiquez qui prend la décision (nom ou fonction)."
        if not why.strip():
            errors["reasons"] = "notez en une phrase pourquoi, pour vous en souvenir."
        if errors:
            raise InvalidInput(errors)
        tender = self._tender(tender_id)
        current = tender.go_no_go or GoNoGo()
        data = {**current.model_dump(), "decision": choice, "decided_by": who,
                "decided_at": (when or datetime.now()).replace(microsecond=0), "reasons": why}
        status = tender.status
        if choice == Decision.GO and status == TenderStatus.VEILLE:
            status = TenderStatus.EN_PREPARATION
        return self._store(tender, data, status)

    def clear_decision(self, tender_id: int) -> Tender:
        """Forget the decision (the RC input stays)."""
        tender = self._tender(tender_id)
        current = tender.go_no_go or GoNoGo()
        return self._store(tender, {"min_turnover": current.min_turnover})

    def _store(self, tender: Tender, data: dict[str, Any],
               status: TenderStatus | None = None) -> Tender:
        value = validated(GoNoGo, data)
        payload = tender.model_dump()
        payload["go_no_go"] = value.model_dump()
        if status is not None:
            payload["status"] = status
        updated = Tender.model_validate(payload)
        return self.session.tenders.update(updated)


def is_no_go(tender: Tender) -> bool:
    """True when the user decided not to answer (the dossier leaves the dashboard)."""
    return tender.go_no_go is not None and tender.go_no_go.decision == Decision.NO_GO


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    """The assessment as the JSON of ``responder gonogo --json``."""
    data: dict[str, Any] = assessment.model_dump(mode="json")
    data["blocked"] = assessment.is_blocked
    return data


def _euros(value: Decimal) -> str:
    return format_eur(value, "HT")


def _count(number: int, word: str) -> str:
    """« aucun gagné », « 1 perdu », « 3 gagnés »."""
    if number == 0:
        return f"aucun {word}"
    return f"{number} {word}{'s' if number > 1 else ''}"


def _fmt_ratio(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _for_members(members: list[str]) -> str:
    """« pour Verts Chemins et ESAT Les Ateliers » (a groupement's piece asked of each)."""
    if not members:
        return ""
    return f" pour {fr.joined(members)}"
