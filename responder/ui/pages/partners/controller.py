"""« Partenaires »: the partner book — list with search on the left, editor on the right.

The SIRET is checked as the user types (a red message under the field names the fix);
« Enregistrer » goes through ``PartnerService`` (via ``ctx.ops``, announcing PARTNERS), which
refuses bad input with a message per field and saves nothing. The groupements already formed
with the partner are listed. Questions go through ``ctx.prompts``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidgetItem, QWidget

from ....domain.common import InvalidInput, editable_dump
from ....domain.enums import LegalForm, label
from ....domain.identifiers import normalize_siret
from ....domain.structure import Partner
from ....services.changes import Changes, Topic
from ....services.partners import PartnerService
from ....storage.db import WorkspaceError
from ....storage.repositories import StaleWrite
from ...context import UiContext
from ...operations import Refresher
from ...widgets.address_fields import checked_statuses, show_statuses
from ...widgets.combos import set_combo_value
from ..page_flow import leave_or_stay, resolve_stale, run_save
from .view import PartnersView

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_NAME = "Nouveau partenaire"


class PartnersPage(PartnersView):
    """The partner book.

    Unsaved edits are never saved nor dropped silently: switching partner, « Nouveau
    partenaire », another structure and closing the window (``maybe_leave``) ask first.
    """

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        assert ctx.session is not None
        self.service = PartnerService(ctx.session)
        self._partner: Partner | None = None
        self._structure_id = ctx.current_structure_id()
        self._loading = False
        self._dirty = False
        for form in LegalForm:
            self.legal_form_combo.addItem(label(form), form)
        self._connect()
        self.refresher = Refresher(self, ctx.bus, (Topic.PARTNERS, Topic.STRUCTURE),
                                   self.refresh)
        self.refresh()

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(lambda _t: self._fill_list())
        self.list.currentItemChanged.connect(self._on_current)
        self.new_button.clicked.connect(self.new_partner)
        self.delete_button.clicked.connect(self.delete_partner)
        self.siret_edit.textChanged.connect(self._check_siret)
        for edit in (self.name_edit, self.siret_edit, self.territory_edit, *self.place.all()):
            edit.textChanged.connect(lambda _t: self.set_dirty(True))
        for plain in (self.skills_edit, self.notes_edit):
            plain.textChanged.connect(lambda: self.set_dirty(True))
        for check in self.status_checks.values():
            check.toggled.connect(lambda _on: self.set_dirty(True))
        self.legal_form_combo.activated.connect(lambda _i: self.set_dirty(True))
        self.save_button.clicked.connect(self.save)
        self.save_action.triggered.connect(self.save)
        self.revert_button.clicked.connect(lambda: self.load(self._partner))

    # --- list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the page is shown: follow a change of structure (after asking
        about unsaved edits), then reload the list."""
        if hasattr(self, "refresher"):
            self.refresher.stale = False  # reloaded now: not once more when shown
        structure_id = self.ctx.current_structure_id()
        if structure_id != self._structure_id and self.maybe_leave():
            self._structure_id = structure_id
            self.load(None)
        self._fill_list()

    def _fill_list(self) -> None:
        """Reload the list (kept filtered by the search text), keeping the selection."""
        keep = self._partner.id if self._partner else None
        partners = self.service.list(self._structure_id, self.search_edit.text())
        self.list.blockSignals(True)
        self.list.clear()
        for partner in partners:
            item = QListWidgetItem(partner.name)
            item.setData(ID_ROLE, partner.id)
            item.setToolTip(", ".join(partner.skills))
            self.list.addItem(item)
            if partner.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.empty_label.setVisible(not partners)
        if self._partner is None and partners and not self._dirty:
            self.list.setCurrentRow(0)
        self.delete_button.setEnabled(self._partner is not None and self._partner.id is not None)

    def _on_current(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None or self._loading:
            return
        partner_id = current.data(ID_ROLE)
        if self._partner is not None and partner_id == self._partner.id:
            return
        if not self.maybe_leave():
            self._reselect_current()
            return
        self.load(self.service.get(int(partner_id)))

    def _reselect_current(self) -> None:
        """Put the list's selection back on the partner still in the editor."""
        keep = self._partner.id if self._partner else None
        self.list.blockSignals(True)
        try:
            self.list.setCurrentRow(-1)
            for row in range(self.list.count()):
                item = self.list.item(row)
                if keep is not None and item.data(ID_ROLE) == keep:
                    self.list.setCurrentItem(item)
                    break
        finally:
            self.list.blockSignals(False)

    # --- editor -----------------------------------------------------------------------------
    def load(self, partner: Partner | None) -> None:
        """Show ``partner`` in the editor (empty form for ``None``)."""
        self._loading = True
        try:
            self._partner = partner
            p = partner or Partner(name=NEW_NAME)
            self.name_edit.setText(p.name if partner else "")
            set_combo_value(self.legal_form_combo, p.legal_form)
            self.siret_edit.setText(p.siret or "")
            self.territory_edit.setText(p.territory)
            self.place.load(p.address, p.contact)
            self.skills_edit.setPlainText("\n".join(p.skills))
            self.notes_edit.setPlainText(p.notes)
            show_statuses(self.status_checks, p.ess_statuses)
            self._show_past(partner)
            for edit in self.findChildren(QLineEdit):
                edit.setCursorPosition(0)  # long texts show their beginning, not their end
            self.errors.clear_all()
        finally:
            self._loading = False
        self.set_dirty(False)
        self.delete_button.setEnabled(partner is not None and partner.id is not None)

    def _show_past(self, partner: Partner | None) -> None:
        self.past_list.clear()
        past = self.service.past_groupements(partner) if partner else []
        for entry in past:
            self.past_list.addItem(entry.text())
        if not past:
            self.past_list.addItem("Aucun groupement pour l'instant.")

    def set_dirty(self, dirty: bool) -> None:
        """Flag (or clear) unsaved changes."""
        if self._loading:
            return
        self._dirty = dirty
        self.dirty_label.setText("Modifications non enregistrées" if dirty else "")
        self.revert_button.setEnabled(dirty)

    def is_dirty(self) -> bool:
        """True when the editor holds changes not yet saved."""
        return self._dirty

    def maybe_leave(self) -> bool:
        """Before leaving the partner shown (another partner, a new one, another structure,
        closing the window): ask about unsaved changes; False to stay on it."""
        if not self._dirty:
            return True
        # discard: show the stored partner again
        return leave_or_stay(self.ctx.prompts, self._partner.name if self._partner else NEW_NAME,
                             self.save, lambda: self.load(self._partner))

    def _check_siret(self, text: str) -> None:
        """Inline SIRET check while typing: silent until 14 digits, or wrong characters."""
        if self._loading:
            return
        compact = "".join(ch for ch in text if not ch.isspace())
        if not compact or (len(compact) < 14 and compact.isdigit()):
            self.siret_error.clear_message()
            return
        try:
            normalize_siret(compact)
        except ValueError as exc:
            self.siret_error.show_message(str(exc))
        else:
            self.siret_error.clear_message()

    def to_data(self) -> dict[str, Any]:
        """The form as a dict for ``PartnerService.save``."""
        data: dict[str, Any] = editable_dump(self._partner) if self._partner else {}
        # An existing partner stays in its structure, whatever structure is current now.
        structure_id = self._structure_id
        if self._partner is not None and self._partner.structure_id is not None:
            structure_id = self._partner.structure_id
        data.update(
            structure_id=structure_id,
            name=self.name_edit.text(),
            legal_form=self.legal_form_combo.currentData(),
            siret=self.siret_edit.text(),
            territory=self.territory_edit.text(),
            address=self.place.address_data(),
            contact=self.place.contact_data(),
            skills=self.skills_edit.toPlainText().splitlines(),
            notes=self.notes_edit.toPlainText(),
            ess_statuses=checked_statuses(self.status_checks),
        )
        return data

    # --- actions ----------------------------------------------------------------------------
    def _changes(self) -> Changes:
        return Changes.of(Topic.PARTNERS, source=self)

    def save(self) -> bool:
        """Save through the service; on refusal show each message under its field."""
        saved, refused = run_save(self.ctx.ops, lambda: self.service.save(self.to_data()),
                                  self._changes())
        if saved is None:
            return self._refused(refused) if refused is not None else False
        self.load(saved)
        self._fill_list()
        self.status_message.emit(f"Partenaire « {saved.name} » enregistré.")
        return True

    def _refused(self, exc: InvalidInput | WorkspaceError) -> bool:
        if isinstance(exc, InvalidInput):
            self.errors.show(exc.messages)
            self.status_message.emit(
                "Partenaire non enregistré : corrigez les champs signalés en rouge.")
            return False
        if isinstance(exc, StaleWrite):
            return self._resolve_stale(exc)
        self.errors.show({"": str(exc)})
        return False

    def _resolve_stale(self, exc: StaleWrite) -> bool:
        """Saved elsewhere since it was opened: reload the partner, or overwrite it."""
        held = self._partner

        def overwrite(stored: Partner) -> bool:
            if held is None:
                self.errors.show({"": str(exc)})
                return False
            held.row_version = stored.row_version  # saved over the stored version
            return self.save()

        return resolve_stale(self.ctx.prompts, held.name if held is not None else "",
                             self.service.session.partners.get(exc.item_id), self.load,
                             overwrite, lambda: self.errors.show({"": str(exc)}))

    def new_partner(self) -> None:
        """Empty the editor for a new partner (after asking about unsaved changes)."""
        if not self.maybe_leave():
            return
        self.list.clearSelection()
        self.load(None)
        self.name_edit.setFocus()

    def delete_partner(self) -> None:
        """Delete the partner shown, after confirmation (groupements keep their copy)."""
        if self._partner is None or self._partner.id is None:
            return
        partner_id = self._partner.id
        if not self.ctx.prompts.ask_yes_no(
            "Supprimer le partenaire",
            f"Supprimer « {self._partner.name} » du carnet ? Les groupements déjà formés "
            "gardent ses coordonnées.",
        ):
            return
        removed = self.ctx.ops.run(lambda: self.service.delete(partner_id),
                                   changes=self._changes())
        if removed is None:
            return
        self._partner = None
        self.load(None)
        self._fill_list()
        self.status_message.emit(f"Partenaire « {removed.name} » supprimé.")
