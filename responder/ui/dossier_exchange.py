"""Fichier › Exporter le dossier…, Importer un dossier…, Sauvegardes… — and their dialogs.

``DossierExchange`` holds the behaviour; every question goes through an attribute a test
replaces (``choose_save``, ``choose_open``, ``confirm``, ``inform``, ``error``, ``run_dialog``),
so no test ever opens a modal. Reading a dossier file and writing one are quick (a dossier is
a few hundred KB plus its attachments), so they run on the UI thread behind a wait cursor.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
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

from ..domain.errors import InvalidInput
from ..storage.db import WorkspaceError
from .dialogs.confirm import ask_yes_no, show_error
from .dialogs.files import choose_open_file, choose_save_file
from .dialogs.inform import show_information
from .screen_fit import fit_to_screen

if TYPE_CHECKING:
    from ..services.backup import BackupInfo
    from ..services.dossier_file import ImportPreview
    from .main_window import MainWindow

DOSSIER_FILTER = "Dossier Responder (*.responder);;Tous les fichiers (*)"


def french_size(size: int) -> str:
    """« 1,2 Mo »."""
    for unit, factor in (("Go", 1 << 30), ("Mo", 1 << 20), ("ko", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} o"


def _message(exc: Exception) -> str:
    if isinstance(exc, InvalidInput):
        return " ".join(exc.messages.values())
    return str(exc)


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
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.origin = QLabel(_origin(preview))
        self.origin.setTextFormat(Qt.TextFormat.PlainText)
        self.origin.setWordWrap(True)
        self.origin.setStyleSheet("color: #555;")
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
        self.omitted = QLabel()
        self.omitted.setTextFormat(Qt.TextFormat.PlainText)
        self.omitted.setWordWrap(True)
        self.omitted.setStyleSheet("color: #8a5300;")
        layout.addWidget(self.omitted)
        note = QLabel(
            "Rien n'est modifié avant de cliquer sur « Importer ». Si l'import échoue, "
            "l'espace de travail reste exactement comme avant."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
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
        layout.addWidget(self.buttons)
        self.new_radio.toggled.connect(self._on_mode)
        fit_to_screen(self, QSize(820, 520), margin=8)
        self._show(preview)

    @property
    def update_mode(self) -> bool:
        """True when the user chose to update the existing dossier."""
        return self.update_radio.isChecked()

    def _on_mode(self) -> None:
        if self.update_mode != self.preview.update:
            try:
                self._show(self._recompute(self.update_mode))
            except (InvalidInput, WorkspaceError) as exc:
                self.heading.setText(_message(exc))

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
        self, folder: Path, backups: list[BackupInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sauvegardes")
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
                backup.created_at.strftime("%d/%m/%Y à %H:%M"),
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
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update)
        if backups:
            self.table.selectRow(0)
        self._update()
        fit_to_screen(self, QSize(640, 420), margin=8)

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        """The backup selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))


def _origin(preview: ImportPreview) -> str:
    """« Fichier x.responder, exporté le 29/11/2026 à 18:25 avec Responder 0.1.0. »"""
    from datetime import datetime

    manifest = preview.package.manifest
    text = f"Fichier « {preview.package.path.name} »"
    try:
        when = datetime.fromisoformat(str(manifest.get("created_at")))
        text += f", exporté le {when:%d/%m/%Y à %H:%M}"
    except ValueError:
        pass
    version = manifest.get("app_version")
    if isinstance(version, str) and len(version) < 20:
        text += f" avec Responder {version}"
    return text + "."


def _exec(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class DossierExchange(QObject):
    """Export / import of dossier files and the backups, for the main window's menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Hooks: tests replace them; none of them may open a modal in a test.
        self.choose_save: Callable[[QWidget | None, str, str, str], Path | None] = (
            choose_save_file
        )
        self.choose_open: Callable[[QWidget | None, str, str], Path | None] = choose_open_file
        self.confirm: Callable[[QWidget | None, str, str], bool] = ask_yes_no
        self.inform: Callable[[QWidget | None, str, str], None] = show_information
        self.error: Callable[[QWidget | None, str, str], None] = show_error
        self.run_dialog: Callable[[QDialog], bool] = _exec
        #: Called after a restore with the workspace closed (the app quits: restart needed).
        self.after_restore: Callable[[], None] = self._quit

    # --- export ------------------------------------------------------------------------
    def export_current(self) -> Path | None:
        """Export the selected consultation to a .responder file; returns the file written."""
        from ..services import dossier_file as df

        ctx = self.window.ctx
        tender_id = self._selected_tender()
        if ctx is None or ctx.session is None or tender_id is None:
            self.inform(self.window, "Exporter le dossier",
                        "Sélectionnez d'abord une consultation dans la liste « Consultations ».")
            return None
        # The file must hold what the user sees: unsaved edits asked about, timers flushed.
        if not self._leave_tenders():
            return None
        tender = ctx.tenders.get(tender_id)
        omitted = df.export_omissions(ctx.session, tender_id)
        if omitted and not self.confirm(
            self.window,
            "Exporter le dossier",
            "Ce qui suit ne sera pas inclus dans le fichier :\n– " + "\n– ".join(omitted)
            + "\n\nContinuer l'export ?",
        ):
            return None
        suggested = _file_name(tender.title) + df.SUFFIX
        out = self.choose_save(self.window, "Exporter le dossier", suggested, DOSSIER_FILTER)
        if out is None:
            return None
        if not out.suffix:
            out = out.with_suffix(df.SUFFIX)
        try:
            with _WaitCursor():
                result = df.export_dossier(ctx.session, tender_id, out)
        except (InvalidInput, WorkspaceError) as exc:
            self.error(self.window, "Export impossible", _message(exc))
            return None
        self.window.show_message(f"Dossier exporté : {result.path}")
        return result.path

    def _leave_tenders(self) -> bool:
        """Ask about the dossier's unsaved changes and save what waits on a timer; False
        when the user chose to stay (or the save was refused)."""
        from .pages.registry import TENDERS

        if TENDERS not in self.window._pages:
            return True
        page = self.window.tenders_page
        if not page.maybe_leave():
            return False
        page.flush_tabs()
        return True

    def _selected_tender(self) -> int | None:
        from .pages.registry import TENDERS

        if TENDERS not in self.window._pages:
            return None
        return self.window.tenders_page.current_tender_id()

    # --- import ------------------------------------------------------------------------
    def preview_dialog(self, path: Path) -> ImportPreviewDialog | None:
        """Read ``path`` and build the preview dialog (not shown); ``None`` after an error."""
        from ..services import dossier_file as df

        ctx = self.window.ctx
        if ctx is None or ctx.session is None:
            return None
        session = ctx.session
        try:
            with _WaitCursor():
                package = df.read_dossier(path)
                preview = df.preview_import(session, package)
        except (InvalidInput, WorkspaceError) as exc:
            self.error(self.window, "Import impossible", _message(exc))
            return None
        return ImportPreviewDialog(
            preview, lambda update: df.preview_import(session, package, update), self.window
        )

    def import_file(self, path: Path | None = None) -> int | None:
        """Choose a dossier file, preview it, import it; returns the dossier's id."""
        from ..services import dossier_file as df

        ctx = self.window.ctx
        if ctx is None or ctx.session is None:
            return None
        # The import may replace the dossier being edited, or switch structure: ask about
        # unsaved changes first (every page), while « Enregistrer » can still save them.
        if not self._leave_tenders():
            return None
        for page in self.window._pages.values():
            maybe_leave = getattr(page, "maybe_leave", None)
            if maybe_leave is not None and not maybe_leave():
                return None
        if path is None:
            path = self.choose_open(self.window, "Importer un dossier", DOSSIER_FILTER)
            if path is None:
                return None
        dialog = self.preview_dialog(path)
        if dialog is None:
            return None
        try:
            if not self.run_dialog(dialog):
                return None
            try:
                with _WaitCursor():
                    result = df.import_dossier(ctx.session, dialog.preview.package,
                                               dialog.update_mode)
            except (InvalidInput, WorkspaceError) as exc:
                self.error(self.window, "Import impossible",
                           _message(exc) + "\n\nRien n'a été modifié.")
                return None
        finally:
            dialog.deleteLater()
        what = "mis à jour" if result.update else "importé"
        self.window.show_message(f"Dossier {what} : « {dialog.preview.title} »")
        from .pages.registry import TENDERS

        # A coach receives dossiers of other structures: switch to the dossier's structure,
        # else the list (filtered on the current structure) would not show it.
        tender = ctx.tenders.get(result.tender_id)
        if tender.structure_id is not None and tender.structure_id != ctx.current_structure_id():
            ctx.structures.set_current(tender.structure_id)
            self.window._on_structure_changed(ctx.structures.get(tender.structure_id))
        if TENDERS in self.window._pages:
            self.window.tenders_page.reload()
        self.window.open_tender(result.tender_id)
        return result.tender_id

    # --- backups -----------------------------------------------------------------------
    def backups_dialog(self) -> BackupsDialog | None:
        """The « Sauvegardes » dialog for the open workspace (not shown)."""
        from ..services import backup

        ctx = self.window.ctx
        if ctx is None:
            return None
        return BackupsDialog(
            backup.folder_of(ctx.workspace_path), backup.backups_of(ctx.workspace_path),
            self.window,
        )

    def show_backups(self) -> bool:
        """Show the backups; restore the chosen one after confirmation. True if restored."""
        dialog = self.backups_dialog()
        if dialog is None:
            return False
        try:
            if not self.run_dialog(dialog):
                return False
            chosen = dialog.selected()
        finally:
            dialog.deleteLater()
        return chosen is not None and self.restore(chosen)

    def restore(self, chosen: BackupInfo) -> bool:
        """Close the workspace, restore ``chosen`` (current state backed up), then quit.

        Restoring replaces the file under every open screen: the safe path is to close the
        workspace, restore, and let the user start Responder again on the restored file.
        """
        from ..services import backup

        ctx = self.window.ctx
        if ctx is None or ctx.session is None:
            return False
        when = chosen.created_at.strftime("%d/%m/%Y à %H:%M")
        if not self.confirm(
            self.window,
            "Restaurer une sauvegarde",
            f"Remplacer l'espace de travail par la sauvegarde du {when} ?\n\n"
            "L'état actuel sera d'abord sauvegardé (vous pourrez y revenir). Responder se "
            "fermera ensuite : relancez-le pour retrouver vos dossiers.",
        ):
            return False
        for page in self.window._pages.values():
            maybe_leave = getattr(page, "maybe_leave", None)
            if maybe_leave is not None and not maybe_leave():
                return False
        # No screen may read the workspace once it is closed: hide them all first.
        self.window.hide()
        ctx.session.close()
        try:
            backup.restore(ctx.workspace_path, chosen.path)
        except (InvalidInput, WorkspaceError) as exc:
            self.error(self.window, "Restauration impossible", _message(exc))
        else:
            self.inform(self.window, "Sauvegarde restaurée",
                        f"La sauvegarde du {when} a été restaurée. Relancez Responder.")
        self.after_restore()
        return True

    def _quit(self) -> None:
        self.window.save_settings()
        app = QGuiApplication.instance()
        if app is not None:
            app.exit(0)


class _WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


def _file_name(title: str) -> str:
    """A file name from a dossier title (letters, digits, dashes; 60 characters at most)."""
    import re
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()
    return (slug[:60].rstrip("-") or "dossier")


def recover_workspace(
    path: Path,
    error: str,
    ask: Callable[[str], bool],
) -> bool:
    """Offer « Restaurer la dernière sauvegarde (date) » for a workspace that fails to open.

    ``ask`` gets the French question and returns the answer (a message box in the app, a
    function in tests). Returns True when a backup was restored (open the workspace again);
    False when there is no backup, the user declined, or the restore failed.
    """
    from ..services import backup

    latest = backup.latest_backup(path)
    if latest is None:
        return False
    when = latest.created_at.strftime("%d/%m/%Y à %H:%M")
    question = (
        f"{error}\n\nRestaurer la dernière sauvegarde ({when}) ?\n"
        "Le fichier actuel sera conservé dans le dossier des sauvegardes."
    )
    if not ask(question):
        return False
    try:
        backup.restore(path, latest.path)
    except (InvalidInput, WorkspaceError):
        return False
    return True
