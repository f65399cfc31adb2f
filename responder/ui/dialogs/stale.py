"""The question asked when a save is refused because the record changed elsewhere."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

StaleAnswer = Literal["reload", "overwrite", "cancel"]


def ask_stale(parent: QWidget | None, what: str) -> StaleAnswer:
    """« Recharger / Écraser / Annuler » for ``what``, modifié ailleurs depuis son ouverture."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Modifié ailleurs")
    box.setText(f"« {what} » a été modifié ailleurs depuis son ouverture.")
    box.setInformativeText(
        "Une autre fenêtre ou un import l'a enregistré entre-temps : vos modifications n'ont "
        "pas été enregistrées. Recharger affiche la version enregistrée (vos modifications "
        "sont perdues) ; Écraser remplace la version enregistrée par la vôtre."
    )
    reload = box.addButton("Recharger", QMessageBox.ButtonRole.AcceptRole)
    overwrite = box.addButton("Écraser", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload:
        return "reload"
    if clicked is overwrite:
        return "overwrite"
    return "cancel"
