"""Every question and message box, and every file chooser, in one object.

Pages reach them through ``ctx.prompts`` and never build a ``QMessageBox`` or a
``QFileDialog`` themselves; tests give the context a single fake (``tests/ui/fakes.py``)
that answers from a script and records what was asked. The parent of each box is the
window in front (``QApplication.activeWindow``) unless one is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)

Cancel = Literal["cancel"]
UnsavedAnswer = Literal["save", "discard", "cancel"]
InvalidEditsAnswer = Literal["discard", "cancel"]
StaleAnswer = Literal["reload", "overwrite", "cancel"]

WORD_FILTER = "Document Word (*.docx)"


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


Answer = TypeVar("Answer", bound=str)


def _ask_or_cancel(parent: QWidget | None, title: str, text: str, informative: str,
                   accept: tuple[str, Answer], destroy: tuple[str, Answer]) -> Answer | Cancel:
    """A warning box « ``accept`` / ``destroy`` / Annuler », each button a (label, answer)
    pair; ``accept`` is the default button, and closing the box otherwise is "cancel"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    made = [(box.addButton(accept[0], QMessageBox.ButtonRole.AcceptRole), accept[1]),
            (box.addButton(destroy[0], QMessageBox.ButtonRole.DestructiveRole), destroy[1])]
    box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(made[0][0])
    box.exec()
    clicked = box.clickedButton()
    cancel: Cancel = "cancel"
    return next((answer for button, answer in made if button is clicked), cancel)


class Prompts:
    """The real dialogs. Each method blocks until the user answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent

    def parent(self) -> QWidget | None:
        """The window the boxes are centred on."""
        return self._parent or QApplication.activeWindow()

    # --- questions ---------------------------------------------------------------------------
    def ask_yes_no(self, title: str, text: str) -> bool:
        """« Oui / Non »; True for Oui (Non is the default button)."""
        answer = QMessageBox.question(
            self.parent(), title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_unsaved(self, what: str) -> UnsavedAnswer:
        """« Enregistrer / Ne pas enregistrer / Annuler » for unsaved changes to ``what``."""
        return _ask_or_cancel(
            self.parent(), "Modifications non enregistrées",
            f"Les modifications de « {what} » ne sont pas enregistrées.",
            "Voulez-vous les enregistrer avant de continuer ?",
            ("Enregistrer", "save"), ("Ne pas enregistrer", "discard"),
        )

    def ask_stale(self, what: str) -> StaleAnswer:
        """« Recharger / Écraser / Annuler » when ``what`` was saved elsewhere meanwhile."""
        return _ask_or_cancel(
            self.parent(), "Modifié ailleurs",
            f"« {what} » a été modifié ailleurs depuis son ouverture.",
            "Une autre fenêtre ou un import l'a enregistré entre-temps : vos modifications "
            "n'ont pas été enregistrées. Recharger affiche la version enregistrée (vos "
            "modifications sont perdues) ; Écraser remplace la version enregistrée par la "
            "vôtre.",
            ("Recharger", "reload"), ("Écraser", "overwrite"),
        )

    def ask_invalid_edits(self, what: str) -> InvalidEditsAnswer:
        """« Corriger / Abandonner les modifications » for groupement edits that do not pass
        the checks yet: "cancel" (stay and fix) or "discard"."""
        box = QMessageBox(self.parent())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Groupement non enregistré")
        box.setText(f"Les modifications du groupement de « {what} » ne sont pas enregistrées : "
                    "elles contiennent une erreur.")
        box.setInformativeText(
            "Corrigez le message en rouge pour les enregistrer, ou abandonnez-les."
        )
        fix = box.addButton("Corriger", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Abandonner les modifications",
                                QMessageBox.ButtonRole.DestructiveRole)
        fix.setAccessibleName("Corriger les modifications du groupement")
        discard.setAccessibleName("Abandonner les modifications du groupement")
        box.setDefaultButton(fix)
        box.exec()
        return "discard" if box.clickedButton() is discard else "cancel"

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """One line of text (a filter's name, a reason); ``None`` when cancelled."""
        answer, ok = QInputDialog.getText(self.parent(), title, label, text=text)
        return answer if ok else None

    # --- messages ----------------------------------------------------------------------------
    def inform(self, title: str, text: str) -> None:
        """An information box with a single « OK »."""
        QMessageBox.information(self.parent(), title, text)

    def error(self, title: str, text: str) -> None:
        """A critical box (disk full, file locked, corrupt file …)."""
        QMessageBox.critical(self.parent(), title, text)

    # --- files -------------------------------------------------------------------------------
    def open_file(self, title: str, name_filter: str, *,
                  folder: Path | None = None) -> Path | None:
        """An existing file to read (from ``folder``, else Documents); ``None`` when
        cancelled."""
        start = str(folder) if folder is not None else _documents()
        chosen, _ = QFileDialog.getOpenFileName(self.parent(), title, start, name_filter)
        return Path(chosen) if chosen else None

    def save_file(self, title: str, suggested: str, name_filter: str = WORD_FILTER, *,
                  folder: Path | None = None) -> Path | None:
        """Where to write a file (``suggested`` name in ``folder``, else Documents); ``None``
        when cancelled."""
        start = str((folder if folder is not None else Path(_documents())) / suggested)
        chosen, _ = QFileDialog.getSaveFileName(self.parent(), title, start, name_filter)
        return Path(chosen) if chosen else None

    def choose_folder(self, title: str) -> Path | None:
        """A folder (to write a pack into); ``None`` when cancelled."""
        chosen = QFileDialog.getExistingDirectory(self.parent(), title, _documents())
        return Path(chosen) if chosen else None

    # --- outside the application -------------------------------------------------------------
    def open_document(self, path: Path) -> bool:
        """Open ``path`` in the user's application for it (Word, a PDF reader …)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_url(self, url: str) -> bool:
        """Open ``url`` in the browser."""
        return QDesktopServices.openUrl(QUrl(url))

    # --- a dialog built by a page ------------------------------------------------------------
    def run_dialog(self, dialog: QDialog) -> bool:
        """Show ``dialog`` (built and filled by the page) modally; True when accepted."""
        return bool(dialog.exec())
