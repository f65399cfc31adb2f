"""Default answers to the questions pages ask; tests replace them with plain functions."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

UnsavedAnswer = Literal["save", "discard", "cancel"]


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A « Oui / Non » question box; True for Oui (Non is the default button)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_unsaved(parent: QWidget | None, what: str) -> UnsavedAnswer:
    """« Enregistrer / Ne pas enregistrer / Annuler » for unsaved changes to ``what``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Modifications non enregistrées")
    box.setText(f"Les modifications de « {what} » ne sont pas enregistrées.")
    box.setInformativeText("Voulez-vous les enregistrer avant de continuer ?")
    save = box.addButton("Enregistrer", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Ne pas enregistrer", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A critical message box (used for workspace errors: disk full, file locked …)."""
    QMessageBox.critical(parent, title, text)
