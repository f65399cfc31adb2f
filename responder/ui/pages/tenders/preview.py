"""The Consultations list at start-up, before the page exists.

Right after the window's first frame, the app reads the current structure's dossier list
straight from the workspace file (``storage/listing.py``: read-only, no pydantic) and shows
it here: the page's own view and table model, laid out and sorted as the user left them,
with the first dossier selected and « Ouverture du dossier… » where its form will be. The
page itself (the editor, the dossier tabs, every action) comes once the workspace is opened
for real; it takes over what the user did meanwhile (``hand_over``: the columns' sort, order
and widths, the splitter, the search typed, the status chosen, the dossier selected and the
keyboard focus) and this list goes.

Nothing here writes: a click on « Nouvelle consultation » or « Supprimer » waits for the
page (they are disabled until then).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from ....storage.listing import Listing
from ...models.tender_table import ID_ROLE, TenderTableModel
from ...widgets.selection import select_row
from .view import EMPTY_HINT_TEXT, TendersView

if TYPE_CHECKING:
    from ...settings import UiSettings
    from .controller import TendersPage

#: Where the dossier's form will be, until the page is there.
OPENING_TEXT = "Ouverture du dossier…"


class TendersPreview(TendersView):
    """The list read from the file, in the page's own widgets; no editor, no writes."""

    def __init__(self, listing: Listing, settings: UiSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.model = TenderTableModel(parent=self)
        self.model.set_rows(list(listing.tenders))
        self.proxy = self.show_list(self.model, settings)
        for action in (self.new_button, self.duplicate_button, self.delete_button,
                       self.import_rc_button):
            action.setEnabled(False)
        self.hint_label.setText(OPENING_TEXT)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.status_combo.currentIndexChanged.connect(
            lambda _index: self.proxy.set_status_filter(self.status_combo.currentData()))
        if self.proxy.rowCount():
            select_row(self.table, self.proxy.index(0, 0))
        else:  # as the page says it
            self.list_stack.setCurrentWidget(self.empty_label)
            self.hint_label.setText(EMPTY_HINT_TEXT)

    def selected_id(self) -> int | None:
        """The dossier selected in the list (``None`` when none)."""
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None


def hand_over(preview: TendersPreview, page: TendersPage) -> None:
    """Give ``page`` what the user did in the list before it was there: the columns (sort,
    order, widths) and the splitter, the search typed, the status chosen, the dossier
    selected (when it differs from the page's choice) and the keyboard focus."""
    for mine, theirs in ((preview.table.horizontalHeader(), page.table.horizontalHeader()),
                         (preview.splitter, page.splitter)):
        state = mine.saveState()
        if state != theirs.saveState():
            theirs.restoreState(state)
    if preview.search_edit.text():
        page.search_edit.setText(preview.search_edit.text())
    if preview.status_combo.currentIndex() > 0:
        page.status_combo.setCurrentIndex(preview.status_combo.currentIndex())
    chosen = preview.selected_id()
    if chosen is not None and chosen != page.current_tender_id():
        page.select_tender(chosen)
    focused = QApplication.focusWidget()
    pairs: tuple[tuple[QWidget, QWidget], ...] = (
        (preview.search_edit, page.search_edit), (preview.status_combo, page.status_combo),
        (preview.table, page.table))
    for had, gets in pairs:
        if focused is not None and (focused is had or had.isAncestorOf(focused)):
            gets.setFocus()
