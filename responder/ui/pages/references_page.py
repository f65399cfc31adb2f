"""« Références »: the structure's past contracts, searched as you type, and their editor.

The list is a lazy model over the ids the search index returns (10,000 references stay
smooth); typing is debounced so that a search runs once the user pauses. Questions and file
choosers go through injectable callables so that tests never open a modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.enums import BuyerKind, ReferenceRole
from ...domain.library import Reference, ReferenceFilters, SortOrder
from ...services.library import LibraryService
from ...services.refs_csv import ParsedCsv, export_references, import_parsed, read_references_csv
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..dialogs.confirm import UnsavedAnswer, ask_unsaved, ask_yes_no
from ..dialogs.files import choose_open_file, choose_save_file
from ..dialogs.inform import show_information
from ..formatting import fold, parse_amount
from ..models.reference_table import (
    COL_AMOUNT,
    COL_BUYER,
    COL_FAMILIES,
    COL_ROLE,
    COL_TITLE,
    COL_YEAR,
    ID_ROLE,
    ReferenceTableModel,
)
from ..widgets.combos import enum_combo
from ..widgets.errors import ErrorLabel
from ..widgets.reference_editor import ReferenceEditor
from .editor_page import EditorPageMixin

SETTINGS_KEY = "references_page"
NEW_TITLE = "Nouvelle référence"
#: Pause after the last keystroke before searching (fast typists never wait on a search).
DEBOUNCE_MS = 150
EMPTY_TEXT = (
    "Aucune référence pour l'instant.\n\nAjoutez vos marchés passés avec « Nouvelle "
    "référence », ou importez le tableau que vous tenez déjà avec « Importer un CSV… »."
)
NO_MATCH_TEXT = (
    "Aucune référence ne correspond à la recherche. Effacez le texte ou élargissez les filtres."
)
HINT_TEXT = "Choisissez une référence dans la liste pour la voir et la modifier ici."
_ANY_YEAR = 1999  # spin value shown as « toutes »
#: How many bad rows (or duplicates) a question lists before « … et N autres ».
_LISTED = 15

ChooseFile = Callable[[str, str], "Path | None"]
ChooseSavePath = Callable[[str, str, str], "Path | None"]


def duplicate_key(ref: Reference) -> tuple[str, str, int | None]:
    """What makes two references « the same » on import: buyer, title and year (folded)."""
    return fold(ref.buyer_name.strip()), fold(ref.title.strip()), ref.year


def _listed(lines: list[str]) -> str:
    shown = "\n".join(f"• {line}" for line in lines[:_LISTED])
    if len(lines) > _LISTED:
        shown += f"\n… et {len(lines) - _LISTED} autre(s)."
    return shown


class ReferencesPage(EditorPageMixin[Reference], QWidget):
    """Search, filter and edit the current structure's references; import and export CSV.

    Injectable hooks (tests replace them): ``confirm(title, text) -> bool``,
    ``inform(title, text)``, ``ask_unsaved(what)``,
    ``choose_file(title, filter) -> Path | None`` and
    ``choose_save_path(title, suggested_name, filter) -> Path | None``.
    """

    status_message = Signal(str)
    editor: ReferenceEditor
    NEW_ITEM_TITLE = NEW_TITLE
    RESTORED_MESSAGE = "Référence « {} » rétablie."

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the Références page needs an open workspace"
        self.ctx = ctx
        self.library = LibraryService(ctx.session)
        self.confirm: Callable[[str, str], bool] = lambda t, x: ask_yes_no(self, t, x)
        self.ask_unsaved: Callable[[str], UnsavedAnswer] = lambda what: ask_unsaved(self, what)
        self.inform: Callable[[str, str], None] = lambda t, x: show_information(self, t, x)
        self.choose_file: ChooseFile = lambda t, f: choose_open_file(self, t, f)
        self.choose_save_path: ChooseSavePath = lambda t, n, f: choose_save_file(self, t, n, f)
        self._local_undo: QUndoStack | None = None
        self._structure_id = ctx.current_structure_id()
        self._current_id: int | None = None
        self._switching = False
        self._filters = ReferenceFilters(structure_id=self._structure_id)
        self._families: list[str] = []
        self._just_built = True
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(DEBOUNCE_MS)
        self.model = ReferenceTableModel(self._load_references, self)
        self.editor = ReferenceEditor()
        self._build()
        self._connect()
        self.run_search()
        self._show_reference(None)
        if self.model.rowCount():  # open on the first reference, like « Consultations »
            self._set_current(self.model.index(0, 0))
        self._restore_settings()

    # --- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("Références")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            "Rechercher (titre, acheteur, lieu, description…) — Ctrl+F"
        )
        self.search_edit.setAccessibleName("Rechercher dans les références")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Nombre de références trouvées")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)

        self.family_combo = QComboBox()
        self.family_combo.setAccessibleName("Filtrer par famille d'achat")
        self.family_combo.setMinimumContentsLength(14)
        self.family_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo = enum_combo(BuyerKind, "Tous les acheteurs")
        self.kind_combo.setAccessibleName("Filtrer par type d'acheteur")
        self.role_filter_combo = enum_combo(ReferenceRole, "Tous les rôles")
        self.role_filter_combo.setAccessibleName("Filtrer par rôle")
        self.year_from_spin = self._year_spin("Année de début du filtre")
        self.year_to_spin = self._year_spin("Année de fin du filtre")
        self.amount_min_edit = self._amount_edit("Montant minimum du filtre", "min. €")
        self.amount_max_edit = self._amount_edit("Montant maximum du filtre", "max. €")
        self.sort_combo = QComboBox()
        self.sort_combo.setAccessibleName("Trier les références")
        for text, value in (("Pertinence", SortOrder.RELEVANCE), ("Date (récentes d'abord)",
                            SortOrder.DATE), ("Montant (plus gros d'abord)", SortOrder.AMOUNT)):
            self.sort_combo.addItem(text, value)
        self.reset_filters_button = QPushButton("Tout afficher")
        self.reset_filters_button.setAccessibleName("Effacer la recherche et les filtres")
        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)

        def labelled(text: str, widget: QComboBox, col: int) -> None:
            # Sized on 8 characters, not on the longest entry (a long family name): the
            # row then fits a 1024 px window; the open list still shows whole entries.
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(8)
            lab = QLabel(text)
            lab.setBuddy(widget)
            filters.addWidget(lab, 0, col)
            filters.addWidget(widget, 0, col + 1)

        labelled("&Famille :", self.family_combo, 0)
        labelled("Ac&heteur :", self.kind_combo, 2)
        labelled("Rô&le :", self.role_filter_combo, 4)
        labelled("&Tri :", self.sort_combo, 6)
        for col in (1, 3, 5, 7):
            filters.setColumnStretch(col, 1)
        ranges = QHBoxLayout()
        ranges.setContentsMargins(0, 0, 0, 0)
        years_label = QLabel("A&nnées :")
        years_label.setBuddy(self.year_from_spin)
        amounts_label = QLabel("&Montants HT :")
        amounts_label.setBuddy(self.amount_min_edit)
        year_widgets: list[QWidget] = [years_label, self.year_from_spin, QLabel("à"),
                                       self.year_to_spin]
        for widget in year_widgets:
            ranges.addWidget(widget)
        ranges.addSpacing(24)
        amount_widgets: list[QWidget] = [amounts_label, self.amount_min_edit, QLabel("à"),
                                         self.amount_max_edit]
        for widget in amount_widgets:
            ranges.addWidget(widget)
        ranges.addStretch(1)
        ranges.addWidget(self.reset_filters_button)
        self.filter_error = ErrorLabel()

        self.new_button = QPushButton("&Nouvelle référence")
        self.new_button.setAccessibleName("Nouvelle référence")
        self.duplicate_button = QPushButton("D&upliquer")
        self.duplicate_button.setAccessibleName("Dupliquer la référence")
        self.delete_button = QPushButton("Supprimer")
        self.delete_button.setAccessibleName("Supprimer la référence")
        self.delete_button.setToolTip("Supprimer la référence (Suppr) — Ctrl+Z pour annuler")
        self.import_button = QPushButton("&Importer un CSV…")
        self.import_button.setAccessibleName("Importer des références depuis un fichier CSV")
        self.import_button.setToolTip(
            "Importer le tableau de vos références (CSV d'Excel, séparateur point-virgule)."
        )
        self.export_button = QPushButton("E&xporter en CSV…")
        self.export_button.setAccessibleName("Exporter les références en CSV")
        self.export_button.setToolTip(
            "Enregistrer vos références dans un fichier CSV lisible par Excel "
            "(les références confidentielles ne sont jamais exportées)."
        )
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)

        self.table = QTableView()
        self.table.setAccessibleName("Liste des références")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights and column widths: Qt then never measures the 10,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in ((COL_TITLE, 250), (COL_BUYER, 140), (COL_YEAR, 50),
                           (COL_AMOUNT, 90), (COL_ROLE, 100), (COL_FAMILIES, 140)):
            self.table.setColumnWidth(col, width)
        self._build_list_and_editor(self.table, HINT_TEXT, stretch=(3, 2))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(ranges)
        layout.addWidget(self.filter_error)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        self._add_page_actions("Supprimer la référence", self.table)

    @staticmethod
    def _year_spin(name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(_ANY_YEAR, 2100)
        spin.setSpecialValueText("toutes")
        spin.setAccessibleName(name)
        spin.setValue(_ANY_YEAR)
        return spin

    @staticmethod
    def _amount_edit(name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaximumWidth(120)
        return edit

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_timer.timeout.connect(self.run_search)
        for combo in (self.family_combo, self.kind_combo, self.role_filter_combo,
                      self.sort_combo):
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
        for spin in (self.year_from_spin, self.year_to_spin):
            spin.valueChanged.connect(lambda _v: self.search_timer.start())
        for edit in (self.amount_min_edit, self.amount_max_edit):
            edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.reset_filters_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_reference)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button.clicked.connect(self.export_csv)
        self.find_action.triggered.connect(self.focus_search)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.activated.connect(lambda _index: self.editor.focus_title())
        self.editor.save_requested.connect(self.save_current)
        self.editor.revert_requested.connect(self.revert_current)
        self.editor.attach_requested.connect(self.attach_certificate)
        self.editor.photo_requested.connect(self.add_photo)

    # --- settings ------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        self.ctx.settings.restore_list_layout(
            self.splitter, self.table.horizontalHeader(), SETTINGS_KEY
        )

    def save_settings(self) -> None:
        """Remember the splitter sizes and the table's column widths."""
        self.ctx.settings.save_list_layout(
            self.splitter, self.table.horizontalHeader(), SETTINGS_KEY
        )

    # --- searching -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the page is shown: the structure or the families may differ."""
        if self._just_built:  # the constructor has just searched: do not do it twice
            self._just_built = False
            return
        structure_id = self.ctx.current_structure_id()
        if structure_id != self._structure_id and self.maybe_leave():
            self._structure_id = structure_id
            self._show_reference(None)
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
            "year_from": self.year_from_spin.value() if self.year_from_spin.value() > _ANY_YEAR
            else None,
            "year_to": self.year_to_spin.value() if self.year_to_spin.value() > _ANY_YEAR
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
        widgets: list[QWidget] = [self.search_edit, self.family_combo, self.kind_combo,
                                  self.role_filter_combo, self.year_from_spin,
                                  self.year_to_spin, self.amount_min_edit, self.amount_max_edit]
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for combo in (self.family_combo, self.kind_combo, self.role_filter_combo):
            combo.setCurrentIndex(0)
        self.year_from_spin.setValue(_ANY_YEAR)
        self.year_to_spin.setValue(_ANY_YEAR)
        self.amount_min_edit.clear()
        self.amount_max_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.run_search()

    def shown_ids(self) -> list[int]:
        """Ids of the references listed (those fetched so far), top to bottom."""
        return self.model.ids()

    # --- selection -----------------------------------------------------------------------
    def current_reference_id(self) -> int | None:
        """Id of the reference shown in the editor."""
        return self._current_id

    def select_reference(self, reference_id: int) -> bool:
        """Select the reference in the list and show it; False when the list hides it."""
        row = self.model.row_of(reference_id)
        if row is None:
            return False
        self._set_current(self.model.index(row, 0))
        return self._current_id == reference_id

    def _set_current(self, index: QModelIndex) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection = self.table.selectionModel()
        unchanged = selection.currentIndex().row() == index.row()
        selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index)
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
        self._show_reference(self.model.reference_at(current.row()))

    def _show_reference(self, ref: Reference | None) -> None:
        self._current_id = ref.id if ref is not None else None
        if ref is None:
            self.editor_stack.setCurrentWidget(self.hint_label)
        else:
            self.editor.load(ref, self._families or self.library.families(self._structure_id))
            self.editor_stack.setCurrentWidget(self.editor)
        has = ref is not None
        self.duplicate_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.delete_action.setEnabled(has)

    # --- editor hooks (see EditorPageMixin) ----------------------------------------------
    def _edited_item(self) -> Reference | None:
        return self.editor.reference()

    def _stored_item(self, item_id: int) -> Reference | None:
        return self.library.session.references.get(item_id)

    def _load_editor(self, item: Reference) -> None:
        self.editor.load(item, self._families)

    def _show_editor_errors(self, messages: dict[str, str]) -> None:
        self.editor.show_errors(messages)

    # --- saving --------------------------------------------------------------------------
    def save_current(self) -> bool:
        """Save the editor through the service; on refusal show the messages inline."""
        if self._current_id is None:
            return True
        try:
            saved = self.library.save_reference(self.editor.to_data(), self._structure_id)
        except (InvalidInput, WorkspaceError) as exc:
            return self._save_refused(
                exc, "Référence non enregistrée : corrigez les champs signalés en rouge."
            )
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
        created = self._write(
            lambda: self.library.save_reference({"title": NEW_TITLE}, self._structure_id)
        )
        if created is None:
            return None
        self._added(created)
        self.editor.focus_title()
        self.status_message.emit("Nouvelle référence créée : donnez-lui son titre.")
        return created

    def duplicate_selected(self) -> Reference | None:
        """Copy the shown reference (« (copie) ») and show the copy."""
        source = self.editor.reference()
        if source is None or self._current_id is None or not self.maybe_leave():
            return None
        source = self.editor.reference() or source
        data = source.model_dump(exclude={"id", "created_at", "updated_at"})
        data["title"] = f"{source.title} (copie)"
        copy = self._write(lambda: self.library.save_reference(data, self._structure_id))
        if copy is None:
            return None
        self._added(copy)
        self.status_message.emit(f"Référence dupliquée : « {copy.title} ».")
        return copy

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
            self._show_reference(ref)

    def delete_selected(self) -> bool:
        """Ask, then delete the shown reference as an undoable command."""
        return self._delete_with_undo(
            "Supprimer la référence",
            "Supprimer la référence « {} » ? Vous pourrez l'annuler avec Ctrl+Z.",
            self.library.delete_reference, self.library.restore_reference,
            "Référence supprimée — Ctrl+Z pour annuler",
        )

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
                self._show_reference(None)

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
        path = self.choose_file(title, name_filter)
        if path is None:
            return False
        reference_id = self._current_id
        try:
            updated = action(reference_id, Path(path))
        except (InvalidInput, WorkspaceError, OSError) as exc:
            message = str(exc) if not isinstance(exc, OSError) else (
                f"Impossible de lire « {path} » : {exc.strerror or exc}."
            )
            self.editor.show_errors({"certificate_file": message})
            self.status_message.emit(message)
            return False
        self.editor.show_attachments(updated)
        self.model.update_reference(updated)
        self.status_message.emit(done.format(updated.title))
        return True

    # --- CSV -----------------------------------------------------------------------------
    def import_csv(self) -> int:
        """Import a CSV file of references; returns how many were added.

        Bad rows are listed with their line numbers and the good rows are imported only if
        the user agrees; references already in the library (same buyer, title and year) are
        listed and skipped unless the user asks to import them again. Nothing is written
        before the answers, and the import is one transaction.
        """
        if not self.maybe_leave():
            return 0
        path = self.choose_file("Importer des références", "Fichiers CSV (*.csv *.txt)")
        if path is None:
            return 0
        try:
            parsed = read_references_csv(Path(path), structure_id=self._structure_id)
        except InvalidInput as exc:
            self.status_message.emit(str(exc))
            self.inform("Import impossible", str(exc))
            return 0
        if parsed.errors:
            lines = [str(e) for e in parsed.errors]
            good = len(parsed.references)
            if not good:
                self.inform(
                    "Import impossible",
                    "Aucune ligne du fichier n'est correcte, rien n'a été importé :\n\n"
                    + _listed(lines),
                )
                self.status_message.emit("Aucune référence importée : aucune ligne correcte.")
                return 0
            question = (
                f"{len(lines)} ligne(s) du fichier ne peuvent pas être importées :\n\n"
                f"{_listed(lines)}\n\nImporter seulement les {good} ligne(s) correcte(s) ? "
                "(Sinon, rien n'est importé : corrigez le fichier et recommencez.)"
            )
            if not self.confirm("Lignes incorrectes", question):
                self.status_message.emit("Import annulé : aucune référence importée.")
                return 0
        parsed = self._without_duplicates(parsed)
        if not parsed.references:
            self.status_message.emit("Aucune nouvelle référence à importer.")
            return 0
        try:
            added = import_parsed(self.library.session, parsed, self._structure_id)
        except (InvalidInput, WorkspaceError) as exc:
            self.status_message.emit(f"Import annulé, rien n'a été importé : {exc}")
            return 0
        self._families = []
        self._fill_family_combo()
        self.run_search()
        skipped = f" ({len(parsed.errors)} ligne(s) ignorée(s))" if parsed.errors else ""
        self.status_message.emit(f"{len(added)} référence(s) importée(s){skipped}.")
        return len(added)

    def _without_duplicates(self, parsed: ParsedCsv) -> ParsedCsv:
        existing = {
            duplicate_key(ref) for ref in self.library.session.references.list(self._structure_id)
        }
        duplicates = [(line, ref) for line, ref in parsed.references
                      if duplicate_key(ref) in existing]
        if not duplicates:
            return parsed
        lines = [
            f"ligne {line} : {ref.title}" + (f" — {ref.buyer_name}" if ref.buyer_name else "")
            + (f" ({ref.year})" if ref.year else "")
            for line, ref in duplicates
        ]
        question = (
            f"{len(duplicates)} référence(s) du fichier semblent déjà dans votre bibliothèque "
            f"(même acheteur, même titre, même année) :\n\n{_listed(lines)}\n\n"
            "Les importer quand même en double ? (Non : elles sont ignorées, les autres "
            "lignes sont importées.)"
        )
        if self.confirm("Références en double", question):
            return parsed
        skip = {line for line, _ in duplicates}
        return ParsedCsv(
            [(line, ref) for line, ref in parsed.references if line not in skip],
            parsed.errors, parsed.encoding, parsed.delimiter,
        )

    def export_csv(self) -> int:
        """Write the structure's references (never the confidential ones) to a CSV file."""
        path = self.choose_save_path(
            "Exporter les références", "references.csv", "Fichiers CSV (*.csv)"
        )
        if path is None:
            return 0
        target = Path(path)
        if target.suffix.lower() != ".csv":
            target = target.with_name(target.name + ".csv")
        try:
            count = export_references(self.library.session, target, self._structure_id)
        except (InvalidInput, WorkspaceError) as exc:
            self.status_message.emit(f"Export impossible : {exc}")
            return 0
        self.status_message.emit(
            f"{count} référence(s) exportée(s) dans « {target.name} » "
            "(les confidentielles ne le sont jamais)."
        )
        return count
