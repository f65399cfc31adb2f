"""The widgets of « Références »: search row, filters, buttons and the lazy table (layout only).

The page (``controller.py``) fills the combos, runs the searches and saves; this module only
builds what the user sees, so its look can be read in one place.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QWidget,
)

from ...models.reference_table import (
    COL_AMOUNT,
    COL_BUYER,
    COL_FAMILIES,
    COL_ROLE,
    COL_TITLE,
    COL_YEAR,
)
from ...widgets import make
from ...widgets.errors import ErrorLabel
from ..layout import size_columns

#: The spin value shown as « toutes » (no bound on the year).
ANY_YEAR = 1999
COLUMN_WIDTHS = ((COL_TITLE, 250), (COL_BUYER, 140), (COL_YEAR, 50), (COL_AMOUNT, 90),
                 (COL_ROLE, 100), (COL_FAMILIES, 140))


def year_spin(name: str) -> QSpinBox:
    """A year bound of the filter; its lowest value reads « toutes »."""
    return make.spin_box(2100, minimum=ANY_YEAR, special="toutes", name=name)


class ReferencesFilters:
    """The filter widgets above the list (family, buyer kind, role, sort, years, amounts)."""

    def __init__(self) -> None:
        self.family_combo = make.combo("Filtrer par famille d'achat", length=8)
        self.kind_combo = make.combo("Filtrer par type d'acheteur", length=8)
        self.role_filter_combo = make.combo("Filtrer par rôle", length=8)
        self.sort_combo = make.combo("Trier les références", length=8)
        self.year_from_spin = year_spin("Année de début du filtre")
        self.year_to_spin = year_spin("Année de fin du filtre")
        self.amount_min_edit = make.line_edit("Montant minimum du filtre", placeholder="min. €",
                                              max_width=120)
        self.amount_max_edit = make.line_edit("Montant maximum du filtre", placeholder="max. €",
                                              max_width=120)
        self.reset_filters_button = make.button(
            "Tout afficher", name="Effacer la recherche et les filtres")
        self.filter_error = ErrorLabel()

    def combos_row(self) -> QGridLayout:
        """« Famille · Acheteur · Rôle · Tri », each combo beside its label."""
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for col, (text, combo) in enumerate((
            ("&Famille :", self.family_combo), ("Ac&heteur :", self.kind_combo),
            ("Rô&le :", self.role_filter_combo), ("&Tri :", self.sort_combo),
        )):
            grid.addWidget(make.buddy(text, combo), 0, 2 * col)
            grid.addWidget(combo, 0, 2 * col + 1)
            grid.setColumnStretch(2 * col + 1, 1)
        return grid

    def ranges_row(self) -> QHBoxLayout:
        """« Années : … à … » and « Montants HT : … à … », then « Tout afficher »."""
        return make.row(
            make.buddy("A&nnées :", self.year_from_spin), self.year_from_spin, QLabel("à"),
            self.year_to_spin, 24,
            make.buddy("&Montants HT :", self.amount_min_edit), self.amount_min_edit, QLabel("à"),
            self.amount_max_edit, None, self.reset_filters_button,
        )

    def widgets(self) -> list[QWidget]:
        """Every filter input (to block their signals while they are reset)."""
        return [self.family_combo, self.kind_combo, self.role_filter_combo,
                self.year_from_spin, self.year_to_spin, self.amount_min_edit,
                self.amount_max_edit]


def csv_buttons() -> tuple[QWidget, QWidget]:
    """« Importer un CSV… » and « Exporter en CSV… »."""
    return (
        make.button("&Importer un CSV…", name="Importer des références depuis un fichier CSV",
                    tip="Importer le tableau de vos références (CSV d'Excel, séparateur "
                        "point-virgule)."),
        make.button("E&xporter en CSV…", name="Exporter les références en CSV",
                    tip="Enregistrer vos références dans un fichier CSV lisible par Excel "
                        "(les références confidentielles ne sont jamais exportées)."),
    )


def references_table(model: QAbstractItemModel) -> QTableView:
    """The list of ``model``: one row per reference, fixed heights and widths (Qt never
    measures 10,000 rows); the widths are set once the model gave the columns."""
    table = make.rows_view(QTableView(), "Liste des références")
    table.setModel(model)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    # Fixed row heights and column widths: Qt then never measures the 10,000 rows.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    size_columns(table.horizontalHeader(), COLUMN_WIDTHS)
    return table
