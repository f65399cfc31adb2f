"""The « Groupement » tab's editing actions: lots and their rows, members, sub-contractors.

A mixin of ``GroupementTab`` (``controller.py``): it uses the view's widgets and the tab's
``_edited`` / ``_save``. The amount ↔ share rule is ``domain.repartition``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from ....domain.errors import InvalidInput
from ....domain.repartition import (
    amounts_at_total,
    follow_text,
    lot_total_refused,
    row_refused,
    typed_number,
)
from ....fr import decimal_input
from ....services.groupement import member_from_partner
from ...operations import Failure
from . import tables
from . import widgets as w
from .widgets import cell_text, item, member_combo, signals_blocked

if TYPE_CHECKING:
    from ....domain.tender import Tender
    from .controller import GroupementTab

    _Base = GroupementTab
else:
    _Base = object

SELECT_FIRST = "Sélectionnez d'abord un membre dans le tableau."


class EditingMixin(_Base):
    """Lot switching, amount ↔ share, and the add / remove actions."""

    def _connect_editing(self) -> None:
        for signal, slot in (
            (self.lot_combo.currentIndexChanged, self._on_lot_changed),
            (self.lot_total_edit.editingFinished, self._on_lot_total),
            (self.rows_table.itemChanged, self._on_row_item),
            (self.add_row_button.clicked, self.add_row),
            (self.remove_row_button.clicked, self.remove_row),
            (self.subs_table.itemChanged, lambda _item: self._edited()),
            (self.add_sub_button.clicked, self.add_subcontractor),
            (self.remove_sub_button.clicked, self.remove_subcontractor),
        ):
            signal.connect(slot)

    # --- lots and rows ----------------------------------------------------------------------
    def _on_lot_changed(self, index: int) -> None:
        if self._loading or index < 0:
            return
        number = int(self.lot_combo.itemData(index))
        # The rows shown are replaced by the other lot's: edits not saved would be lost.
        if not self.maybe_leave():
            with signals_blocked(self.lot_combo):
                self.lot_combo.setCurrentIndex(self.lot_combo.findData(self._lot))
            return
        self._lot = number
        with signals_blocked(self.lot_combo):
            self.lot_combo.setCurrentIndex(self.lot_combo.findData(number))
        self._loading = True
        try:
            self._fill_rows()
        finally:
            self._loading = False
        self._refresh_derived()

    def _on_lot_total(self) -> None:
        """A new lot total: every share stays, the amounts follow."""
        if self._loading or self.groupement is None:
            return
        try:
            total = typed_number(self.lot_total_edit.text())
        except ValueError:
            self._edited()  # shows the message
            return
        lot = self.groupement.lot(self._lot)
        if lot is not None and lot.total_ht == total:
            return  # focus left the field unchanged: amounts must not be recomputed
        table = self.rows_table
        try:
            amounts = amounts_at_total(
                [cell_text(table, i, w.R_SHARE) for i in range(table.rowCount())], total)
        except (ArithmeticError, ValueError):
            self._refuse({"lot": lot_total_refused(self.lot_total_edit.text())})
            return
        with signals_blocked(table):
            for index, amount in enumerate(amounts):
                cell = table.item(index, w.R_AMOUNT)
                if amount is not None and cell is not None:
                    cell.setText(decimal_input(amount))
        self._edited()

    def _on_row_item(self, changed: QTableWidgetItem) -> None:
        """Keep amount and share consistent: the one typed drives the other."""
        if self._loading:
            return
        col = changed.column()
        if col in (w.R_AMOUNT, w.R_SHARE):
            typed = "amount" if col == w.R_AMOUNT else "share"
            try:
                other = follow_text(typed, changed.text(), self.lot_total_edit.text())
            except ValueError:
                self._edited()
                return
            except ArithmeticError:
                self._refuse({"lot": row_refused(changed.row(), changed.text())})
                return
            other_col = w.R_SHARE if col == w.R_AMOUNT else w.R_AMOUNT
            with signals_blocked(self.rows_table):
                cell = self.rows_table.item(changed.row(), other_col)
                if cell is None:
                    cell = item("")
                    self.rows_table.setItem(changed.row(), other_col, cell)
                cell.setText(decimal_input(other))
        self._edited()

    def _new_combo(self, name: str) -> object:
        assert self.groupement is not None
        mandataire = self.groupement.mandataire or self.groupement.members[0]
        combo = member_combo(tables.member_choices(self.groupement), mandataire.uid, name)
        self._watch([combo])
        return combo

    def _insert_line(self, table: QTableWidget, cells: dict[int, QTableWidgetItem],
                     member_col: int, member_name: str) -> int:
        """A new last line of ``table`` (not saved until valid); its index."""
        index = table.rowCount()
        self._pending = True
        self._loading = True
        try:
            table.insertRow(index)
            for col, cell in cells.items():
                table.setItem(index, col, cell)
            table.setCellWidget(index, member_col, self._new_combo(f"{member_name} {index + 1}"))
        finally:
            self._loading = False
        return index

    def add_row(self) -> None:
        """Add a prestation line to the lot shown (for the mandataire, at 0 €)."""
        if self.groupement is None:
            return
        # An empty prestation: saved once described.
        index = self._insert_line(
            self.rows_table,
            {w.R_PRESTATION: item(""), w.R_AMOUNT: item("0,00"), w.R_SHARE: item("0,00")},
            w.R_MEMBER, "Membre qui réalise la prestation")
        tables.fit_rows(self)
        self.rows_table.setCurrentCell(index, w.R_PRESTATION)
        cell = self.rows_table.item(index, w.R_PRESTATION)
        if cell is not None:
            self.rows_table.editItem(cell)
        self.lot_error.show_message("Décrivez la prestation de la nouvelle ligne.")

    def _remove_line(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)
            tables.fit_rows(self)
            self._edited()

    def remove_row(self) -> None:
        """Delete the selected prestation line."""
        self._remove_line(self.rows_table)

    # --- sub-contractors --------------------------------------------------------------------
    def add_subcontractor(self) -> None:
        """Add a sub-contractor line, declared by the mandataire."""
        if self.groupement is None:
            return
        # A nameless sub-contractor: saved once named.
        cells = {col: item("") for col in (w.S_NAME, w.S_SIRET, w.S_LOT, w.S_PRESTATIONS)}
        cells[w.S_AMOUNT] = item("0,00")
        cells[w.S_DIRECT] = item("Non", editable=False)
        index = self._insert_line(self.subs_table, cells, w.S_MEMBER,
                                  "Membre qui déclare le sous-traitant")
        self.subs_table.setCurrentCell(index, w.S_NAME)
        self.subs_error.show_message("Donnez le nom du sous-traitant.")

    def remove_subcontractor(self) -> None:
        """Delete the selected sub-contractor."""
        self._remove_line(self.subs_table)

    # --- the groupement and its members -----------------------------------------------------
    def start(self) -> None:
        """Form a groupement: the structure becomes mandataire on every lot."""
        if self.tender is None or self.tender.id is None:
            return
        tender_id = self.tender.id

        def work() -> Tender:
            self.service.start(tender_id)
            return self.service.tender(tender_id)

        tender = self.ctx.ops.run(
            work, changes=self._changes(),
            on_failure=lambda failure: self.alone_label.setText(failure.text))
        if tender is None:
            return
        self.tender = tender
        self.groupement = self.tender.groupement
        self._missing = self._read_missing()
        self._show()
        self.status_message.emit("Groupement formé : ajoutez vos partenaires.")

    def dissolve(self) -> None:
        """Remove the groupement after confirmation."""
        if self.tender is None or self.tender.id is None:
            return
        if not self.ctx.prompts.ask_yes_no(
            "Répondre seul",
            "Supprimer le groupement de ce dossier ? Les membres, la répartition et les "
            "sous-traitants saisis seront effacés.",
        ):
            return
        tender_id = self.tender.id
        tender = self.ctx.ops.run(
            lambda: self.service.dissolve(tender_id), changes=self._changes(),
            on_failure=lambda failure: self.members_error.show_message(failure.text))
        if tender is None:
            return
        self.tender = tender
        self.groupement = None
        self._show()
        self.status_message.emit("Groupement supprimé : votre structure répond seule.")

    def add_partner(self) -> None:
        """Add the partner chosen in the combo, on every lot."""
        partner_id = self.partner_combo.currentData()
        if self.groupement is None or partner_id is None or self.tender is None:
            return
        groupement = self.groupement
        partner = self.ctx.ops.run(lambda: self.partners.get(int(partner_id)),
                                   on_failure=self._partner_gone)
        if partner is None:
            return
        try:
            member = member_from_partner(partner, groupement.new_uid(partner.name),
                                         self._lot_numbers())
            changed = groupement.with_member(member)
        except InvalidInput as exc:
            self._partner_gone(Failure.of(exc))
            return
        if self._save(changed, reload=True):
            self.status_message.emit(f"« {partner.name} » ajouté au groupement.")

    def _partner_gone(self, failure: Failure) -> None:
        # Deleted from « Partenaires » meanwhile, say: the list is refreshed.
        self.members_error.show_message(failure.text)
        self.status_message.emit(failure.text)
        self._fill_partner_combo()

    def set_mandataire(self) -> None:
        """Make the selected member the only mandataire."""
        uid = self.selected_member()
        if self.groupement is None or uid is None:
            self.members_error.show_message(SELECT_FIRST)
            return
        self._save(self.groupement.with_mandataire(uid), reload=True)

    def remove_member(self) -> None:
        """Remove the selected member; refused with a message while it holds prestations."""
        uid = self.selected_member()
        if self.groupement is None or uid is None:
            self.members_error.show_message(SELECT_FIRST)
            return
        try:
            changed = self.groupement.without_member(uid)
        except InvalidInput as exc:
            self._show_errors(exc.messages)
            return
        self._save(changed, reload=True)
