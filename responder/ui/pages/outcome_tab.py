"""« Résultat », a tab of the dossier: record the buyer's decision per lot, see the dates
that follow it (by procedure), write the letters, turn a won lot into a reference.

Everything goes through ``OutcomeService`` (via ``ctx.ops``, which announces the change);
the dates and notes come from ``domain/after_award.py`` (R2181-2/3/4, R2182-1/2, référé
contractuel). The widgets are in ``outcome/view.py``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from ...domain.common import InvalidInput
from ...domain.groupement import parse_amount
from ...domain.outcome import LotOutcome, Mark, OutcomeResult
from ...fr import number
from ...services.changes import Changes, Topic
from ...services.outcome import LETTER_KINDS, OutcomeService
from ...services.outcome_text import dates_html
from ..context import UiContext
from ..operations import Failure, Operation
from ..theme import color
from .outcome.view import NO_TENDER_TEXT, SHORT_LETTER_LABELS, OutcomeWidgets

__all__ = ["NO_TENDER_TEXT", "SHORT_LETTER_LABELS", "WHOLE", "OutcomeTab"]

WHOLE = "Toute la consultation"


def _fr(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")


def _amount(value: Decimal | None) -> str:
    """« 212 400,00 » (read back by ``parse_amount``)."""
    return "" if value is None else number(value, 2)


def _messages(failure: Failure) -> str:
    return "\n".join(failure.messages.values())


class OutcomeTab(OutcomeWidgets):
    """Outcome form, after-award dates, letters and « Créer la référence »."""

    #: The dossier's stored status changed (its id): the Consultations page shows it.
    status_changed = Signal(int)
    #: The lots and criteria come from the dossier; the outcome may be recorded elsewhere.
    topics = (Topic.TENDERS, Topic.OUTCOME, Topic.DEADLINES)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = OutcomeService(self.session)
        self._filling = False
        self._task: Operation[Any] | None = None
        self._build(LETTER_KINDS)
        self._connect()
        self._show_empty(True)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save)
        for kind, button in self.letter_buttons.items():
            button.clicked.connect(lambda _c=False, k=kind: self.write_letter(k))
        self.reference_button.clicked.connect(self.make_reference)
        self.lot_combo.currentIndexChanged.connect(lambda _i: self._show_lot())
        self.result_combo.currentIndexChanged.connect(lambda _i: self._update_buttons())

    # --- dossier -------------------------------------------------------------------------
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
        tender_id, lot = self.tender.id, self.lot()
        before = self.ctx.session.tenders.get(tender_id) if self.ctx.session else None
        saved = self.ctx.ops.run(
            lambda: self.service.record(tender_id, self.form_data(), lot=lot),
            changes=self.changes(Topic.OUTCOME, Topic.TENDERS, Topic.DEADLINES),
            on_failure=lambda f: self.error.show_message(_messages(f)))
        if saved is None:
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
        self.dates_label.setText(
            dates_html(view, color("text_muted").name(), color("alert").name()))

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
        path = self.ctx.prompts.save_file(LETTER_KINDS[kind], f"courrier-{kind}.docx")
        if path is not None:
            self.write_letter_to(kind, path)

    def write_letter_to(self, kind: str, path: Path) -> Operation[Any] | None:
        """Render a letter to ``path`` off the UI thread (the context is built here)."""
        from ...documents.letters import render_letter

        if self.tender is None or self.tender.id is None:
            return None
        if path.suffix.lower() != ".docx":
            path = path.with_suffix(".docx")
        tender_id, lot = self.tender.id, self.lot()
        context = self.ctx.ops.run(
            lambda: self.service.letter_context(tender_id, kind, lot, self.ctx.today()),
            on_failure=lambda f: self.error.show_message(_messages(f)))
        if context is None:
            return None
        self._task = self.ctx.ops.background(
            lambda _p: render_letter(kind, context, path)).success(
            lambda out: self.status_message.emit(f"Courrier écrit : {out}")).failure(
            lambda f: self.error.show_message(f.text)).start()
        return self._task

    def make_reference(self) -> int | None:
        """Create the reference of a won lot (saving the form first); returns its id."""
        if self.tender is None or self.tender.id is None or self.save() is None:
            return None
        tender_id, lot = self.tender.id, self.lot()
        reference = self.ctx.ops.run(
            lambda: self.service.to_reference(tender_id, lot, self.ctx.today()),
            changes=Changes.of(Topic.REFERENCES, source=self),
            on_failure=lambda f: self.error.show_message(_messages(f)))
        if reference is None:
            return None
        self.status_message.emit(f"Référence n° {reference.id} créée : complétez-la dans la page "
                                 "« Références ».")
        return reference.id
