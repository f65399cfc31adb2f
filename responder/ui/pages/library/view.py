"""The widgets of « Bibliothèque de textes » (layout only): the list of blocks and the
« textes de départ » button; the editor is ``widgets/text_block_editor``."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHeaderView, QPushButton, QTreeWidget

from ...widgets import make

COL_TITLE, COL_CATEGORY, COL_REVIEW, COL_USES = range(4)
HEADERS = ["Titre", "Catégorie", "Relecture", "Utilisations"]


def blocks_tree() -> QTreeWidget:
    """The list: one row per block, the title taking the width left."""
    tree = make.rows_view(QTreeWidget(), "Liste des blocs de texte")
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setStyleSheet("QTreeWidget::item { padding: 4px 2px; }")
    tree.setHeaderLabels(HEADERS)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
    for col, width in ((COL_CATEGORY, 140), (COL_REVIEW, 135), (COL_USES, 95)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        tree.setColumnWidth(col, width)
    return tree


def due_check() -> QCheckBox:
    """« À relire seulement »."""
    check = QCheckBox("À relire seulement")
    check.setAccessibleName("Afficher seulement les blocs à relire")
    return check


def starter_button() -> QPushButton:
    """« Ajouter les textes de départ », offered while the library is empty (hidden)."""
    button = make.button(
        "Ajouter les &textes de départ", name="Ajouter les textes de départ",
        tip="Huit modèles à adapter (présentation, méthodologie, moyens humains, "
            "insertion…) avec des mentions « [à compléter] »")
    button.hide()
    return button
