"""The lots of a consultation: number, title, estimated amount, reservation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QAbstractItemModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...domain.common import french_errors
from ...domain.enums import Reservation, label
from ...domain.tender import Lot
from ...fr import parse_amount, screen_amount
from . import make
from .column_delegate import ColumnDelegate, Index
from .errors import ErrorLabel

COL_NUMBER, COL_TITLE, COL_AMOUNT, COL_RESERVED = range(4)
HEADERS = ["N°", "Intitulé", "Montant estimé € HT", "Réservation"]
NOT_RESERVED = "Non réservé"
RESERVATION_ROLE = Qt.ItemDataRole.UserRole + 1
#: Short names for the narrow column; the full label is the item's tooltip.
SHORT_RESERVATIONS = {
    Reservation.ESAT_EA: "ESAT / EA (L2113-12)",
    Reservation.SIAE: "SIAE (L2113-13)",
    Reservation.ESS: "ESS (L2113-15)",
    Reservation.DETENUS: "Détenus (L2113-13-1)",
}
#: The choices of the column: each article alone, and the joint reservation to both
#: ESAT / EA and SIAE operators a buyer may make (L2113-14).
RESERVATION_CHOICES: tuple[tuple[Reservation, ...], ...] = (
    (Reservation.ESAT_EA,),
    (Reservation.SIAE,),
    (Reservation.ESAT_EA, Reservation.SIAE),
    (Reservation.ESS,),
    (Reservation.DETENUS,),
)


def _as_list(value: object) -> list[Reservation]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [Reservation(v) for v in value]
    return [Reservation(str(value))]


def reservation_text(value: object) -> str:
    """Short text of a cell: « SIAE (L2113-13) », « ESAT / EA + SIAE (L2113-12 + L2113-13) »."""
    items = _as_list(value)
    if not items:
        return NOT_RESERVED
    if len(items) == 1:
        return SHORT_RESERVATIONS[items[0]]
    names = " + ".join(SHORT_RESERVATIONS[r].split(" (")[0] for r in items)
    return f"{names} ({' + '.join(r.value for r in items)})"
def amount_problem(text: str) -> str:
    """The French reason why ``text`` is not a valid lot amount, or "" when it is (or empty).

    Checked by the domain's own rule (finite, not negative, 1 000 milliards € at most).
    Never raises: it runs in ``itemChanged``, where an exception would abort the application.
    """
    try:
        Lot(number=1, title="lot", estimated_amount=parse_amount(text))
    except ValidationError as exc:
        return french_errors(exc).get("estimated_amount", "montant invalide.")
    except (ArithmeticError, ValueError):
        return "montant illisible : écrivez par exemple 12500,50."
    return ""


def set_reservation(
    item: QTableWidgetItem, value: Reservation | list[Reservation] | None
) -> None:
    """Store a lot's reservations in a cell: short label shown, full labels as tooltip."""
    items = _as_list(value)
    item.setData(RESERVATION_ROLE, [r.value for r in items])
    item.setText(reservation_text(items))
    item.setToolTip(
        " ; ".join(label(r) for r in items) if items else "Lot ouvert à toutes les entreprises."
    )


class ReservationDelegate(ColumnDelegate):
    """Edits the « Réservation » column with a combo (F2 or double-click)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COL_RESERVED, parent)

    def make_editor(self, parent: QWidget) -> QWidget:
        """A combo of the reservations (« Non réservé » first)."""
        combo = QComboBox(parent)
        combo.setAccessibleName("Réservation du lot")
        combo.addItem(NOT_RESERVED, [])
        for choice in RESERVATION_CHOICES:
            combo.addItem(reservation_text(list(choice)), [r.value for r in choice])
        return combo

    def show_value(self, editor: QWidget, index: Index) -> None:
        """Select the cell's reservation in the combo."""
        if not isinstance(editor, QComboBox):
            return
        current = [r.value for r in _as_list(index.data(RESERVATION_ROLE))]
        for row in range(editor.count()):
            if editor.itemData(row) == current:
                editor.setCurrentIndex(row)
                return
        if current:  # a combination not offered (from an RC): show it as it is
            editor.addItem(reservation_text(current), current)
            editor.setCurrentIndex(editor.count() - 1)

    def store_value(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the chosen reservation and its label."""
        if not isinstance(editor, QComboBox):
            return
        items = _as_list(editor.currentData())
        model.setData(index, [r.value for r in items], RESERVATION_ROLE)
        model.setData(index, reservation_text(items))
        model.setData(index, " ; ".join(label(r) for r in items), Qt.ItemDataRole.ToolTipRole)


class LotsEditor(QWidget):
    """A small editable table of lots with « Ajouter un lot » and « Retirer »."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount_error = ErrorLabel()
        self.amount_error.setAccessibleName("Erreur sur un montant de lot")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Lots de la consultation")
        self.table.setAccessibleDescription(
            "Un lot par ligne ; flèches pour choisir une cellule, F2 ou double-clic pour la "
            "modifier."
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(COL_RESERVED, ReservationDelegate(self.table))
        self.table.setMinimumHeight(120)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_AMOUNT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_RESERVED, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = make.button("Ajouter un lot", clicked=self.add_lot)
        self.remove_button = make.button("Retirer le lot", name="Retirer le lot sélectionné",
                                         clicked=self.remove_selected)
        make.column(self.table, self.amount_error,
                    make.row(self.add_button, self.remove_button, None, margins=True),
                    parent=self, margins=False)
        self.setFocusProxy(self.table)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- editing ----------------------------------------------------------------------
    def add_lot(self, lot: Lot | None = None) -> int:
        """Append a row (a new lot numbered after the last one); returns its row."""
        row = self.table.rowCount()
        number = lot.number if lot else self._next_number()
        with self._signals_blocked(self.table):
            self.table.insertRow(row)
            number_item = QTableWidgetItem()
            number_item.setData(Qt.ItemDataRole.EditRole, number)
            self.table.setItem(row, COL_NUMBER, number_item)
            title = QTableWidgetItem(lot.title if lot else "")
            title.setToolTip(lot.title if lot else "")
            self.table.setItem(row, COL_TITLE, title)
            amount = QTableWidgetItem(screen_amount(lot.estimated_amount) if lot else "")
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, COL_AMOUNT, amount)
            reserved = QTableWidgetItem()
            set_reservation(reserved, lot.reserved if lot else None)
            self.table.setItem(row, COL_RESERVED, reserved)
        if lot is None:
            self.table.setCurrentCell(row, COL_TITLE)
            if self.isVisible():
                self.table.editItem(title)
            self.changed.emit()
        self._update_buttons()
        return row

    def remove_selected(self) -> None:
        """Remove the selected lot(s)."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self._check_amounts()
            self.changed.emit()
        self._update_buttons()

    def select_row(self, row: int) -> None:
        """Make ``row`` the current lot (to point at the one a message is about)."""
        if 0 <= row < self.table.rowCount():
            self.table.setCurrentCell(row, COL_TITLE)

    def _next_number(self) -> int:
        numbers = [self._number(row) for row in range(self.table.rowCount())]
        return max((n for n in numbers if isinstance(n, int)), default=0) + 1

    def _number(self, row: int) -> Any:
        item = self.table.item(row, COL_NUMBER)
        return item.data(Qt.ItemDataRole.EditRole) if item else None

    @staticmethod
    @contextmanager
    def _signals_blocked(widget: QWidget) -> Iterator[None]:
        """Block ``widget``'s signals, and unblock them even if the body raises.

        Signals left blocked after an exception would silently freeze the table.
        """
        previous = widget.blockSignals(True)
        try:
            yield
        finally:
            widget.blockSignals(previous)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        # A Qt slot must not raise: PySide6 aborts the application (« Fatal Python error »).
        try:
            if item.column() == COL_AMOUNT:
                self._rescreen_amount(item)
        except (ArithmeticError, ValueError, OverflowError):
            self.amount_error.show_message(
                f"Lot {self._number(item.row())} : montant illisible, écrivez par exemple "
                "12500,50."
            )
        self.changed.emit()

    def _rescreen_amount(self, item: QTableWidgetItem) -> None:
        """Show a valid typed amount the French way (« 12 500 € »); flag an invalid one."""
        text = item.text()
        if not amount_problem(text):
            parsed = parse_amount(text)
            if isinstance(parsed, Decimal):
                with self._signals_blocked(self.table):
                    item.setText(screen_amount(parsed))
        # An invalid amount keeps the text the user typed, so it can be corrected.
        self._check_amounts()

    def _check_amounts(self) -> None:
        """Show, under the table, what is wrong with each lot's amount (hidden when all valid)."""
        problems: list[str] = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_AMOUNT)
            problem = amount_problem(item.text()) if item else ""
            if problem:
                problems.append(f"Lot {self._number(row)} : {problem}")
        if problems:
            self.amount_error.show_message("\n".join(problems))
        else:
            self.amount_error.clear_message()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.currentRow() >= 0)

    # --- data -----------------------------------------------------------------------------
    def set_lots(self, lots: list[Lot]) -> None:
        """Show ``lots`` (replacing the rows) without emitting ``changed``."""
        with self._signals_blocked(self):
            self.table.setRowCount(0)
            for lot in lots:
                self.add_lot(lot)
        self._check_amounts()
        self._update_buttons()

    def lots_data(self) -> list[dict[str, Any]]:
        """The rows as plain dicts for ``TenderService.save`` (validated there)."""
        lots: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            title = self.table.item(row, COL_TITLE)
            amount = self.table.item(row, COL_AMOUNT)
            reserved = self.table.item(row, COL_RESERVED)
            lots.append(
                {
                    "number": self._number(row),
                    "title": title.text() if title else "",
                    "estimated_amount": parse_amount(amount.text() if amount else ""),
                    "reserved": list(reserved.data(RESERVATION_ROLE) or []) if reserved else [],
                }
            )
        return lots
