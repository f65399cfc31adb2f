"""The widgets of the « Pièces » tab: progress, the status buttons, the tree of pieces, the
explanation panel with the note and the internal due date, the buttons below. Layout
only; ``ChecklistTab`` fills them and runs the changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ....domain.checklist import STATUS_LABELS, ItemStatus
from ...widgets import make
from ...widgets.dates import OptionalDateEdit
from ...widgets.errors import ErrorLabel
from ..layout import set_columns
from ..workspace_tab import WorkspaceTab
from .tree import COLUMNS, ChecklistTree

EMPTY_TEXT = "Sélectionnez une consultation pour voir les pièces à fournir."
DETAILS_HINT = (
    "Sélectionnez une pièce pour savoir ce que c'est et où l'obtenir. Touches 1 à 4 : "
    "à faire, en cours, prêt, sans objet. Glissez un fichier sur une pièce pour le joindre."
)


def _button(text: str, name: str, tip: str) -> QPushButton:
    return make.button(text, name=name, tip=tip)


class ChecklistWidgets(WorkspaceTab):
    """The widgets of the tab, built by ``_build()``."""

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_status_bar())
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_tree())
        self.splitter.addWidget(self._build_details())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 190])
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._build_footer())
        # A second row so that no button is cut at 1024 px (see test_layout_small_window).
        layout.addLayout(make.row(self.add_button, self.hide_button, self.show_hidden_check,
                                  None, margins=True))

    def _build_header(self) -> QHBoxLayout:
        self.progress_label = make.label(EMPTY_TEXT, role="subheading")
        self.deadline_label = make.label(role="soft", wrap=False)
        row = QHBoxLayout()
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.deadline_label)
        return row

    def _build_status_bar(self) -> QHBoxLayout:
        # Tool buttons, not push buttons: these have no 80 px minimum, so the four statuses
        # fit on one row of a dossier pane about 400 px wide (1024 px window).
        row = QHBoxLayout()
        row.setSpacing(4)
        # An action on the selected piece, said as such: « 1 À faire » read like a filter
        # with a count. The keys 1 to 4 stay, named in the tooltip.
        mark = QLabel("Marquer :")
        mark.setToolTip("Change l'état de la pièce sélectionnée dans la liste.")
        row.addWidget(mark)
        self.status_buttons: dict[ItemStatus, QToolButton] = {}
        for number, status in enumerate(ItemStatus, start=1):
            text = STATUS_LABELS[status] + ("…" if status == ItemStatus.SANS_OBJET else "")
            button = QToolButton()
            button.setText(text)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(f"Marquer la pièce « {STATUS_LABELS[status].lower()} »")
            button.setToolTip(
                f"Marquer la pièce sélectionnée « {STATUS_LABELS[status].lower()} » "
                f"(touche {number})"
            )
            self.status_buttons[status] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_tree(self) -> QWidget:
        self.tree = ChecklistTree()
        self.tree.setAccessibleName("Pièces à fournir")
        self.tree.setAccessibleDescription(DETAILS_HINT)
        set_columns(self.tree, COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        return self.tree

    def _build_details(self) -> QWidget:
        self.details_label = make.label(DETAILS_HINT, rich=True, selectable=True,
                                        name="Explication de la pièce")
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note_edit = make.line_edit(
            "Note sur la pièce", placeholder="Note (par exemple : demandé au comptable le 3/12)")
        self.due_edit = OptionalDateEdit()
        self.due_edit.setAccessibleName("Échéance interne de la pièce")
        self.due_edit.setToolTip("La date à laquelle vous voulez que cette pièce soit prête.")
        # Two rows: side by side they made the detail pane scroll sideways at 1024 px.
        edits = QGridLayout()
        for line, (text, field) in enumerate((("&Note :", self.note_edit),
                                              ("Échéance &interne :", self.due_edit))):
            edits.addWidget(make.buddy(text, field), line, 0)
            edits.addWidget(field, line, 1)
        edits.setColumnStretch(1, 1)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.details_label, 1)
        box.addLayout(edits)
        self.details_area = QScrollArea()
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.details_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details_area.setWidget(inner)
        self.details_area.setAccessibleName("Détail de la pièce sélectionnée")
        return self.details_area

    def _build_footer(self) -> QHBoxLayout:
        self.attach_button = _button(
            "Joindre un fichier…", "Joindre un fichier à la pièce",
            "Copier un fichier dans l'espace de travail et le joindre à la pièce sélectionnée "
            "(vous pouvez aussi le glisser sur la pièce).")
        self.detach_button = _button(
            "Retirer le fichier", "Retirer le fichier de la pièce",
            "Détacher le fichier joint à la pièce sélectionnée.")
        self.add_button = _button(
            "Ajouter une pièce…", "Ajouter une pièce",
            "Ajouter une pièce demandée par le RC qui n'est pas dans la liste.")
        self.hide_button = _button(
            "Masquer", "Masquer la pièce",
            "Masquer une pièce standard qui ne concerne pas ce dossier.")
        self.show_hidden_check = QCheckBox("Pièces masquées")
        self.show_hidden_check.setAccessibleName("Afficher les pièces masquées")
        self.show_hidden_check.setToolTip(
            "Afficher aussi les pièces masquées, pour les réafficher.")
        self.export_button = _button(
            "Exporter", "Exporter les pièces",
            "Exporter le bordereau des pièces (.docx) ou leur liste pour un tableur (.csv).")
        self.export_button.setMenu(self._build_export_menu())
        return make.row(self.attach_button, self.detach_button, None, self.export_button,
                        margins=True)

    def _build_export_menu(self) -> QMenu:
        self.export_docx_action = QAction("Bordereau des pièces (.docx)…", self)
        self.export_docx_action.setToolTip(
            "Exporter le bordereau des pièces au format Word (.docx).")
        self.export_csv_action = QAction("Liste des pièces pour un tableur (.csv)…", self)
        self.export_csv_action.setToolTip(
            "Exporter la liste des pièces pour un tableur (.csv).")
        menu = QMenu(self)
        menu.setAccessibleName("Formats d'export des pièces")
        menu.addAction(self.export_docx_action)
        menu.addAction(self.export_csv_action)
        return menu
