"""The widgets of the « Résultat » tab: the lot, the dates after the decision, the letters
and the reference, the buyer's decision. Layout only; ``OutcomeTab`` fills them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ....domain.outcome import RESULT_LABELS
from ...widgets import make
from ...widgets.dates import OptionalDateEdit
from ...widgets.errors import ErrorLabel
from ...widgets.forms import add_row, new_form
from ..workspace_tab import WorkspaceTab

NO_TENDER_TEXT = "Sélectionnez une consultation pour enregistrer son résultat."
SHORT_LETTER_LABELS = {
    "motifs": "Demander les motifs du rejet",
    "entretien": "Demander un entretien",
    "remerciement": "Lettre de remerciement",
}


def _date(name: str, tip: str = "") -> OptionalDateEdit:
    edit = OptionalDateEdit()
    edit.setAccessibleName(name)
    if tip:
        edit.setToolTip(tip)
    return edit


def _amount_edit(name: str) -> QLineEdit:
    return make.line_edit(name, placeholder="123 456,78")


class OutcomeWidgets(WorkspaceTab):
    """The widgets of the tab, built by ``_build(letter_kinds)``."""

    def _build(self, letter_kinds: dict[str, str]) -> None:
        self.empty_label = make.label(NO_TENDER_TEXT, role="empty-note-wide", wrap=False)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lot_combo = make.combo("Lot")
        # Dates first (what the user must act on), then the letters, then the form: one
        # column, so nothing is cut in a narrow dossier pane (1366 × 768 screens).
        top = QHBoxLayout()
        top.addWidget(self._build_dates(), 3)
        top.addWidget(self._build_letters(letter_kinds), 2)
        header = QHBoxLayout()
        header.addWidget(make.buddy("&Lot :", self.lot_combo))
        header.addWidget(self.lot_combo, 1)
        column = QVBoxLayout()
        column.addLayout(header)
        column.addLayout(top)
        column.addWidget(self._build_record())
        column.addStretch(1)
        self.content = QWidget()
        self.content.setLayout(column)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName("Résultat de la consultation")
        scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        self.scroll = scroll

    def _build_fields(self) -> None:
        self.result_combo = make.combo("Résultat", items=[
            (text, result.value) for result, text in RESULT_LABELS.items()])
        self.notified_edit = _date("Lettre reçue le")
        self.electronic_check = QCheckBox("Reçue par voie électronique (courriel, plateforme)")
        self.electronic_check.setChecked(True)
        self.electronic_check.setAccessibleName("Lettre reçue par voie électronique")
        self.electronic_check.setToolTip("R2182-1 : 11 jours de suspension, 16 par courrier.")
        self.single_check = QCheckBox("Une seule offre reçue (R2182-2 : pas de délai de "
                                      "suspension)")
        self.single_check.setAccessibleName("Une seule offre reçue")
        self.rank_spin = QSpinBox()
        self.rank_spin.setRange(0, 1000)
        self.rank_spin.setSpecialValueText("—")
        self.rank_spin.setAccessibleName("Classement")
        self.winner_edit = make.line_edit("Attributaire")
        self.winner_amount_edit = _amount_edit("Montant de l'offre retenue, € HT")
        self.our_amount_edit = _amount_edit("Montant de notre offre, € HT")
        self.reasons_edit = QPlainTextEdit()
        self.reasons_edit.setAccessibleName("Motifs donnés par l'acheteur")
        self.reasons_edit.setPlaceholderText("Motifs du rejet tels que l'acheteur les a écrits")
        self.reasons_edit.setMaximumHeight(90)
        self.requested_edit = _date(
            "Motifs demandés le", "Jour où l'acheteur a reçu votre demande écrite (le jour "
            "même par courriel ou par la plateforme) : il a 15 jours pour répondre "
            "(R2181-2, R2181-4).")
        self.award_notice_edit = _date("Avis d'attribution publié le")
        self.signed_edit = _date("Marché signé le")

    def _build_marks(self) -> QTableWidget:
        self.marks_table = QTableWidget(0, 4)
        self.marks_table.setHorizontalHeaderLabels(
            ["Critère", "Notre note", "Note de l'attributaire", "Barème"])
        self.marks_table.setAccessibleName("Notes par critère")
        self.marks_table.verticalHeader().hide()
        self.marks_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.marks_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.marks_table.setMinimumHeight(120)
        return self.marks_table

    def _build_record(self) -> QGroupBox:
        self._build_fields()
        form = new_form()
        add_row(form, "&Résultat :", self.result_combo)
        add_row(form, "Lettre &reçue le :", self.notified_edit)
        form.addRow(self.electronic_check)
        form.addRow(self.single_check)
        add_row(form, "&Classement :", self.rank_spin)
        add_row(form, "&Attributaire :", self.winner_edit)
        add_row(form, "Montant retenu (€ HT) :", self.winner_amount_edit)
        add_row(form, "Notre montant (€ HT) :", self.our_amount_edit)
        add_row(form, "&Motifs donnés :", self.reasons_edit)
        add_row(form, "Motifs &demandés le :", self.requested_edit)
        add_row(form, "Avis d'attribution le :", self.award_notice_edit)
        add_row(form, "Marché signé le :", self.signed_edit)
        self.error = ErrorLabel()
        self.save_button = make.button("&Enregistrer le résultat",
                                       name="Enregistrer le résultat")
        record = QGroupBox("Décision de l'acheteur")
        layout = QVBoxLayout(record)
        layout.addLayout(form)
        layout.addWidget(QLabel("Notes par critère (laissez vide ce qui n'est pas "
                                "communiqué) :"))
        layout.addWidget(self._build_marks())
        layout.addWidget(self.error)
        layout.addLayout(make.row(None, self.save_button, margins=True))
        return record

    def _build_dates(self) -> QGroupBox:
        self.dates_label = make.label(rich=True, selectable=True,
                                      name="Dates après la décision")
        dates = QGroupBox("Après la décision : vos dates et vos recours")
        QVBoxLayout(dates).addWidget(self.dates_label)
        return dates

    def _build_letters(self, letter_kinds: dict[str, str]) -> QGroupBox:
        self.letter_buttons: dict[str, QPushButton] = {}
        letters = QGroupBox("Courriers et référence")
        layout = QVBoxLayout(letters)
        for kind, text in letter_kinds.items():
            button = make.button(f"{SHORT_LETTER_LABELS[kind]}…", tip=text,
                                 name=SHORT_LETTER_LABELS[kind])
            self.letter_buttons[kind] = button
            layout.addWidget(button)
        self.reference_button = make.button(
            "Créer la référence", name="Créer la référence depuis ce marché gagné",
            tip="Crée une référence depuis ce marché gagné (acheteur, objet, montant, dates, "
                "lots, chiffres d'impact du mémoire), à compléter dans la page « Références ».")
        layout.addWidget(self.reference_button)
        layout.addStretch(1)
        return letters

    def _show_empty(self, empty: bool) -> None:
        self.empty_label.setVisible(empty)
        self.scroll.setVisible(not empty)
