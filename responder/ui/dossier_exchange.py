"""Fichier › Exporter le dossier…, Importer un dossier…, Sauvegardes… (the dialogs are in
``dialogs/exchange.py``).

``DossierExchange`` holds the behaviour; every question goes through ``ctx.prompts``, every
service call through ``ctx.ops``; after an import every screen reloads from the change bus.
The dialogs, services and prompts are imported when a menu entry is first used, not with
the main window at start-up.
Reading a dossier file and writing one are quick (a dossier is a few hundred KB plus its
attachments), so they run on the UI thread behind a wait cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

from .pages.registry import TENDERS

if TYPE_CHECKING:
    from ..services.backup import BackupInfo
    from ..services.dossier_file import ImportPreview
    from .dialogs.exchange import BackupsDialog, ImportPreviewDialog
    from .main_window import MainWindow
    from .prompts import Prompts

__all__ = ["DOSSIER_FILTER", "DossierExchange", "recover_workspace"]
T = TypeVar("T")
DOSSIER_FILTER = "Dossier Responder (*.responder);;Tous les fichiers (*)"


class DossierExchange(QObject):
    """Export / import of dossier files and the backups, for the main window's menu.

    Every question, message and file chooser goes through the window's ``ctx.prompts``.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: Called after a restore with the workspace closed (the app quits: restart needed).
        self.after_restore: Callable[[], None] = self._quit

    def _prompts(self) -> Prompts:
        from .prompts import Prompts

        ctx = self.window.ctx
        return ctx.prompts if ctx is not None else Prompts(self.window)

    def _run(self, work: Callable[[], T], title: str, suffix: str = "") -> T | None:
        """``work`` through ``ctx.ops.run``; a failure is shown by ``prompts.error``."""
        ctx = self.window.ctx
        assert ctx is not None
        return ctx.ops.run(
            work, on_failure=lambda failure: self._prompts().error(title, failure.text + suffix)
        )

    # --- export ------------------------------------------------------------------------
    def export_current(self) -> Path | None:
        """Export the selected consultation to a .responder file; returns the file written."""
        from ..services import dossier_file as df

        ctx = self.window.ctx
        tender_id = self._selected_tender()
        if ctx is None or ctx.session is None or tender_id is None:
            self._prompts().inform(
                "Exporter le dossier",
                "Sélectionnez d'abord une consultation dans la liste « Consultations ».")
            return None
        # The file must hold what the user sees: unsaved edits asked about, timers flushed.
        if not self._leave_tenders():
            return None
        session = ctx.session
        omitted = df.export_omissions(session, tender_id)
        if omitted and not self._prompts().ask_yes_no(
            "Exporter le dossier",
            "Ce qui suit ne sera pas inclus dans le fichier :\n– " + "\n– ".join(omitted)
            + "\n\nContinuer l'export ?",
        ):
            return None
        suggested = _file_name(ctx.tenders.get(tender_id).title) + df.SUFFIX
        out = self._prompts().save_file("Exporter le dossier", suggested, DOSSIER_FILTER)
        if out is None:
            return None
        target = out if out.suffix else out.with_suffix(df.SUFFIX)
        with _WaitCursor():
            result = self._run(lambda: df.export_dossier(session, tender_id, target),
                               "Export impossible")
        if result is None:
            return None
        self.window.show_message(f"Dossier exporté : {result.path}")
        return result.path

    def _leave_tenders(self) -> bool:
        """Ask about the dossier's unsaved changes and save what waits on a timer; False
        when the user chose to stay (or the save was refused)."""
        if not self.window.has_page(TENDERS):
            return True
        page = self.window.tenders_page
        if not page.maybe_leave():
            return False
        page.flush_tabs()
        return True

    def _selected_tender(self) -> int | None:
        if not self.window.has_page(TENDERS):
            return None
        return self.window.tenders_page.current_tender_id()

    # --- import ------------------------------------------------------------------------
    def preview_dialog(self, path: Path) -> ImportPreviewDialog | None:
        """Read ``path`` and build the preview dialog (not shown); ``None`` after an error."""
        from ..services import dossier_file as df
        from .dialogs.exchange import ImportPreviewDialog

        ctx = self.window.ctx
        if ctx is None or ctx.session is None:
            return None
        session = ctx.session

        def read() -> tuple[df.DossierPackage, ImportPreview]:
            package = df.read_dossier(path)
            return package, df.preview_import(session, package)

        with _WaitCursor():
            found = self._run(read, "Import impossible")
        if found is None:
            return None
        package, preview = found
        return ImportPreviewDialog(
            preview, lambda update: df.preview_import(session, package, update), self.window
        )

    def import_file(self, path: Path | None = None) -> int | None:
        """Choose a dossier file, preview it, import it; returns the dossier's id."""
        ctx = self.window.ctx
        if ctx is None or ctx.session is None:
            return None
        # The import may replace the dossier being edited, or switch structure: ask about
        # unsaved changes first (every page), while « Enregistrer » can still save them.
        if not self._leave_tenders() or not self.window.may_close():
            return None
        if path is None:
            path = self._prompts().open_file("Importer un dossier", DOSSIER_FILTER)
            if path is None:
                return None
        dialog = self.preview_dialog(path)
        if dialog is None:
            return None
        try:
            tender_id = self._import(dialog) if self._prompts().run_dialog(dialog) else None
        finally:
            dialog.deleteLater()
        if tender_id is not None:
            self.window.open_tender(tender_id)
        return tender_id

    def _import(self, dialog: ImportPreviewDialog) -> int | None:
        """Import what ``dialog`` previewed; then every screen reloads (change bus)."""
        from ..services import dossier_file as df
        from ..services.changes import Changes

        ctx = self.window.ctx
        assert ctx is not None and ctx.session is not None
        session = ctx.session
        with _WaitCursor():
            result = self._run(
                lambda: df.import_dossier(session, dialog.preview.package, dialog.update_mode),
                "Import impossible", "\n\nRien n'a été modifié.",
            )
        if result is None:
            return None
        what = "mis à jour" if result.update else "importé"
        self.window.show_message(f"Dossier {what} : « {dialog.preview.title} »")
        # A coach receives dossiers of other structures: switch to the dossier's structure,
        # else the list (filtered on the current structure) would not show it.
        tender = ctx.tenders.get(result.tender_id)
        if tender.structure_id is not None and tender.structure_id != ctx.current_structure_id():
            ctx.structures.set_current(tender.structure_id)
            self.window.structure_switched(ctx.structures.get(tender.structure_id))
        ctx.ops.announce(Changes.everything(source=self))
        if self.window.has_page(TENDERS):
            self.window.tenders_page.reload()  # until the list subscribes to the bus
        return result.tender_id

    # --- backups -----------------------------------------------------------------------
    def backups_dialog(self) -> BackupsDialog | None:
        """The « Sauvegardes » dialog for the open workspace (not shown)."""
        from ..services import backup
        from .dialogs.exchange import BackupsDialog

        ctx = self.window.ctx
        if ctx is None:
            return None
        return BackupsDialog(
            backup.folder_of(ctx.workspace_path), backup.backups_of(ctx.workspace_path),
            self.window, ctx.prompts,
        )

    def show_backups(self) -> bool:
        """Show the backups; restore the chosen one after confirmation. True if restored."""
        dialog = self.backups_dialog()
        if dialog is None:
            return False
        try:
            if not self._prompts().run_dialog(dialog):
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
        from ..fr import datetime_at
        from ..services import backup

        ctx = self.window.ctx
        if ctx is None or ctx.session is None:
            return False
        when = datetime_at(chosen.created_at)
        if not self._prompts().ask_yes_no(
            "Restaurer une sauvegarde",
            f"Remplacer l'espace de travail par la sauvegarde du {when} ?\n\n"
            "L'état actuel sera d'abord sauvegardé (vous pourrez y revenir). Responder se "
            "fermera ensuite : relancez-le pour retrouver vos dossiers.",
        ) or not self.window.may_close():
            return False
        # No screen may read the workspace once it is closed: hide them all first.
        self.window.hide()
        ctx.session.close()
        if self._run(lambda: backup.restore(ctx.workspace_path, chosen.path) or True,
                     "Restauration impossible"):
            self._prompts().inform("Sauvegarde restaurée",
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
    from ..domain.errors import InvalidInput
    from ..fr import datetime_at
    from ..services import backup
    from ..storage.db import WorkspaceError

    latest = backup.latest_backup(path)
    if latest is None:
        return False
    when = datetime_at(latest.created_at)
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
