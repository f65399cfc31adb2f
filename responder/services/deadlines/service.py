"""Deadlines of the dossiers of a workspace: plans, dashboard, edits, .ics export."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, ValidationError

from ...domain.common import MAX_YEAR, MIN_YEAR, DomainModel, InvalidInput, french_errors
from ...domain.deadlines import (
    ALSACE_MOSELLE_DEPARTMENTS,
    DEPOSIT_KINDS,
    MILESTONE_KINDS,
    DossierPlan,
    PlanInput,
    WorkingCalendar,
    build_plan,
    countdown_text,
    french_date,
    tender_award_date,
    working_days_between,
)
from ...domain.enums import TenderStatus, label
from ...domain.law import RuleBook, RuleNotFound
from ...domain.tender import Tender
from ...domain.tender_row import OPEN_STATUSES
from ...fsutil import explain_os_error
from ...storage.db import WorkspaceError
from ..outcome import decision_facts
from ..tenders import TenderService
from ..vault import VaultService
from ..workspace import Session
from .models import BUCKET_LABELS, Bucket, Dashboard, DashboardEntry, DossierRow
from .rules import load_rulebook
from .standalone import deadline_only_plan

if TYPE_CHECKING:
    from ...documents.ics import IcsEvent

#: Workspace settings: a dossier's date edits, a structure's calendar, the .ics UID token.
SETTING_PREFIX = "retroplanning:"
ALSACE_PREFIX = "alsace_moselle:"
ICS_TOKEN_KEY = "ics:workspace_token"


# --- stored edits -------------------------------------------------------------------------
class DossierDateSettings(DomainModel):
    """What the user set about a dossier's dates (stored as ``retroplanning:<id>``)."""

    milestones: dict[str, date] = Field(default_factory=dict)
    done: list[str] = Field(default_factory=list)
    groupement: bool = False
    urgency: bool = False
    rejection_notice_on: date | None = None
    rejection_notice_electronic: bool = True
    reasons_requested_on: date | None = None


def _plausible(tender: Tender) -> bool:
    """False for a dossier stored before dates were bounded with a date outside 1990–2100
    (year 1 overflowed the calendar, year 9999 took 16 s): it gets no plan, like a dossier
    without a deadline, until the date is corrected."""
    days = (tender.deadline, tender.published_on, tender.questions_deadline, tender.site_visit_at,
            tender.candidatures_deadline, tender.invitation_on)
    return all(day is None or MIN_YEAR <= day.year <= MAX_YEAR for day in days)


def _done_kinds(tender: Tender, edits: DossierDateSettings) -> set[str]:
    """The dates of ``tender`` ticked off: by the user, or implied by its status."""
    done = set(edits.done)
    if tender.status != TenderStatus.VEILLE:
        done.add("go_no_go")  # a dossier in preparation was decided « go »
    if tender.offers_deposited:
        # The deposit is done, and with it every internal milestone that led to it (a
        # two-phase candidature alone leaves the offers' milestones to do).
        done.update((*DEPOSIT_KINDS, *MILESTONE_KINDS))
    return done


class DeadlineService:
    """Deadlines of the dossiers of a workspace, for the dashboard, the CLI and .ics export.

    ``checklist_progress`` is an optional hook (tender → 0..1 or ``None``) the checklist
    capability plugs in; ``rules`` defaults to the shipped rules file.
    """

    def __init__(
        self,
        session: Session,
        *,
        rules: RuleBook | None = None,
        checklist_progress: Callable[[Tender], float | None] | None = None,
    ) -> None:
        self.session = session
        self.rules = rules or load_rulebook()
        self.checklist_progress = checklist_progress
        self._calendars: dict[bool, WorkingCalendar] = {}
        self._vault_service: VaultService | None = None

    # --- settings ------------------------------------------------------------------------
    def _tender(self, tender_id: int) -> Tender:
        return TenderService(self.session).get(tender_id)

    def settings(self, tender_id: int) -> DossierDateSettings:
        """The user's date settings for a dossier (defaults when none were saved)."""
        raw = self.session.ws.setting(f"{SETTING_PREFIX}{tender_id}")
        if not raw:
            return DossierDateSettings()
        try:
            return DossierDateSettings.model_validate_json(raw)
        except ValidationError:
            # A damaged setting must not block the dashboard: fall back to the defaults.
            return DossierDateSettings()

    def _save(self, tender_id: int, value: DossierDateSettings) -> DossierDateSettings:
        self.session.ws.set_setting(f"{SETTING_PREFIX}{tender_id}", value.model_dump_json())
        return value

    def set_milestone(self, tender_id: int, kind: str, day: date | None) -> DossierPlan:
        """Move a retroplanning milestone to ``day`` (``None`` restores the default date).

        ``InvalidInput`` when the milestone is unknown or the date is after the deadline.
        """
        tender = self._tender(tender_id)
        if kind not in MILESTONE_KINDS:
            raise InvalidInput({f"milestones.{kind}": "étape de rétroplanning inconnue ("
                                f"possibles : {', '.join(sorted(MILESTONE_KINDS))})."})
        if day is not None and tender.deadline is not None and day > tender.deadline.date():
            raise InvalidInput({f"milestones.{kind}": "cette étape doit tomber au plus tard le "
                                f"jour de la date limite ({french_date(tender.deadline.date())})."})
        current = self.settings(tender_id)
        milestones = dict(current.milestones)
        if day is None:
            milestones.pop(kind, None)
        else:
            milestones[kind] = day
        self._save(tender_id, current.model_copy(update={"milestones": milestones}))
        return self.plan(tender_id)

    def mark_done(self, tender_id: int, kind: str, done: bool = True) -> DossierDateSettings:
        """Tick off (or untick) a date of a dossier: done dates are never « en retard »."""
        self._tender(tender_id)
        current = self.settings(tender_id)
        kinds = [k for k in current.done if k != kind] + ([kind] if done else [])
        return self._save(tender_id, current.model_copy(update={"done": kinds}))

    def update_settings(self, tender_id: int, **changes: object) -> DossierDateSettings:
        """Change ``groupement``, ``urgency`` or the decision dates (``rejection_notice_on``,
        ``rejection_notice_electronic``, ``reasons_requested_on``) of a dossier, validated.

        ``InvalidInput`` names the field on a bad value.
        """
        self._tender(tender_id)
        payload = {**self.settings(tender_id).model_dump(), **changes}
        try:
            value = DossierDateSettings.model_validate(payload)
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc
        return self._save(tender_id, value)

    def alsace_moselle(self, structure_id: int | None) -> bool:
        """Whether a structure uses the Alsace-Moselle holidays (setting, else its department)."""
        if structure_id is None:
            return False
        raw = self.session.ws.setting(f"{ALSACE_PREFIX}{structure_id}")
        if raw is not None:
            return raw == "1"
        structure = self.session.structures.get(structure_id)
        return structure is not None and (
            structure.address.department in ALSACE_MOSELLE_DEPARTMENTS
        )

    def set_alsace_moselle(self, structure_id: int, value: bool) -> None:
        """Use (or not) the Alsace-Moselle holidays for this structure's working days."""
        self.session.ws.set_setting(f"{ALSACE_PREFIX}{structure_id}", "1" if value else "0")

    def calendar(self, structure_id: int | None) -> WorkingCalendar:
        """The working calendar of a structure (cached per variant)."""
        key = self.alsace_moselle(structure_id)
        if key not in self._calendars:
            self._calendars[key] = WorkingCalendar(alsace_moselle=key)
        return self._calendars[key]

    # --- plans ---------------------------------------------------------------------------
    def _vault(self) -> VaultService:
        if self._vault_service is None:
            self._vault_service = VaultService(self.session)
        return self._vault_service

    def _expiries(self, tender: Tender) -> list[tuple[str, str, date]]:
        """(kind, label, last valid day) of the vault documents that count for the dossier.

        One per kind of document: the current one (the most recently dated; older ones are
        superseded), with the expiry the vault computes from the catalogue's rule (URSSAF:
        6 months from the certified date) and the end date printed on it, if any.
        """
        found: list[tuple[str, str, date]] = []
        if tender.structure_id is None:
            return found
        vault = self._vault()
        kinds: dict[str, None] = {}
        for doc in self.session.documents.list(tender.structure_id):
            kinds.setdefault(vault.catalogue.resolve(doc.kind) or doc.kind)
        for kind in kinds:
            current = vault.current(tender.structure_id, kind)
            if current is None:
                continue
            until = vault.expires_on(current)
            if until is not None:
                found.append(
                    (f"attestation_{current.id}", current.label or current.kind, until)
                )
        return found

    def plan_of(
        self,
        tender: Tender,
        today: date | None = None,
        expiries: Iterable[tuple[str, str, date]] | None = None,
    ) -> DossierPlan | None:
        """The dates of a dossier (``None`` without a deadline).

        ``expiries`` (kind, label, valid-until) defaults to the structure's vault documents.
        """
        target = tender.deadline or tender.candidatures_deadline
        if target is None or not _plausible(tender):
            return None
        today = today or date.today()
        data = self._plan_input(tender, target, today, expiries)
        calendar = self.calendar(tender.structure_id)
        try:
            return build_plan(data, self.rules, calendar, today)
        except RuleNotFound as exc:
            # One dossier the rules file cannot cover must never hide the others: it keeps
            # its deadline and says why the other dates are missing.
            return deadline_only_plan(data, calendar, today, exc)

    def _plan_input(
        self,
        tender: Tender,
        target: datetime,
        today: date,
        expiries: Iterable[tuple[str, str, date]] | None,
    ) -> PlanInput:
        """What :func:`build_plan` needs to know about ``tender`` and the user's edits."""
        edits = self.settings(tender.id) if tender.id is not None else DossierDateSettings()
        start = tender.created_at.date() if tender.created_at else today
        return PlanInput(
            deadline=target,
            procedure=tender.procedure,
            start=min(start, target.date()),
            published_on=tender.published_on,
            questions_deadline=tender.questions_deadline,
            site_visit_at=tender.site_visit_at,
            site_visit_label=label(tender.site_visit),
            groupement=edits.groupement,
            urgency=edits.urgency,
            overrides=edits.milestones,
            done=_done_kinds(tender, edits),
            rejection_notice_on=edits.rejection_notice_on,
            rejection_notice_electronic=edits.rejection_notice_electronic,
            reasons_requested_on=edits.reasons_requested_on,
            expiries=self._expiries(tender) if expiries is None else expiries,
            decision=decision_facts(self.session, tender),  # the recorded outcome, if any
            candidatures_deadline=tender.candidatures_deadline,
            invitation_on=tender.invitation_on,
            # A two-phase dossier before the invitation: its next deadline is the candidatures'.
            deadline_is_candidatures=tender.deadline is None,
            market_type=tender.market_type,
            estimated_total=tender.estimated_total(),
            award_on=tender_award_date(self.rules, tender),
            deposited_at=(
                tender.deposit.record.deposited_at  # type: ignore[union-attr]
                if tender.offers_deposited else None
            ),
        )

    def plan(self, tender_id: int, today: date | None = None) -> DossierPlan:
        """The dates of the dossier ``tender_id``; ``InvalidInput`` if it has no deadline."""
        tender = self._tender(tender_id)
        found = self.plan_of(tender, today)
        if found is None:
            raise InvalidInput({"deadline": "cette consultation n'a pas de date limite : "
                                "saisissez-la pour calculer les échéances."})
        return found

    def _tenders(self, structure_id: int | None) -> list[Tender]:
        tenders = self.session.tenders.list(structure_id)
        return sorted(tenders, key=lambda t: (t.deadline is None, t.deadline or datetime.max))

    # --- dashboard -----------------------------------------------------------------------
    def dashboard(self, structure_id: int | None = None, now: datetime | None = None) -> Dashboard:
        """Overdue, this week's and the next 30 days' dates across dossiers, and one row per
        dossier with its countdown (« J-12 · 8 jours ouvrés ») and next step."""
        now = now or datetime.now().replace(microsecond=0)
        today = now.date()
        week_end = today + timedelta(days=6 - today.weekday())
        horizon = today + timedelta(days=30)
        rows: list[DossierRow] = []
        buckets: dict[str, list[DashboardEntry]] = {k: [] for k in BUCKET_LABELS}
        for tender in self._tenders(structure_id):
            assert tender.id is not None
            plan = self.plan_of(tender, today)
            rows.append(self._row(tender, plan, now))
            if plan is None:
                continue
            open_dossier = tender.status in OPEN_STATUSES
            for item in plan.dates:
                if item.done or (not open_dossier and item.source != "decision"):
                    continue
                bucket: Bucket | None = None
                if item.when < today:
                    bucket = "en_retard"
                elif item.when <= week_end:
                    bucket = "cette_semaine"
                elif item.when <= horizon:
                    bucket = "30_jours"
                if bucket is None:
                    continue
                buckets[bucket].append(DashboardEntry(
                    tender_id=tender.id, tender_title=tender.title, buyer=tender.buyer,
                    bucket=bucket, bucket_fr=BUCKET_LABELS[bucket], date=item,
                    when_fr=item.when_fr,
                ))
        for entries in buckets.values():
            entries.sort(key=lambda e: (e.date.moment, e.tender_id))
        return Dashboard(
            today=today, rows=rows, overdue=buckets["en_retard"],
            this_week=buckets["cette_semaine"], next_30_days=buckets["30_jours"],
        )

    def _row(self, tender: Tender, plan: DossierPlan | None, now: datetime) -> DossierRow:
        assert tender.id is not None
        progress = self.checklist_progress(tender) if self.checklist_progress else None
        common = {
            "tender_id": tender.id, "title": tender.title, "buyer": tender.buyer,
            "status": tender.status, "status_fr": label(tender.status),
            "checklist_progress": progress,
        }
        if plan is None:
            return DossierRow(
                **common, deadline=None, deadline_fr="—", days_left=None,
                working_days_left=None, countdown_fr="Pas de date limite", next_date=None,
                next_fr="Saisissez la date limite", warnings=[],
            )
        calendar = self.calendar(tender.structure_id)
        today = now.date()
        nxt = plan.next_after(today)
        deadline_item = plan.get("deadline")
        return DossierRow(
            **common,
            # plan.deadline is the candidatures deadline of a two-phase dossier not yet invited.
            deadline=plan.deadline,
            deadline_fr=deadline_item.when_fr if deadline_item else "—",
            days_left=(plan.deadline.date() - today).days,
            working_days_left=working_days_between(calendar, today, plan.deadline.date()),
            countdown_fr=countdown_text(calendar, plan.deadline, now),
            next_date=nxt,
            next_fr=f"{nxt.label_fr} — {nxt.when_fr}" if nxt else "Aucune étape à venir",
            warnings=plan.warnings if tender.status in OPEN_STATUSES else [],
        )

    # --- calendar export -----------------------------------------------------------------
    def _token(self) -> str:
        token = self.session.ws.setting(ICS_TOKEN_KEY)
        if not token:
            token = uuid.uuid4().hex[:12]
            self.session.ws.set_setting(ICS_TOKEN_KEY, token)
        return token

    def events(
        self, tender_id: int | None = None, today: date | None = None
    ) -> list[IcsEvent]:
        """Calendar events of one dossier or of all dossiers with a deadline.

        UIDs are ``<tender id>-<kind>-<workspace token>@responder``: the same date of the same
        dossier keeps its UID from one export to the next, so re-importing updates events.
        """
        from ...documents.ics import IcsEvent  # icalendar: only when exporting

        tenders = [self._tender(tender_id)] if tender_id is not None else self._tenders(None)
        token = self._token()
        events: list[IcsEvent] = []
        for tender in tenders:
            plan = self.plan_of(tender, today)
            if plan is None:
                if tender_id is not None:
                    raise InvalidInput({"deadline": "cette consultation n'a pas de date limite : "
                                        "rien à exporter."})
                continue
            buyer = f" ({tender.buyer})" if tender.buyer else ""
            for item in plan.dates:
                description = [f"Consultation : {tender.title}{buyer}"]
                if tender.reference:
                    description.append(f"Référence : {tender.reference}")
                if item.article:
                    description.append(f"Règle : {item.article}")
                if item.note:
                    description.append(item.note)
                events.append(IcsEvent(
                    uid=f"{tender.id}-{item.kind}-{token}@responder",
                    summary=f"{item.label_fr} — {tender.title}{buyer}",
                    description="\n".join(description),
                    day=item.when,
                    at=item.at,
                    url=tender.platform_url,
                    alarm=not item.done,  # no reminder of what is already done
                ))
        return events

    def calendar_bytes(self, tender_id: int | None = None, today: date | None = None) -> bytes:
        """The .ics text of one dossier or of all dossiers."""
        from ...documents.ics import build_calendar

        return build_calendar(self.events(tender_id, today))

    def export_ics(
        self, out: Path, tender_id: int | None = None, today: date | None = None
    ) -> int:
        """Write the .ics of one dossier (or all) atomically to ``out``; returns the event count."""
        from ...documents.ics import write_calendar
        from ..outputs import check_output

        check_output(out, self.session.path, force=True)
        events = self.events(tender_id, today)
        try:
            write_calendar(out, events)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, out)) from exc
        return len(events)
