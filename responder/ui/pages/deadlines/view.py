"""The widgets of the « Échéances » tab: countdown, options, the table of dates, the dates
after the decision. Layout only; ``DeadlinesTab`` fills them and saves the edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...widgets import make
from ...widgets.dates import OptionalDateEdit
from ...widgets.errors import ErrorLabel
from ...widgets.forms import add_row, new_form
from ..layout import Column, set_columns
from ..workspace_tab import WorkspaceTab

# Date, « fait » and step first: the tab is often narrow; the rule is also in each tooltip.
COL_DATE, COL_DONE, COL_STEP, COL_STATE, COL_RULE, COL_SOURCE = range(6)
COLUMNS: tuple[Column, ...] = (("Date", 165), ("Fait", 40), ("Étape", 300), ("État", 190),
                                ("Règle", 110), ("Origine", 0))
NO_TENDER_TEXT = "Sélectionnez une consultation pour voir ses échéances."
DECISION_INTRO = (
    "Si votre offre est rejetée, indiquez la date de la lettre de rejet et, si vous "
    "avez demandé les motifs du rejet, la date de votre demande. Un résultat enregistré "
    "dans l'onglet « Résultat » prime sur ces deux dates."
)


def _check(text: str, name: str, tip: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setAccessibleName(name)
    box.setToolTip(tip)
    return box


class DeadlinesView(WorkspaceTab):
    """The widgets of the tab: an empty text, or the dossier's dates in a scroll area."""

    def _build(self) -> None:
        self.empty_label = make.label(NO_TENDER_TEXT, role="placeholder")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self._build_header())
        layout.addWidget(self.available_label)
        layout.addWidget(self.warnings_label)
        layout.addLayout(self._build_options())
        layout.addWidget(self._build_table())
        layout.addWidget(self.table_error)
        layout.addLayout(self._build_buttons())
        layout.addWidget(self._build_decision())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAccessibleName("Échéances du dossier")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(scroll)
        self.content = scroll
        make.column(self.stack, parent=self, margins=False)

    def _build_header(self) -> QHBoxLayout:
        self.countdown_label = make.label(role="heading", wrap=False, name="Compte à rebours")
        self.available_label = make.label(role="soft")
        self.warnings_label = make.label(role="warning-box", selectable=True)
        self.warnings_label.hide()
        self.export_button = make.button(
            "Exporter ce dossier (.ics)…", name="Exporter les dates de ce dossier (.ics)",
            tip="Un fichier .ics à importer dans votre agenda, un rappel par date ; un nouvel "
                "export met à jour les mêmes événements.")
        top = QHBoxLayout()
        top.addWidget(self.countdown_label, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _build_options(self) -> QHBoxLayout:
        self.groupement_check = _check(
            "Réponse en groupement", "Réponse en groupement",
            "Ajoute au rétroplanning l'étape « partenaires confirmés et pièces demandées ».")
        self.urgency_check = _check(
            "Urgence justifiée dans l'avis", "Urgence justifiée dans l'avis de marché",
            "Cochez si l'avis invoque l'urgence : les délais minimaux légaux sont réduits "
            "(appel d'offres ouvert, restreint et procédure avec négociation).")
        return make.row(self.groupement_check, self.urgency_check, None, margins=True)

    def _build_table(self) -> QTableWidget:
        self.table = QTableWidget()
        self.table.setAccessibleName("Dates du dossier et rétroplanning")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Rows with a date editor and rows without must be the same height.
        self.table.verticalHeader().setDefaultSectionSize(QDateEdit().sizeHint().height() + 2)
        self.table.setWordWrap(False)
        set_columns(self.table, COLUMNS, stretch_last=True)
        self.table_error = ErrorLabel()
        return self.table

    def _build_buttons(self) -> QHBoxLayout:
        self.reset_button = make.button(
            "Rétablir la date proposée", name="Rétablir la date proposée de l'étape choisie",
            tip="Revenir à la date calculée pour l'étape sélectionnée.")
        self.reset_all_button = make.button(
            "Tout rétablir", name="Rétablir tout le rétroplanning",
            tip="Revenir aux dates proposées pour toutes les étapes du rétroplanning.")
        return make.row(self.reset_button, self.reset_all_button, None, margins=True)

    def _build_decision(self) -> QGroupBox:
        decision = QGroupBox("Après la décision de l'acheteur")
        form = new_form(labels_above=True)
        self.rejection_edit = OptionalDateEdit()
        self.rejection_edit.setAccessibleName("Lettre de rejet reçue le")
        self.electronic_check = _check(
            "Envoyée par voie électronique", "Lettre de rejet envoyée par voie électronique",
            "Par courriel ou par la plateforme : 11 jours de suspension ; par courrier : 16.")
        self.electronic_check.setChecked(True)
        self.reasons_edit = OptionalDateEdit()
        self.reasons_edit.setAccessibleName("Motifs du rejet demandés le")
        self.decision_error = add_row(form, "Lettre de &rejet reçue le :", self.rejection_edit)
        form.addRow(self.electronic_check)
        add_row(form, "&Motifs du rejet demandés le :", self.reasons_edit)
        self.standstill_label = make.label()
        self.reasons_label = make.label()
        layout = QVBoxLayout(decision)
        layout.addWidget(QLabel(DECISION_INTRO, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.standstill_label)
        layout.addWidget(self.reasons_label)
        return decision
