"""« Échéances », a tab of the dossier: its dates with their rules, the editable retroplanning,
attestation expiries, the dates after the decision and the dossier's calendar export.

Every change is saved at once through :class:`~responder.services.deadlines.DeadlineService`
(the same calls as the CLI); a refused change shows the service's French message under the
table and nothing is stored. The widgets are in ``deadlines/view.py``; the words in
``domain/deadlines_text.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QDateEdit, QTableWidgetItem, QWidget

from ...domain.after_award import is_formalised
from ...domain.common import InvalidInput
from ...domain.deadlines import ComputedDate, DossierPlan, countdown_text
from ...domain.deadlines_text import (
    SOURCE_LABELS,
    available_text,
    exported_text,
    flagged,
    reasons_due_text,
    short_when,
    standstill_text,
    state_text,
    step_text,
)
from ...domain.tender import Tender
from ...services.changes import Topic
from ...services.deadlines import DeadlineService, DossierDateSettings
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..failure_text import fields_text
from ..operations import Failure
from ..theme import color
from ..widgets.dates import FRENCH
from .dashboard_page import current_moment
from .deadlines.view import (
    COL_DATE,
    COL_DONE,
    COL_RULE,
    COL_SOURCE,
    COL_STATE,
    COL_STEP,
    NO_TENDER_TEXT,
    DeadlinesView,
)

KIND_ROLE = Qt.ItemDataRole.UserRole + 1

NO_DEADLINE_TEXT = (
    "Cette consultation n'a pas encore de date limite. Saisissez-la dans l'onglet "
    "« Consultation » (avec la date de publication si vous la connaissez) : Responder "
    "calculera les dates à retenir et votre rétroplanning en jours ouvrés."
)
#: Wait this long after the last keystroke in a date before saving it.
COMMIT_DELAY_MS = 700
ICS_FILTER = "Agenda iCalendar (*.ics)"


def _timer(parent: QWidget, slot: object) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(COMMIT_DELAY_MS)
    timer.timeout.connect(slot)
    return timer


class DeadlinesTab(DeadlinesView):
    """The dates of one dossier (tab « Échéances »), loaded when the tab is shown. Dates
    typed in wait ``COMMIT_DELAY_MS`` on a timer; ``flush()`` saves them at once."""

    #: The dates follow the dossier, its deadlines, its result and the vault's attestations.
    topics = (Topic.TENDERS, Topic.DEADLINES, Topic.OUTCOME, Topic.DOCUMENTS,
              Topic.CHECKLIST, Topic.STRUCTURE)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = DeadlineService(self.session)
        self.plan: DossierPlan | None = None
        self._filling = False
        self._pending: dict[str, date] = {}
        self._milestone_timer = _timer(self, self.commit_milestones)
        self._decision_timer = _timer(self, self.commit_decision)
        self._build()
        self._connect()

    def _connect(self) -> None:
        self.groupement_check.toggled.connect(lambda v: self._update_settings(groupement=v))
        self.urgency_check.toggled.connect(lambda v: self._update_settings(urgency=v))
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reset_button.clicked.connect(self.reset_selected)
        self.reset_all_button.clicked.connect(self.reset_all)
        self.export_button.clicked.connect(self.export_tender)
        self.rejection_edit.changed.connect(self._decision_timer.start)
        self.reasons_edit.changed.connect(self._decision_timer.start)
        self.electronic_check.toggled.connect(lambda _v: self.commit_decision())

    # --- loading -----------------------------------------------------------------------------
    def flush(self) -> None:
        """Save at once the dates still waiting on their timers (before an export, before
        another dossier is shown, when the tab is left): typed edits are never lost."""
        if self._milestone_timer.isActive():
            self.commit_milestones()
        if self._decision_timer.isActive():
            self.commit_decision()

    def reload(self) -> None:
        """Recompute the dossier's dates and show them."""
        self._stale = False
        tender = self.tender
        self.table_error.clear_message()
        self.decision_error.clear_message()
        if tender is None or tender.id is None:
            self._show_empty(NO_TENDER_TEXT)
            return
        try:
            self.plan = self.service.plan(tender.id, self.ctx.today())
        except InvalidInput:
            self._show_empty(NO_DEADLINE_TEXT)
            return
        except WorkspaceError as exc:
            self._show_empty(str(exc))
            return
        self.stack.setCurrentWidget(self.content)
        self._show(tender, self.plan, self.service.settings(tender.id))

    def _show_empty(self, text: str) -> None:
        self.plan = None
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    def _show(self, tender: Tender, plan: DossierPlan, settings: DossierDateSettings) -> None:
        self._filling = True
        try:
            self._show_header(tender, plan)
            for check, value in (
                (self.groupement_check, settings.groupement),
                (self.urgency_check, settings.urgency),
                (self.electronic_check, settings.rejection_notice_electronic),
            ):
                check.blockSignals(True)
                check.setChecked(value)
                check.blockSignals(False)
            self.rejection_edit.set_value(settings.rejection_notice_on)
            self.reasons_edit.set_value(settings.reasons_requested_on)
            self._fill_table(plan)
            self._show_decision(plan)
        finally:
            self._filling = False
        self._update_buttons()

    def _show_header(self, tender: Tender, plan: DossierPlan) -> None:
        calendar = self.service.calendar(tender.structure_id)
        now = current_moment(self.ctx.today())
        self.countdown_label.setText(countdown_text(calendar, plan.deadline, now))
        self.available_label.setText(
            available_text(plan, tender.two_phase, tender.deadline is not None))
        warnings = [f"⚠ {w.message_fr}" for w in plan.warnings]
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))

    def _fill_table(self, plan: DossierPlan) -> None:
        self.table.blockSignals(True)
        self.table.clearContents()
        self.table.setRowCount(len(plan.dates))
        past, done_tint = color("past_tint"), color("done_tint")
        for row, item in enumerate(plan.dates):
            tip = f"{item.when_fr} — {item.rule_text or item.label_fr}"
            tint = done_tint if item.done else (past if flagged(item) else None)
            cells = {
                COL_DATE: short_when(item),
                COL_STEP: step_text(item),
                COL_STATE: state_text(item),
                COL_SOURCE: SOURCE_LABELS.get(item.source, item.source),
                COL_RULE: item.article or "—",
            }
            for column, text in cells.items():
                cell = QTableWidgetItem(text)
                cell.setToolTip(tip)
                cell.setData(KIND_ROLE, item.kind)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if tint is not None and column in (COL_DATE, COL_STEP, COL_STATE):
                    cell.setBackground(tint)
                self.table.setItem(row, column, cell)
            done = QTableWidgetItem()
            done.setData(KIND_ROLE, item.kind)
            done.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            done.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
            done.setToolTip("Cochez quand c'est fait : la date ne sera plus signalée en retard.")
            self.table.setItem(row, COL_DONE, done)
            if item.editable:
                self.table.setCellWidget(row, COL_DATE, self._date_editor(item))
        self.table.blockSignals(False)
        self._fit_table_height()

    def _fit_table_height(self) -> None:
        # The whole tab scrolls: the table shows all its rows instead of a nested scroll bar.
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        height += self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(max(height, 120))

    def _date_editor(self, item: ComputedDate) -> QDateEdit:
        editor = QDateEdit(QDate(item.when.year, item.when.month, item.when.day))
        editor.setLocale(FRENCH)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("ddd dd/MM/yyyy")
        editor.setAccessibleName(f"Date de l'étape « {item.label_fr} »")
        editor.setToolTip(f"{item.rule_text}\nModifiez la date pour l'adapter à votre équipe.")
        editor.setProperty("kind", item.kind)
        editor.dateChanged.connect(lambda qd, kind=item.kind: self._on_date_edited(kind, qd))
        editor.editingFinished.connect(self.commit_milestones)
        return editor

    def _show_decision(self, plan: DossierPlan) -> None:
        # The dates by procedure come from domain/after_award.py (R2182-1/2, R2181-2/4).
        mapa = self.tender is not None and not is_formalised(self.tender.procedure)
        self.standstill_label.setText(standstill_text(plan, mapa))
        self.reasons_label.setText(reasons_due_text(plan, mapa))

    def _update_buttons(self) -> None:
        plan = self.plan
        kind = self.selected_kind()
        selected = plan.get(kind) if plan and kind else None
        self.reset_button.setEnabled(selected is not None and selected.edited)
        self.reset_all_button.setEnabled(
            plan is not None and any(d.editable and d.edited for d in plan.dates)
        )

    def selected_kind(self) -> str | None:
        """Kind of the date on the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), COL_STEP)
        return str(cell.data(KIND_ROLE)) if cell is not None else None

    def row_of(self, kind: str) -> int | None:
        """The table row showing the date ``kind``."""
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, COL_STEP)
            if cell is not None and cell.data(KIND_ROLE) == kind:
                return row
        return None

    def date_editor(self, kind: str) -> QDateEdit | None:
        """The date editor of the retroplanning step ``kind`` (``None`` if not editable)."""
        row = self.row_of(kind)
        widget = self.table.cellWidget(row, COL_DATE) if row is not None else None
        return widget if isinstance(widget, QDateEdit) else None

    # --- edits -------------------------------------------------------------------------------
    def _tender_id(self) -> int | None:
        return self.tender.id if self.tender is not None else None

    def _on_date_edited(self, kind: str, qdate: QDate) -> None:
        if self._filling:
            return
        self._pending[kind] = date(qdate.year(), qdate.month(), qdate.day())
        self._milestone_timer.start()

    def commit_milestones(self) -> None:
        """Save the retroplanning dates typed since the last save, then show the new plan."""
        self._milestone_timer.stop()
        pending, self._pending = self._pending, {}
        tender_id = self._tender_id()
        if not pending or tender_id is None:
            return
        focused = next(
            (k for k in pending if (e := self.date_editor(k)) is not None and e.hasFocus()), None
        )
        error = ""
        for kind, day in pending.items():
            current = self.plan.get(kind) if self.plan else None
            if current is not None and current.when == day:
                continue
            try:
                self.service.set_milestone(tender_id, kind, day)
            except InvalidInput as exc:
                step = current.label_fr if current else kind
                error = "\n".join(f"« {step} » : {m}" for m in exc.messages.values())
            except WorkspaceError as exc:
                error = str(exc)
        self.ctx.ops.announce(self.changes(Topic.DEADLINES))
        self.reload()
        if error:
            self.table_error.show_message(error)
            self.status_message.emit("Date non enregistrée : " + error)
        else:
            self.status_message.emit("Rétroplanning enregistré.")
        if focused is not None and (editor := self.date_editor(focused)) is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_item_changed(self, cell: QTableWidgetItem) -> None:
        tender_id = self._tender_id()
        if self._filling or cell.column() != COL_DONE or tender_id is None:
            return
        kind = str(cell.data(KIND_ROLE))
        done = cell.checkState() == Qt.CheckState.Checked
        if not self._write(lambda: self.service.mark_done(tender_id, kind, done)):
            return
        self.reload()
        row = self.row_of(kind)
        if row is not None:
            self.table.selectRow(row)
        self.status_message.emit("Étape marquée comme faite." if done else "Étape à faire.")

    def reset_selected(self) -> None:
        """Give the selected retroplanning step back its proposed date."""
        kind = self.selected_kind()
        tender_id = self._tender_id()
        if kind is None or tender_id is None:
            return
        self._reset([kind])
        row = self.row_of(kind)
        if row is not None:
            self.table.selectRow(row)

    def reset_all(self) -> None:
        """Give every retroplanning step back its proposed date."""
        if self.plan is not None:
            self._reset([d.kind for d in self.plan.dates if d.editable and d.edited])

    def _reset(self, kinds: list[str]) -> None:
        tender_id = self._tender_id()
        if tender_id is None:
            return
        def reset() -> None:
            for kind in kinds:
                self.service.set_milestone(tender_id, kind, None)

        if not self._write(reset):
            return
        self.reload()
        self.status_message.emit("Dates proposées rétablies.")

    def _update_settings(self, **changes: object) -> None:
        tender_id = self._tender_id()
        if self._filling or tender_id is None:
            return
        if self._write(lambda: self.service.update_settings(tender_id, **changes)):
            self.reload()

    def commit_decision(self) -> None:
        """Save the rejection letter and reasons-request dates, then show the computed dates."""
        self._decision_timer.stop()
        tender_id = self._tender_id()
        if self._filling or tender_id is None or self.plan is None:
            return
        notice = self.rejection_edit.value()
        requested = self.reasons_edit.value()
        electronic = self.electronic_check.isChecked()
        saved = self.ctx.ops.run(
            lambda: self.service.update_settings(
                tender_id, rejection_notice_on=notice, rejection_notice_electronic=electronic,
                reasons_requested_on=requested) or True,
            changes=self.changes(Topic.DEADLINES),
            on_failure=lambda f: self.decision_error.show_message("\n".join(f.messages.values())))
        if saved is None:
            return
        self.reload()
        self.status_message.emit("Dates après la décision enregistrées.")

    def export_tender(self) -> Path | None:
        """Ask where to save, then write this dossier's .ics; returns the file."""
        tender = self.tender
        if tender is None or tender.id is None:
            return None
        self.flush()
        tender_id = tender.id
        chosen = self.ctx.prompts.save_file(
            "Exporter les échéances du dossier", f"echeances-dossier-{tender_id}.ics",
            ICS_FILTER)
        if chosen is None:
            return None
        out = chosen if chosen.suffix.lower() == ".ics" else chosen.with_suffix(".ics")

        def refused(failure: Failure) -> None:
            self.table_error.show_message(fields_text(failure))
            self.status_message.emit(fields_text(failure))

        count = self.ctx.ops.run(
            lambda: self.service.export_ics(out, tender_id, self.ctx.today()),
            on_failure=refused)
        if count is None:
            return None
        self.status_message.emit(exported_text(count, out.name))
        return out

    def _write(self, work: Callable[[], object]) -> bool:
        """Run a change of the dossier's dates; on refusal show why under the table."""
        done = self.ctx.ops.run(
            lambda: work() or True, changes=self.changes(Topic.DEADLINES),
            on_failure=lambda f: self.table_error.show_message(fields_text(f)))
        return done is not None
