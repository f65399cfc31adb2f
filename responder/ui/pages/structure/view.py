"""The widgets of « Ma structure » (layout only): the header with the structure combo and
its buttons, the « archivée / supprimée — Annuler » bar, the form and the save footer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from ...theme import set_role
from ...widgets import make
from ...widgets.editor_parts import form_scroll_area, save_footer
from ...widgets.structure_form import StructureForm


class StructureView(QWidget):
    """The page's widgets; ``StructurePage`` fills them and reacts to them."""

    def __init__(self, save: Callable[[], object], revert: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = StructureForm()
        self.scroll_area = form_scroll_area(self.form)
        footer = save_footer(self, "la structure", save, revert,
                             shortcut_context=Qt.ShortcutContext.WindowShortcut)
        self.dirty_label = footer.dirty_label
        self.revert_button = footer.revert_button
        self.save_button = footer.save_button
        self.save_action = footer.save_action
        layout = make.column(self._build_header(), self._build_undo_bar(), self.scroll_area,
                             footer.frame, parent=self)
        layout.setStretchFactor(self.scroll_area, 1)

    def _build_header(self) -> QHBoxLayout:
        self.structure_combo = make.combo(
            "Structure affichée", tip="Choisissez la structure pour laquelle vous travaillez.")
        self.structure_combo.setMinimumWidth(260)
        self.combo_label = make.buddy("Structure affichée :", self.structure_combo)
        self.new_button = make.button(
            "Nouvelle structure", tip="Ajouter une autre structure à cet espace (pour "
            "accompagner plusieurs structures).")
        self.archive_button = make.button(
            "Archiver", name="Archiver cette structure",
            tip="Ranger cette structure (vous ne l'accompagnez plus) : elle et ses dossiers "
                "quittent les listes, et peuvent être ressortis.")
        self.delete_button = make.button(
            "Supprimer", name="Supprimer cette structure",
            tip="Supprimer cette structure et tout ce qui la concerne (annulable).")
        self.archived_button = make.button(
            "Archives", name="Ressortir une structure archivée",
            tip="Ressortir une structure archivée.")
        return make.row(make.label("Ma structure", role="title", wrap=False), None,
                        self.combo_label, self.structure_combo, self.new_button,
                        self.archive_button, self.delete_button, self.archived_button,
                        margins=True)

    def _build_undo_bar(self) -> QFrame:
        self.undo_bar = QFrame()
        set_role(self.undo_bar, "undo-bar")
        self.undo_label = make.label()
        self.undo_button = make.button("Annuler",
                                       name="Annuler l'archivage ou la suppression")
        bar = make.row(self.undo_label, self.undo_button)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.setStretch(0, 1)
        self.undo_bar.setLayout(bar)
        self.undo_bar.hide()
        return self.undo_bar
