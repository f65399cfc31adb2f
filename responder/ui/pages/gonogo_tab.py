"""« Go / no-go », a tab of the dossier: blocking checks first, then the scored grid, the
recommendation with its reasons, and the decision (go / no-go, who, when, why)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.gonogo import DECISION_LABELS, Assessment, Decision
from ...domain.tender import Tender
from ...services.gonogo import GoNoGoService
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..formatting import format_amount, parse_amount
from ..widgets.help_button import with_help

NO_TENDER_TEXT = "Sélectionnez une consultation pour décider d'y répondre ou non."
_SEVERITY_STYLE = {
    "bloquant": "background: #fde7dd; border: 1px solid #b3261e; color: #5c1410;",
    "attention": "background: #fff4ce; border: 1px solid #9a5b00; color: #3d2a00;",
}


class GoNoGoTab(QWidget):
    """Computed when shown; the decision is saved in the tender at once."""

    status_message = Signal(str)
    decided = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the go / no-go tab needs an open workspace"
        self.ctx = ctx
        self.service = GoNoGoService(ctx.session)
        self.tender: Tender | None = None
        self.assessment: Assessment | None = None
        self._stale = False
        self.setAccessibleName("Go / no-go")

        self.summary = QLabel(NO_TENDER_TEXT)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.blocking_label = QLabel()
        self.blocking_label.setWordWrap(True)
        self.blocking_label.setStyleSheet(
            f"QLabel {{ {_SEVERITY_STYLE['bloquant']} padding: 6px; border-radius: 4px; }}")
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(
            f"QLabel {{ {_SEVERITY_STYLE['attention']} padding: 6px; border-radius: 4px; }}")
        self.grid_label = QLabel()
        self.grid_label.setWordWrap(True)
        self.reasons_label = QLabel()
        self.reasons_label.setWordWrap(True)

        self.turnover_edit = QLineEdit()
        self.turnover_edit.setAccessibleName("Chiffre d'affaires minimum exigé par le RC")
        self.turnover_edit.setPlaceholderText("laissez vide si le RC n'en exige pas")
        self.turnover_button = QPushButton("Enregistrer le minimum")
        self.turnover_button.setAccessibleName("Enregistrer le chiffre d'affaires minimum")
        self.turnover_button.clicked.connect(self.save_min_turnover)
        turnover_row = QHBoxLayout()
        turnover_row.addWidget(with_help(self.turnover_edit, "Chiffre d'affaires minimum"), 1)
        turnover_row.addWidget(self.turnover_button)

        self.go_radio = QRadioButton(DECISION_LABELS[Decision.GO])
        self.no_go_radio = QRadioButton(DECISION_LABELS[Decision.NO_GO])
        self.go_radio.setAccessibleName("Décision : on y va")
        self.no_go_radio.setAccessibleName("Décision : on ne répond pas")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.go_radio)
        self.choice.addButton(self.no_go_radio)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.go_radio)
        choice_row.addWidget(self.no_go_radio)
        choice_row.addStretch(1)
        self.who_edit = QLineEdit()
        self.who_edit.setAccessibleName("Qui décide")
        self.who_edit.setPlaceholderText("Nom ou fonction (ex. : le bureau, la directrice)")
        self.why_edit = QLineEdit()
        self.why_edit.setAccessibleName("Pourquoi")
        self.why_edit.setPlaceholderText("En une phrase, pour vous en souvenir")
        self.decide_button = QPushButton("Enregistrer la décision")
        self.decide_button.setAccessibleName("Enregistrer la décision go / no-go")
        self.decide_button.clicked.connect(self.record_decision)
        self.decision_label = QLabel()
        self.decision_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.error_label.hide()
        decision_box = QGroupBox("Votre décision")
        form = QFormLayout(decision_box)
        form.addRow("Décision :", choice_row)
        form.addRow("&Qui :", self.who_edit)
        form.addRow("&Pourquoi :", self.why_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.decision_label, 1)
        buttons.addWidget(self.decide_button)
        form.addRow(buttons)
        form.addRow(self.error_label)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.summary)
        layout.addWidget(self.blocking_label)
        layout.addWidget(self.warning_label)
        rc_box = QGroupBox("Ce que demande le RC")
        rc_layout = QFormLayout(rc_box)
        rc_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        rc_layout.addRow("Chiffre d'affaires minimum exigé (€ HT par an) :", turnover_row)
        layout.addWidget(rc_box)
        effort_box = QGroupBox("Votre effort par étape (jours ouvrés, pour toutes vos réponses)")
        effort_layout = QFormLayout(effort_box)
        self.effort_spins: dict[str, QSpinBox] = {}
        for step in self.service.settings.steps:
            spin = QSpinBox()
            spin.setRange(0, 200)
            spin.setSuffix(" j")
            spin.setAccessibleName(f"Jours ouvrés : {step.label}")
            self.effort_spins[step.key] = spin
            effort_layout.addRow(f"{step.label} :", spin)
        self.effort_button = QPushButton("Enregistrer l'effort")
        self.effort_button.setAccessibleName("Enregistrer l'effort par étape")
        self.effort_button.clicked.connect(self.save_effort)
        effort_layout.addRow(self.effort_button)
        grid_box = QGroupBox("Grille notée")
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.addWidget(self.grid_label)
        grid_layout.addWidget(self.reasons_label)
        layout.addWidget(grid_box)
        layout.addWidget(decision_box)
        layout.addWidget(effort_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName("Go / no-go du dossier")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._show_nothing()

    # --- data --------------------------------------------------------------------------------
    def set_tender(self, tender: Tender | None) -> None:
        """Show ``tender`` (assessed when the tab is visible)."""
        self.tender = tender
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Assess on first show after a change."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Assess the dossier shown."""
        self._stale = False
        if self.tender is None or self.tender.id is None:
            self._show_nothing()
            return
        try:
            self.assessment = self.service.assess(self.tender.id, self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self._show_nothing(str(exc))
            return
        self._show(self.assessment)

    def _show_nothing(self, text: str = NO_TENDER_TEXT) -> None:
        self.assessment = None
        self.summary.setText(text)
        for widget in (self.blocking_label, self.warning_label):
            widget.hide()
        self.grid_label.clear()
        self.reasons_label.clear()
        for widget in (self.decide_button, self.turnover_button, self.effort_button):
            widget.setEnabled(False)

    def _show(self, a: Assessment) -> None:
        if a.working_days_left is None:
            left = "date limite inconnue"
        elif a.working_days_left < 0:
            left = "date limite passée"
        else:
            left = f"{a.working_days_left} jours ouvrés restants"
        self.summary.setText(
            f"Recommandation : {a.recommendation_fr} — {a.score} / 100 ({left}, "
            f"{a.effort_days} jours ouvrés de travail prévus)"
        )
        self.blocking_label.setText("Points bloquants :\n" + "\n".join(
            f"✖ {c.title}{f' ({c.article})' if c.article else ''} — {c.detail}"
            for c in a.blocking))
        self.blocking_label.setVisible(bool(a.blocking))
        self.warning_label.setText("À vérifier :\n" + "\n".join(
            f"⚠ {c.title}{f' ({c.article})' if c.article else ''} — {c.detail}"
            for c in a.warnings))
        self.warning_label.setVisible(bool(a.warnings))
        rows = "".join(
            f"<tr><td align='right'><b>{s.points}</b> / {s.max_points}&nbsp;&nbsp;</td>"
            f"<td>{escape(s.label)} — <span style='color:#444'>{escape(s.reason)}</span></td>"
            "</tr>" for s in a.grid)
        self.grid_label.setText(f"<table>{rows}</table>")
        self.reasons_label.setText(
            "Pourquoi :\n" + "\n".join(f"• {reason}" for reason in a.reasons) if a.reasons
            else "")
        minimum = a.decision.min_turnover if a.decision else None
        self.turnover_edit.setText(format_amount(minimum) if minimum is not None else "")
        decision = a.decision
        if decision is not None and decision.decision is not None:
            radio = self.go_radio if decision.decision == Decision.GO else self.no_go_radio
            radio.setChecked(True)
            self.who_edit.setText(decision.decided_by)
            self.why_edit.setText(decision.reasons)
            when = decision.decided_at.strftime("%d/%m/%Y à %H:%M") if decision.decided_at \
                else ""
            self.decision_label.setText(
                f"Décidé : {DECISION_LABELS[decision.decision]}, par {decision.decided_by}, "
                f"le {when}.")
        else:
            self.choice.setExclusive(False)
            self.go_radio.setChecked(False)
            self.no_go_radio.setChecked(False)
            self.choice.setExclusive(True)
            self.decision_label.setText("Pas encore de décision.")
        structure_id = self.tender.structure_id if self.tender is not None else None
        for step in self.service.steps(structure_id):
            self.effort_spins[step.key].setValue(step.days)
        for widget in (self.decide_button, self.turnover_button, self.effort_button):
            widget.setEnabled(True)

    # --- actions -----------------------------------------------------------------------------
    def record_decision(self) -> bool:
        """Save the decision shown in the form; False (with the message shown) if refused."""
        if self.tender is None or self.tender.id is None:
            return False
        choice = ("go" if self.go_radio.isChecked()
                  else "no_go" if self.no_go_radio.isChecked() else "")
        try:
            saved = self.service.decide(self.tender.id, choice, self.who_edit.text(),
                                        self.why_edit.text())
        except (InvalidInput, WorkspaceError) as exc:
            messages = exc.messages.values() if isinstance(exc, InvalidInput) else [str(exc)]
            text = " ".join(messages)
            if not choice:
                text = "Choisissez « on y va » ou « on ne répond pas ». " + text.replace(
                    "decision : choisissez « go » ou « no_go ».", "")
            self.error_label.setText(text)
            self.error_label.show()
            return False
        self.error_label.hide()
        self.tender = saved
        self.refresh()
        self.decided.emit(saved)
        self.status_message.emit("Décision go / no-go enregistrée.")
        return True

    def save_effort(self) -> bool:
        """Record the working days per step typed in the spin boxes (for the structure)."""
        if self.tender is None or self.tender.structure_id is None:
            return False
        days = {key: spin.value() for key, spin in self.effort_spins.items()}
        try:
            self.service.set_effort(self.tender.structure_id, days)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return False
        self.error_label.hide()
        self.refresh()
        self.status_message.emit("Effort par étape enregistré.")
        return True

    def save_min_turnover(self) -> bool:
        """Save the RC's minimum turnover typed in the field."""
        if self.tender is None or self.tender.id is None:
            return False
        parsed = parse_amount(self.turnover_edit.text())
        if isinstance(parsed, str):
            self.error_label.setText(f"« {parsed} » n'est pas un montant : écrivez par "
                                     "exemple 150 000.")
            self.error_label.show()
            return False
        try:
            self.tender = self.service.set_min_turnover(self.tender.id, parsed)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return False
        self.error_label.hide()
        self.refresh()
        return True
