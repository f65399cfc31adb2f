"""Layout of the « Veille » page: the import buttons, then three tabs (open notices, contracts
to renew, the structure's own past contracts), each a filter bar above a table.

Widgets only; ``VeillePage`` (controller.py) fills them and reacts to them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from ...theme import color, set_role
from ...widgets.make import (
    button,
    check_box,
    column,
    combo,
    label,
    line_edit,
    row,
    spin_box,
)

NOTICE_HEADERS = ["Score", "Date limite", "Objet", "Acheteur", "Dép.", "Réservé", "Social"]
NOTICE_WIDTHS = [52, 136, 410, 240, 58, 130, 52]
RENEWAL_HEADERS = ["Fin prévue", "Objet", "Acheteur", "Titulaire(s)", "Dép.", "CPV", "Montant HT"]
RENEWAL_WIDTHS = [88, 290, 220, 200, 48, 80, 150]
OWN_HEADERS = ["Notifié le", "Objet", "Acheteur", "Montant HT", "Fin prévue", "Groupement"]
OWN_WIDTHS = [88, 360, 260, 120, 88, 100]
DEADLINES = [("Toutes les dates limites", None), ("Dans les 7 jours", 7),
             ("Dans les 15 jours", 15), ("Dans les 30 jours", 30), ("Dans les 60 jours", 60)]
ID_ROLE = Qt.ItemDataRole.UserRole + 1
RENEWALS_INTRO = (
    "Marchés des données essentielles (DECP) de votre territoire et de vos familles "
    "d'achat qui se terminent bientôt : l'acheteur va relancer une consultation. "
    "Préparez-vous et rencontrez-le avant l'avis : l'acheteur a le droit de consulter "
    "les entreprises pour préparer son marché (sourcing)."
)


class Cell:
    """What one table cell shows: its text, the row's id (first cell), right-aligned or not."""

    __slots__ = ("data", "right", "text", "tip")

    def __init__(self, text: str, data: object = None, *, right: bool = False,
                 tip: str | None = None) -> None:
        self.text = text
        self.data = data
        self.right = right
        self.tip = tip


def _item(cell: Cell) -> QTableWidgetItem:
    item = QTableWidgetItem(cell.text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(cell.tip if cell.tip is not None else cell.text)
    if cell.data is not None:
        item.setData(ID_ROLE, cell.data)
    if cell.right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def fill_table(table: QTableWidget, rows: Sequence[Sequence[Cell]],
               *, new: Sequence[bool] = (), muted: Sequence[bool] = ()) -> None:
    """Show ``rows`` in ``table``; ``new`` rows in bold on yellow, ``muted`` rows in grey."""
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    bold = QFont()
    bold.setBold(True)
    for index, cells in enumerate(rows):
        is_new = index < len(new) and new[index]
        is_muted = index < len(muted) and muted[index]
        for col, cell in enumerate(cells):
            item = _item(cell)
            if is_new:
                item.setBackground(QBrush(color("new_item_background")))
                item.setFont(bold)
            if is_muted:
                item.setForeground(QBrush(color("text_closed")))
            table.setItem(index, col, item)
    table.setUpdatesEnabled(True)


def _table(headers: list[str], widths: list[int], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    return table


class VeilleView(QWidget):
    """The widgets of the page, laid out; no behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_notices(), "Avis ouverts")
        self.tabs.addTab(self._build_renewals(), "Marchés à renouveler")
        self.tabs.addTab(self._build_own(), "Mes marchés passés (DECP)")
        self.tabs.setAccessibleName("Avis, marchés à renouveler et marchés passés")
        self.tabs.tabBar().setAccessibleName("Onglets de la veille")
        column(self._build_header(), parent=self).addWidget(self.tabs, 1)

    def _build_header(self) -> QHBoxLayout:
        self.import_boamp_button = button(
            "Importer des avis (BOAMP)…", name="Importer un export du BOAMP",
            tip="Export CSV ou JSON du jeu « boamp » (boamp-datadila.opendatasoft.com › Export).")
        self.import_decp_button = button(
            "Importer des marchés attribués (DECP)…", name="Importer le CSV consolidé des DECP",
            tip="CSV consolidé « format tabulaire » des données essentielles (data.gouv.fr).")
        self.import_label = label(role="muted")
        # Titled like every other page; the imports are the page's actions, on the right.
        header = row(label("Veille", role="title", wrap=False), 12, self.import_label,
                     self.import_boamp_button, self.import_decp_button, margins=True)
        header.setStretchFactor(self.import_label, 1)
        return header

    def _build_notice_filters(self) -> QHBoxLayout:
        self.dept_edit = line_edit("Départements", placeholder="Dép. : 30, 34", max_width=170)
        self.cpv_edit = line_edit("Codes CPV", placeholder="CPV : 77, 9091", max_width=170)
        self.type_combo = combo("Type de marché")
        self.deadline_combo = combo("Date limite", items=DEADLINES)
        self.reserved_check = check_box("Marchés réservés")
        self.social_check = check_box("Clauses sociales")
        self.closed_check = check_box("Clos et annulés")
        return row(self.dept_edit, self.cpv_edit, self.type_combo, self.deadline_combo,
                   self.reserved_check, self.social_check, self.closed_check, None,
                   margins=True)

    def _build_notices(self) -> QWidget:
        self.text_edit = line_edit("Mots cherchés", clear=True,
                                   placeholder="Mots de l'objet, de l'acheteur ou des lots")
        self.saved_combo = combo("Filtres enregistrés")
        self.saved_combo.setMinimumWidth(220)
        self.save_button = button("Enregistrer ce filtre…", name="Enregistrer ce filtre")
        second = row(self.text_edit, self.saved_combo, self.save_button, margins=True)
        second.setStretchFactor(self.text_edit, 1)
        self.notice_table = _table(NOTICE_HEADERS, NOTICE_WIDTHS, "Avis ouverts")
        self.reason_label = label(selectable=True, rich=True)
        self.reason_label.setTextFormat(Qt.TextFormat.AutoText)
        self.follow_button = button("Suivre (créer le dossier)", enabled=False,
                                    name="Suivre l'avis : créer le dossier")
        self.link_button = button("Voir l'avis", enabled=False, name="Voir l'avis sur boamp.fr")
        bottom = row(self.reason_label, self.link_button, self.follow_button, margins=True)
        bottom.setStretchFactor(self.reason_label, 1)
        self.count_label = label(role="muted", wrap=False)
        page = QWidget()
        layout = column(self._build_notice_filters(), second, parent=page)
        layout.addWidget(self.notice_table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(bottom)
        return page

    def _build_renewals(self) -> QWidget:
        self.months_spin = spin_box(60, minimum=1, value=12, prefix="Fin dans les ",
                                    suffix=" mois", name="Fin dans les N mois")
        self.renewal_dept = line_edit("Départements d'exécution", min_width=240,
                                      placeholder="Départements d'exécution")
        self.renewal_cpv = line_edit("Codes CPV des marchés à renouveler", min_width=240,
                                     placeholder="CPV (défaut : vos références)")
        self.renewal_table = _table(RENEWAL_HEADERS, RENEWAL_WIDTHS, "Marchés à renouveler")
        self.renewal_label = label()
        page = QWidget()
        layout = column(label(RENEWALS_INTRO, role="muted"),
                        row(self.months_spin, self.renewal_dept, self.renewal_cpv, None,
                            margins=True), parent=page)
        layout.addWidget(self.renewal_table, 1)
        layout.addWidget(self.renewal_label)
        return page

    def _build_own(self) -> QWidget:
        self.own_label = label()
        self.own_table = _table(OWN_HEADERS, OWN_WIDTHS, "Mes marchés passés")
        self.reference_button = button("Créer ou compléter la référence", enabled=False)
        page = QWidget()
        layout = column(self.own_label, parent=page)
        layout.addWidget(self.own_table, 1)
        layout.addLayout(row(None, self.reference_button, margins=True))
        return page

    def set_count_error(self, error: bool) -> None:
        """The count line in red (a filter that cannot be read) or grey (the count)."""
        set_role(self.count_label, "error-deep" if error else "muted")
