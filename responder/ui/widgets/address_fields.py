"""Address, contact and ESS-status fields shared by « Ma structure » and « Partenaires »."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit

from ...domain.enums import EssStatus, label
from ...domain.structure import Address, Contact
from .errors import FormErrors
from .forms import add_row
from .make import line_edit


@dataclass
class AddressContactEdits:
    """The seven line edits of an address and its contact person, with their data mapping."""

    street: QLineEdit
    postcode: QLineEdit
    city: QLineEdit
    contact_name: QLineEdit
    contact_role: QLineEdit
    email: QLineEdit
    phone: QLineEdit

    @classmethod
    def create(cls, role_placeholder: str) -> AddressContactEdits:
        """New edits; ``role_placeholder`` suggests a function (« directrice », « gérante »)."""
        postcode = line_edit(placeholder="30000")
        postcode.setMaxLength(5)
        return cls(
            street=line_edit(placeholder="Numéro et rue"),
            postcode=postcode,
            city=line_edit(placeholder="Ville"),
            contact_name=line_edit(placeholder="Prénom et nom"),
            contact_role=line_edit(placeholder=role_placeholder),
            email=line_edit(placeholder="nom@domaine.fr"),
            phone=line_edit(placeholder="04 66 00 00 00"),
        )

    def all(self) -> tuple[QLineEdit, ...]:
        """Every edit, in the order of the fields (street … phone)."""
        return (self.street, self.postcode, self.city, self.contact_name, self.contact_role,
                self.email, self.phone)

    def add_address_rows(self, form: QFormLayout, errors: FormErrors) -> None:
        """Street, postcode and city rows, their errors keyed ``address.*``."""
        add_row(form, "R&ue :", self.street, errors, "address.street")
        add_row(form, "Code &postal :", self.postcode, errors, "address.postcode")
        add_row(form, "&Ville :", self.city, errors, "address.city")

    def add_contact_rows(self, form: QFormLayout, errors: FormErrors, name_label: str) -> None:
        """Contact name, function, e-mail and phone rows, their errors keyed ``contact.*``."""
        add_row(form, name_label, self.contact_name, errors, "contact.name")
        add_row(form, "Fonc&tion :", self.contact_role, errors, "contact.role")
        add_row(form, "E-&mail :", self.email, errors, "contact.email")
        add_row(form, "Téléph&one :", self.phone, errors, "contact.phone")

    def load(self, address: Address, contact: Contact) -> None:
        """Show a stored address and contact."""
        self.street.setText(address.street)
        self.postcode.setText(address.postcode)
        self.city.setText(address.city)
        self.contact_name.setText(contact.name)
        self.contact_role.setText(contact.role)
        self.email.setText(contact.email)
        self.phone.setText(contact.phone)

    def address_data(self) -> dict[str, Any]:
        """The address as typed, for the service to validate."""
        return {"street": self.street.text(), "postcode": self.postcode.text().strip(),
                "city": self.city.text()}

    def contact_data(self) -> dict[str, Any]:
        """The contact as typed, for the service to validate."""
        return {"name": self.contact_name.text(), "role": self.contact_role.text(),
                "email": self.email.text().strip(), "phone": self.phone.text()}


def ess_status_checks(tooltip: str = "") -> dict[EssStatus, QCheckBox]:
    """One named check box per ESS status or agrément, in the enumeration's order."""
    checks: dict[EssStatus, QCheckBox] = {}
    for status in EssStatus:
        check = QCheckBox(label(status))
        check.setAccessibleName(f"Statut : {label(status)}")
        if tooltip:
            check.setToolTip(tooltip)
        checks[status] = check
    return checks


def checked_statuses(checks: dict[EssStatus, QCheckBox]) -> list[EssStatus]:
    """The statuses whose box is ticked."""
    return [status for status, check in checks.items() if check.isChecked()]


def show_statuses(checks: dict[EssStatus, QCheckBox], statuses: list[EssStatus]) -> None:
    """Tick exactly ``statuses``."""
    for status, check in checks.items():
        check.setChecked(status in statuses)
