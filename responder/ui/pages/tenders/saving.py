"""Saving the « Consultation » editor of the Consultations page, and asking about unsaved
changes before leaving a dossier (its tabs first, then the editor)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from ....domain.tender import Tender
from ....services.changes import Changes
from ....storage.repositories import StaleWrite
from ...operations import Failure
from ..page_flow import leave_or_stay, resolve_stale

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QTabWidget

    from ...context import UiContext
    from ...models.tender_table import TenderTableModel
    from ...widgets.tender_editor import TenderEditor
    from ..dossier_tabs import DossierTab

NEW_TITLE = "Nouvelle consultation"


class SavingMixin:
    """The saving half of ``TendersPage`` (it provides the attributes declared here)."""

    ctx: UiContext
    editor: TenderEditor
    model: TenderTableModel
    extra_tabs: list[DossierTab]
    dossier_tabs: QTabWidget
    status_message: SignalInstance
    tenders_changed: SignalInstance
    _structure_id: int
    _current_id: int | None

    # --- saving --------------------------------------------------------------------------
    def maybe_leave(self) -> bool:
        """Before leaving the shown consultation: ask about unsaved changes (the dossier tabs
        first, then the « Consultation » editor); False to stay."""
        for tab in self.extra_tabs:
            # A tab first: saving the editor shows the dossier again in every tab.
            tab_leave = getattr(tab, "maybe_leave", None)
            if tab_leave is not None and not tab_leave():
                self._show_tab(tab)
                return False
        if not self.editor.is_dirty():
            return True
        tender = self.editor.tender()
        return leave_or_stay(self.ctx.prompts, tender.title if tender else NEW_TITLE,
                             self.save_current, self.revert_current)

    def flush_tabs(self) -> None:
        """Save at once what the dossier tabs keep on a timer (Mémoire text, dates)."""
        for tab in self.extra_tabs:
            flush = getattr(tab, "flush", None)
            if flush is not None:
                flush()

    def _show_tab(self, tab: object) -> None:
        for index in range(self.dossier_tabs.count()):
            if self.dossier_tabs.widget(index) is tab:
                self.dossier_tabs.setCurrentIndex(index)

    def _save_refused(self, failure: Failure) -> None:
        self.editor.show_errors(failure.messages)
        if set(failure.messages) != {""}:  # fields to correct, not a workspace error
            self.status_message.emit(
                "Consultation non enregistrée : corrigez les champs signalés en rouge."
            )

    def save_current(self) -> bool:
        """Save the editor through the service; on refusal show the messages inline."""
        tender = self.editor.tender()
        if tender is None:
            return True
        # The dossier keeps its own structure, even while the list shows another one.
        structure_id = tender.structure_id if tender.structure_id is not None else (
            self._structure_id)
        data = self.editor.to_data()

        def save() -> Tender | StaleWrite:
            try:
                return self.ctx.tenders.save(data, structure_id)
            except StaleWrite as exc:  # asked about below: reload or overwrite
                return exc

        saved = self.ctx.ops.run(
            save, on_failure=self._save_refused,
            changes=lambda r: self._changes(r.id) if isinstance(r, Tender) else Changes())
        if isinstance(saved, StaleWrite):
            return self._resolve_stale(saved, tender)
        if saved is None:
            return False
        if saved.structure_id == self._structure_id:
            with self._programmatic():
                self.model.upsert(saved)
        self.editor.load(saved)
        self._tabs_show(saved)
        self.status_message.emit(f"Consultation « {saved.title} » enregistrée.")
        self.tenders_changed.emit()
        return True

    def _resolve_stale(self, exc: StaleWrite, tender: Tender) -> bool:
        """The dossier was saved elsewhere since it was opened: reload it, or overwrite it."""
        def reload(stored: Tender) -> None:
            self.editor.load(stored)
            self._tabs_show(stored)
            self.status_message.emit(f"« {stored.title} » rechargé : version enregistrée.")

        def overwrite(stored: Tender) -> bool:
            tender.row_version = stored.row_version  # saved over the stored version
            return self.save_current()

        return resolve_stale(self.ctx.prompts, tender.title,
                             self.ctx.tenders.session.tenders.get(exc.item_id), reload,
                             overwrite, lambda: self.editor.show_errors({"": str(exc)}))

    def revert_current(self) -> None:
        """Drop unsaved changes: show the stored consultation again."""
        row = self.model.row_of(self._current_id) if self._current_id is not None else None
        if row is not None:
            self.editor.load(self.model.tender_at(row))

    # --- provided by the page ------------------------------------------------------------
    def _changes(self, tender_id: int | None) -> Changes:
        raise NotImplementedError

    def _tabs_show(self, tender: Tender | None) -> None:
        raise NotImplementedError

    def _programmatic(self, *, reselect: bool = True) -> AbstractContextManager[None]:
        raise NotImplementedError
