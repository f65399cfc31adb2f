"""The « Groupement » tab of a dossier: members, répartition per lot, sub-contractors, powers,
payment, checks, and the convention / DC1 documents.

Every valid change is saved at once through ``GroupementService`` (nothing to forget when the
user switches dossier); an invalid one (an empty prestation, « douze » as an amount) is shown
in red under its table and not saved until corrected. Checks are recomputed live from the
domain (``check_groupement``); the pieces each member still owes are read from the checklist
when the dossier is shown or saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.checklist import slug
from ...domain.common import InvalidInput, french_errors
from ...domain.enums import GroupementForm
from ...domain.groupement import (
    FORM_LABELS,
    PAYMENT_LABELS,
    POWER_LABELS,
    Check,
    Groupement,
    PaymentMode,
    Severity,
    amount_of,
    check_groupement,
    form_label,
    format_eur,
    format_share,
    lot_name,
    parse_amount,
    share_of,
)
from ...domain.tender import Tender
from ...services.groupement import GroupementService, direct_payment_threshold
from ...services.partners import PartnerService
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..dialogs.confirm import ask_yes_no
from ..tasks import Task, start
from ..widgets import groupement_form_help as form_help
from ..widgets.combos import set_combo_value
from ..widgets.errors import ERROR_COLOR, ErrorLabel
from ..widgets.help_button import help_line

ChooseSavePath = Callable[[str, str], "Path | None"]
#: The answer about unsaved (invalid) edits: « Abandonner » → ``"discard"``, « Corriger » →
#: ``"cancel"``; ``"save"`` (a scripted answer) saves when the edits have become valid.
UnsavedAnswer = Literal["save", "discard", "cancel"]
INVALID_TEXT = "Modification non enregistrée : corrigez le message en rouge."
UID_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_COLORS = {
    Severity.ERROR: ERROR_COLOR,
    Severity.WARNING: "#9a5b00",
    Severity.INFO: "#2f5d8a",
}
R_PRESTATION, R_MEMBER, R_AMOUNT, R_SHARE = range(4)
S_NAME, S_SIRET, S_MEMBER, S_LOT, S_PRESTATIONS, S_AMOUNT, S_DIRECT = range(7)


def _default_save_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, "Document Word (*.docx)")
    return Path(name) if name else None


def ask_invalid_edits(parent: QWidget | None, what: str) -> UnsavedAnswer:
    """« Corriger / Abandonner les modifications » for groupement edits that cannot be saved
    yet (they do not pass the checks)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Groupement non enregistré")
    box.setText(f"Les modifications du groupement de « {what} » ne sont pas enregistrées : "
                "elles contiennent une erreur.")
    box.setInformativeText("Corrigez le message en rouge pour les enregistrer, ou abandonnez-les.")
    fix = box.addButton("Corriger", QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton("Abandonner les modifications",
                            QMessageBox.ButtonRole.DestructiveRole)
    fix.setAccessibleName("Corriger les modifications du groupement")
    discard.setAccessibleName("Abandonner les modifications du groupement")
    box.setDefaultButton(fix)
    box.exec()
    return "discard" if box.clickedButton() is discard else "cancel"


@contextmanager
def _signals_blocked(widget: QWidget) -> Iterator[None]:
    """Block ``widget``'s signals inside the block, and always unblock them after."""
    was = widget.blockSignals(True)
    try:
        yield
    finally:
        widget.blockSignals(was)


def _item(text: str, *, editable: bool = True, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


def _plain_amount(value: Decimal) -> str:
    """« 62000,00 »: what the user types back (no grouping spaces, decimal comma)."""
    return f"{value:.2f}".replace(".", ",")


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users reach the buttons
    table.setMinimumHeight(120)
    return table


def _button(text: str, name: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    if tip:
        button.setToolTip(tip)
    return button


class GroupementTab(QWidget):
    """Builds the groupement of the dossier shown (see the module docstring).

    Injectable hooks for tests: ``choose_save_path(title, suggested_name) -> Path | None``,
    ``confirm(title, text) -> bool`` and ``ask_unsaved(what)`` → ``"discard" | "cancel"``
    (asked by ``maybe_leave`` when edits that do not pass validation would be lost).
    """

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        assert ctx.session is not None
        self.service = GroupementService(ctx.session)
        self.partners = PartnerService(ctx.session)
        self.choose_save_path: ChooseSavePath = (
            lambda title, name: _default_save_path(self, title, name)
        )
        self.confirm: Callable[[str, str], bool] = lambda title, text: ask_yes_no(
            self, title, text
        )
        self.ask_unsaved: Callable[[str], UnsavedAnswer] = (
            lambda what: ask_invalid_edits(self, what)
        )
        self.tender: Tender | None = None
        self.groupement: Groupement | None = None
        self._pending = False  # edits shown in the widgets but not saved (invalid)
        self._missing: dict[str, list[str]] = {}
        self._loading = False
        self._lot = 0
        self._threshold = direct_payment_threshold()
        self._task: Task | None = None
        self.last_document: Path | None = None
        self._build()
        self.set_tender(None)

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.alone_box = QWidget()
        alone = QVBoxLayout(self.alone_box)
        self.alone_label = QLabel()
        self.alone_label.setWordWrap(True)
        self.start_button = _button(
            "Former un groupement", "Former un groupement",
            "Répondre à plusieurs : votre structure devient mandataire, ajoutez ensuite vos "
            "partenaires.")
        self.start_button.clicked.connect(self.start)
        alone.addWidget(self.alone_label)
        alone.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        alone.addStretch(1)
        outer.addWidget(self.alone_box)

        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.addWidget(self._build_members())
        body.addWidget(self._build_repartition())
        body.addWidget(self._build_subcontractors())
        body.addWidget(self._build_powers())
        body.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(self.content)

        # The checks and the document buttons stay in view under the scrolled sections: the
        # user sees at once what a change fixed or broke.
        self.main_box = QWidget()
        main = QVBoxLayout(self.main_box)
        main.setContentsMargins(0, 0, 0, 0)
        main.addWidget(self.scroll_area, 1)
        main.addWidget(self._build_checks())
        outer.addWidget(self.main_box, 1)

    def _build_members(self) -> QGroupBox:
        box = QGroupBox("Membres et forme du groupement")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        form_label_widget = QLabel("&Forme :")
        self.form_combo = QComboBox()
        self.form_combo.setAccessibleName("Forme du groupement")
        for form in (GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE, GroupementForm.CONJOINT,
                     GroupementForm.SOLIDAIRE):
            self.form_combo.addItem(FORM_LABELS[form], form)
        # No form until the user picks one (see widgets/groupement_form_help.py).
        self.form_combo.setPlaceholderText(form_help.PLACEHOLDER)
        form_label_widget.setBuddy(self.form_combo)
        self.rc_form_label = QLabel()
        self.rc_form_label.setWordWrap(True)
        self.rc_form_label.setStyleSheet("color: #555;")
        self.steps_label = QLabel(form_help.STEPS_TEXT)
        self.steps_label.setWordWrap(True)
        self.form_help_label = QLabel()
        self.form_help_label.setWordWrap(True)
        self.form_help_label.setAccessibleName("Explication de la forme du groupement")
        self.form_help_label.setStyleSheet(
            "QLabel { background: #e8f1fb; padding: 4px 6px; border-radius: 3px; }")
        layout.addWidget(self.steps_label)
        row.addWidget(form_label_widget)
        row.addWidget(self.form_combo)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.rc_form_label)
        layout.addWidget(self.form_help_label)
        layout.addWidget(help_line("Groupement conjoint", "Groupement solidaire",
                                   "Mandataire solidaire"))
        self.members_table = _table(["Membre", "SIRET", "Rôle"], "Membres du groupement")
        self.members_table.setToolTip("Cochez les lots auxquels chaque membre se présente.")
        layout.addWidget(self.members_table)
        # Written into the convention for the selected member: where the signatory's power
        # comes from, and for an ESAT the organisme gestionnaire that signs for it.
        extra = QHBoxLayout()
        self.authority_edit = QLineEdit()
        self.authority_edit.setAccessibleName("Pouvoir du signataire du membre sélectionné")
        self.authority_edit.setPlaceholderText("statuts, délibération du …, délégation …")
        self.managing_edit = QLineEdit()
        self.managing_edit.setAccessibleName("Organisme gestionnaire de l'ESAT sélectionné")
        self.managing_edit.setPlaceholderText("pour un ESAT : l'association qui le gère")
        authority_label = QLabel("Pou&voir du signataire :")
        authority_label.setBuddy(self.authority_edit)
        managing_label = QLabel("Organisme &gestionnaire :")
        managing_label.setBuddy(self.managing_edit)
        for widget, stretch in ((authority_label, 0), (self.authority_edit, 3),
                                (managing_label, 0), (self.managing_edit, 2)):
            extra.addWidget(widget, stretch)
        layout.addLayout(extra)
        buttons = QHBoxLayout()
        self.partner_combo = QComboBox()
        self.partner_combo.setAccessibleName("Partenaire à ajouter")
        self.partner_combo.setToolTip("Les structures de votre carnet « Partenaires ».")
        self.partner_combo.setMinimumContentsLength(18)
        self.partner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.add_button = _button("&Ajouter", "Ajouter le partenaire au groupement")
        self.mandataire_button = _button(
            "Désigner &mandataire", "Désigner le membre sélectionné mandataire",
            "Le mandataire représente le groupement et coordonne les membres (R2142-24).")
        self.remove_button = _button("&Retirer", "Retirer le membre sélectionné du groupement")
        self.dissolve_button = _button(
            "Répondre seul", "Dissoudre le groupement",
            "Supprimer le groupement : votre structure répond seule.")
        add_label = QLabel("Ajouter un &partenaire :")
        add_label.setBuddy(self.partner_combo)
        buttons.addWidget(add_label)
        buttons.addWidget(self.partner_combo, 1)
        buttons.addWidget(self.add_button)
        layout.addLayout(buttons)
        actions = QHBoxLayout()
        actions.addWidget(self.mandataire_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.dissolve_button)
        layout.addLayout(actions)
        self.members_error = ErrorLabel()
        layout.addWidget(self.members_error)
        self.form_combo.activated.connect(lambda _i: self._form_chosen())
        self.members_table.itemChanged.connect(self._on_member_item)
        self.members_table.currentCellChanged.connect(
            lambda row, _c, _pr, _pc: self._show_member_extra(row))
        self.authority_edit.editingFinished.connect(self._on_member_extra)
        self.managing_edit.editingFinished.connect(self._on_member_extra)
        self.add_button.clicked.connect(self.add_partner)
        self.mandataire_button.clicked.connect(self.set_mandataire)
        self.remove_button.clicked.connect(self.remove_member)
        self.dissolve_button.clicked.connect(self.dissolve)
        return box

    def _build_repartition(self) -> QGroupBox:
        box = QGroupBox("Répartition des prestations")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        lot_label = QLabel("&Lot :")
        self.lot_combo = QComboBox()
        self.lot_combo.setAccessibleName("Lot dont la répartition est affichée")
        self.lot_combo.setMinimumContentsLength(22)
        self.lot_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        lot_label.setBuddy(self.lot_combo)
        total_label = QLabel("Montant du lot (€ HT) :")
        self.lot_total_edit = QLineEdit()
        self.lot_total_edit.setAccessibleName("Montant de l'offre du groupement pour ce lot, € HT")
        self.lot_total_edit.setToolTip(
            "Le prix de l'offre du groupement pour ce lot : les montants des lignes doivent "
            "l'atteindre au centime près.")
        self.lot_total_edit.setMaximumWidth(140)
        total_label.setBuddy(self.lot_total_edit)
        row.addWidget(lot_label)
        row.addWidget(self.lot_combo, 1)
        row.addWidget(total_label)
        row.addWidget(self.lot_total_edit)
        layout.addLayout(row)
        self.rows_table = _table(
            ["Prestation", "Membre", "Montant € HT", "Part %"], "Répartition du lot")
        self.rows_table.setToolTip(
            "Tapez un montant : la part suit ; tapez une part : le montant suit.")
        header = self.rows_table.horizontalHeader()
        header.setSectionResizeMode(R_PRESTATION, QHeaderView.ResizeMode.Stretch)
        for col, width in ((R_MEMBER, 215), (R_AMOUNT, 115), (R_SHARE, 65)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.rows_table.setColumnWidth(col, width)
        # Room for four lines at least: a one-row table hid the répartition being typed.
        self.rows_table.setMinimumHeight(
            self.rows_table.horizontalHeader().sizeHint().height()
            + 4 * self.rows_table.verticalHeader().defaultSectionSize() + 6)
        layout.addWidget(self.rows_table)
        buttons = QHBoxLayout()
        self.add_row_button = _button("Ajouter une l&igne", "Ajouter une prestation au lot")
        self.remove_row_button = _button(
            "Supprimer la ligne", "Supprimer la prestation sélectionnée")
        self.lot_totals_label = QLabel()
        self.lot_totals_label.setAccessibleName("Totaux du lot")
        buttons.addWidget(self.add_row_button)
        buttons.addWidget(self.remove_row_button)
        buttons.addStretch(1)
        buttons.addWidget(self.lot_totals_label)
        layout.addLayout(buttons)
        self.lot_error = ErrorLabel()
        layout.addWidget(self.lot_error)
        self.member_totals_label = QLabel()
        self.member_totals_label.setWordWrap(True)
        self.member_totals_label.setAccessibleName("Totaux par membre")
        layout.addWidget(self.member_totals_label)
        self.lot_combo.currentIndexChanged.connect(self._on_lot_changed)
        self.lot_total_edit.editingFinished.connect(self._on_lot_total)
        self.rows_table.itemChanged.connect(self._on_row_item)
        self.add_row_button.clicked.connect(self.add_row)
        self.remove_row_button.clicked.connect(self.remove_row)
        return box

    def _build_subcontractors(self) -> QGroupBox:
        box = QGroupBox("Sous-traitants (un DC4 chacun)")
        layout = QVBoxLayout(box)
        self.subs_table = _table(
            ["Sous-traitant", "SIRET", "Déclaré par", "Lot", "Prestations", "Montant € TTC",
             "Paiement direct"], "Sous-traitants")
        self.subs_table.setMinimumHeight(90)
        self.subs_table.horizontalHeader().setSectionResizeMode(
            S_PRESTATIONS, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.subs_table)
        buttons = QHBoxLayout()
        self.add_sub_button = _button("Ajouter un sous-traitant", "Ajouter un sous-traitant")
        self.remove_sub_button = _button(
            "Supprimer le sous-traitant", "Supprimer le sous-traitant sélectionné")
        buttons.addWidget(self.add_sub_button)
        buttons.addWidget(self.remove_sub_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.subs_error = ErrorLabel()
        layout.addWidget(self.subs_error)
        self.subs_table.itemChanged.connect(lambda _item: self._edited())
        self.add_sub_button.clicked.connect(self.add_subcontractor)
        self.remove_sub_button.clicked.connect(self.remove_subcontractor)
        return box

    def _build_powers(self) -> QGroupBox:
        box = QGroupBox("Pouvoirs du mandataire et paiement")
        grid = QGridLayout(box)
        self.power_boxes: dict[str, QCheckBox] = {}
        for index, (key, text) in enumerate(POWER_LABELS.items()):
            check = QCheckBox(text[0].upper() + text[1:])
            check.setAccessibleName(f"Pouvoir du mandataire : {text}")
            check.toggled.connect(lambda _on: self._edited())
            self.power_boxes[key] = check
            grid.addWidget(check, index, 0, 1, 2)
        pay_label = QLabel("Pai&ement :")
        self.payment_combo = QComboBox()
        self.payment_combo.setAccessibleName("Mode de paiement du groupement")
        # None: the form's default (conjoint → each member paid, solidaire → one account).
        self.payment_combo.addItem(
            "Selon la forme : séparé si conjoint, compte unique si solidaire", None)
        for mode in PaymentMode:
            self.payment_combo.addItem(PAYMENT_LABELS[mode], mode)
        pay_label.setBuddy(self.payment_combo)
        self.payment_combo.activated.connect(lambda _i: self._edited())
        grid.addWidget(pay_label, len(POWER_LABELS), 0)
        grid.addWidget(self.payment_combo, len(POWER_LABELS), 1)
        grid.setColumnStretch(1, 1)
        return box

    def _build_checks(self) -> QWidget:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        columns = QHBoxLayout(panel)
        left = QVBoxLayout()
        layout = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(layout)
        heading = QLabel("Vérifications")
        heading.setStyleSheet("font-weight: bold;")
        self.checks_list = QListWidget()
        self.checks_list.setAccessibleName("Vérifications du groupement")
        self.checks_list.setWordWrap(True)
        self.checks_list.setAlternatingRowColors(True)
        self.checks_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checks_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.generate_reason = QLabel()
        self.generate_reason.setWordWrap(True)
        self.generate_reason.setStyleSheet(f"color: {ERROR_COLOR};")
        self.convention_button = _button(
            "Générer la &convention", "Générer la convention de groupement",
            "Convention de groupement au format Word, modifiable ensuite.")
        self.dc1_button = _button(
            "Générer le tableau &DC1", "Générer le tableau DC1",
            "Rubriques D, E et G du DC1 (ou du DUME) et fiche contacts du groupement.")
        self.dc4_button = _button(
            "Générer le D&C4", "Générer la déclaration de sous-traitance (DC4)",
            "DC4 du sous-traitant sélectionné (ou du seul sous-traitant).")
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: #555;")
        self.saved_label.setWordWrap(True)
        self.checks_list.setFixedHeight(150)
        self.generate_reason.setMaximumWidth(230)
        self.saved_label.setMaximumWidth(230)
        left.addWidget(heading)
        left.addWidget(self.checks_list, 1)
        layout.addWidget(self.convention_button)
        layout.addWidget(self.dc1_button)
        layout.addWidget(self.dc4_button)
        layout.addWidget(self.generate_reason)
        layout.addWidget(self.saved_label)
        layout.addStretch(1)
        self.convention_button.clicked.connect(lambda: self.generate("convention"))
        self.dc1_button.clicked.connect(lambda: self.generate("dc1"))
        self.dc4_button.clicked.connect(lambda: self.generate("dc4"))
        return panel

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

    # --- unsaved edits ----------------------------------------------------------------------
    def is_dirty(self) -> bool:
        """True when the widgets hold edits not saved (they do not pass validation yet)."""
        return self._pending

    def maybe_leave(self) -> bool:
        """Before these edits would be lost: ask « Corriger » (False: stay) or « Abandonner
        les modifications » (the stored groupement is shown again)."""
        if not self._pending:
            return True
        answer = self.ask_unsaved(self.tender.title if self.tender else "Groupement")
        if answer == "save":
            self._edited()
            return not self._pending
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
            self._fill_form()
            self._fill_members()
            self._fill_partner_combo()
            self._fill_lot_combo()
            self._fill_rows()
            self._fill_subs()
            for key, check in self.power_boxes.items():
                check.setChecked(bool(getattr(self.groupement.powers, key)))
            set_combo_value(self.payment_combo, self.groupement.payment)
        finally:
            self._loading = False
        self._refresh_derived()

    def _form_is_chosen(self) -> bool:
        session = self.ctx.session
        tender_id = self.tender.id if self.tender is not None else None
        return (session is not None and tender_id is not None
                and session.ws.setting(form_help.chosen_key(tender_id)) == "1")

    def _form_chosen(self) -> None:
        """The user picked a form: remember it, explain it, save."""
        session = self.ctx.session
        if session is not None and self.tender is not None and self.tender.id is not None:
            session.ws.set_setting(form_help.chosen_key(self.tender.id), "1")
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
        rc = self.tender.groupement_form
        if rc is None:
            text = "Le règlement de consultation n'impose pas de forme."
        elif rc == GroupementForm.LIBRE:
            text = "Le règlement de consultation laisse la forme libre."
        else:
            text = f"Le règlement de consultation demande : {form_label(rc).lower()}."
        self.rc_form_label.setText(text)

    def _fill_members(self) -> None:
        assert self.groupement is not None
        lots = self._lot_numbers()
        table = self.members_table
        table.setColumnCount(3 + len(lots))
        table.setHorizontalHeaderLabels(
            ["Membre", "SIRET", "Rôle", *(f"Lot {n}" if n else "Marché" for n in lots)])
        table.setRowCount(len(self.groupement.members))
        for row, member in enumerate(self.groupement.members):
            name = _item(member.name, editable=False, tip=member.address.one_line())
            name.setData(UID_ROLE, member.uid)
            table.setItem(row, 0, name)
            table.setItem(row, 1, _item(member.siret or "—", editable=False))
            role = _item(member.role, editable=False)
            if member.is_mandataire:
                font = role.font()
                font.setBold(True)
                role.setFont(font)
            table.setItem(row, 2, role)
            for col, number in enumerate(lots, start=3):
                check = _item("", editable=False, tip=f"{member.name} se présente au "
                              f"{lot_name(number)}")
                check.setFlags(check.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                check.setCheckState(
                    Qt.CheckState.Checked if number in member.lots else Qt.CheckState.Unchecked)
                table.setItem(row, col, check)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, table.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        table.setFixedHeight(
            table.horizontalHeader().height() + 8
            + sum(table.rowHeight(r) for r in range(table.rowCount())) + 2)
        self._show_member_extra(table.currentRow())

    def _fill_partner_combo(self) -> None:
        assert self.groupement is not None
        taken = {m.partner_id for m in self.groupement.members if m.partner_id is not None}
        sirets = {m.siret for m in self.groupement.members if m.siret}
        self.partner_combo.clear()
        sid = self.tender.structure_id if self.tender else None
        for partner in self.partners.list(sid):
            if partner.id in taken or (partner.siret and partner.siret in sirets):
                continue
            self.partner_combo.addItem(partner.name, partner.id)
        empty = self.partner_combo.count() == 0
        if empty:
            self.partner_combo.addItem("Aucun autre partenaire dans le carnet", None)
        self.partner_combo.setEnabled(not empty)
        self.add_button.setEnabled(not empty)

    def _fill_lot_combo(self) -> None:
        assert self.tender is not None
        with _signals_blocked(self.lot_combo):
            self.lot_combo.clear()
            titles = {lot.number: lot.title for lot in self.tender.lots}
            for number in self._lot_numbers():
                text = f"Lot {number} — {titles[number]}" if number else "Marché non alloti"
                self.lot_combo.addItem(text, number)
            numbers = self._lot_numbers()
            if self._lot not in numbers:
                self._lot = numbers[0]
            self.lot_combo.setCurrentIndex(numbers.index(self._lot))

    def _member_combo(self, uid: str, name: str) -> QComboBox:
        assert self.groupement is not None
        combo = QComboBox()
        combo.setAccessibleName(name)
        for member in self.groupement.members:
            combo.addItem(member.name, member.uid)
        set_combo_value(combo, uid)
        combo.activated.connect(lambda _i: self._edited())
        return combo

    def _fill_rows(self) -> None:
        assert self.groupement is not None
        lot = self.groupement.lot(self._lot)
        self.lot_total_edit.setText(_plain_amount(lot.total_ht) if lot else "0,00")
        rows = lot.rows if lot else []
        table = self.rows_table
        with _signals_blocked(table):
            table.setRowCount(len(rows))
            for index, row in enumerate(rows):
                table.setItem(index, R_PRESTATION, _item(row.prestation))
                table.setCellWidget(
                    index, R_MEMBER,
                    self._member_combo(row.member,
                                       f"Membre qui réalise la prestation {index + 1}"))
                amount = _item(_plain_amount(row.amount_ht))
                amount.setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(index, R_AMOUNT, amount)
                share = _item(f"{row.share:.2f}".replace(".", ","))
                share.setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(index, R_SHARE, share)
        self._fit_rows()

    def _fit_rows(self) -> None:
        # The répartition shows all its lines (a lot has a handful): no inner scrolling.
        table = self.rows_table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(table.horizontalHeader().height() + max(rows, 60) + 6)

    def _fill_subs(self) -> None:
        assert self.groupement is not None
        table = self.subs_table
        with _signals_blocked(table):
            table.setRowCount(len(self.groupement.subcontractors))
            for index, sub in enumerate(self.groupement.subcontractors):
                table.setItem(index, S_NAME, _item(sub.name))
                table.setItem(index, S_SIRET, _item(sub.siret))
                table.setCellWidget(
                    index, S_MEMBER,
                    self._member_combo(sub.member,
                                       f"Membre qui déclare le sous-traitant {index + 1}"))
                table.setItem(index, S_LOT, _item(str(sub.lot) if sub.lot else ""))
                table.setItem(index, S_PRESTATIONS, _item(sub.prestations))
                table.setItem(index, S_AMOUNT, _item(_plain_amount(sub.amount_ttc)))
                direct = sub.direct_payment(self._threshold)
                table.setItem(index, S_DIRECT, _item(
                    "Oui" if direct else "Non", editable=False,
                    tip=f"Paiement direct par l'acheteur dès "
                    f"{format_eur(self._threshold, 'TTC')} (R2193-10)."))

    # --- collecting -------------------------------------------------------------------------
    def _combo_uid(self, table: QTableWidget, row: int, col: int) -> str:
        widget = table.cellWidget(row, col)
        return str(widget.currentData()) if isinstance(widget, QComboBox) else ""

    def _text(self, table: QTableWidget, row: int, col: int) -> str:
        item = table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _number(self, text: str, what: str, errors: dict[str, str], key: str) -> Decimal:
        try:
            return parse_amount(text or "0")
        except ValueError:
            errors[key] = f"{what} : « {text} » n'est pas un nombre (par exemple 12500,50)."
            return Decimal(0)

    def _collect(self) -> dict[str, Any]:
        """The groupement as shown by the widgets, as data; raises ``InvalidInput``."""
        assert self.groupement is not None
        errors: dict[str, str] = {}
        data = self.groupement.model_dump()
        if self.form_combo.currentIndex() >= 0:
            data["form"] = self.form_combo.currentData()
        lots = self._lot_numbers()
        for row, member in enumerate(data["members"]):
            member["lots"] = [
                number for col, number in enumerate(lots, start=3)
                if (item := self.members_table.item(row, col)) is not None
                and item.checkState() == Qt.CheckState.Checked
            ]
        current = self.members_table.currentRow()
        if 0 <= current < len(data["members"]) and self.authority_edit.isEnabled():
            data["members"][current]["authority"] = self.authority_edit.text().strip()
            data["members"][current]["managing_body"] = self.managing_edit.text().strip()
        total = self._number(self.lot_total_edit.text(), "Montant du lot", errors, "lot")
        rows = []
        for index in range(self.rows_table.rowCount()):
            rows.append({
                "prestation": self._text(self.rows_table, index, R_PRESTATION),
                "member": self._combo_uid(self.rows_table, index, R_MEMBER),
                "amount_ht": self._number(self._text(self.rows_table, index, R_AMOUNT),
                                          f"Ligne {index + 1}, montant", errors, "lot"),
                "share": self._number(self._text(self.rows_table, index, R_SHARE),
                                      f"Ligne {index + 1}, part", errors, "lot"),
            })
        others = [r for r in data["repartition"] if r["lot"] != self._lot]
        data["repartition"] = [*others, {"lot": self._lot, "total_ht": total, "rows": rows}]
        subs = []
        for index in range(self.subs_table.rowCount()):
            lot_text = self._text(self.subs_table, index, S_LOT)
            subs.append({
                "name": self._text(self.subs_table, index, S_NAME),
                "siret": self._text(self.subs_table, index, S_SIRET),
                "member": self._combo_uid(self.subs_table, index, S_MEMBER),
                "lot": int(lot_text) if lot_text.isdigit() else 0,
                "prestations": self._text(self.subs_table, index, S_PRESTATIONS),
                "amount_ttc": self._number(self._text(self.subs_table, index, S_AMOUNT),
                                           f"Sous-traitant {index + 1}, montant", errors,
                                           "subcontractors"),
            })
        data["subcontractors"] = subs
        data["powers"] = {k: c.isChecked() for k, c in self.power_boxes.items()}
        data["payment"] = self.payment_combo.currentData()
        if errors:
            raise InvalidInput(errors)
        return data

    # --- editing ----------------------------------------------------------------------------
    def _edited(self) -> None:
        """A widget changed: validate the whole groupement and save it if it is valid."""
        if self._loading or self.groupement is None:
            return
        try:
            data = self._collect()
            groupement = Groupement.model_validate(data)
        except InvalidInput as exc:
            self._pending = True
            self._show_errors(exc.messages)
            return
        except ValidationError as exc:
            self._pending = True
            self._show_errors(french_errors(exc))
            return
        except (ArithmeticError, ValueError) as exc:
            self._pending = True
            self._show_errors({"lot": f"Montant impossible à calculer : {exc}"})
            return
        if not self._save(groupement):
            self._pending = True

    def _show_errors(self, messages: dict[str, str]) -> None:
        members, lot, subs, other = [], [], [], []
        for path, text in messages.items():
            if path.startswith("repartition") or path == "lot":
                lot.append(text)
            elif path.startswith("subcontractors"):
                subs.append(text)
            elif path.startswith("members"):
                members.append(text)
            else:
                other.append(text)
        self.members_error.show_message("\n".join(members + other))
        self.lot_error.show_message("\n".join(lot))
        self.subs_error.show_message("\n".join(subs))
        self.saved_label.setText(INVALID_TEXT)
        self.status_message.emit("Groupement non enregistré : corrigez le message en rouge.")

    def _clear_errors(self) -> None:
        for label in (self.members_error, self.lot_error, self.subs_error):
            label.clear_message()

    def _save(self, groupement: Groupement, *, reload: bool = False) -> bool:
        assert self.tender is not None and self.tender.id is not None
        try:
            self.groupement = self.service.save(self.tender.id, groupement)
        except InvalidInput as exc:
            self._show_errors(exc.messages)
            return False
        except WorkspaceError as exc:
            self._show_errors({"": str(exc)})
            return False
        self._pending = False
        self._clear_errors()
        self._missing = self._read_missing()
        self.saved_label.setText("Modifications enregistrées automatiquement.")
        if reload:
            self._show()
        else:
            self._refresh_derived()
        return True

    def _on_member_item(self, _item: QTableWidgetItem) -> None:
        self._edited()

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

    def _on_lot_changed(self, index: int) -> None:
        if self._loading or index < 0:
            return
        number = int(self.lot_combo.itemData(index))
        # The rows shown are replaced by the other lot's: edits not saved would be lost.
        if not self.maybe_leave():
            with _signals_blocked(self.lot_combo):
                self.lot_combo.setCurrentIndex(self.lot_combo.findData(self._lot))
            return
        self._lot = number
        with _signals_blocked(self.lot_combo):
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
            total = parse_amount(self.lot_total_edit.text() or "0")
        except ValueError:
            self._edited()  # shows the message
            return
        lot = self.groupement.lot(self._lot)
        if lot is not None and lot.total_ht == total:
            return  # focus left the field unchanged: amounts must not be recomputed
        try:
            with _signals_blocked(self.rows_table):
                for index in range(self.rows_table.rowCount()):
                    try:
                        share = parse_amount(self._text(self.rows_table, index, R_SHARE) or "0")
                    except ValueError:
                        continue
                    cell = self.rows_table.item(index, R_AMOUNT)
                    if cell is not None:
                        cell.setText(_plain_amount(amount_of(share, total)))
        except (ArithmeticError, ValueError):
            self._pending = True
            self._show_errors({"lot": f"Montant du lot : « {self.lot_total_edit.text()} » ne "
                                      "permet pas de calculer les montants des lignes."})
            return
        self._edited()

    def _on_row_item(self, item: QTableWidgetItem) -> None:
        """Keep amount and share consistent: the one typed drives the other."""
        if self._loading:
            return
        col = item.column()
        if col in (R_AMOUNT, R_SHARE):
            try:
                total = parse_amount(self.lot_total_edit.text() or "0")
                value = parse_amount(item.text() or "0")
            except ValueError:
                self._edited()
                return
            other_col = R_SHARE if col == R_AMOUNT else R_AMOUNT
            try:
                other = (f"{share_of(value, total):.2f}".replace(".", ",") if col == R_AMOUNT
                         else _plain_amount(amount_of(value, total)))
            except (ArithmeticError, ValueError):
                self._pending = True
                self._show_errors({"lot": f"Ligne {item.row() + 1} : « {item.text()} » ne "
                                          "permet pas de calculer l'autre colonne."})
                return
            with _signals_blocked(self.rows_table):
                cell = self.rows_table.item(item.row(), other_col)
                if cell is None:
                    cell = _item("")
                    self.rows_table.setItem(item.row(), other_col, cell)
                cell.setText(other)
        self._edited()

    # --- actions ----------------------------------------------------------------------------
    def start(self) -> None:
        """Form a groupement: the structure becomes mandataire on every lot."""
        if self.tender is None or self.tender.id is None:
            return
        try:
            self.groupement = self.service.start(self.tender.id)
        except (InvalidInput, WorkspaceError) as exc:
            self.alone_label.setText(str(exc))
            return
        try:
            self.tender = self.service.tender(self.tender.id)
        except (InvalidInput, WorkspaceError) as exc:
            self.alone_label.setText(str(exc))
            return
        self._missing = self._read_missing()
        self._show()
        self.status_message.emit("Groupement formé : ajoutez vos partenaires.")

    def dissolve(self) -> None:
        """Remove the groupement after confirmation."""
        if self.tender is None or self.tender.id is None:
            return
        if not self.confirm(
            "Répondre seul",
            "Supprimer le groupement de ce dossier ? Les membres, la répartition et les "
            "sous-traitants saisis seront effacés.",
        ):
            return
        try:
            self.tender = self.service.dissolve(self.tender.id)
        except (InvalidInput, WorkspaceError) as exc:
            self.members_error.show_message(str(exc))
            return
        self.groupement = None
        self._show()
        self.status_message.emit("Groupement supprimé : votre structure répond seule.")

    def selected_member(self) -> str | None:
        """The uid of the member selected in the members table."""
        row = self.members_table.currentRow()
        item = self.members_table.item(row, 0) if row >= 0 else None
        return str(item.data(UID_ROLE)) if item is not None else None

    def add_partner(self) -> None:
        """Add the partner chosen in the combo, on every lot."""
        partner_id = self.partner_combo.currentData()
        if self.groupement is None or partner_id is None or self.tender is None:
            return
        from ...services.groupement import member_from_partner

        try:
            partner = self.partners.get(int(partner_id))
            member = member_from_partner(partner, self.groupement.new_uid(partner.name),
                                         self._lot_numbers())
            changed = self.groupement.with_member(member)
        except (InvalidInput, WorkspaceError) as exc:
            # Deleted from « Partenaires » meanwhile, say: the list is refreshed.
            self.members_error.show_message(_message_of(exc))
            self.status_message.emit(_message_of(exc))
            self._fill_partner_combo()
            return
        if self._save(changed, reload=True):
            self.status_message.emit(f"« {partner.name} » ajouté au groupement.")

    def set_mandataire(self) -> None:
        """Make the selected member the only mandataire."""
        uid = self.selected_member()
        if self.groupement is None or uid is None:
            self.members_error.show_message("Sélectionnez d'abord un membre dans le tableau.")
            return
        self._save(self.groupement.with_mandataire(uid), reload=True)

    def remove_member(self) -> None:
        """Remove the selected member; refused with a message while it holds prestations."""
        uid = self.selected_member()
        if self.groupement is None or uid is None:
            self.members_error.show_message("Sélectionnez d'abord un membre dans le tableau.")
            return
        try:
            changed = self.groupement.without_member(uid)
        except InvalidInput as exc:
            self._show_errors(exc.messages)
            return
        self._save(changed, reload=True)

    def add_row(self) -> None:
        """Add a prestation line to the lot shown (for the mandataire, at 0 €)."""
        if self.groupement is None:
            return
        mandataire = self.groupement.mandataire or self.groupement.members[0]
        index = self.rows_table.rowCount()
        self._pending = True  # an empty prestation: saved once described
        self._loading = True
        try:
            self.rows_table.insertRow(index)
            self.rows_table.setItem(index, R_PRESTATION, _item(""))
            self.rows_table.setCellWidget(index, R_MEMBER, self._member_combo(
                mandataire.uid, f"Membre qui réalise la prestation {index + 1}"))
            self.rows_table.setItem(index, R_AMOUNT, _item("0,00"))
            self.rows_table.setItem(index, R_SHARE, _item("0,00"))
        finally:
            self._loading = False
        self._fit_rows()
        self.rows_table.setCurrentCell(index, R_PRESTATION)
        cell = self.rows_table.item(index, R_PRESTATION)
        if cell is not None:
            self.rows_table.editItem(cell)
        self.lot_error.show_message("Décrivez la prestation de la nouvelle ligne.")

    def remove_row(self) -> None:
        """Delete the selected prestation line."""
        row = self.rows_table.currentRow()
        if row < 0:
            return
        self.rows_table.removeRow(row)
        self._fit_rows()
        self._edited()

    def add_subcontractor(self) -> None:
        """Add a sub-contractor line, declared by the mandataire."""
        if self.groupement is None:
            return
        mandataire = self.groupement.mandataire or self.groupement.members[0]
        index = self.subs_table.rowCount()
        self._pending = True  # a nameless sub-contractor: saved once named
        self._loading = True
        try:
            self.subs_table.insertRow(index)
            for col in (S_NAME, S_SIRET, S_LOT, S_PRESTATIONS):
                self.subs_table.setItem(index, col, _item(""))
            self.subs_table.setItem(index, S_AMOUNT, _item("0,00"))
            self.subs_table.setItem(index, S_DIRECT, _item("Non", editable=False))
            self.subs_table.setCellWidget(index, S_MEMBER, self._member_combo(
                mandataire.uid, f"Membre qui déclare le sous-traitant {index + 1}"))
        finally:
            self._loading = False
        self.subs_table.setCurrentCell(index, S_NAME)
        self.subs_error.show_message("Donnez le nom du sous-traitant.")

    def remove_subcontractor(self) -> None:
        """Delete the selected sub-contractor."""
        row = self.subs_table.currentRow()
        if row < 0:
            return
        self.subs_table.removeRow(row)
        self._edited()

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
            ok = lot.amounts_total() == lot.total_ht and lot.shares_total() == 100
            self.lot_totals_label.setText(
                f"Total des lignes : {format_eur(lot.amounts_total(), 'HT')} — "
                f"{format_share(lot.shares_total())}")
            self.lot_totals_label.setStyleSheet(
                "font-weight: bold;" + ("" if ok else f" color: {ERROR_COLOR};"))
        totals = self.groupement.member_totals()
        self.member_totals_label.setText(
            "Par membre, tous lots : " + " ; ".join(
                f"{m.name} {format_eur(totals.get(m.uid, Decimal(0)), 'HT')}"
                for m in self.groupement.members))
        found = self.checks()
        self.checks_list.clear()
        for check in found:
            item = QListWidgetItem(check.text())
            item.setForeground(QBrush(QColor(SEVERITY_COLORS[check.severity])))
            item.setToolTip(f"Fondement : {check.article}")
            self.checks_list.addItem(item)
        lot_errors = [c.message_fr for c in found if c.is_error and c.lot == self._lot]
        self.lot_error.show_message("\n".join(lot_errors))
        errors = [c for c in found if c.is_error]
        for button in (self.convention_button, self.dc1_button):
            button.setEnabled(not errors and self._task is None)
        self.dc4_button.setEnabled(
            not errors and self._task is None and bool(self.groupement.subcontractors))
        self.generate_reason.setText(
            f"Documents indisponibles : {len(errors)} erreur(s) à corriger ci-dessus."
            if errors else "")
        self.generate_reason.setVisible(bool(errors))
        for button in (self.convention_button, self.dc1_button):
            button.setToolTip(self.generate_reason.text() or button.accessibleName())

    def generate(self, which: str) -> Task | None:
        """Ask where to save, then write the convention (``"convention"``) or the DC1 table
        off the UI thread; returns the running task (``None`` when refused or cancelled)."""
        if self.tender is None or self.tender.id is None or self._task is not None:
            return None
        sub = self._chosen_subcontractor() if which == "dc4" else ""
        if which == "dc4" and not sub:
            return None
        title = {"convention": "Convention de groupement", "dc1": "Tableau DC1",
                 "dc4": f"DC4 de {sub}"}.get(which, which)
        suggested = {"convention": "convention-groupement", "dc1": "tableau-dc1",
                     "dc4": "dc4-" + slug(sub)}.get(which, which) + (
            f"-{self.tender.reference}" if self.tender.reference else "") + ".docx"
        path = self.choose_save_path(f"Enregistrer : {title}", suggested)
        if path is None:
            return None
        try:
            job = (self.service.dc4_job(self.tender.id, sub, path) if which == "dc4"
                   else self.service.document_job(self.tender.id, which, path))
        except (InvalidInput, WorkspaceError) as exc:
            self.generate_reason.setText(_message_of(exc))
            self.generate_reason.show()
            return None
        task = Task(job.run)
        task.signals.finished.connect(lambda out: self._on_generated(title, Path(str(out))))
        task.signals.failed.connect(self._on_generate_failed)
        self._task = task
        for button in (self.convention_button, self.dc1_button, self.dc4_button):
            button.setEnabled(False)
        self.saved_label.setText(f"{title} en cours de rédaction…")
        return start(task)

    def _chosen_subcontractor(self) -> str:
        """The name of the sub-contractor selected in the table (or of the only one)."""
        assert self.groupement is not None
        subs = self.groupement.subcontractors
        row = self.subs_table.currentRow()
        if 0 <= row < len(subs):
            return subs[row].name
        return subs[0].name if len(subs) == 1 else ""

    def _on_generated(self, title: str, out: Path) -> None:
        self._task = None
        self.last_document = out
        self._refresh_derived()
        self.saved_label.setText(f"{title} enregistré : {out}")
        self.status_message.emit(f"{title} enregistré : {out}")

    def _on_generate_failed(self, message: str) -> None:
        self._task = None
        self._refresh_derived()
        self.saved_label.setText("")
        self.generate_reason.setText(message)
        self.generate_reason.show()


def _message_of(exc: Exception) -> str:
    """The French text of a refusal (every message of an ``InvalidInput``)."""
    if isinstance(exc, InvalidInput):
        return "\n".join(exc.messages.values())
    return str(exc)
