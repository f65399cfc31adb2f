"""« Références »: the structure's past contracts, searched as you type, and their editor.

The list is a lazy model over the ids the search index returns (10,000 references stay
smooth); typing is debounced so that a search runs once the user pauses. Questions and file
choosers go through ``ctx.prompts``; writes through ``ctx.ops`` (topic REFERENCES), and the
page reloads when another page adds one (the veille, a won dossier).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from ....domain.common import InvalidInput
from ....domain.enums import BuyerKind, ReferenceRole, label
from ....domain.library import Reference, ReferenceFilters, SortOrder
from ....fr import parse_amount
from ....services.changes import Topic
from ....services.library import LibraryService
from ...context import UiContext
from ...models.reference_table import ID_ROLE, ReferenceTableModel
from ...widgets import make
from ...widgets.reference_editor import ReferenceEditor
from ..editor_page import EditorPageMixin
from ..page_flow import select_row
from .csv_flow import ReferencesCsv
from .view import ANY_YEAR, ReferencesFilters, csv_buttons, references_table

SETTINGS_KEY = "references_page"
NEW_TITLE = "Nouvelle référence"
EMPTY_TEXT = (
    "Aucune référence pour l'instant.\n\nAjoutez vos marchés passés avec « Nouvelle "
    "référence », ou importez le tableau que vous tenez déjà avec « Importer un CSV… »."
)
NO_MATCH_TEXT = (
    "Aucune référence ne correspond à la recherche. Effacez le texte ou élargissez les filtres."
)
HINT_TEXT = "Choisissez une référence dans la liste pour la voir et la modifier ici."
SORTS = (("Pertinence", SortOrder.RELEVANCE), ("Date (récentes d'abord)", SortOrder.DATE),
         ("Montant (plus gros d'abord)", SortOrder.AMOUNT))


def fill_choices(combo: QComboBox, first: str, values: Iterable[StrEnum]) -> None:
    """``first`` (no value) then ``values`` by their French label."""
    combo.addItem(first, None)
    for value in values:
        combo.addItem(label(value), value)


class ReferencesPage(ReferencesCsv, EditorPageMixin[Reference], QWidget):
    """Search, filter and edit the current structure's references; import and export CSV."""

    status_message = Signal(str)
    editor: ReferenceEditor
    NEW_ITEM_TITLE = NEW_TITLE
    RESTORED_MESSAGE = "Référence « {} » rétablie."
    TOPIC = Topic.REFERENCES
    DELETE_TEXTS = ("Supprimer la référence",
                    "Supprimer la référence « {} » ? Vous pourrez l'annuler avec Ctrl+Z.",
                    "Référence supprimée — Ctrl+Z pour annuler")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the Références page needs an open workspace"
        self.library = LibraryService(ctx.session)
        self._start_editor_page(ctx)
        self._filters = ReferenceFilters(structure_id=self._structure_id)
        self._families: list[str] = []
        self.model = ReferenceTableModel(self._load_references, self)
        self.editor = ReferenceEditor()
        self._build()
        self._connect()
        self._show_first()
        self.ctx.settings.restore_list_layout(self.splitter, self.table.horizontalHeader(),
                                              SETTINGS_KEY)

    # --- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        heading, search = self._build_header(
            "Références", "Rechercher (titre, acheteur, lieu, description…) — Ctrl+F",
            "Rechercher dans les références")
        self.count_label = make.label(name="Nombre de références trouvées", wrap=False)
        self.filters = filters = ReferencesFilters()
        for name in ("family_combo", "kind_combo", "role_filter_combo", "sort_combo",
                     "year_from_spin", "year_to_spin", "amount_min_edit", "amount_max_edit",
                     "reset_filters_button", "filter_error"):
            setattr(self, name, getattr(filters, name))
        fill_choices(self.kind_combo, "Tous les acheteurs", BuyerKind)
        fill_choices(self.role_filter_combo, "Tous les rôles", ReferenceRole)
        for text, value in SORTS:
            self.sort_combo.addItem(text, value)
        self.import_button, self.export_button = csv_buttons()
        items = self._build_item_buttons(
            "&Nouvelle référence", "Nouvelle référence", "la référence",
            "Supprimer la référence (Suppr) — Ctrl+Z pour annuler")
        self.table = references_table(self.model)
        self._build_list_and_editor(self.table, HINT_TEXT, stretch=(3, 2))
        top = make.row(heading, 12, search, self.count_label)
        top.setStretchFactor(search, 1)
        make.column(
            top, filters.combos_row(), filters.ranges_row(), self.filter_error,
            make.row(*items, None, self.import_button, self.export_button), self.splitter,
            parent=self,
        ).setStretchFactor(self.splitter, 1)
        self._add_page_actions("Supprimer la référence", self.table)

    def _connect(self) -> None:
        for combo in (self.family_combo, self.kind_combo, self.role_filter_combo,
                      self.sort_combo):
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
        for spin in (self.year_from_spin, self.year_to_spin):
            spin.valueChanged.connect(lambda _v: self.search_timer.start())
        for edit in (self.amount_min_edit, self.amount_max_edit):
            edit.textChanged.connect(lambda _t: self.search_timer.start())
        make.connect_clicks((self.reset_filters_button, self.clear_filters),
                            (self.new_button, self.new_reference),
                            (self.import_button, self.import_csv),
                            (self.export_button, self.export_csv))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.activated.connect(lambda _index: self.editor.focus_title())
        self.editor.attach_requested.connect(self.attach_certificate)
        self.editor.photo_requested.connect(self.add_photo)

    def save_settings(self) -> None:
        """Remember the splitter sizes and the table's column widths."""
        header = self.table.horizontalHeader()
        self.ctx.settings.save_list_layout(self.splitter, header, SETTINGS_KEY)

    # --- searching -----------------------------------------------------------------------
    def _reload(self) -> None:
        self._fill_family_combo()
        self.run_search()

    def _fill_family_combo(self) -> None:
        families = self.library.families(self._structure_id)
        if families == self._families:
            return
        self._families = families
        current = self.family_combo.currentData()
        self.family_combo.blockSignals(True)
        self.family_combo.clear()
        self.family_combo.addItem("Toutes les familles", None)
        for family in families:
            self.family_combo.addItem(family, family)
        index = self.family_combo.findData(current)
        self.family_combo.setCurrentIndex(max(index, 0))
        self.family_combo.blockSignals(False)

    def current_filters(self) -> ReferenceFilters:
        """The filters as chosen above the list; ``InvalidInput`` when one is wrong."""
        data: dict[str, Any] = {
            "structure_id": self._structure_id,
            "family": self.family_combo.currentData(),
            "buyer_kind": self.kind_combo.currentData(),
            "role": self.role_filter_combo.currentData(),
            "year_from": self.year_from_spin.value() if self.year_from_spin.value() > ANY_YEAR
            else None,
            "year_to": self.year_to_spin.value() if self.year_to_spin.value() > ANY_YEAR
            else None,
        }
        for key, edit, name in (("amount_min", self.amount_min_edit, "minimum"),
                                ("amount_max", self.amount_max_edit, "maximum")):
            value = parse_amount(edit.text())
            if isinstance(value, str):
                raise InvalidInput({key: f"Montant {name} « {value} » : tapez un nombre, "
                                         "par exemple 20 000."})
            data[key] = value
        return self.library.filters(data)

    def run_search(self) -> None:
        """Search now with the typed text, the filters and the sort (the list is lazy)."""
        self.search_timer.stop()
        if not self._families:
            self._fill_family_combo()
        try:
            self._filters = self.current_filters()
        except InvalidInput as exc:
            self.filter_error.show_message(" ".join(exc.messages.values()))
            return
        self.filter_error.clear_message()
        query = self.search_edit.text()
        filters = self._filters
        sort = SortOrder(self.sort_combo.currentData() or SortOrder.RELEVANCE)
        index = self.library.index

        def search(limit: int | None) -> list[int]:
            return [hit.id for hit in index.search_references(query, filters, sort, limit)]

        self._switching = True
        try:
            self.model.set_search(search)
            self._reselect_current()
        finally:
            self._switching = False
        self._update_counts()

    def _load_references(self, ids: list[int]) -> list[Reference]:
        return self.library.session.references.get_many(ids)

    def _update_counts(self) -> None:
        rows = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(
            f"{rows}{more} référence{'s' if rows > 1 else ''}" if rows else "aucune référence"
        )
        if rows:
            self.list_stack.setCurrentWidget(self.table)
        else:
            any_at_all = self.library.session.references.count(self._structure_id) > 0
            self.empty_label.setText(NO_MATCH_TEXT if any_at_all else EMPTY_TEXT)
            self.list_stack.setCurrentWidget(self.empty_label)

    def clear_filters(self) -> None:
        """Empty the search box and reset every filter: every reference is listed again."""
        widgets: list[QWidget] = [self.search_edit, *self.filters.widgets()]
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for combo in (self.family_combo, self.kind_combo, self.role_filter_combo):
            combo.setCurrentIndex(0)
        self.year_from_spin.setValue(ANY_YEAR)
        self.year_to_spin.setValue(ANY_YEAR)
        self.amount_min_edit.clear()
        self.amount_max_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.run_search()

    def shown_ids(self) -> list[int]:
        """Ids of the references listed (those fetched so far), top to bottom."""
        return self.model.ids()

    # --- selection -----------------------------------------------------------------------
    #: Id of the reference shown in the editor.
    current_reference_id = EditorPageMixin.current_id

    def select_reference(self, reference_id: int) -> bool:
        """Select the reference in the list and show it; False when the list hides it."""
        row = self.model.row_of(reference_id)
        if row is None:
            return False
        self._set_current(self.model.index(row, 0))
        return self._current_id == reference_id

    def _select_first(self) -> None:
        if self.model.rowCount():
            self._set_current(self.model.index(0, 0))

    def _set_current(self, index: QModelIndex) -> None:
        unchanged = select_row(self.table, index)
        if unchanged and not self._switching and index.data(ID_ROLE) != self._current_id:
            self._on_current_changed(index, QModelIndex())

    def _reselect_current(self) -> None:
        # A new search never switches the editor to another reference.
        selection = self.table.selectionModel()
        row = self.model.row_of(self._current_id) if self._current_id is not None else None
        if row is not None:
            self._set_current(self.model.index(row, 0))
        else:
            selection.clearSelection()
            selection.clearCurrentIndex()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._switching or not current.isValid():
            return
        if not self._may_switch_to(current.data(ID_ROLE), self._reselect_current):
            return
        self._show_item(self.model.reference_at(current.row()))

    # --- editor hooks (see EditorPageMixin) ----------------------------------------------
    def _edited_item(self) -> Reference | None:
        return self.editor.reference()

    def _stored_item(self, item_id: int) -> Reference | None:
        return self.library.session.references.get(item_id)

    def _load_editor(self, item: Reference) -> None:
        self.editor.load(item, self._families or self.library.families(self._structure_id))

    def _show_editor_errors(self, messages: dict[str, str]) -> None:
        self.editor.show_errors(messages)

    # --- saving --------------------------------------------------------------------------
    def save_current(self) -> bool:
        """Save the editor through the service; on refusal show the messages inline."""
        if self._current_id is None:
            return True
        saved = self._save_item(
            lambda: self.library.save_reference(self.editor.to_data(), self._structure_id),
            "Référence non enregistrée : corrigez les champs signalés en rouge.")
        if isinstance(saved, bool):
            return saved
        self.model.update_reference(saved)
        self._families = []  # a new family typed by the user joins the filter list
        self._fill_family_combo()
        self.editor.load(saved, self._families)
        self.status_message.emit(f"Référence « {saved.title} » enregistrée.")
        return True

    # --- actions -------------------------------------------------------------------------
    def new_reference(self) -> Reference | None:
        """Create « Nouvelle référence », show it and focus its title."""
        if not self.maybe_leave():
            return None
        return self._add_item(
            lambda: self.library.save_reference({"title": NEW_TITLE}, self._structure_id),
            "Nouvelle référence créée : donnez-lui son titre.", focus=True)

    def duplicate_selected(self) -> Reference | None:
        """Copy the shown reference (« (copie) ») and show the copy."""
        source = self.editor.reference()
        if source is None or self._current_id is None or not self.maybe_leave():
            return None
        data = self._duplicate_data(self.editor.reference() or source)
        return self._add_item(lambda: self.library.save_reference(data, self._structure_id),
                              "Référence dupliquée : « {} ».")

    def _added(self, ref: Reference) -> None:
        assert ref.id is not None
        self.run_search()
        self.model.fetch_all()
        if not self.select_reference(ref.id):
            # hidden by the search or the filters: still shown in the editor
            self._switching = True
            try:
                self.table.selectionModel().clearSelection()
            finally:
                self._switching = False
            self._show_item(ref)

    def _delete_calls(self) -> tuple[Callable[[int], Reference],
                                     Callable[[Reference], Reference]]:
        return self.library.delete_reference, self.library.restore_reference

    def _on_deleted(self, reference_id: int) -> None:
        row = self.model.row_of(reference_id)
        if self._current_id == reference_id:
            self.editor.set_dirty(False)
            self._current_id = None
        self.run_search()
        if self._current_id is None:
            count = self.model.rowCount()
            if count and row is not None:
                self._set_current(self.model.index(min(row, count - 1), 0))
            else:
                self._show_item(None)

    # --- attachments ---------------------------------------------------------------------
    def attach_certificate(self) -> bool:
        """Choose the attestation de bonne exécution and copy it into the workspace."""
        return self._attach(
            "Choisir l'attestation de bonne exécution",
            "Documents (*.pdf *.jpg *.jpeg *.png *.docx *.odt);;Tous les fichiers (*)",
            self.library.attach_certificate, "Attestation jointe à « {} ».",
        )

    def add_photo(self) -> bool:
        """Choose a photo and copy it into the workspace."""
        return self._attach(
            "Choisir une photo", "Images (*.jpg *.jpeg *.png *.webp);;Tous les fichiers (*)",
            self.library.add_photo, "Photo ajoutée à « {} ».",
        )

    def _attach(
        self, title: str, name_filter: str, action: Callable[[int, Path], Reference],
        done: str,
    ) -> bool:
        if self._current_id is None:
            return False
        path = self.ctx.prompts.open_file(title, name_filter)
        if path is None:
            return False
        reference_id = self._current_id
        try:
            updated = self.ctx.ops.run(lambda: action(reference_id, Path(path)),
                                       changes=self._changes(),
                                       on_failure=lambda f: self._attach_refused(f.text))
        except OSError as exc:
            updated = self._attach_refused(f"Impossible de lire « {path} » : "
                                           f"{exc.strerror or exc}.")
        if updated is None:
            return False
        self.editor.show_attachments(updated)
        self.model.update_reference(updated)
        self.status_message.emit(done.format(updated.title))
        return True

    def _attach_refused(self, message: str) -> None:
        self.editor.show_errors({"certificate_file": message})
        self.status_message.emit(message)
