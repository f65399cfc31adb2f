"""The form of a structure's profile: identity, address, contact, staff, turnover, insurance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import editable_dump
from ...domain.enums import EssStatus, LegalForm
from ...domain.structure import Structure, YearTurnover
from ...fr import euros, parse_amount
from . import make
from .address_fields import (
    AddressContactEdits,
    checked_statuses,
    ess_status_checks,
    show_statuses,
)
from .combos import enum_combo
from .dates import OptionalDateEdit
from .editor_parts import FillingGuard, connect_edits, field_value, show_value
from .errors import ErrorLabel, FormErrors
from .forms import align_labels, error_group, form_box, form_group, new_form

TURNOVER_ROWS = 3
#: A message about a whole part of the profile (the service's « headcount ») is shown under
#: the field that states it.
PART_FIELDS = {
    "address": "address.street",
    "contact": "contact.name",
    "headcount": "headcount.total",
    "insurance": "insurance.valid_until",
}


def _count_spin() -> QSpinBox:
    return make.spin_box(100_000, suffix=" personnes", min_width=150)


class StructureForm(FillingGuard, QWidget):
    """Edits one ``Structure``; ``to_data()`` gives the dict for ``StructureService.save``."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._structure: Structure | None = None
        self._loading = False
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        left_boxes = [
            self._build_identity(),
            self._build_address(),
            self._build_contact(),
            self._build_mission(),
        ]
        right_boxes = [
            self._build_statuses(),
            self._build_headcount(),
            self._build_turnover(),
            self._build_insurance(),
        ]
        left, right = QVBoxLayout(), QVBoxLayout()
        for column, boxes in ((left, left_boxes), (right, right_boxes)):
            for box in boxes:
                column.addWidget(box)
            column.addStretch(1)
            align_labels(*boxes)
        for part, field in PART_FIELDS.items():
            self.errors.alias(part, field)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.general_error)
        layout.addLayout(columns)
        self._connect_edits()

    # --- building ------------------------------------------------------------------------------
    def _build_identity(self) -> QGroupBox:
        self.name_edit = make.line_edit(placeholder="Nom de la structure")
        self.legal_form_combo = enum_combo(LegalForm)
        self.siret_edit = make.line_edit(placeholder="14 chiffres, par exemple 732 829 320 00074")
        self.rna_edit = make.line_edit(placeholder="W + 9 chiffres, pour une association")
        return form_group("Identité", self.errors, [
            ("&Nom :", self.name_edit, "name"),
            ("Forme &juridique :", self.legal_form_combo, "legal_form"),
            ("&SIRET :", self.siret_edit, "siret",
             "Numéro SIRET de l'établissement (avis de situation INSEE)."),
            ("N° &RNA :", self.rna_edit, "rna", "Numéro au répertoire national des associations."),
        ])

    def _build_statuses(self) -> QGroupBox:
        self.status_checks = ess_status_checks(
            "Cochez chaque statut ou agrément que la structure détient."
        )
        column = QVBoxLayout()
        column.setSpacing(4)
        for check in self.status_checks.values():
            column.addWidget(check)
        column.setContentsMargins(0, 0, 0, 0)
        return error_group("Statuts et agréments de l'ESS", make.container(column), self.errors,
                           "ess_statuses", focus=self.status_checks[EssStatus.ASSOCIATION_1901])

    def _build_address(self) -> QGroupBox:
        form = new_form()
        self.place = AddressContactEdits.create("Par exemple : directrice")
        (self.street_edit, self.postcode_edit, self.city_edit, self.contact_name_edit,
         self.contact_role_edit, self.email_edit, self.phone_edit) = self.place.all()
        self.place.add_address_rows(form, self.errors)
        return form_box("Adresse", form)

    def _build_contact(self) -> QGroupBox:
        form = new_form()
        self.place.add_contact_rows(form, self.errors, "Nom du &contact :")
        return form_box("Contact", form)

    def _build_headcount(self) -> QGroupBox:
        self.total_spin, self.insertion_spin, self.disabled_spin = (
            _count_spin() for _ in range(3))
        return form_group("Effectifs", self.errors, [
            ("Effectif tota&l :", self.total_spin, "headcount.total"),
            ("Dont en &insertion :", self.insertion_spin, "headcount.insertion"),
            ("Dont travailleurs handicapés :", self.disabled_spin, "headcount.disabled"),
        ])

    def _build_turnover(self) -> QGroupBox:
        grid = QGridLayout()
        self.turnover_rows: list[tuple[QSpinBox, QLineEdit]] = []
        for row in range(TURNOVER_ROWS):
            year = make.spin_box(2100, minimum=1990, name=f"Exercice {row + 1} : année")
            amount = make.line_edit(placeholder="Montant HT en €")
            amount.setAccessibleName(f"Exercice {row + 1} : chiffre d'affaires HT")
            amount.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(make.buddy(f"Exercice &{row + 1} :", year), row, 0)
            grid.addWidget(year, row, 1)
            grid.addWidget(amount, row, 2)
            self.turnover_rows.append((year, amount))
        grid.setColumnStretch(2, 1)
        box = error_group("Chiffre d'affaires des trois derniers exercices",
                          make.container(grid), self.errors, "turnover",
                          focus=self.turnover_rows[0][1])
        box.layout().setContentsMargins(4, 4, 4, 4)  # type: ignore[union-attr]
        return box

    def _build_insurance(self) -> QGroupBox:
        self.insurer_edit = make.line_edit(placeholder="Nom de l'assureur")
        self.policy_edit = make.line_edit(placeholder="Numéro de contrat")
        self.insurance_until_edit = OptionalDateEdit()
        return form_group("Assurance responsabilité civile", self.errors, [
            ("Assureur :", self.insurer_edit, "insurance.insurer"),
            ("N° de police :", self.policy_edit, "insurance.policy_number"),
            ("Valable jus&qu'au :", self.insurance_until_edit, "insurance.valid_until"),
        ])

    def _build_mission(self) -> QGroupBox:
        self.mission_edit = make.text_area(
            "Votre projet social en quelques lignes : il alimente la présentation du mémoire.",
            name="Mission de la structure")
        self.mission_edit.setMinimumHeight(90)
        return error_group("Mission", self.mission_edit, self.errors, "mission")

    def _connect_edits(self) -> None:
        # A group's message is registered on its first field; each of its fields clears it.
        statuses = [(check, "ess_statuses") for check in self.status_checks.values()]
        turnover = [(field, "turnover") for row in self.turnover_rows for field in row]
        connect_edits([*self.errors.fields(), *statuses, *turnover], self._on_edited)
        for _year, amount in self.turnover_rows:
            amount.editingFinished.connect(lambda a=amount: self._format_amount(a))

    def _on_edited(self, key: str) -> None:
        if self._loading:
            return
        self.errors.clear(key)
        self.edited.emit()

    @staticmethod
    def _format_amount(edit: QLineEdit) -> None:
        value = parse_amount(edit.text())
        if isinstance(value, Decimal):
            edit.setText(euros(value))

    # --- data ------------------------------------------------------------------------------------
    def _same_fields(self) -> list[tuple[str, QWidget]]:
        """The fields that show and save their part of the ``Structure`` as it is stored."""
        return [("name", self.name_edit), ("legal_form", self.legal_form_combo),
                ("rna", self.rna_edit), ("mission", self.mission_edit)]

    def structure(self) -> Structure | None:
        """The structure as last loaded."""
        return self._structure

    def load(self, structure: Structure) -> None:
        """Show ``structure`` and clear the messages (does not emit ``edited``)."""
        with self._filling():
            self._structure = structure
            for key, widget in self._same_fields():
                show_value(widget, getattr(structure, key))
            self.siret_edit.setText(_spaced_siret(structure.siret))
            show_statuses(self.status_checks, structure.ess_statuses)
            self.place.load(structure.address, structure.contact)
            self.total_spin.setValue(structure.headcount.total)
            self.insertion_spin.setValue(structure.headcount.insertion)
            self.disabled_spin.setValue(structure.headcount.disabled)
            self._load_turnover(structure.turnover)
            self.insurer_edit.setText(structure.insurance.insurer)
            self.policy_edit.setText(structure.insurance.policy_number)
            self.insurance_until_edit.set_value(structure.insurance.valid_until)
        self.errors.clear_all()

    def _load_turnover(self, turnover: list[YearTurnover]) -> None:
        recent = sorted(turnover, key=lambda t: t.year)[-TURNOVER_ROWS:]
        last = max((t.year for t in recent), default=date.today().year - 1)
        years = [last - TURNOVER_ROWS + 1 + i for i in range(TURNOVER_ROWS)]
        by_year = {t.year: t.amount for t in recent}
        if len(recent) == TURNOVER_ROWS:
            years = [t.year for t in recent]
        for (year_spin, amount_edit), year in zip(self.turnover_rows, years, strict=True):
            year_spin.setValue(year)
            amount = by_year.get(year)
            amount_edit.setText(euros(amount))

    def to_data(self) -> dict[str, Any]:
        """The form as a dict for ``StructureService.save`` (turnover rows left empty skipped)."""
        data: dict[str, Any] = editable_dump(self._structure) if self._structure else {}
        shown_years = {spin.value() for spin, _ in self.turnover_rows}
        older = [t for t in data.get("turnover", []) if t["year"] not in shown_years]
        rows = [
            {"year": spin.value(), "amount": parse_amount(edit.text())}
            for spin, edit in self.turnover_rows
            if edit.text().strip()
        ]
        data.update({key: field_value(widget) for key, widget in self._same_fields()})
        data.update(
            siret=self.siret_edit.text(),
            ess_statuses=checked_statuses(self.status_checks),
            address=self.place.address_data(),
            contact=self.place.contact_data(),
            headcount={
                "total": self.total_spin.value(),
                "insertion": self.insertion_spin.value(),
                "disabled": self.disabled_spin.value(),
            },
            turnover=older + rows,
            insurance={
                "insurer": self.insurer_edit.text(),
                "policy_number": self.policy_edit.text(),
                "valid_until": self.insurance_until_edit.value(),
            },
        )
        return data


def _spaced_siret(siret: str | None) -> str:
    """« 732 829 320 00074 » for reading; the service accepts the spaces back."""
    if not siret:
        return ""
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
