"""The behaviour of the « Groupement » tab: showing a dossier's groupement, saving each valid
change at once, the members' actions and the live checks.

Every valid change is saved at once through ``GroupementService`` (nothing to forget when the
user switches dossier); an invalid one (an empty prestation, « douze » as an amount) is shown
in red under its table and not saved until corrected. Checks are recomputed live from the
domain (``check_groupement``); the pieces each member still owes are read from the checklist
when the dossier is shown or saved. Questions go through ``ctx.prompts``.

``GroupementService`` saves without bumping the dossier's row version (an open Consultation
form must not become « modifié ailleurs »), so before each save the stored groupement is
compared with the one this tab last read or saved: one saved meanwhile by another window is
not overwritten without asking (``ask_stale``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import QListWidgetItem, QTableWidgetItem, QWidget

from ....domain.common import french_errors
from ....domain.enums import GroupementForm
from ....domain.errors import InvalidInput
from ....domain.groupement import (
    FORM_LABELS,
    PAYMENT_LABELS,
    POWER_LABELS,
    Check,
    Groupement,
    PaymentMode,
    Severity,
    check_groupement,
    form_label,
    format_eur,
    format_share,
)
from ....domain.groupement_choices import addable_partners
from ....domain.repartition import is_balanced, messages_by_place
from ....services.changes import Changes, Topic
from ....services.groupement import GroupementService, direct_payment_threshold
from ....services.groupement_form import is_form_chosen, mark_form_chosen
from ....services.partners import PartnerService
from ....storage.db import WorkspaceError
from ...operations import Refresher
from ...theme import color
from ...widgets import groupement_form_help as form_help
from ...widgets import make
from ...widgets.combos import set_combo_value
from . import tables
from .documents import DocumentsMixin
from .editing import EditingMixin
from .view import GroupementChoices, GroupementView
from .widgets import UID_ROLE, signals_blocked

if TYPE_CHECKING:
    from ....domain.tender import Tender
    from ...context import UiContext

INVALID_TEXT = "Modification non enregistrée : corrigez le message en rouge."
SEVERITY_COLOURS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
SHOWN_TOPICS = (Topic.GROUPEMENT, Topic.CHECKLIST, Topic.PARTNERS, Topic.STRUCTURE)
FORMS = (GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE, GroupementForm.CONJOINT,
         GroupementForm.SOLIDAIRE)


def choices() -> GroupementChoices:
    """The forms, powers and payment modes the tab lets the user choose from."""
    return GroupementChoices(
        forms=[(FORM_LABELS[form], form) for form in FORMS],
        powers=dict(POWER_LABELS),
        payments=[(PAYMENT_LABELS[mode], mode) for mode in PaymentMode],
    )


class GroupementTab(EditingMixin, DocumentsMixin, GroupementView):
    """Builds the groupement of the dossier shown (see the module docstring)."""

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(choices(), parent)
        self.ctx = ctx
        assert ctx.session is not None
        self.service = GroupementService(ctx.session)
        self.partners = PartnerService(ctx.session)
        self.tender: Tender | None = None
        self.groupement: Groupement | None = None
        self._pending = False  # edits shown in the widgets but not saved (invalid)
        self._missing: dict[str, list[str]] = {}
        self._loading = False
        self._lot = 0
        self._threshold = direct_payment_threshold()
        self._init_documents()
        self._connect()
        # Shown again when another screen changed what it shows: the members' records, the
        # pieces they still owe (checklist), or the groupement itself (an import).
        self.refresher = Refresher(
            self, ctx.bus, SHOWN_TOPICS, lambda: self.set_tender(self.tender),
            wants=lambda changes: changes.touches_tender(
                self.tender.id if self.tender else None, *SHOWN_TOPICS))
        self.set_tender(None)

    def _connect(self) -> None:
        self.form_combo.activated.connect(lambda _i: self._form_chosen())
        self.members_table.itemChanged.connect(self._on_member_item)
        self.members_table.currentCellChanged.connect(
            lambda row, _c, _pr, _pc: self._show_member_extra(row))
        self.authority_edit.editingFinished.connect(self._on_member_extra)
        self.managing_edit.editingFinished.connect(self._on_member_extra)
        make.connect_clicks((self.start_button, self.start),
                            (self.add_button, self.add_partner),
                            (self.mandataire_button, self.set_mandataire),
                            (self.remove_button, self.remove_member),
                            (self.dissolve_button, self.dissolve))
        self._connect_editing()
        for check in self.power_boxes.values():
            check.toggled.connect(lambda _on: self._edited())
        self.payment_combo.activated.connect(lambda _i: self._edited())
        self._connect_documents()

    # --- showing ----------------------------------------------------------------------------
    def set_tender(self, tender: Tender | None) -> None:
        """Show the groupement of ``tender`` (read again from the workspace).

        The same dossier shown again (its « Consultation » was saved) keeps edits not yet
        valid: the user is still correcting them.
        """
        same = (tender is not None and self.tender is not None
                and tender.id is not None and tender.id == self.tender.id)
        if tender is not None and tender.id is not None:
            try:
                tender = self.service.tender(tender.id)
            except (InvalidInput, WorkspaceError):
                tender = None
        if same and self._pending and tender is not None:
            self.tender = tender
            return
        self.tender = tender
        self.groupement = tender.groupement if tender else None
        self._missing = self._read_missing()
        self._lot = 0
        self._show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Refill the partner list: partners may have been added or deleted meanwhile."""
        super().showEvent(event)
        if self.groupement is not None:
            try:
                self._fill_partner_combo()
            except (InvalidInput, WorkspaceError) as exc:
                self.members_error.show_message(str(exc))

    def _read_missing(self) -> dict[str, list[str]]:
        if self.tender is None or self.tender.id is None or self.groupement is None:
            return {}
        try:
            return self.service.missing_pieces(self.tender.id, self.groupement)
        except (InvalidInput, WorkspaceError):
            return {}  # the checks then say nothing about pieces; the rest still shows

    def _lot_numbers(self) -> list[int]:
        return [lot.number for lot in self.tender.lots] if self.tender and self.tender.lots \
            else [0]

    def _show(self) -> None:
        self._pending = False
        has = self.groupement is not None
        self.alone_box.setVisible(not has)
        self.main_box.setVisible(has)
        if self.tender is None:
            self.alone_label.setText("Choisissez une consultation dans la liste.")
            self.start_button.hide()
            return
        if self.groupement is None:
            rc = form_label(self.tender.groupement_form)
            self.alone_label.setText(
                "Votre structure répond seule à cette consultation.\n\nPour répondre à "
                "plusieurs (cotraitance), formez un groupement : vous choisirez les "
                "partenaires, le mandataire, et la répartition des prestations de chaque lot."
                + (f"\n\nForme indiquée par le règlement de consultation : {rc.lower()}."
                   if rc else ""))
            self.start_button.show()
            return
        self._loading = True
        try:
            self._fill_all(self.groupement)
        finally:
            self._loading = False
        self._refresh_derived()

    def _fill_all(self, groupement: Groupement) -> None:
        self._fill_form()
        tables.fill_members(self, groupement, self._lot_numbers())
        self._show_member_extra(self.members_table.currentRow())
        self._fill_partner_combo()
        self._fill_lot_combo()
        self._fill_rows()
        self._watch(tables.fill_subs(self, groupement, self._threshold))
        for key, check in self.power_boxes.items():
            check.setChecked(bool(getattr(groupement.powers, key)))
        set_combo_value(self.payment_combo, groupement.payment)

    def _fill_rows(self) -> None:
        assert self.groupement is not None
        self._watch(tables.fill_rows(self, self.groupement, self._lot))

    def _watch(self, combos: list[Any]) -> None:
        for combo in combos:
            combo.activated.connect(lambda _i: self._edited())

    def _form_is_chosen(self) -> bool:
        session = self.ctx.session
        tender_id = self.tender.id if self.tender is not None else None
        return session is not None and tender_id is not None and is_form_chosen(
            session, tender_id)

    def _form_chosen(self) -> None:
        """The user picked a form: remember it, explain it, save."""
        session = self.ctx.session
        if session is not None and self.tender is not None and self.tender.id is not None:
            mark_form_chosen(session, self.tender.id)
        self.form_help_label.setText(form_help.explanation(self.form_combo.currentData()))
        self._edited()

    def _fill_form(self) -> None:
        assert self.groupement is not None and self.tender is not None
        if self._form_is_chosen():
            set_combo_value(self.form_combo, self.groupement.form)
            self.form_help_label.setText(form_help.explanation(self.groupement.form))
        else:
            self.form_combo.setCurrentIndex(-1)
            self.form_help_label.setText(form_help.explanation(None))
        self.rc_form_label.setText(form_help.rc_form_text(self.tender.groupement_form))

    def _fill_partner_combo(self) -> None:
        assert self.groupement is not None
        self.partner_combo.clear()
        sid = self.tender.structure_id if self.tender else None
        for partner in addable_partners(self.groupement, self.partners.list(sid)):
            self.partner_combo.addItem(partner.name, partner.id)
        empty = self.partner_combo.count() == 0
        if empty:
            self.partner_combo.addItem("Aucun autre partenaire dans le carnet", None)
        self.partner_combo.setEnabled(not empty)
        self.add_button.setEnabled(not empty)

    def _fill_lot_combo(self) -> None:
        assert self.tender is not None
        with signals_blocked(self.lot_combo):
            self.lot_combo.clear()
            titles = {lot.number: lot.title for lot in self.tender.lots}
            numbers = self._lot_numbers()
            for number in numbers:
                text = f"Lot {number} — {titles[number]}" if number else "Marché non alloti"
                self.lot_combo.addItem(text, number)
            if self._lot not in numbers:
                self._lot = numbers[0]
            self.lot_combo.setCurrentIndex(numbers.index(self._lot))

    # --- unsaved edits ----------------------------------------------------------------------
    def is_dirty(self) -> bool:
        """True when the widgets hold edits not saved (they do not pass validation yet)."""
        return self._pending

    def maybe_leave(self) -> bool:
        """Before these edits would be lost: ask « Corriger » (False: stay) or « Abandonner
        les modifications » (the stored groupement is shown again)."""
        if not self._pending:
            return True
        answer = self.ctx.prompts.ask_invalid_edits(
            self.tender.title if self.tender else "Groupement")
        if answer == "cancel":
            return False
        self.discard_edits()
        return True

    def discard_edits(self) -> None:
        """Drop the unsaved edits: show the stored groupement again."""
        self._pending = False
        self._clear_errors()
        self.saved_label.setText("")
        self._show()

    # --- saving -----------------------------------------------------------------------------
    def _edited(self) -> None:
        """A widget changed: validate the whole groupement and save it if it is valid."""
        if self._loading or self.groupement is None:
            return
        try:
            groupement = Groupement.model_validate(
                tables.collect(self, self.groupement, self._lot, self._lot_numbers()))
        except InvalidInput as exc:
            self._refuse(exc.messages)
            return
        except ValidationError as exc:
            self._refuse(french_errors(exc))
            return
        except (ArithmeticError, ValueError) as exc:
            self._refuse({"lot": f"Montant impossible à calculer : {exc}"})
            return
        if self._save(groupement) is False:
            self._pending = True

    def _refuse(self, messages: dict[str, str]) -> None:
        self._pending = True
        self._show_errors(messages)

    def _show_errors(self, messages: dict[str, str]) -> None:
        shown = messages_by_place(messages)
        self.members_error.show_message(shown["members"])
        self.lot_error.show_message(shown["lot"])
        self.subs_error.show_message(shown["subcontractors"])
        self.saved_label.setText(INVALID_TEXT)
        self.status_message.emit("Groupement non enregistré : corrigez le message en rouge.")

    def _clear_errors(self) -> None:
        for label in (self.members_error, self.lot_error, self.subs_error):
            label.clear_message()

    def _changes(self) -> Changes:
        tender_id = self.tender.id if self.tender else None
        return Changes.of(Topic.GROUPEMENT, Topic.CHECKLIST, tender_id=tender_id, source=self)

    def _saved_elsewhere(self) -> bool:
        """True when the stored groupement is no longer the one this tab last read or saved
        (another window saved it meanwhile)."""
        assert self.tender is not None and self.tender.id is not None
        try:
            stored = self.service.get(self.tender.id)
        except (InvalidInput, WorkspaceError):
            return False  # the save itself reports the problem
        mine = self.service.refreshed(self.groupement) if self.groupement else None
        return stored != mine

    def _may_write(self) -> bool | None:
        """Whether to save over the stored groupement: True, False (cancelled) or ``None``
        (the stored one was shown again instead)."""
        if not self._saved_elsewhere():
            return True
        answer = self.ctx.prompts.ask_stale(
            f"Groupement de {self.tender.title}" if self.tender else "Groupement")
        if answer == "overwrite":
            return True
        if answer == "reload":
            self._pending = False
            self.set_tender(self.tender)
            return None
        return False

    def _save(self, groupement: Groupement, *, reload: bool = False) -> bool | None:
        """Save ``groupement``: True when saved, False when refused (the messages shown),
        ``None`` when the user chose to see the version saved elsewhere instead."""
        assert self.tender is not None and self.tender.id is not None
        tender_id = self.tender.id
        may = self._may_write()
        if may is not True:
            return may
        saved = self.ctx.ops.run(lambda: self.service.save(tender_id, groupement),
                                 changes=self._changes(),
                                 on_failure=lambda failure: self._show_errors(failure.messages))
        if saved is None:
            return False
        self.groupement = saved
        self._pending = False
        self._clear_errors()
        self._missing = self._read_missing()
        self.saved_label.setText("Modifications enregistrées automatiquement.")
        if reload:
            self._show()
        else:
            self._refresh_derived()
        return True

    # --- derived display --------------------------------------------------------------------
    def checks(self) -> list[Check]:
        """The current findings (live, from the domain)."""
        if self.groupement is None or self.tender is None:
            return []
        return check_groupement(self.groupement, self.tender,
                                direct_payment_threshold=self._threshold,
                                missing_pieces=self._missing)

    def _refresh_derived(self) -> None:
        if self.groupement is None:
            return
        lot = self.groupement.lot(self._lot)
        if lot is not None:
            self.show_lot_totals(
                f"Total des lignes : {format_eur(lot.amounts_total(), 'HT')} — "
                f"{format_share(lot.shares_total())}", is_balanced(lot))
        totals = self.groupement.member_totals()
        self.member_totals_label.setText(
            "Par membre, tous lots : " + " ; ".join(
                f"{m.name} {format_eur(totals.get(m.uid, Decimal(0)), 'HT')}"
                for m in self.groupement.members))
        found = self.checks()
        self.checks_list.clear()
        for check in found:
            entry = QListWidgetItem(check.text())
            entry.setForeground(QBrush(color(SEVERITY_COLOURS[check.severity])))
            entry.setToolTip(f"Fondement : {check.article}")
            self.checks_list.addItem(entry)
        lot_errors = [c.message_fr for c in found if c.is_error and c.lot == self._lot]
        self.lot_error.show_message("\n".join(lot_errors))
        self._enable_documents([c for c in found if c.is_error])

    # --- members ----------------------------------------------------------------------------
    def _on_member_item(self, _item: QTableWidgetItem) -> None:
        self._edited()

    def selected_member(self) -> str | None:
        """The uid of the member selected in the members table."""
        row = self.members_table.currentRow()
        cell = self.members_table.item(row, 0) if row >= 0 else None
        return str(cell.data(UID_ROLE)) if cell is not None else None

    def _show_member_extra(self, row: int) -> None:
        """Show the selected member's signatory power and ESAT organisme gestionnaire."""
        members = self.groupement.members if self.groupement is not None else []
        member = members[row] if 0 <= row < len(members) else None
        was_loading, self._loading = self._loading, True
        try:
            self.authority_edit.setText(member.authority if member else "")
            self.managing_edit.setText(member.managing_body if member else "")
        finally:
            self._loading = was_loading
        self.authority_edit.setEnabled(member is not None)
        self.managing_edit.setEnabled(member is not None and member.is_esat)
        if member is not None and member.is_esat:
            self.managing_edit.setToolTip("L'ESAT n'a pas la personnalité morale : son "
                                          "organisme gestionnaire signe pour lui.")

    def _on_member_extra(self) -> None:
        if self._loading or self.groupement is None:
            return
        row = self.members_table.currentRow()
        if not 0 <= row < len(self.groupement.members):
            return
        member = self.groupement.members[row]
        if (self.authority_edit.text().strip(), self.managing_edit.text().strip()) != (
            member.authority, member.managing_body
        ):
            self._edited()
