"""Filling the « Groupement » tab's tables from a ``Groupement`` and reading them back.

Functions on the view: what the tables show of the data, and the data as the tables show
it (``collect``), for the controller to validate and save.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from ....domain.errors import InvalidInput
from ....domain.groupement import Groupement, Member, format_eur, lot_name
from ....domain.repartition import number_or_error
from ....fr import decimal_input
from . import widgets as w
from .widgets import cell_text, combo_data, item, member_combo, signals_blocked

if TYPE_CHECKING:
    from .view import GroupementView

CHECKED = Qt.CheckState.Checked


def member_choices(groupement: Groupement) -> list[tuple[str, str]]:
    """The (name, uid) of every member, for the combos of the tables."""
    return [(m.name, m.uid) for m in groupement.members]


def fill_members(view: GroupementView, groupement: Groupement, lots: list[int]) -> None:
    """One row per member: name, SIRET, role, and a box per lot it answers."""
    table = view.members_table
    table.setColumnCount(3 + len(lots))
    table.setHorizontalHeaderLabels(
        ["Membre", "SIRET", "Rôle", *(f"Lot {n}" if n else "Marché" for n in lots)])
    table.setRowCount(len(groupement.members))
    for row, member in enumerate(groupement.members):
        for col, cell in enumerate(_member_cells(member, lots)):
            table.setItem(row, col, cell)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, table.columnCount()):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    table.setFixedHeight(
        table.horizontalHeader().height() + 8
        + sum(table.rowHeight(r) for r in range(table.rowCount())) + 2)


def _member_cells(member: Member, lots: list[int]) -> list[Any]:
    name = item(member.name, editable=False, tip=member.address.one_line())
    name.setData(w.UID_ROLE, member.uid)
    role = item(member.role, editable=False)
    if member.is_mandataire:
        font = role.font()
        font.setBold(True)
        role.setFont(font)
    cells = [name, item(member.siret or "—", editable=False), role]
    for number in lots:
        check = item("", editable=False, tip=f"{member.name} se présente au {lot_name(number)}")
        check.setFlags(check.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        check.setCheckState(CHECKED if number in member.lots else Qt.CheckState.Unchecked)
        cells.append(check)
    return cells


def fill_rows(view: GroupementView, groupement: Groupement, lot_number: int) -> list[Any]:
    """The lot total and its prestation lines; returns the member combos made (to connect)."""
    lot = groupement.lot(lot_number)
    view.lot_total_edit.setText(decimal_input(lot.total_ht) if lot else "0,00")
    rows = lot.rows if lot else []
    table = view.rows_table
    members = member_choices(groupement)
    combos = []
    with signals_blocked(table):
        table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            table.setItem(index, w.R_PRESTATION, item(row.prestation))
            combo = member_combo(members, row.member,
                                 f"Membre qui réalise la prestation {index + 1}")
            table.setCellWidget(index, w.R_MEMBER, combo)
            combos.append(combo)
            table.setItem(index, w.R_AMOUNT, item(decimal_input(row.amount_ht), right=True))
            table.setItem(index, w.R_SHARE, item(decimal_input(row.share), right=True))
    fit_rows(view)
    return combos


def fit_rows(view: GroupementView) -> None:
    """The répartition shows all its lines (a lot has a handful): no inner scrolling."""
    table = view.rows_table
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(table.horizontalHeader().height() + max(rows, 60) + 6)


def fill_subs(view: GroupementView, groupement: Groupement, threshold: Decimal) -> list[Any]:
    """One line per sub-contractor; returns the member combos made (to connect)."""
    table = view.subs_table
    members = member_choices(groupement)
    combos = []
    tip = f"Paiement direct par l'acheteur dès {format_eur(threshold, 'TTC')} (R2193-10)."
    with signals_blocked(table):
        table.setRowCount(len(groupement.subcontractors))
        for index, sub in enumerate(groupement.subcontractors):
            table.setItem(index, w.S_NAME, item(sub.name))
            table.setItem(index, w.S_SIRET, item(sub.siret))
            combo = member_combo(members, sub.member,
                                 f"Membre qui déclare le sous-traitant {index + 1}")
            table.setCellWidget(index, w.S_MEMBER, combo)
            combos.append(combo)
            table.setItem(index, w.S_LOT, item(str(sub.lot) if sub.lot else ""))
            table.setItem(index, w.S_PRESTATIONS, item(sub.prestations))
            table.setItem(index, w.S_AMOUNT, item(decimal_input(sub.amount_ttc)))
            direct = sub.direct_payment(threshold)
            table.setItem(index, w.S_DIRECT, item("Oui" if direct else "Non", editable=False,
                                                tip=tip))
    return combos


def collect(view: GroupementView, groupement: Groupement, lot_number: int,
            lots: list[int]) -> dict[str, Any]:
    """The groupement as the widgets show it, as data; raises ``InvalidInput`` listing the
    numbers that are none."""
    errors: dict[str, str] = {}
    data = groupement.model_dump()
    if view.form_combo.currentIndex() >= 0:
        data["form"] = view.form_combo.currentData()
    _collect_members(view, data["members"], lots)
    total = number_or_error(view.lot_total_edit.text(), "Montant du lot", errors, "lot")
    others = [r for r in data["repartition"] if r["lot"] != lot_number]
    data["repartition"] = [*others, {"lot": lot_number, "total_ht": total,
                                     "rows": _collect_rows(view, errors)}]
    data["subcontractors"] = _collect_subs(view, errors)
    data["powers"] = {k: c.isChecked() for k, c in view.power_boxes.items()}
    data["payment"] = view.payment_combo.currentData()
    if errors:
        raise InvalidInput(errors)
    return data


def _collect_members(view: GroupementView, members: list[dict[str, Any]],
                     lots: list[int]) -> None:
    for row, member in enumerate(members):
        member["lots"] = [
            number for col, number in enumerate(lots, start=3)
            if (cell := view.members_table.item(row, col)) is not None
            and cell.checkState() == CHECKED
        ]
    current = view.members_table.currentRow()
    if 0 <= current < len(members) and view.authority_edit.isEnabled():
        members[current]["authority"] = view.authority_edit.text().strip()
        members[current]["managing_body"] = view.managing_edit.text().strip()


def _collect_rows(view: GroupementView, errors: dict[str, str]) -> list[dict[str, Any]]:
    table = view.rows_table
    return [{
        "prestation": cell_text(table, index, w.R_PRESTATION),
        "member": combo_data(table, index, w.R_MEMBER),
        "amount_ht": number_or_error(cell_text(table, index, w.R_AMOUNT),
                                     f"Ligne {index + 1}, montant", errors, "lot"),
        "share": number_or_error(cell_text(table, index, w.R_SHARE),
                                 f"Ligne {index + 1}, part", errors, "lot"),
    } for index in range(table.rowCount())]


def _collect_subs(view: GroupementView, errors: dict[str, str]) -> list[dict[str, Any]]:
    table = view.subs_table
    subs = []
    for index in range(table.rowCount()):
        lot_text = cell_text(table, index, w.S_LOT)
        subs.append({
            "name": cell_text(table, index, w.S_NAME),
            "siret": cell_text(table, index, w.S_SIRET),
            "member": combo_data(table, index, w.S_MEMBER),
            "lot": int(lot_text) if lot_text.isdigit() else 0,
            "prestations": cell_text(table, index, w.S_PRESTATIONS),
            "amount_ttc": number_or_error(cell_text(table, index, w.S_AMOUNT),
                                          f"Sous-traitant {index + 1}, montant", errors,
                                          "subcontractors"),
        })
    return subs
