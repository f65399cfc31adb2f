"""« Résultat », a tab of the dossier: record the buyer's decision per lot, see the dates
that follow it (by procedure), write the letters, turn a won lot into a reference.

Everything goes through ``OutcomeService``; the dates and notes come from
``domain/after_award.py`` (R2181-2/3/4, R2182-1/2, référé contractuel).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.groupement import parse_amount
from ...domain.outcome import RESULT_LABELS, LotOutcome, Mark, OutcomeResult
from ...domain.tender import Tender
from ...services.outcome import LETTER_KINDS, OutcomeService
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..dialogs.files import choose_save_file
from ..tasks import Task, start
from ..widgets.dates import OptionalDateEdit
from ..widgets.errors import ErrorLabel
from ..widgets.forms import add_row, new_form
from ..widgets.lazy_tab import LazyTab

NO_TENDER_TEXT = "Sélectionnez une consultation pour enregistrer son résultat."
WHOLE = "Toute la consultation"
SHORT_LETTER_LABELS = {
    "motifs": "Demander les motifs du rejet",
    "entretien": "Demander un entretien",
    "remerciement": "Lettre de remerciement",
}


def _fr(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")


def _amount(value: Decimal | None) -> str:
    """« 212 400,00 » (read back by ``parse_amount``)."""
    if value is None:
        return ""
    return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")


class OutcomeTab(LazyTab):
    """Outcome form, after-award dates, letters and « Créer la référence »."""

    status_message = Signal(str)
    #: The dossier's stored status changed (its id): the Consultations page shows it.
    status_changed = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the outcome tab needs an open workspace"
        self.ctx = ctx
        self.service = OutcomeService(ctx.session)
        self.tender: Tender | None = None
        self._stale = False
        self._filling = False
        self._task: Task | None = None
        self.choose_save_path: Callable[[str, str], Path | None] = (
            lambda title, name: choose_save_file(self, title, name, "Document Word (*.docx)")
        )
        self.empty_label = QLabel(NO_TENDER_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; padding: 24px;")

        self.lot_combo = QComboBox()
        self.lot_combo.setAccessibleName("Lot")
        self.result_combo = QComboBox()
        self.result_combo.setAccessibleName("Résultat")
        for result, text in RESULT_LABELS.items():
            self.result_combo.addItem(text, result.value)
        self.notified_edit = OptionalDateEdit()
        self.notified_edit.setAccessibleName("Lettre reçue le")
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
        self.winner_edit = QLineEdit()
        self.winner_edit.setAccessibleName("Attributaire")
        self.winner_amount_edit = QLineEdit()
        self.winner_amount_edit.setPlaceholderText("123 456,78")
        self.winner_amount_edit.setAccessibleName("Montant de l'offre retenue, € HT")
        self.our_amount_edit = QLineEdit()
        self.our_amount_edit.setPlaceholderText("123 456,78")
        self.our_amount_edit.setAccessibleName("Montant de notre offre, € HT")
        self.marks_table = QTableWidget(0, 4)
        self.marks_table.setHorizontalHeaderLabels(
            ["Critère", "Notre note", "Note de l'attributaire", "Barème"])
        self.marks_table.setAccessibleName("Notes par critère")
        self.marks_table.verticalHeader().hide()
        self.marks_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.marks_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.marks_table.setMinimumHeight(120)
        self.reasons_edit = QPlainTextEdit()
        self.reasons_edit.setAccessibleName("Motifs donnés par l'acheteur")
        self.reasons_edit.setPlaceholderText("Motifs du rejet tels que l'acheteur les a écrits")
        self.reasons_edit.setMaximumHeight(90)
        self.requested_edit = OptionalDateEdit()
        self.requested_edit.setAccessibleName("Motifs demandés le")
        self.requested_edit.setToolTip("Jour où l'acheteur a reçu votre demande écrite (le jour "
                                       "même par courriel ou par la plateforme) : il a 15 jours "
                                       "pour répondre (R2181-2, R2181-4).")
        self.award_notice_edit = OptionalDateEdit()
        self.award_notice_edit.setAccessibleName("Avis d'attribution publié le")
        self.signed_edit = OptionalDateEdit()
        self.signed_edit.setAccessibleName("Marché signé le")
        self.error = ErrorLabel()
        self.save_button = QPushButton("&Enregistrer le résultat")
        self.save_button.setAccessibleName("Enregistrer le résultat")
        self.save_button.clicked.connect(self.save)

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
        record = QGroupBox("Décision de l'acheteur")
        record_layout = QVBoxLayout(record)
        record_layout.addLayout(form)
        record_layout.addWidget(QLabel("Notes par critère (laissez vide ce qui n'est pas "
                                       "communiqué) :"))
        record_layout.addWidget(self.marks_table)
        record_layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        record_layout.addLayout(buttons)

        self.dates_label = QLabel()
        self.dates_label.setWordWrap(True)
        self.dates_label.setTextFormat(Qt.TextFormat.RichText)
        self.dates_label.setAccessibleName("Dates après la décision")
        self.dates_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dates = QGroupBox("Après la décision : vos dates et vos recours")
        QVBoxLayout(dates).addWidget(self.dates_label)

        self.letter_buttons: dict[str, QPushButton] = {}
        letters = QGroupBox("Courriers et référence")
        letters_layout = QVBoxLayout(letters)
        for kind, text in LETTER_KINDS.items():
            button = QPushButton(f"{SHORT_LETTER_LABELS[kind]}…")
            button.setToolTip(text)
            button.setAccessibleName(SHORT_LETTER_LABELS[kind])
            button.clicked.connect(lambda _c=False, k=kind: self.write_letter(k))
            self.letter_buttons[kind] = button
            letters_layout.addWidget(button)
        self.reference_button = QPushButton("Créer la référence")
        self.reference_button.setToolTip("Crée une référence depuis ce marché gagné (acheteur, "
                                         "objet, montant, dates, lots, chiffres d'impact du "
                                         "mémoire), à compléter dans la page « Références ».")
        self.reference_button.setAccessibleName("Créer la référence depuis ce marché gagné")
        self.reference_button.clicked.connect(self.make_reference)
        letters_layout.addWidget(self.reference_button)
        letters_layout.addStretch(1)

        # Dates first (what the user must act on), then the letters, then the form: one
        # column, so nothing is cut in a narrow dossier pane (1366 × 768 screens).
        top = QHBoxLayout()
        top.addWidget(dates, 3)
        top.addWidget(letters, 2)
        header = QHBoxLayout()
        lot_label = QLabel("&Lot :")
        lot_label.setBuddy(self.lot_combo)
        header.addWidget(lot_label)
        header.addWidget(self.lot_combo, 1)
        column = QVBoxLayout()
        column.addLayout(header)
        column.addLayout(top)
        column.addWidget(record)
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
        self.lot_combo.currentIndexChanged.connect(lambda _i: self._show_lot())
        self.result_combo.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self._show_empty(True)

    # --- dossier -------------------------------------------------------------------------
    def _show_empty(self, empty: bool) -> None:
        self.empty_label.setVisible(empty)
        self.scroll.setVisible(not empty)

    def lot(self) -> int | None:
        """The chosen lot (``None``: the whole consultation)."""
        value = self.lot_combo.currentData()
        return int(value) if value else None

    def reload(self) -> None:
        """Fill the lot list and show the chosen lot's outcome."""
        self._stale = False
        self.error.clear_message()
        if self.tender is None or self.tender.id is None:
            self._show_empty(True)
            return
        self._show_empty(False)
        self._filling = True
        try:
            chosen = self.lot()
            self.lot_combo.clear()
            self.lot_combo.addItem(WHOLE, 0)
            for lot in self.tender.lots:
                self.lot_combo.addItem(f"Lot {lot.number} — {lot.title}", lot.number)
            recorded = [o.lot for o in self.service.outcomes(self.tender.id) if o.lot]
            first = chosen or (recorded[0] if recorded else 0)
            self.lot_combo.setCurrentIndex(max(self.lot_combo.findData(first), 0))
        finally:
            self._filling = False
        self._show_lot()

    def _show_lot(self) -> None:
        if self._filling or self.tender is None or self.tender.id is None:
            return
        outcome = self.service.get(self.tender.id, self.lot())
        self._fill(outcome or LotOutcome(tender_id=self.tender.id, lot=self.lot()))
        self._show_dates()

    def _fill(self, outcome: LotOutcome) -> None:
        self._filling = True
        try:
            self.result_combo.setCurrentIndex(self.result_combo.findData(outcome.result.value))
            self.notified_edit.set_value(outcome.notified_on)
            self.electronic_check.setChecked(outcome.notice_electronic)
            self.single_check.setChecked(outcome.single_tender)
            self.rank_spin.setValue(outcome.rank or 0)
            self.winner_edit.setText(outcome.winner)
            self.winner_amount_edit.setText(_amount(outcome.winner_amount))
            self.our_amount_edit.setText(_amount(outcome.our_amount))
            self.reasons_edit.setPlainText(outcome.reasons)
            self.requested_edit.set_value(outcome.reasons_requested_on)
            self.award_notice_edit.set_value(outcome.award_notice_on)
            self.signed_edit.set_value(outcome.signed_on)
            marks = {m.criterion: m for m in outcome.marks}
            names = [c.name for c in self.tender.criteria] if self.tender else []
            names += [n for n in marks if n not in names]
            self.marks_table.setRowCount(len(names))
            for row, name in enumerate(names):
                mark = marks.get(name)
                values = (name, _fr(mark.ours) if mark else "",
                          _fr(mark.winner) if mark else "",
                          _fr(mark.out_of) if mark else "20")
                for col, text in enumerate(values):
                    self.marks_table.setItem(row, col, QTableWidgetItem(text))
        finally:
            self._filling = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        won = self.result_combo.currentData() == OutcomeResult.GAGNE.value
        self.reference_button.setEnabled(won)
        self.letter_buttons["remerciement"].setEnabled(won)
        self.letter_buttons["motifs"].setEnabled(not won)
        self.letter_buttons["entretien"].setEnabled(not won)

    # --- saving --------------------------------------------------------------------------
    def _marks(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for row in range(self.marks_table.rowCount()):
            cells = [self.marks_table.item(row, c) for c in range(4)]
            name, ours, theirs, scale = (c.text().strip() if c else "" for c in cells)
            if not name or not (ours or theirs):
                continue
            try:
                found.append(Mark(
                    criterion=name,
                    ours=parse_amount(ours) if ours else None,
                    winner=parse_amount(theirs) if theirs else None,
                    out_of=parse_amount(scale) if scale else Decimal(20),
                ).model_dump())
            except ValueError as exc:  # pydantic's ValidationError is a ValueError
                text = str(exc).splitlines()[-1] if "validation error" in str(exc) else str(exc)
                raise InvalidInput({"marks": f"« {name} » : {text}"}) from exc
        return found

    def form_data(self) -> dict[str, Any]:
        """The form as outcome fields; ``InvalidInput`` (French) on an unreadable amount."""
        data: dict[str, Any] = {
            "result": self.result_combo.currentData(),
            "notified_on": self.notified_edit.value(),
            "notice_electronic": self.electronic_check.isChecked(),
            "single_tender": self.single_check.isChecked(),
            "rank": self.rank_spin.value() or None,
            "winner": self.winner_edit.text().strip(),
            "reasons": self.reasons_edit.toPlainText().strip(),
            "reasons_requested_on": self.requested_edit.value(),
            "award_notice_on": self.award_notice_edit.value(),
            "signed_on": self.signed_edit.value(),
        }
        errors: dict[str, str] = {}
        for key, edit in (("winner_amount", self.winner_amount_edit),
                          ("our_amount", self.our_amount_edit)):
            text = edit.text().strip()
            try:
                data[key] = parse_amount(text) if text else None
            except ValueError as exc:
                errors[key] = str(exc)
        try:
            data["marks"] = self._marks()
        except InvalidInput as exc:
            errors.update(exc.messages)
        if errors:
            raise InvalidInput(errors)
        return data

    def save(self) -> LotOutcome | None:
        """Record the outcome of the chosen lot; the dossier status follows."""
        if self.tender is None or self.tender.id is None:
            return None
        before = self.ctx.session.tenders.get(self.tender.id) if self.ctx.session else None
        try:
            saved = self.service.record(self.tender.id, self.form_data(), lot=self.lot())
        except (InvalidInput, WorkspaceError) as exc:
            messages = getattr(exc, "messages", None)
            self.error.show_message("\n".join(messages.values()) if messages else str(exc))
            return None
        self.error.clear_message()
        self._show_dates()
        after = self.ctx.session.tenders.get(self.tender.id) if self.ctx.session else None
        if after is not None and (before is None or before.status != after.status):
            self.tender = after
            self.status_changed.emit(self.tender.id)
        self.status_message.emit(f"Résultat enregistré : {saved.result_fr}.")
        return saved

    # --- dates ---------------------------------------------------------------------------
    def _show_dates(self) -> None:
        if self.tender is None or self.tender.id is None:
            return
        view = self.service.after_award(self.tender.id, self.lot(), today=self.ctx.today())
        lines = []
        for item in view.dates:
            lines.append(f"<p><b>{item.label_fr} :</b> {item.when_fr} "
                         f"<span style='color:#555'>({item.article})</span></p>")
        for note in view.notes:
            color = "#a33" if note.level == "alerte" else "#555"
            lines.append(f"<p style='color:{color}'>{note.message_fr}</p>")
        if not lines:
            lines.append("<p>Aucune date à suivre pour ce résultat.</p>")
        self.dates_label.setText("".join(lines))

    def dates_text(self) -> str:
        """The dates and notes as plain text (tests, accessibility)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.dates_label.text())
        return doc.toPlainText()

    # --- letters and reference -----------------------------------------------------------
    def write_letter(self, kind: str) -> None:
        """Ask where to save a letter, then render it in a background task."""
        if self.tender is None or self.tender.id is None:
            return
        path = self.choose_save_path(LETTER_KINDS[kind], f"courrier-{kind}.docx")
        if path is not None:
            self.write_letter_to(kind, path)

    def write_letter_to(self, kind: str, path: Path) -> Task | None:
        """Render a letter to ``path`` off the UI thread (the context is built here)."""
        from ...documents.letters import render_letter

        if self.tender is None or self.tender.id is None:
            return None
        if path.suffix.lower() != ".docx":
            path = path.with_suffix(".docx")
        try:
            context = self.service.letter_context(self.tender.id, kind, self.lot(),
                                                  self.ctx.today())
        except InvalidInput as exc:
            self.error.show_message("\n".join(exc.messages.values()))
            return None
        task = Task(lambda _p: render_letter(kind, context, path))
        task.signals.finished.connect(lambda out: self.status_message.emit(
            f"Courrier écrit : {out}"))
        task.signals.failed.connect(self.error.show_message)
        self._task = task
        return start(task)

    def make_reference(self) -> int | None:
        """Create the reference of a won lot (saving the form first); returns its id."""
        if self.tender is None or self.tender.id is None or self.save() is None:
            return None
        try:
            reference = self.service.to_reference(self.tender.id, self.lot(), self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            messages = getattr(exc, "messages", None)
            self.error.show_message("\n".join(messages.values()) if messages else str(exc))
            return None
        self.status_message.emit(f"Référence n° {reference.id} créée : complétez-la dans la page "
                                 "« Références ».")
        return reference.id
