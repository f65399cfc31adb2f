"""The widgets and layout of the « Mémoire » tab (no behaviour: see ``controller.py``).

Above: the lot and the template, « Mettre à jour le plan », the progress and « Générer ».
Below, stacked and resizable (the dossier panel is narrow): the outline, the editor of the
selected section in four tabs (text, copied blocks, the structure's figures, references) and
the points d'attention.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ...widgets.errors import ErrorLabel
from ...widgets.make import buddy, button, combo, label, line_edit, list_widget, row

EMPTY_TEXT = "Sélectionnez une consultation pour rédiger son mémoire technique."
NO_SECTION_TEXT = "Sélectionnez une partie du plan pour la rédiger."
TEXT_HINT = (
    "Texte propre à cette consultation. Une ligne par paragraphe ; « - » en début de ligne "
    "pour une puce ; **gras**, *italique*. Citez l'acheteur, le lieu et l'objet du marché."
)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COL_TITLE, COL_WEIGHT, COL_PAGES, COL_WORDS = range(4)


def bold(delta: int = 0) -> QFont:
    """The default font, bold (``delta`` points larger)."""
    font = QFont()
    font.setBold(True)
    if delta:
        font.setPointSize(font.pointSize() + delta)
    return font


def _titled(title: QLabel, widget: QWidget) -> QWidget:
    """``title`` (bold, its « & » letter focusing ``widget``) above ``widget``."""
    title.setFont(bold())
    title.setBuddy(widget)
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(title)
    layout.addWidget(widget)
    return box


class MemoireView(QWidget):
    """Every widget of the tab, laid out; the controller subclass fills and connects them."""

    def __init__(self, structure_fields: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        root.addWidget(self.empty_label)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self._build_toolbar(body)
        self.error_label = ErrorLabel()
        body.addWidget(self.error_label)
        body.addWidget(self._build_split(), 1)
        root.addWidget(self.body, 1)
        self.editor_tabs.addTab(self._build_text(), "Texte")
        self.editor_tabs.addTab(self._build_blocks(), "Blocs insérés")
        self.editor_tabs.addTab(self._build_fields(structure_fields), "Structure")
        self.editor_tabs.addTab(self._build_references(), "Références")
        self.editor_tabs.setEnabled(False)

    def _build_toolbar(self, body: QVBoxLayout) -> None:
        self.lot_combo = combo(
            "Mémoire pour",
            tip="Un mémoire pour tout le marché, ou un par lot quand ils diffèrent")
        lot_label = buddy("&Mémoire pour :", self.lot_combo)
        self.template_combo = combo("Modèle de document",
                                    tip="Modèle Word utilisé pour générer le mémoire")
        template_label = buddy("Mo&dèle :", self.template_combo)
        self.import_button = button(
            "Importer…", name="Importer un modèle de mémoire",
            tip="Ajouter votre propre modèle .docx (il est vérifié)")
        first = row(lot_label, self.lot_combo, template_label, self.template_combo,
                    self.import_button, margins=True)
        first.setStretchFactor(self.lot_combo, 3)
        first.setStretchFactor(self.template_combo, 2)
        body.addLayout(first)
        self.refresh_button = button(
            "Mettre à jour le plan", name="Mettre à jour le plan depuis les critères",
            tip="Refaire le plan à partir des critères de la consultation, sans perdre le texte")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progression de la génération")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.cancel_button = button("Annuler", name="Annuler la génération du mémoire")
        self.cancel_button.hide()
        self.open_button = button("Ouvrir le document")
        self.open_button.hide()
        self.generate_button = button(
            "Générer le mémoire (.docx)", shortcut="Ctrl+G",
            name="Générer le mémoire (.docx)", tip="Écrire le mémoire au format Word (Ctrl+G)")
        body.addLayout(row(self.refresh_button, None, self.progress, self.cancel_button,
                           self.open_button, self.generate_button, margins=True))

    def _build_split(self) -> QSplitter:
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        self.outline = QTreeWidget()
        self.outline.setAccessibleName("Plan du mémoire")
        self.outline.setHeaderLabels(["Partie", "Poids", "Pages", "Mots"])
        self.outline.setRootIsDecorated(False)
        self.outline.setUniformRowHeights(True)
        self.outline.setWordWrap(False)
        self.outline.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.outline.header()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (COL_WEIGHT, COL_PAGES, COL_WORDS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        # On a 1366 × 700 screen the three stacked parts must fit without the page scrolling.
        self.outline.setMinimumHeight(48)
        split.addWidget(_titled(QLabel("&Plan du mémoire"), self.outline))
        split.addWidget(self._build_editor())
        self.checks_title = QLabel("Points d'a&ttention")
        self.checks = list_widget("Points d'attention",
                            "Double-cliquez (ou Entrée) pour aller à la partie concernée")
        self.checks.setWordWrap(True)
        self.checks.setSpacing(2)
        self.checks.setAlternatingRowColors(True)
        self.checks.setMinimumHeight(40)
        split.addWidget(_titled(self.checks_title, self.checks))
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 2)
        split.setSizes([170, 330, 170])
        return split

    def _build_editor(self) -> QWidget:
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        self.section_title = QLabel(NO_SECTION_TEXT)
        self.section_title.setWordWrap(True)
        self.section_title.setFont(bold(1))
        self.section_info = label(role="muted")
        layout.addWidget(self.section_title)
        layout.addWidget(self.section_info)
        self.editor_tabs = QTabWidget()
        self.editor_tabs.setAccessibleName("Contenu de la partie")
        self.editor_tabs.tabBar().setAccessibleName("Onglets du contenu de la partie")
        layout.addWidget(self.editor_tabs, 1)
        return editor

    # --- the editor's four tabs --------------------------------------------------------------
    def _build_text(self) -> QWidget:
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName("Texte de la partie")
        self.text_edit.setPlaceholderText(TEXT_HINT)
        self.text_edit.setToolTip(TEXT_HINT)
        return self.text_edit

    def _build_blocks(self) -> QWidget:
        self.blocks_list = list_widget("Blocs insérés dans la partie")
        self.blocks_list.setMaximumHeight(70)
        self.blocks_list.setMinimumHeight(40)
        self.block_edit = QPlainTextEdit()
        self.block_edit.setAccessibleName("Texte du bloc inséré")
        self.block_edit.setMinimumHeight(40)
        self.block_edit.setToolTip(
            "Cette copie ne concerne que cette consultation : la bibliothèque n'est pas modifiée."
        )
        self.block_edit.setPlaceholderText("Sélectionnez un bloc inséré pour l'adapter ici.")
        self.insert_button = button("Insérer un bloc…",
                                    name="Insérer un bloc de la bibliothèque")
        self.insert_button.setCheckable(True)
        self.remove_block_button = button("Retirer le bloc", name="Retirer le bloc de la partie")
        self.block_search = line_edit("Rechercher un bloc", clear=True,
                                      placeholder="Rechercher un bloc (titre ou texte)…")
        self.block_results = list_widget("Blocs de la bibliothèque",
                                   "Entrée ou double-clic : insérer le bloc dans la partie")
        self.block_results.setMaximumHeight(120)
        self.picker = QWidget()
        picker = QVBoxLayout(self.picker)
        picker.setContentsMargins(0, 0, 0, 0)
        picker.addWidget(self.block_search)
        picker.addWidget(self.block_results)
        self.picker.hide()
        blocks = QWidget()
        layout = QVBoxLayout(blocks)
        layout.addLayout(row(self.insert_button, self.remove_block_button, None, margins=True))
        layout.addWidget(self.picker)
        layout.addWidget(self.blocks_list)
        layout.addWidget(self.block_edit, 1)
        return blocks

    def _build_fields(self, structure_fields: dict[str, str]) -> QWidget:
        self.fields_list = list_widget("Données de la structure à afficher",
                                 "Cochez les chiffres de la structure à montrer dans la partie")
        for key, text in structure_fields.items():
            entry = QListWidgetItem(text)
            entry.setData(KEY_ROLE, key)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.fields_list.addItem(entry)
        self.logo_label = label(role="muted", wrap=False)
        self.logo_button = button(
            "Logo de la page de titre…", name="Choisir le logo de la page de titre",
            tip="Image PNG ou JPEG, placée en haut de la page de titre")
        fields = QWidget()
        layout = QVBoxLayout(fields)
        layout.addWidget(self.fields_list, 1)
        logo_row = row(self.logo_button, self.logo_label, margins=True)
        logo_row.setStretchFactor(self.logo_label, 1)
        layout.addLayout(logo_row)
        return fields

    def _build_references(self) -> QWidget:
        self.ref_search = line_edit("Rechercher une référence", clear=True,
                                    placeholder="Rechercher une référence (objet, acheteur, lieu)…")
        self.refs_list = list_widget(
            "Références citées dans la partie",
            "Cochez les références à présenter dans le tableau de la partie")
        self.refs_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        refs = QWidget()
        layout = QVBoxLayout(refs)
        layout.addWidget(self.ref_search)
        layout.addWidget(self.refs_list, 1)
        return refs
