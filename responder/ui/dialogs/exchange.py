"""The dialogs of Fichier › Importer un dossier… (what the import will change) and
Fichier › Sauvegardes… (the backups, « Restaurer » the one selected)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import InvalidInput
from ...fr import datetime_at
from ...storage.db import WorkspaceError
from ..operations import Failure
from ..prompts import Prompts
from ..screen_fit import fit_to_screen
from ..widgets import make

if TYPE_CHECKING:
    from ...services.backup import BackupInfo
    from ...services.dossier_file import ImportPreview


def french_size(size: int) -> str:
    """« 1,2 Mo »."""
    for unit, factor in (("Go", 1 << 30), ("Mo", 1 << 20), ("ko", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} o"


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    return table


class ImportPreviewDialog(QDialog):
    """What an import will add or update; the user chooses new dossier / update, then OK."""

    def __init__(
        self,
        preview: ImportPreview,
        recompute: Callable[[bool], ImportPreview],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importer un dossier")
        self._recompute = recompute
        self.preview = preview
        layout = QVBoxLayout(self)
        self.heading = make.label()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.origin = make.label(_origin(preview), role="muted")
        layout.addWidget(self.origin)
        self.new_radio = QRadioButton("Créer un nouveau dossier")
        self.new_radio.setAccessibleName("Importer comme nouveau dossier")
        self.update_radio = QRadioButton()
        self.update_radio.setAccessibleName("Mettre à jour le dossier existant")
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.update_radio)
        layout.addWidget(self.update_radio)
        layout.addWidget(self.new_radio)
        self.table = _table(["Élément", "Nom", "Action", "Détail"], "Changements à appliquer")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.omitted = make.label(role="warning-text")
        layout.addWidget(self.omitted)
        layout.addWidget(make.label(
            "Rien n'est modifié avant de cliquer sur « Importer ». Si l'import échoue, "
            "l'espace de travail reste exactement comme avant.", role="muted", rich=False,
        ))
        layout.addWidget(self._build_buttons())
        self.new_radio.toggled.connect(self._on_mode)
        fit_to_screen(self, QSize(820, 520), margin=8)
        self._show(preview)

    def _build_buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Importer")
        ok.setAccessibleName("Importer le dossier")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Annuler")
        cancel.setAccessibleName("Annuler l'import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    @property
    def update_mode(self) -> bool:
        """True when the user chose to update the existing dossier."""
        return self.update_radio.isChecked()

    def _on_mode(self) -> None:
        if self.update_mode != self.preview.update:
            try:
                self._show(self._recompute(self.update_mode))
            except (InvalidInput, WorkspaceError) as exc:
                self.heading.setText(Failure.of(exc).text)

    def _show(self, preview: ImportPreview) -> None:
        self.preview = preview
        exists = preview.existing_id is not None
        self.update_radio.setVisible(exists)
        self.update_radio.setText(
            "Mettre à jour ce dossier, déjà présent dans cet espace de travail" if exists else ""
        )
        self.update_radio.setToolTip(f"<p>{html.escape(preview.existing_title)}</p>")
        self.new_radio.setVisible(exists)
        for radio, checked in ((self.update_radio, preview.update),
                               (self.new_radio, not preview.update)):
            radio.blockSignals(True)
            radio.setChecked(checked)
            radio.blockSignals(False)
        verb = "Mise à jour du dossier" if preview.update else "Nouveau dossier"
        self.heading.setText(f"{verb} : « {preview.title} »")
        self.table.setRowCount(len(preview.changes))
        for row, change in enumerate(preview.changes):
            values = (change.part, change.label, change.state_label, change.detail)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                # Values come from a received file: escaped, so no markup is interpreted.
                item.setToolTip(f"<p>{html.escape(value)}</p>" if value else "")
                self.table.setItem(row, column, item)
        omitted = preview.package.omitted
        self.omitted.setVisible(bool(omitted))
        self.omitted.setText(
            "Non transmis par l'expéditeur : " + " ; ".join(omitted) + "." if omitted else ""
        )

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text (for tests and the screen reader)."""
        rows = []
        for r in range(self.table.rowCount()):
            cells = (self.table.item(r, c) for c in range(self.table.columnCount()))
            rows.append(tuple(cell.text() if cell else "" for cell in cells))
        return rows


class BackupsDialog(QDialog):
    """The backups of the workspace, with dates and sizes; « Restaurer » the one selected."""

    def __init__(
        self, folder: Path, backups: list[BackupInfo], parent: QWidget | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sauvegardes")
        self.prompts = prompts or Prompts(self)
        self.folder = folder
        self.backups = backups
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Responder sauvegarde l'espace de travail au premier démarrage de chaque jour et "
            "avant chaque mise à jour de son format. Il garde les sauvegardes des 7 derniers "
            "jours et des 4 dernières semaines."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.folder_label = QLabel(f"Dossier des sauvegardes : {folder}")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        layout.addWidget(self.folder_label)
        self.table = _table(["Date", "Taille", "Type"], "Liste des sauvegardes")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setRowCount(len(backups))
        for row, backup in enumerate(backups):
            values = (
                datetime_at(backup.created_at),
                french_size(backup.size),
                backup.kind_label,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        layout.addWidget(self.table, 1)
        self.empty = QLabel("Aucune sauvegarde pour l'instant : la première sera faite au "
                            "prochain démarrage.")
        self.empty.setVisible(not backups)
        layout.addWidget(self.empty)
        layout.addWidget(self._build_buttons())
        self.table.itemSelectionChanged.connect(self._update)
        if backups:
            self.table.selectRow(0)
        self._update()
        fit_to_screen(self, QSize(640, 420), margin=8)

    def _build_buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton("Restaurer…")
        self.restore_button.setAccessibleName("Restaurer la sauvegarde sélectionnée")
        self.restore_button.setToolTip(
            "Remplace l'espace de travail par cette sauvegarde (l'état actuel est sauvegardé "
            "d'abord)"
        )
        self.open_button = QPushButton("Ouvrir le dossier")
        self.open_button.setAccessibleName("Ouvrir le dossier des sauvegardes")
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("Fermer")
        close.setAccessibleName("Fermer la liste des sauvegardes")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.accept)
        self.open_button.clicked.connect(self._open_folder)
        return self.buttons

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        """The backup selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prompts.open_document(self.folder)


def _origin(preview: ImportPreview) -> str:
    """« Fichier x.responder, exporté le 29/11/2026 à 18:25 avec Responder 0.1.0. »"""
    from datetime import datetime

    manifest = preview.package.manifest
    text = f"Fichier « {preview.package.path.name} »"
    try:
        when = datetime.fromisoformat(str(manifest.get("created_at")))
        text += f", exporté le {datetime_at(when)}"
    except ValueError:
        pass
    version = manifest.get("app_version")
    if isinstance(version, str) and len(version) < 20:
        text += f" avec Responder {version}"
    return text + "."
