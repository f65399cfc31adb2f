"""The widgets of « Documents administratifs » (layout only): the header, the table of the
documents today, the tree of the dossiers at their deadline and the add/replace form."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ...widgets import make
from ...widgets.errors import ErrorLabel, FormErrors
from ...widgets.forms import add_row, new_form
from ..layout import Column, set_columns

COL_KIND, COL_DOCUMENT, COL_DATED, COL_EXPIRES, COL_STATE, COL_RENEW, COL_FILE = range(7)
COLUMNS: tuple[Column, ...] = (
    ("Pièce", 230), ("Document enregistré", 190), ("Daté du", 95), ("Expire le", 105),
    ("État aujourd'hui", 175), ("À renouveler avant le", 150), ("Fichier", 240))
DOSSIER_HEADERS = ["Consultation / pièce", "État (date limite ou attribution)", "Expire le",
                   "À renouveler avant le"]


class DocumentsView(QWidget):
    """The page's widgets; ``DocumentsPage`` fills them and reacts to them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(make.group("Vos documents, aujourd'hui", self._build_table()))
        splitter.addWidget(make.group(
            "À la date limite de vos consultations en cours (pièces de l'attributaire : à "
            "l'attribution prévue)", self._build_dossiers()))
        splitter.setSizes([305, 265])
        layout.addWidget(splitter, 1)
        layout.addWidget(self._build_form())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt naming
        """False: the window's page slot would otherwise pin the page to the height its
        wrapped hint prefers (taller than a 700 px window, « Ajouter le document » cut off)
        instead of letting the two tables above give up room. Inside the page, the hint
        still wraps to its width."""
        return False

    def _build_header(self) -> QHBoxLayout:
        self.structure_label = make.label(role="soft", wrap=False)
        self.open_button = make.button(
            "Ouvrir le fichier", name="Ouvrir le fichier du document sélectionné",
            tip="Ouvrir le document sélectionné dans votre visionneuse.")
        row = make.row(make.label("Documents administratifs", role="title", wrap=False),
                       self.structure_label, self.open_button, margins=True)
        row.setStretch(1, 1)
        return row

    def _build_table(self) -> QTableWidget:
        self.table = make.rows_view(QTableWidget(), "Documents de la structure")
        set_columns(self.table, COLUMNS)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setHighlightSections(False)
        return self.table

    def _build_dossiers(self) -> QTreeWidget:
        self.dossiers_tree = make.rows_view(QTreeWidget(),
                                            "Validité à la date limite des consultations")
        self.dossiers_tree.setHeaderLabels(DOSSIER_HEADERS)
        self.dossiers_tree.setUniformRowHeights(True)
        header = self.dossiers_tree.header()
        for column, width in enumerate((420, 340, 100, 150)):
            header.resizeSection(column, width)
        return self.dossiers_tree

    def _build_form(self) -> QGroupBox:
        box = QGroupBox("Ajouter ou remplacer un document")
        self.errors = FormErrors(ErrorLabel())
        self.kind_combo = QComboBox()
        self.date_edit = QDateEdit()
        self.date_edit.setLocale(QLocale(QLocale.Language.French, QLocale.Country.France))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.date_hint = make.label(role="muted")
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("Chemin du fichier (PDF de l'attestation…)")
        self.browse_button = make.button("Parcourir…", name="Choisir le fichier du document")
        file_row = make.container(make.row(self.file_edit, self.browse_button))
        file_row.layout().setStretch(0, 1)  # type: ignore[union-attr]
        self.save_button = make.button("Ajouter le document", name="Enregistrer le document",
                                       default=True)
        left = new_form()
        add_row(left, "&Pièce :", self.kind_combo, self.errors, "kind",
                tooltip="Le type de document à ranger.")
        add_row(left, "&Date de l'attestation :", self.date_edit, self.errors, "date",
                tooltip="La date que le document certifie (voir l'indication en dessous).")
        self.errors.alias("valid_until", "date")
        add_row(left, "&Fichier :", file_row, self.errors, "file", focus=self.file_edit)
        left.addRow(self.errors.general)
        # The hint runs under the fields on the whole width: beside them, in a 1024 px
        # window, it wrapped into so many lines that « Ajouter le document » fell off-screen.
        bottom = QHBoxLayout()
        bottom.addWidget(self.date_hint, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(box)
        layout.addLayout(left)
        layout.addLayout(bottom)
        return box
