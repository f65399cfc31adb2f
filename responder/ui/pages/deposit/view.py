"""The widgets of the « Dépôt » tab: the summary and the list of findings, the pack, the
record of the deposit and the upload settings. Layout only; ``DepositTab`` fills them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from ...widgets import make
from ...widgets.errors import ErrorLabel
from ..workspace_tab import WorkspaceTab

NO_TENDER_TEXT = "Sélectionnez une consultation pour préparer son dépôt."


class DepositWidgets(WorkspaceTab):
    """The widgets of the tab, built by ``_build()``."""

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.summary_label = QLabel(NO_TENDER_TEXT)
        font = QFont()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 1)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        self.recheck_button = QPushButton("Vérifier à nouveau")
        self.recheck_button.setToolTip("Relance la vérification finale du dossier")
        header = QHBoxLayout()
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.recheck_button)

        # One item per finding, on several lines (level and message; piece, member, lot): the
        # tab is often narrow and the message is what matters, so it must never be cut off.
        self.tree = QListWidget()
        self.tree.setAccessibleName("Vérification finale avant le dépôt")
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSpacing(2)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pages_label = make.label(role="muted")
        hint = make.label("Un clic sur une ligne ouvre ce qu'il faut corriger.", role="muted",
                          wrap=False)

        self.settings_toggle = QToolButton()
        self.settings_toggle.setText("Réglages du dépôt (taille, formats, noms, sauvegarde)")
        self.settings_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.settings_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.settings_toggle.setCheckable(True)
        self.settings_toggle.setAutoRaise(True)
        self.settings_box = self._build_settings()
        self.settings_box.hide()
        self.settings_toggle.toggled.connect(self._toggle_settings)
        self.error_label = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.pages_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self._build_pack())
        layout.addWidget(self._build_record())
        layout.addWidget(self.settings_toggle)
        layout.addWidget(self.settings_box)
        for button in self.findChildren(QAbstractButton):  # screen readers read the label
            if not button.accessibleName():
                button.setAccessibleName(button.text())
        self._set_enabled(False)

    def _toggle_settings(self, shown: bool) -> None:
        self.settings_box.setVisible(shown)
        self.settings_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _build_settings(self) -> QGroupBox:
        box = QGroupBox()  # titled by the toggle above it
        self.max_file_spin = make.spin_box(10_000, suffix=" Mo", special="50 Mo (défaut)",
                                           name="Taille maximale par fichier")
        self.max_total_spin = make.spin_box(100_000, suffix=" Mo", special="aucune limite",
                                            name="Taille maximale du pli")
        self.formats_edit = make.line_edit(
            "Formats acceptés", placeholder="pdf, docx, xlsx, odt… (vide : formats courants)")
        self.pattern_edit = make.line_edit(
            "Modèle de nom des fichiers",
            tip="{NN} numéro, {Piece} pièce, {Candidat} membre, {Lot} lot — lettres sans "
                "accent, chiffres, - et _")
        self.backup_check = QCheckBox("Copie de sauvegarde (R2132-11)")
        self.zip_check = QCheckBox("Aussi un .zip à côté du dossier")
        self.save_settings_button = QPushButton("Enregistrer les réglages")
        grid = QGridLayout(box)
        grid.addWidget(QLabel("Par fichier"), 0, 0)
        grid.addWidget(self.max_file_spin, 0, 1)
        grid.addWidget(QLabel("Pli entier"), 0, 2)
        grid.addWidget(self.max_total_spin, 0, 3)
        grid.addWidget(QLabel("Formats"), 1, 0)
        grid.addWidget(self.formats_edit, 1, 1, 1, 3)
        grid.addWidget(QLabel("Noms"), 2, 0)
        grid.addWidget(self.pattern_edit, 2, 1, 1, 3)
        grid.addWidget(self.backup_check, 3, 0, 1, 2)
        grid.addWidget(self.zip_check, 3, 2, 1, 2)
        grid.addWidget(self.save_settings_button, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _build_pack(self) -> QGroupBox:
        box = QGroupBox("Pli à déposer")
        layout = QVBoxLayout(box)
        self.pack_button = QPushButton("Préparer le pli…")
        self.pack_button.setToolTip(
            "Choisissez un dossier nouveau ou vide : Candidature/, Offre/Lot N/, LISEZ-MOI.txt"
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.open_button = QPushButton("Ouvrir le dossier")
        self.open_button.hide()
        self.pack_label = make.label("Les fichiers sont renommés, rangés par candidature, offre "
                                     "et lot, avec la liste et leurs empreintes dans "
                                     "LISEZ-MOI.txt.", role="muted")
        row = QHBoxLayout()
        row.addWidget(self.pack_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.open_button)
        row.addStretch(0 if self.progress.isVisible() else 1)
        layout.addLayout(row)
        layout.addWidget(self.pack_label)
        return box

    def _build_record(self) -> QGroupBox:
        box = QGroupBox("Dépôt effectué")
        layout = QVBoxLayout(box)
        self.record_label = make.label("Pas encore déposé.")
        self.at_edit = QDateTimeEdit()
        self.at_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setAccessibleName("Date et heure du dépôt")
        self.receipt_button = QPushButton("Accusé de réception…")
        self.receipt_label = make.label("aucun fichier", role="muted", wrap=False)
        self.record_button = QPushButton("Enregistrer le dépôt")
        self.open_receipt_button = QPushButton("Ouvrir l'accusé")
        self.open_receipt_button.hide()
        row = QHBoxLayout()
        row.addWidget(QLabel("Le"))
        row.addWidget(self.at_edit)
        row.addWidget(self.receipt_button)
        row.addWidget(self.receipt_label, 1)
        row.addWidget(self.record_button)
        row.addWidget(self.open_receipt_button)
        layout.addWidget(self.record_label)
        layout.addLayout(row)
        return box

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.recheck_button, self.save_settings_button, self.pack_button,
                       self.record_button, self.receipt_button, self.max_file_spin,
                       self.max_total_spin, self.formats_edit, self.pattern_edit,
                       self.backup_check, self.zip_check, self.at_edit):
            widget.setEnabled(enabled)

