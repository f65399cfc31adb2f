"""The widgets of « Partenaires » (layout only): the searchable list on the left, the editor
on the right in one or two columns (whichever fits), and the save footer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QListWidget,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...widgets import make
from ...widgets.address_fields import AddressContactEdits, ess_status_checks
from ...widgets.editor_parts import save_footer
from ...widgets.errors import ErrorLabel, FormErrors
from ...widgets.forms import add_row, align_labels, new_form

INTRO = ("Les structures avec qui vous répondez en groupement ou en sous-traitance. "
         "Ajoutez-les ensuite au groupement d'un dossier depuis l'onglet « Groupement ».")


class _ReflowScrollArea(QScrollArea):
    """A scroll area that calls ``on_resize`` when its width changes."""

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__()
        self._on_resize = on_resize

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        """Let the page choose one or two columns for the new width."""
        super().resizeEvent(event)
        self._on_resize()


class PartnersView(QWidget):
    """The page's widgets; ``PartnersPage`` fills them and reacts to them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_editor())
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 900])
        layout = make.column(make.label("Partenaires", role="title", wrap=False),
                             make.label(INTRO), self.splitter, parent=self)
        layout.setStretchFactor(self.splitter, 1)

    def _build_list(self) -> QWidget:
        self.search_edit = make.line_edit(placeholder="Rechercher (nom, savoir-faire, territoire…)")
        self.search_edit.setAccessibleName("Rechercher un partenaire")
        self.search_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Liste des partenaires")
        self.list.setSpacing(2)
        self.empty_label = make.label(
            "Aucun partenaire pour l'instant : cliquez sur « Nouveau partenaire ».")
        self.new_button = make.button("&Nouveau partenaire", name="Nouveau partenaire")
        self.delete_button = make.button("Supprimer", name="Supprimer le partenaire")
        panel = QWidget()
        layout = make.column(self.search_edit, self.list, self.empty_label,
                             make.row(self.new_button, self.delete_button, margins=True),
                             parent=panel, margins=False)
        layout.setStretchFactor(self.list, 1)
        return panel

    def _build_identity(self) -> QGroupBox:
        self.name_edit = make.line_edit(placeholder="Nom de la structure partenaire")
        # Filled by the page with the legal forms; long ones must not widen the whole form.
        self.legal_form_combo = make.combo("", length=10)
        self.siret_edit = make.line_edit(placeholder="14 chiffres, par exemple 838 765 212 00017")
        self.territory_edit = make.line_edit(placeholder="Par exemple : bassin alésien, Cévennes")
        form = new_form()
        e = self.errors
        add_row(form, "&Nom :", self.name_edit, e, "name")
        add_row(form, "Forme &juridique :", self.legal_form_combo, e, "legal_form")
        self.siret_error = add_row(
            form, "&SIRET :", self.siret_edit, e, "siret",
            tooltip="Vérifié pendant la saisie (clé de contrôle INSEE).")
        add_row(form, "&Territoire :", self.territory_edit, e, "territory")
        box = QGroupBox("Identité")
        box.setLayout(form)
        return box

    def _build_address(self) -> QGroupBox:
        self.place = AddressContactEdits.create("Par exemple : gérante")
        (self.street_edit, self.postcode_edit, self.city_edit, self.contact_name_edit,
         self.contact_role_edit, self.email_edit, self.phone_edit) = self.place.all()
        form = new_form()
        self.place.add_address_rows(form, self.errors)
        self.place.add_contact_rows(form, self.errors, "&Contact :")
        box = QGroupBox("Adresse et contact")
        box.setLayout(form)
        return box

    def _build_statuses(self) -> QGroupBox:
        box = QGroupBox("Statuts et agréments de l'ESS")
        grid = QGridLayout(box)
        self.status_checks = ess_status_checks()
        for index, check in enumerate(self.status_checks.values()):
            grid.addWidget(check, index, 0)
        return box

    def _build_columns(self) -> QWidget:
        # Two columns when they fit side by side, else one under the other (1024 px window):
        # never a horizontal scroll bar hiding the ESS statuses.
        form_widget = QWidget()
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, form_widget)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self._columns = columns
        self._column_layouts = (left, right)
        identity, address = self._build_identity(), self._build_address()
        self.skills_edit = make.text_area(name="Savoir-faire, un par ligne", height=90)
        self.notes_edit = make.text_area(name="Notes sur le partenaire", height=90)
        self.past_list = QListWidget()
        self.past_list.setAccessibleName("Groupements déjà formés avec ce partenaire")
        self.past_list.setWordWrap(True)
        self.past_list.setFixedHeight(110)
        align_labels(identity, address)
        for box in (identity, address,
                    make.group("Savoir-faire et familles d'achats (un par ligne)",
                               self.skills_edit)):
            left.addWidget(box)
        left.addStretch(1)
        for box in (self._build_statuses(), make.group("Notes", self.notes_edit),
                    make.group("Groupements déjà formés ensemble", self.past_list)):
            right.addWidget(box)
        right.addStretch(1)
        return form_widget

    def _build_editor(self) -> QWidget:
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        scroll = _ReflowScrollArea(self._reflow)
        self.editor_scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self._build_columns())
        footer = save_footer(self, "le partenaire", lambda: None, lambda: None, wrap=False)
        self.dirty_label = footer.dirty_label
        self.revert_button = footer.revert_button
        self.revert_button.setAccessibleName("Annuler les modifications du partenaire")
        self.save_button = footer.save_button
        self.save_action = footer.save_action
        editor = QWidget()
        layout = make.column(self.general_error, scroll, footer.frame, parent=editor,
                             margins=False)
        layout.setStretchFactor(scroll, 1)
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
