"""« Go / no-go », a tab of the dossier: blocking checks first, then the scored grid, the
recommendation with its reasons, and the decision (go / no-go, who, when, why)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QWidget,
)

from ...domain.gonogo import Assessment, Decision
from ...domain.gonogo_text import (
    checks_text,
    decision_text,
    reasons_text,
    refusal_text,
    summary_text,
)
from ...domain.tender import Tender
from ...fr import parse_amount, screen_amount
from ...services.changes import Changes, Topic
from ...services.gonogo import GoNoGoService
from ..context import UiContext
from ..failure_text import fields_text
from ..operations import Failure
from ..theme import color
from ..widgets import make
from .gonogo.view import NO_TENDER_TEXT, GoNoGoWidgets


class GoNoGoTab(GoNoGoWidgets):
    """Computed when shown; the decision is saved in the tender at once."""

    decided = Signal(object)
    #: The checks read the dossier, its pieces, its groupement and the structure's data.
    topics = (Topic.TENDERS, Topic.GONOGO, Topic.STRUCTURE, Topic.REFERENCES,
              Topic.CHECKLIST, Topic.GROUPEMENT, Topic.OUTCOME)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = GoNoGoService(self.session)
        self.assessment: Assessment | None = None
        self._build(list(self.service.settings.steps))
        self._connect()
        self._show_nothing()

    def _connect(self) -> None:
        make.connect_clicks((self.turnover_button, self.save_min_turnover),
                            (self.decide_button, self.record_decision),
                            (self.effort_button, self.save_effort))

    # --- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Assess the dossier shown."""
        if self.tender is None or self.tender.id is None:
            self._show_nothing()
            return
        tender_id = self.tender.id
        self.assessment = self.ctx.ops.run(
            lambda: self.service.assess(tender_id, self.ctx.today()),
            on_failure=lambda failure: self._show_nothing(fields_text(failure)))
        if self.assessment is not None:
            self._show(self.assessment)

    def _show_nothing(self, text: str = NO_TENDER_TEXT) -> None:
        self.assessment = None
        self.summary.setText(text)
        for widget in (self.blocking_label, self.warning_label):
            widget.hide()
        self.grid_label.clear()
        self.reasons_label.clear()
        for button in (self.decide_button, self.turnover_button, self.effort_button):
            button.setEnabled(False)

    def _show(self, a: Assessment) -> None:
        self.summary.setText(summary_text(a))
        self.blocking_label.setText(checks_text("Points bloquants :", "✖", a.blocking))
        self.blocking_label.setVisible(bool(a.blocking))
        self.warning_label.setText(checks_text("À vérifier :", "⚠", a.warnings))
        self.warning_label.setVisible(bool(a.warnings))
        soft = color("text_soft").name()
        rows = "".join(
            f"<tr><td align='right'><b>{s.points}</b> / {s.max_points}&nbsp;&nbsp;</td>"
            f"<td>{escape(s.label)} — <span style='color:{soft}'>{escape(s.reason)}</span></td>"
            "</tr>" for s in a.grid)
        self.grid_label.setText(f"<table>{rows}</table>")
        self.reasons_label.setText(reasons_text(a.reasons))
        minimum = a.decision.min_turnover if a.decision else None
        self.turnover_edit.setText(screen_amount(minimum) if minimum is not None else "")
        self._show_decision(a)
        structure_id = self.tender.structure_id if self.tender is not None else None
        for step in self.service.steps(structure_id):
            self.effort_spins[step.key].setValue(step.days)
        for widget in (self.decide_button, self.turnover_button, self.effort_button):
            widget.setEnabled(True)

    def _show_decision(self, a: Assessment) -> None:
        decision = a.decision
        if decision is not None and decision.decision is not None:
            radio = self.go_radio if decision.decision == Decision.GO else self.no_go_radio
            radio.setChecked(True)
            self.who_edit.setText(decision.decided_by)
            self.why_edit.setText(decision.reasons)
        else:
            self.choice.setExclusive(False)
            self.go_radio.setChecked(False)
            self.no_go_radio.setChecked(False)
            self.choice.setExclusive(True)
        self.decision_label.setText(decision_text(decision))

    # --- actions -----------------------------------------------------------------------------
    def _refused(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _save(self, work: Callable[[], object], changes: Changes,
              refusal: Callable[[Failure], str] = fields_text, done: str = "") -> bool:
        """Run the write ``work``; once done, a dossier it returns is the one shown, the
        dossier is assessed again and ``done`` goes to the status bar. False (with
        ``refusal``'s message shown) if refused."""
        saved = self.ctx.ops.run(work, changes=changes,
                                 on_failure=lambda f: self._refused(refusal(f)))
        if saved is None:
            return False
        if isinstance(saved, Tender):
            self.tender = saved
        self.error_label.hide()
        self._reload_now()
        if done:
            self.status_message.emit(done)
        return True

    def record_decision(self) -> bool:
        """Save the decision shown in the form; False (with the message shown) if refused."""
        if self.tender is None or self.tender.id is None:
            return False
        tender_id = self.tender.id
        choice = ("go" if self.go_radio.isChecked()
                  else "no_go" if self.no_go_radio.isChecked() else "")
        if not self._save(lambda: self.service.decide(tender_id, choice, self.who_edit.text(),
                                                      self.why_edit.text()),
                          self.changes(Topic.GONOGO, Topic.TENDERS),
                          lambda f: refusal_text(choice, f.messages.values())):
            return False
        self.decided.emit(self.tender)
        self.status_message.emit("Décision go / no-go enregistrée.")
        return True

    def save_effort(self) -> bool:
        """Record the working days per step typed in the spin boxes (for the structure)."""
        if self.tender is None or self.tender.structure_id is None:
            return False
        structure_id = self.tender.structure_id
        days = {key: spin.value() for key, spin in self.effort_spins.items()}
        return self._save(lambda: self.service.set_effort(structure_id, days) or True,
                          Changes.of(Topic.GONOGO, source=self),
                          done="Effort par étape enregistré.")

    def save_min_turnover(self) -> bool:
        """Save the RC's minimum turnover typed in the field."""
        if self.tender is None or self.tender.id is None:
            return False
        tender_id = self.tender.id
        parsed = parse_amount(self.turnover_edit.text())
        if isinstance(parsed, str):
            self._refused(f"« {parsed} » n'est pas un montant : écrivez par exemple 150 000.")
            return False
        return self._save(lambda: self.service.set_min_turnover(tender_id, parsed),
                          self.changes(Topic.GONOGO, Topic.TENDERS))
