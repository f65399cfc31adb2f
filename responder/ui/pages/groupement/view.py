"""The widgets and layout of the « Groupement » tab (no behaviour: see ``controller.py``).

Above, « répondre seul » with its button; else the scrolled sections (members and form,
répartition of a lot, sub-contractors, powers and payment) over the checks and the document
buttons, which stay in view: the user sees at once what a change fixed or broke.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...theme import set_role
from ...widgets import groupement_form_help as form_help
from ...widgets import make
from ...widgets.errors import ErrorLabel
from ...widgets.help_button import help_line
from ...widgets.make import buddy, button, label, line_edit, row
from .widgets import (
    R_AMOUNT,
    R_MEMBER,
    R_PRESTATION,
    R_SHARE,
    S_PRESTATIONS,
    table,
)

Choices = Sequence[tuple[str, object]]
#: The document buttons: key, text, accessible name, tooltip.
DOCUMENT_BUTTONS = (
    ("convention", "Générer la &convention", "Générer la convention de groupement",
     "Convention de groupement au format Word, modifiable ensuite."),
    ("dc1", "Générer le tableau &DC1", "Générer le tableau DC1",
     "Rubriques D, E et G du DC1 (ou du DUME) et fiche contacts du groupement."),
    ("dc4", "Générer le D&C4", "Générer la déclaration de sous-traitance (DC4)",
     "DC4 du sous-traitant sélectionné (ou du seul sous-traitant)."),
)


@dataclass(frozen=True)
class GroupementChoices:
    """What the tab's choices list: forms, powers of the mandataire (key → text), payments."""

    forms: Choices
    powers: dict[str, str]
    payments: Choices


class GroupementView(QWidget):
    """Every widget of the tab, laid out; the controller subclass fills and connects them."""

    def __init__(self, choices: GroupementChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._build_alone())
        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.addWidget(self._build_members(choices.forms))
        body.addWidget(self._build_repartition())
        body.addWidget(self._build_subcontractors())
        body.addWidget(self._build_powers(choices))
        body.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(self.content)
        self.main_box = QWidget()
        main = QVBoxLayout(self.main_box)
        main.setContentsMargins(0, 0, 0, 0)
        main.addWidget(self.scroll_area, 1)
        main.addWidget(self._build_checks())
        outer.addWidget(self.main_box, 1)

    def _build_alone(self) -> QWidget:
        self.alone_box = QWidget()
        alone = QVBoxLayout(self.alone_box)
        self.alone_label = QLabel()
        self.alone_label.setWordWrap(True)
        self.start_button = button(
            "Former un groupement", name="Former un groupement",
            tip="Répondre à plusieurs : votre structure devient mandataire, ajoutez ensuite "
                "vos partenaires.")
        alone.addWidget(self.alone_label)
        alone.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        alone.addStretch(1)
        return self.alone_box

    # --- members and form --------------------------------------------------------------------
    def _build_members(self, forms: Choices) -> QGroupBox:
        box = QGroupBox("Membres et forme du groupement")
        layout = QVBoxLayout(box)
        self.form_combo = make.combo("Forme du groupement", items=forms)
        # No form until the user picks one (see widgets/groupement_form_help.py).
        self.form_combo.setPlaceholderText(form_help.PLACEHOLDER)
        self.rc_form_label = label(role="muted")
        self.steps_label = label(form_help.STEPS_TEXT)
        self.form_help_label = label(name="Explication de la forme du groupement",
                                     role="info-box")
        layout.addWidget(self.steps_label)
        layout.addLayout(row(buddy("&Forme :", self.form_combo), self.form_combo, None))
        layout.addWidget(self.rc_form_label)
        layout.addWidget(self.form_help_label)
        layout.addWidget(help_line("Groupement conjoint", "Groupement solidaire",
                                   "Mandataire solidaire"))
        self.members_table = table(["Membre", "SIRET", "Rôle"], "Membres du groupement")
        self.members_table.setToolTip("Cochez les lots auxquels chaque membre se présente.")
        layout.addWidget(self.members_table)
        layout.addLayout(self._build_member_extra())
        layout.addLayout(self._build_partner_row())
        layout.addLayout(row(self.mandataire_button, self.remove_button, None,
                             self.dissolve_button))
        self.members_error = ErrorLabel()
        layout.addWidget(self.members_error)
        return box

    def _build_member_extra(self) -> QHBoxLayout:
        # Written into the convention for the selected member: where the signatory's power
        # comes from, and for an ESAT the organisme gestionnaire that signs for it.
        self.authority_edit = line_edit("Pouvoir du signataire du membre sélectionné",
                                        placeholder="statuts, délibération du …, délégation …")
        self.managing_edit = line_edit("Organisme gestionnaire de l'ESAT sélectionné",
                                       placeholder="pour un ESAT : l'association qui le gère")
        extra = row(buddy("Pou&voir du signataire :", self.authority_edit), self.authority_edit,
                    buddy("Organisme &gestionnaire :", self.managing_edit), self.managing_edit)
        extra.setStretchFactor(self.authority_edit, 3)
        extra.setStretchFactor(self.managing_edit, 2)
        return extra

    def _build_partner_row(self) -> QHBoxLayout:
        self.partner_combo = make.combo("Partenaire à ajouter", length=18,
                                        tip="Les structures de votre carnet « Partenaires ».")
        self.add_button = button("&Ajouter", name="Ajouter le partenaire au groupement")
        self.mandataire_button = button(
            "Désigner &mandataire", name="Désigner le membre sélectionné mandataire",
            tip="Le mandataire représente le groupement et coordonne les membres (R2142-24).")
        self.remove_button = button("&Retirer",
                                    name="Retirer le membre sélectionné du groupement")
        self.dissolve_button = button(
            "Répondre seul", name="Dissoudre le groupement",
            tip="Supprimer le groupement : votre structure répond seule.")
        buttons = row(buddy("Ajouter un &partenaire :", self.partner_combo), self.partner_combo,
                      self.add_button)
        buttons.setStretchFactor(self.partner_combo, 1)
        return buttons

    # --- répartition -------------------------------------------------------------------------
    def _build_repartition(self) -> QGroupBox:
        box = QGroupBox("Répartition des prestations")
        layout = QVBoxLayout(box)
        self.lot_combo = make.combo("Lot dont la répartition est affichée", length=22)
        self.lot_total_edit = line_edit("Montant de l'offre du groupement pour ce lot, € HT")
        self.lot_total_edit.setToolTip(
            "Le prix de l'offre du groupement pour ce lot : les montants des lignes doivent "
            "l'atteindre au centime près.")
        self.lot_total_edit.setMaximumWidth(140)
        lot_row = row(buddy("&Lot :", self.lot_combo), self.lot_combo,
                      buddy("Montant du lot (€ HT) :", self.lot_total_edit), self.lot_total_edit)
        lot_row.setStretchFactor(self.lot_combo, 1)
        layout.addLayout(lot_row)
        layout.addWidget(self._build_rows_table())
        self.add_row_button = button("Ajouter une l&igne", name="Ajouter une prestation au lot")
        self.remove_row_button = button(
            "Supprimer la ligne", name="Supprimer la prestation sélectionnée")
        self.lot_totals_label = QLabel()
        self.lot_totals_label.setAccessibleName("Totaux du lot")
        layout.addLayout(row(self.add_row_button, self.remove_row_button, None,
                             self.lot_totals_label))
        self.lot_error = ErrorLabel()
        layout.addWidget(self.lot_error)
        self.member_totals_label = label(name="Totaux par membre")
        layout.addWidget(self.member_totals_label)
        return box

    def _build_rows_table(self) -> QWidget:
        self.rows_table = table(
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
            header.sizeHint().height()
            + 4 * self.rows_table.verticalHeader().defaultSectionSize() + 6)
        return self.rows_table

    def show_lot_totals(self, text: str, balanced: bool) -> None:
        """The totals of the lot's rows, in red when they miss the lot total or 100 %."""
        self.lot_totals_label.setText(text)
        set_role(self.lot_totals_label, "bold" if balanced else "error-strong")

    # --- sub-contractors, powers -------------------------------------------------------------
    def _build_subcontractors(self) -> QGroupBox:
        box = QGroupBox("Sous-traitants (un DC4 chacun)")
        layout = QVBoxLayout(box)
        self.subs_table = table(
            ["Sous-traitant", "SIRET", "Déclaré par", "Lot", "Prestations", "Montant € TTC",
             "Paiement direct"], "Sous-traitants")
        self.subs_table.setMinimumHeight(90)
        self.subs_table.horizontalHeader().setSectionResizeMode(
            S_PRESTATIONS, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.subs_table)
        self.add_sub_button = button("Ajouter un sous-traitant", name="Ajouter un sous-traitant")
        self.remove_sub_button = button(
            "Supprimer le sous-traitant", name="Supprimer le sous-traitant sélectionné")
        layout.addLayout(row(self.add_sub_button, self.remove_sub_button, None))
        self.subs_error = ErrorLabel()
        layout.addWidget(self.subs_error)
        return box

    def _build_powers(self, choices: GroupementChoices) -> QGroupBox:
        box = QGroupBox("Pouvoirs du mandataire et paiement")
        grid = QGridLayout(box)
        self.power_boxes: dict[str, QCheckBox] = {}
        for index, (key, text) in enumerate(choices.powers.items()):
            check = QCheckBox(text[0].upper() + text[1:])
            check.setAccessibleName(f"Pouvoir du mandataire : {text}")
            self.power_boxes[key] = check
            grid.addWidget(check, index, 0, 1, 2)
        # None: the form's default (conjoint → each member paid, solidaire → one account).
        self.payment_combo = make.combo("Mode de paiement du groupement", items=(
            ("Selon la forme : séparé si conjoint, compte unique si solidaire", None),
            *choices.payments))
        grid.addWidget(buddy("Pai&ement :", self.payment_combo), len(choices.powers), 0)
        grid.addWidget(self.payment_combo, len(choices.powers), 1)
        grid.setColumnStretch(1, 1)
        return box

    # --- checks and documents ----------------------------------------------------------------
    def _build_checks(self) -> QWidget:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.checks_list = QListWidget()
        self.checks_list.setAccessibleName("Vérifications du groupement")
        self.checks_list.setWordWrap(True)
        self.checks_list.setAlternatingRowColors(True)
        self.checks_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checks_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.checks_list.setFixedHeight(150)
        left = QVBoxLayout()
        left.addWidget(label("Vérifications", role="bold", wrap=False))
        left.addWidget(self.checks_list, 1)
        self.document_buttons = {key: button(text, name=name, tip=tip)
                                 for key, text, name, tip in DOCUMENT_BUTTONS}
        self.convention_button = self.document_buttons["convention"]
        self.dc1_button = self.document_buttons["dc1"]
        self.dc4_button = self.document_buttons["dc4"]
        self.generate_reason = label(role="error")
        self.saved_label = label(role="muted")
        self.generate_reason.setMaximumWidth(230)
        self.saved_label.setMaximumWidth(230)
        documents = QVBoxLayout()
        for widget in (self.convention_button, self.dc1_button, self.dc4_button,
                       self.generate_reason, self.saved_label):
            documents.addWidget(widget)
        documents.addStretch(1)
        columns = QHBoxLayout(panel)
        columns.addLayout(left, 1)
        columns.addLayout(documents)
        return panel
