"""The widgets of the « Go / no-go » tab: the summary, the blocking and warning checks, what
the RC asks, the scored grid, the decision and the effort per step. Layout only;
``GoNoGoTab`` fills them and records the decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from ....domain.gonogo import DECISION_LABELS, Decision
from ...widgets import make
from ...widgets.help_button import with_help
from ..workspace_tab import WorkspaceTab

if TYPE_CHECKING:
    from ....domain.gonogo import Step

NO_TENDER_TEXT = "Sélectionnez une consultation pour décider d'y répondre ou non."


class GoNoGoWidgets(WorkspaceTab):
    """The widgets of the tab, built by ``_build(steps)`` (one spin box per step)."""

    def _build(self, steps: list[Step]) -> None:
        self.setAccessibleName("Go / no-go")
        self.summary = make.label(NO_TENDER_TEXT, role="heading")
        self.blocking_label = make.label(role="warning-box")
        self.warning_label = make.label(role="attention-box")
        self.grid_label = make.label(rich=True)
        self.reasons_label = make.label()
        self.error_label = make.label(role="error-strong")
        self.error_label.hide()
        body = QWidget()
        make.column(self.summary, self.blocking_label, self.warning_label, self._build_rc(),
                    self._build_grid(), self._build_decision(), self._build_effort(steps), None,
                    parent=body)
        scroll = QScrollArea()
        scroll.setAccessibleName("Go / no-go du dossier")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        make.column(scroll, parent=self, margins=False)

    def _build_rc(self) -> QGroupBox:
        self.turnover_edit = make.line_edit("Chiffre d'affaires minimum exigé par le RC",
                                            placeholder="laissez vide si le RC n'en exige pas")
        self.turnover_button = make.button(
            "Enregistrer le minimum", name="Enregistrer le chiffre d'affaires minimum")
        box = QGroupBox("Ce que demande le RC")
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        turnover = make.row(with_help(self.turnover_edit, "Chiffre d'affaires minimum"),
                            self.turnover_button, margins=True)
        turnover.setStretch(0, 1)
        form.addRow("Chiffre d'affaires minimum exigé (€ HT par an) :", turnover)
        return box

    def _build_grid(self) -> QGroupBox:
        box = QGroupBox("Grille notée")
        make.column(self.grid_label, self.reasons_label, parent=box)
        return box

    def _build_decision(self) -> QGroupBox:
        self.go_radio = QRadioButton(DECISION_LABELS[Decision.GO])
        self.no_go_radio = QRadioButton(DECISION_LABELS[Decision.NO_GO])
        self.go_radio.setAccessibleName("Décision : on y va")
        self.no_go_radio.setAccessibleName("Décision : on ne répond pas")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.go_radio)
        self.choice.addButton(self.no_go_radio)
        self.who_edit = make.line_edit(
            "Qui décide", placeholder="Nom ou fonction (ex. : le bureau, la directrice)")
        self.why_edit = make.line_edit("Pourquoi",
                                       placeholder="En une phrase, pour vous en souvenir")
        self.decide_button = make.button(
            "Enregistrer la décision", name="Enregistrer la décision go / no-go")
        self.decision_label = make.label()
        box = QGroupBox("Votre décision")
        form = QFormLayout(box)
        form.addRow("Décision :", make.row(self.go_radio, self.no_go_radio, None, margins=True))
        form.addRow("&Qui :", self.who_edit)
        form.addRow("&Pourquoi :", self.why_edit)
        buttons = make.row(self.decision_label, self.decide_button, margins=True)
        buttons.setStretch(0, 1)
        form.addRow(buttons)
        form.addRow(self.error_label)
        return box

    def _build_effort(self, steps: list[Step]) -> QGroupBox:
        box = QGroupBox("Votre effort par étape (jours ouvrés, pour toutes vos réponses)")
        form = QFormLayout(box)
        self.effort_spins: dict[str, QSpinBox] = {}
        for step in steps:
            spin = make.spin_box(200, suffix=" j", name=f"Jours ouvrés : {step.label}")
            self.effort_spins[step.key] = spin
            form.addRow(f"{step.label} :", spin)
        self.effort_button = make.button("Enregistrer l'effort",
                                         name="Enregistrer l'effort par étape")
        form.addRow(self.effort_button)
        return box
