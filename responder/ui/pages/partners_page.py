"""« Partenaires »: the partner book — list with search on the left, editor on the right.

The SIRET is checked as the user types (a red message under the field names the fix);
« Enregistrer » goes through ``PartnerService``, which refuses bad input with a message per
field and saves nothing. The groupements already formed with the partner are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput, editable_dump
from ...domain.enums import LegalForm
from ...domain.identifiers import normalize_siret
from ...domain.structure import Partner
from ...services.partners import PartnerService
from ...storage.db import WorkspaceError
from ...storage.repositories import StaleWrite
from ..context import UiContext
from ..dialogs.confirm import UnsavedAnswer, ask_unsaved, ask_yes_no
from ..widgets.address_fields import (
    AddressContactEdits,
    checked_statuses,
    ess_status_checks,
    line_edit,
    show_statuses,
)
from ..widgets.combos import enum_combo, set_combo_value
from ..widgets.errors import ErrorLabel, FormErrors
from ..widgets.forms import add_row, align_labels, new_form

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_NAME = "Nouveau partenaire"




class _ReflowScrollArea(QScrollArea):
    """A scroll area that calls ``on_resize`` when its width changes."""

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__()
        self._on_resize = on_resize

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        """Let the page choose one or two columns for the new width."""
        super().resizeEvent(event)
        self._on_resize()


class PartnersPage(QWidget):
    """The partner book.

    Questions are injectable (tests): ``confirm(title, text) -> bool`` and
    ``ask_unsaved(what) -> "save" | "discard" | "cancel"``. Unsaved edits are never saved
    nor dropped silently: switching partner, « Nouveau partenaire », another structure and
    closing the window (``maybe_leave``) ask first.
    """

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        assert ctx.session is not None
        self.service = PartnerService(ctx.session)
        self.confirm: Callable[[str, str], bool] = lambda title, text: ask_yes_no(
            self, title, text
        )
        self.ask_unsaved: Callable[[str], UnsavedAnswer] = lambda what: ask_unsaved(self, what)
        self._partner: Partner | None = None
        self._structure_id = ctx.current_structure_id()
        self._loading = False
        self._dirty = False
        layout = QVBoxLayout(self)
        heading = QLabel("Partenaires")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        intro = QLabel(
            "Les structures avec qui vous répondez en groupement ou en sous-traitance. "
            "Ajoutez-les ensuite au groupement d'un dossier depuis l'onglet « Groupement »."
        )
        intro.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(intro)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_editor())
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 900])
        layout.addWidget(self.splitter, 1)
        self.refresh()

    # --- building ---------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search_edit = line_edit("Rechercher (nom, savoir-faire, territoire…)")
        self.search_edit.setAccessibleName("Rechercher un partenaire")
        self.search_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Liste des partenaires")
        self.list.setSpacing(2)
        self.empty_label = QLabel(
            "Aucun partenaire pour l'instant : cliquez sur « Nouveau partenaire »."
        )
        self.empty_label.setWordWrap(True)
        self.new_button = QPushButton("&Nouveau partenaire")
        self.new_button.setAccessibleName("Nouveau partenaire")
        self.delete_button = QPushButton("Supprimer")
        self.delete_button.setAccessibleName("Supprimer le partenaire")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.search_edit.textChanged.connect(lambda _t: self._fill_list())
        self.list.currentItemChanged.connect(self._on_current)
        self.new_button.clicked.connect(self.new_partner)
        self.delete_button.clicked.connect(self.delete_partner)
        return panel

    def _build_editor(self) -> QWidget:
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        form_widget = QWidget()
        # Two columns when they fit side by side, else one under the other (1024 px window):
        # never a horizontal scroll bar hiding the ESS statuses.
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, form_widget)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self._columns = columns
        self._column_layouts = (left, right)

        identity = QGroupBox("Identité")
        form = new_form()
        e = self.errors
        self.name_edit = line_edit("Nom de la structure partenaire")
        self.legal_form_combo = enum_combo(LegalForm)
        self.siret_edit = line_edit("14 chiffres, par exemple 838 765 212 00017")
        self.territory_edit = line_edit("Par exemple : bassin alésien, Cévennes")
        add_row(form, "&Nom :", self.name_edit, e, "name")
        add_row(form, "Forme &juridique :", self.legal_form_combo, e, "legal_form")
        self.siret_error = add_row(
            form, "&SIRET :", self.siret_edit, e, "siret",
            tooltip="Vérifié pendant la saisie (clé de contrôle INSEE).")
        add_row(form, "&Territoire :", self.territory_edit, e, "territory")
        identity.setLayout(form)

        address = QGroupBox("Adresse et contact")
        form = new_form()
        self.place = AddressContactEdits.create("Par exemple : gérante")
        (self.street_edit, self.postcode_edit, self.city_edit, self.contact_name_edit,
         self.contact_role_edit, self.email_edit, self.phone_edit) = self.place.all()
        self.place.add_address_rows(form, e)
        self.place.add_contact_rows(form, e, "&Contact :")
        address.setLayout(form)

        skills = QGroupBox("Savoir-faire et familles d'achats (un par ligne)")
        self.skills_edit = QPlainTextEdit()
        self.skills_edit.setAccessibleName("Savoir-faire, un par ligne")
        self.skills_edit.setTabChangesFocus(True)
        self.skills_edit.setFixedHeight(90)
        QVBoxLayout(skills).addWidget(self.skills_edit)

        notes = QGroupBox("Notes")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName("Notes sur le partenaire")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(90)
        QVBoxLayout(notes).addWidget(self.notes_edit)

        statuses = QGroupBox("Statuts et agréments de l'ESS")
        grid = QGridLayout(statuses)
        self.status_checks = ess_status_checks()
        for index, check in enumerate(self.status_checks.values()):
            grid.addWidget(check, index, 0)
        past = QGroupBox("Groupements déjà formés ensemble")
        self.past_list = QListWidget()
        self.past_list.setAccessibleName("Groupements déjà formés avec ce partenaire")
        self.past_list.setWordWrap(True)
        self.past_list.setFixedHeight(110)
        QVBoxLayout(past).addWidget(self.past_list)

        align_labels(identity, address)
        for box in (identity, address, skills):
            left.addWidget(box)
        left.addStretch(1)
        for box in (statuses, notes, past):
            right.addWidget(box)
        right.addStretch(1)

        scroll = _ReflowScrollArea(self._reflow)
        self.editor_scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(form_widget)

        footer = QFrame()
        footer.setFrameShape(QFrame.Shape.StyledPanel)
        self.dirty_label = QLabel()
        self.dirty_label.setStyleSheet("color: #9a5b00; font-weight: bold;")
        self.dirty_label.setAccessibleName("État de l'enregistrement")
        self.revert_button = QPushButton("Annuler les modifications")
        self.revert_button.setAccessibleName("Annuler les modifications du partenaire")
        self.save_button = QPushButton("&Enregistrer")
        self.save_button.setAccessibleName("Enregistrer le partenaire")
        self.save_button.setToolTip("Enregistrer le partenaire (Ctrl+S)")
        self.save_action = QAction("Enregistrer", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.save_action)
        row = QHBoxLayout(footer)
        row.addWidget(self.dirty_label, 1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)

        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.general_error)
        layout.addWidget(scroll, 1)
        layout.addWidget(footer)
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
        return editor

    def _reflow(self) -> None:
        """One column when the two do not fit in the editor's width, else two."""
        if not hasattr(self, "_columns"):
            return
        left, right = self._column_layouts
        margins = self._columns.contentsMargins()
        needed = (left.sizeHint().width() + right.sizeHint().width() + self._columns.spacing()
                  + margins.left() + margins.right())
        wide = self.editor_scroll.viewport().width() >= needed
        direction = (QBoxLayout.Direction.LeftToRight if wide
                     else QBoxLayout.Direction.TopToBottom)
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    # --- list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the page is shown: follow a change of structure (after asking
        about unsaved edits), then reload the list."""
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
            self.past_list.clear()
            past = self.service.past_groupements(partner) if partner else []
            for entry in past:
                self.past_list.addItem(entry.text())
            if not past:
                self.past_list.addItem("Aucun groupement pour l'instant.")
            for edit in self.findChildren(QLineEdit):
                edit.setCursorPosition(0)  # long texts show their beginning, not their end
            self.errors.clear_all()
        finally:
            self._loading = False
        self.set_dirty(False)
        self.delete_button.setEnabled(partner is not None and partner.id is not None)

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
        name = self._partner.name if self._partner else NEW_NAME
        answer = self.ask_unsaved(name)
        if answer == "cancel":
            return False
        if answer == "save":
            return self.save()
        self.load(self._partner)  # discard: show the stored partner again
        return True

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
    def save(self) -> bool:
        """Save through the service; on refusal show each message under its field."""
        try:
            saved = self.service.save(self.to_data())
        except InvalidInput as exc:
            self.errors.show(exc.messages)
            self.status_message.emit(
                "Partenaire non enregistré : corrigez les champs signalés en rouge.")
            return False
        except StaleWrite as exc:
            return self._resolve_stale(exc)
        except WorkspaceError as exc:
            self.errors.show({"": str(exc)})
            return False
        self.load(saved)
        self._fill_list()
        self.status_message.emit(f"Partenaire « {saved.name} » enregistré.")
        return True

    def _resolve_stale(self, exc: StaleWrite) -> bool:
        """Saved elsewhere since it was opened: reload the partner, or overwrite it."""
        from ..dialogs.stale import ask_stale

        ask = getattr(self, "ask_stale", None) or (lambda what: ask_stale(self, what))
        held = self._partner
        answer = ask(held.name if held is not None else "")
        stored = self.service.session.partners.get(exc.item_id)
        if answer == "reload" and stored is not None:
            self.load(stored)
            return False
        if answer == "overwrite" and held is not None and stored is not None:
            held.row_version = stored.row_version  # saved over the stored version
            return self.save()
        self.errors.show({"": str(exc)})
        return False

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
        if not self.confirm(
            "Supprimer le partenaire",
            f"Supprimer « {self._partner.name} » du carnet ? Les groupements déjà formés "
            "gardent ses coordonnées.",
        ):
            return
        removed = self.service.delete(self._partner.id)
        self._partner = None
        self.load(None)
        self._fill_list()
        self.status_message.emit(f"Partenaire « {removed.name} » supprimé.")
