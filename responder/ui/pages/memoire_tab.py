"""« Mémoire »: the outline from the award criteria, the section editor, the points d'attention.

Left: the outline (one line per criterion / sub-criterion, with weight, page budget and words
written) above the « points d'attention » (each one selects its section). Right: the editor of
the selected section, in four tabs — its text, the text blocks copied from the library (each
copy editable here without changing the library), the structure's figures to show, and the
references. Edits are saved automatically (after a short pause, on section change, when the
tab is hidden): nothing is lost.

« Générer le mémoire (.docx) » prepares the data on the UI thread, renders on the thread pool
(``ui.tasks``) with a progress bar, then offers « Ouvrir le document ». File pickers and
opening a document are injectable callables (``choose_save_path(suggested)``,
``choose_template_file()``, ``open_document(path)``) so tests never open a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.enums import WeightUnit
from ...domain.memoire import (
    STRUCTURE_FIELDS,
    Attention,
    InsertedBlock,
    Memoire,
    MemoireSection,
)
from ...storage.db import WorkspaceError
from ..dialogs.confirm import ask_yes_no
from ..dialogs.files import choose_open_file, choose_save_file
from ..models.reference_table import CONFIDENTIAL_PREFIX, CONFIDENTIAL_TIP
from ..tasks import Task, start
from ..widgets.errors import ErrorLabel

if TYPE_CHECKING:
    from ...domain.tender import Tender
    from ...services.memoire import MemoireService
    from ..context import UiContext

EMPTY_TEXT = "Sélectionnez une consultation pour rédiger son mémoire technique."
NO_SECTION_TEXT = "Sélectionnez une partie du plan pour la rédiger."
TEXT_HINT = (
    "Texte propre à cette consultation. Une ligne par paragraphe ; « - » en début de ligne "
    "pour une puce ; **gras**, *italique*. Citez l'acheteur, le lieu et l'objet du marché."
)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COL_TITLE, COL_WEIGHT, COL_PAGES, COL_WORDS = range(4)
_SAVE_DELAY_MS = 800


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


class MemoireTab(QWidget):
    """The mémoire technique of the selected dossier."""

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._service: MemoireService | None = None
        self._tender: Tender | None = None
        self._memoire: Memoire | None = None
        self._section_key: str | None = None
        self._stale = True
        self._loading = False
        self._dirty = False
        self._task: Task | None = None
        self.last_document: Path | None = None
        self.attentions: list[Attention] = []
        self.choose_save_path: Callable[[str], Path | None] = lambda suggested: choose_save_file(
            self, "Enregistrer le mémoire technique", suggested, "Document Word (*.docx)"
        )
        self.choose_template_file: Callable[[], Path | None] = lambda: choose_open_file(
            self, "Importer un modèle de mémoire", "Document Word (*.docx)"
        )
        self.choose_logo_file: Callable[[], Path | None] = lambda: choose_open_file(
            self, "Logo de la structure", "Images (*.png *.jpg *.jpeg)"
        )
        #: Asked before a mémoire citing confidential references is written (injectable).
        self.confirm_confidential: Callable[[str], bool] = lambda text: ask_yes_no(
            self, "Références confidentielles", text
        )
        self.open_document: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path))
        )
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._build()
        self._connect()
        self._show_empty(True)

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        root.addWidget(self.empty_label)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.lot_combo = QComboBox()
        self.lot_combo.setAccessibleName("Mémoire pour")
        self.lot_combo.setToolTip(
            "Un mémoire pour tout le marché, ou un par lot quand ils diffèrent"
        )
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Modèle de document")
        self.template_combo.setToolTip("Modèle Word utilisé pour générer le mémoire")
        self.import_button = QPushButton("Importer un modèle…")
        self.import_button.setAccessibleName("Importer un modèle de mémoire")
        self.import_button.setToolTip("Ajouter votre propre modèle .docx (il est vérifié)")
        self.refresh_button = QPushButton("Mettre à jour le plan")
        self.refresh_button.setAccessibleName("Mettre à jour le plan depuis les critères")
        self.refresh_button.setToolTip(
            "Refaire le plan à partir des critères de la consultation, sans perdre le texte"
        )
        self.generate_button = QPushButton("Générer le mémoire (.docx)")
        self.generate_button.setAccessibleName("Générer le mémoire (.docx)")
        self.generate_button.setShortcut(QKeySequence("Ctrl+G"))
        self.generate_button.setToolTip("Écrire le mémoire au format Word (Ctrl+G)")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progression de la génération")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.open_button = QPushButton("Ouvrir le document")
        self.open_button.setAccessibleName("Ouvrir le document")
        self.open_button.hide()
        lot_label = QLabel("&Mémoire pour :")
        lot_label.setBuddy(self.lot_combo)
        template_label = QLabel("Mo&dèle :")
        template_label.setBuddy(self.template_combo)
        self.import_button.setText("Importer…")
        row1 = QHBoxLayout()
        row1_widgets: tuple[QWidget, ...] = (lot_label, self.lot_combo, template_label,
                                             self.template_combo, self.import_button)
        for widget in row1_widgets:
            row1.addWidget(widget)
        row1.setStretchFactor(self.lot_combo, 3)
        row1.setStretchFactor(self.template_combo, 2)
        body.addLayout(row1)
        row2 = QHBoxLayout()
        row2_widgets: tuple[QWidget, ...] = (self.refresh_button, self.progress,
                                             self.open_button, self.generate_button)
        row2.addWidget(self.refresh_button)
        row2.addStretch(1)
        for widget in row2_widgets[1:]:
            row2.addWidget(widget)
        body.addLayout(row2)
        self.error_label = ErrorLabel()
        body.addWidget(self.error_label)

        # The dossier panel is narrow (beside the list): outline, editor and points
        # d'attention are stacked, each resizable.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        left = split
        outline_box = QWidget()
        outline_layout = QVBoxLayout(outline_box)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_title = QLabel("&Plan du mémoire")
        outline_title.setFont(_bold())
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
        outline_title.setBuddy(self.outline)
        outline_layout.addWidget(outline_title)
        outline_layout.addWidget(self.outline)
        left.addWidget(outline_box)
        checks_box = QWidget()
        checks_layout = QVBoxLayout(checks_box)
        checks_layout.setContentsMargins(0, 0, 0, 0)
        self.checks_title = QLabel("Points d'a&ttention")
        self.checks_title.setFont(_bold())
        self.checks = QListWidget()
        self.checks.setAccessibleName("Points d'attention")
        self.checks.setWordWrap(True)
        self.checks.setSpacing(2)
        self.checks.setAlternatingRowColors(True)
        self.checks.setMinimumHeight(40)
        self.checks.setToolTip("Double-cliquez (ou Entrée) pour aller à la partie concernée")
        self.checks_title.setBuddy(self.checks)
        checks_layout.addWidget(self.checks_title)
        checks_layout.addWidget(self.checks)
        self._checks_box = checks_box

        editor = QWidget()
        ed = QVBoxLayout(editor)
        ed.setContentsMargins(0, 0, 0, 0)
        self.section_title = QLabel(NO_SECTION_TEXT)
        self.section_title.setWordWrap(True)
        self.section_title.setFont(_bold(1))
        self.section_info = QLabel("")
        self.section_info.setStyleSheet("color: #555;")
        self.section_info.setWordWrap(True)
        ed.addWidget(self.section_title)
        ed.addWidget(self.section_info)
        self.editor_tabs = QTabWidget()
        self.editor_tabs.setAccessibleName("Contenu de la partie")
        self.editor_tabs.tabBar().setAccessibleName("Onglets du contenu de la partie")
        ed.addWidget(self.editor_tabs, 1)
        split.addWidget(editor)
        split.addWidget(checks_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 2)
        split.setSizes([170, 330, 170])
        body.addWidget(split, 1)
        root.addWidget(self.body, 1)

        # « Texte »
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName("Texte de la partie")
        self.text_edit.setPlaceholderText(TEXT_HINT)
        self.text_edit.setToolTip(TEXT_HINT)
        self.editor_tabs.addTab(self.text_edit, "Texte")

        # « Blocs »
        blocks = QWidget()
        bl = QVBoxLayout(blocks)
        self.blocks_list = QListWidget()
        self.blocks_list.setAccessibleName("Blocs insérés dans la partie")
        self.blocks_list.setMaximumHeight(70)
        self.blocks_list.setMinimumHeight(40)
        self.block_edit = QPlainTextEdit()
        self.block_edit.setAccessibleName("Texte du bloc inséré")
        self.block_edit.setMinimumHeight(40)
        self.block_edit.setToolTip(
            "Cette copie ne concerne que cette consultation : la bibliothèque n'est pas modifiée."
        )
        self.block_edit.setPlaceholderText("Sélectionnez un bloc inséré pour l'adapter ici.")
        row = QHBoxLayout()
        self.insert_button = QPushButton("Insérer un bloc…")
        self.insert_button.setAccessibleName("Insérer un bloc de la bibliothèque")
        self.insert_button.setCheckable(True)
        self.remove_block_button = QPushButton("Retirer le bloc")
        self.remove_block_button.setAccessibleName("Retirer le bloc de la partie")
        row.addWidget(self.insert_button)
        row.addWidget(self.remove_block_button)
        row.addStretch(1)
        self.picker = QWidget()
        pk = QVBoxLayout(self.picker)
        pk.setContentsMargins(0, 0, 0, 0)
        self.block_search = QLineEdit()
        self.block_search.setAccessibleName("Rechercher un bloc")
        self.block_search.setPlaceholderText("Rechercher un bloc (titre ou texte)…")
        self.block_search.setClearButtonEnabled(True)
        self.block_results = QListWidget()
        self.block_results.setAccessibleName("Blocs de la bibliothèque")
        self.block_results.setMaximumHeight(120)
        self.block_results.setToolTip("Entrée ou double-clic : insérer le bloc dans la partie")
        pk.addWidget(self.block_search)
        pk.addWidget(self.block_results)
        self.picker.hide()
        bl.addLayout(row)
        bl.addWidget(self.picker)
        bl.addWidget(self.blocks_list)
        bl.addWidget(self.block_edit, 1)
        self.editor_tabs.addTab(blocks, "Blocs insérés")

        # « Structure »
        self.fields_list = QListWidget()
        self.fields_list.setAccessibleName("Données de la structure à afficher")
        self.fields_list.setToolTip("Cochez les chiffres de la structure à montrer dans la partie")
        for key, label in STRUCTURE_FIELDS.items():
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.fields_list.addItem(item)
        fields = QWidget()
        fl = QVBoxLayout(fields)
        fl.addWidget(self.fields_list, 1)
        logo_row = QHBoxLayout()
        self.logo_label = QLabel("")
        self.logo_label.setStyleSheet("color: #555;")
        self.logo_button = QPushButton("Logo de la page de titre…")
        self.logo_button.setAccessibleName("Choisir le logo de la page de titre")
        self.logo_button.setToolTip("Image PNG ou JPEG, placée en haut de la page de titre")
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_label, 1)
        fl.addLayout(logo_row)
        self.editor_tabs.addTab(fields, "Structure")

        # « Références »
        refs = QWidget()
        rl = QVBoxLayout(refs)
        self.ref_search = QLineEdit()
        self.ref_search.setAccessibleName("Rechercher une référence")
        self.ref_search.setPlaceholderText("Rechercher une référence (objet, acheteur, lieu)…")
        self.ref_search.setClearButtonEnabled(True)
        self.refs_list = QListWidget()
        self.refs_list.setAccessibleName("Références citées dans la partie")
        self.refs_list.setToolTip("Cochez les références à présenter dans le tableau de la partie")
        self.refs_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rl.addWidget(self.ref_search)
        rl.addWidget(self.refs_list, 1)
        self.editor_tabs.addTab(refs, "Références")

        self._enable_editor(False)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_now)

    def _connect(self) -> None:
        self.outline.currentItemChanged.connect(self._on_section_changed)
        self.checks.itemActivated.connect(self._on_attention_activated)
        self.checks.itemDoubleClicked.connect(self._on_attention_activated)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.blocks_list.currentRowChanged.connect(self._on_block_selected)
        self.block_edit.textChanged.connect(self._on_block_text_changed)
        self.insert_button.toggled.connect(self._toggle_picker)
        self.block_search.textChanged.connect(self._search_blocks)
        self.block_results.itemActivated.connect(self._insert_selected_block)
        self.block_results.itemDoubleClicked.connect(self._insert_selected_block)
        self.remove_block_button.clicked.connect(self.remove_block)
        self.fields_list.itemChanged.connect(self._on_fields_changed)
        self.ref_search.textChanged.connect(self._fill_references)
        self.refs_list.itemChanged.connect(self._on_refs_changed)
        self.lot_combo.currentIndexChanged.connect(self._on_lot_changed)
        self.template_combo.currentIndexChanged.connect(self._on_template_changed)
        self.import_button.clicked.connect(self.import_template)
        self.refresh_button.clicked.connect(self.refresh_outline)
        self.generate_button.clicked.connect(self.generate)
        self.open_button.clicked.connect(self._open_last)
        self.logo_button.clicked.connect(self.choose_logo)

    # --- service and loading -------------------------------------------------------------
    @property
    def service(self) -> MemoireService:
        """The mémoire service on the window's session (built on first use)."""
        if self._service is None:
            from ...services.memoire import MemoireService

            assert self.ctx.session is not None
            self._service = MemoireService(self.ctx.session)
        return self._service

    def set_tender(self, tender: Tender | None) -> None:
        """Show the mémoire of ``tender`` (loaded now if visible, else when shown)."""
        self.save_now()
        self._tender = tender
        self._stale = True
        if self.isVisible():
            self.reload()

    def event(self, event: QEvent) -> bool:
        """Load lazily when shown; save what was typed when hidden."""
        if event.type() == QEvent.Type.Show and self._stale:
            self.reload()
        elif event.type() == QEvent.Type.Show and self._memoire is not None:
            # References may have been deleted (or added) on « Références » meanwhile.
            self._fill_references()
            self._refresh_checks()
        elif event.type() == QEvent.Type.Hide:
            self.save_now()
        return super().event(event)

    def current_lot(self) -> int | None:
        """The lot whose mémoire is shown (``None`` = the whole tender)."""
        data = self.lot_combo.currentData()
        return int(data) if data else None

    def reload(self) -> None:
        """Read the mémoire through the service (creating its outline the first time)."""
        self._stale = False
        self.error_label.clear_message()
        self.open_button.hide()
        tender = self._tender
        self._show_empty(tender is None or tender.id is None)
        if tender is None or tender.id is None:
            self._memoire = None
            return
        self._loading = True
        try:
            self.lot_combo.clear()
            self.lot_combo.addItem("Tout le marché", 0)
            existing = set(self.service.lots(tender.id))
            for lot in tender.lots:
                mark = "" if lot.number in existing else " (pas encore de mémoire propre)"
                self.lot_combo.addItem(f"Lot {lot.number} – {lot.title}{mark}", lot.number)
            self.lot_combo.setEnabled(len(tender.lots) > 1)
            self.template_combo.clear()
            for info in self.service.templates():
                self.template_combo.addItem(info.title, info.name)
        finally:
            self._loading = False
        self._load_memoire()

    def _load_memoire(self) -> None:
        assert self._tender is not None and self._tender.id is not None
        refreshed = False
        try:
            self._memoire = self.service.outline(self._tender.id, self.current_lot())
            if self.service.is_outdated(self._memoire):
                # The criteria were edited in « Consultation »: follow them, keeping the text.
                self._memoire = self.service.refresh_outline(self._tender.id, self.current_lot())
                refreshed = True
        except (InvalidInput, WorkspaceError) as exc:
            self._memoire = None
            self.error_label.show_message(str(exc))
            self._fill_outline(None)
            return
        self._loading = True
        index = self.template_combo.findData(self._memoire.template)
        self.template_combo.setCurrentIndex(max(index, 0))
        self._loading = False
        self._fill_outline(self._section_key)
        self._refresh_checks()
        self._show_logo()
        if refreshed:
            self.status_message.emit(
                "Plan du mémoire mis à jour : les critères de la consultation ont changé."
            )

    def _show_empty(self, empty: bool) -> None:
        self.empty_label.setVisible(empty)
        self.body.setVisible(not empty)

    # --- outline -------------------------------------------------------------------------
    def _fill_outline(self, select: str | None) -> None:
        self._loading = True
        self.outline.clear()
        memoire = self._memoire
        target: QTreeWidgetItem | None = None
        if memoire is not None:
            percent = self._tender is None or self._tender.weight_unit == WeightUnit.PERCENT
            unit = "\u00a0%" if percent else "\u00a0pts"
            for section in memoire.sections:
                indent = "      " if section.level == 2 else ""
                item = QTreeWidgetItem([
                    indent + section.title,
                    f"{_num(section.weight)}{unit}" if section.weight is not None else "",
                    _num(section.page_budget),
                    str(self._words(section.key)),
                ])
                item.setData(COL_TITLE, KEY_ROLE, section.key)
                item.setToolTip(COL_TITLE, section.title)
                budget = section.budget_words(memoire.words_per_page)
                item.setToolTip(
                    COL_PAGES,
                    f"Budget : environ {budget} mots ({memoire.words_per_page} mots par page)"
                    if budget else "Pas de limite de pages dans le RC",
                )
                for col in (COL_WEIGHT, COL_PAGES, COL_WORDS):
                    item.setTextAlignment(
                        col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if section.level == 1:
                    item.setFont(COL_TITLE, _bold())
                self.outline.addTopLevelItem(item)
                if target is None or section.key == select:
                    target = item
        self._loading = False
        if target is not None:
            self.outline.setCurrentItem(target)
        else:
            self._show_section(None)

    def _words(self, key: str) -> int:
        """Words of a section; a criterion heading counts its sub-criteria too."""
        if self._memoire is None:
            return 0
        sections = self._memoire.sections
        index = next(i for i, s in enumerate(sections) if s.key == key)
        total = sections[index].word_count()
        if sections[index].level == 1:
            for sub in sections[index + 1:]:
                if sub.level == 1:
                    break
                total += sub.word_count()
        return total

    def _on_section_changed(self, current: QTreeWidgetItem | None, _prev: object) -> None:
        if self._loading:
            return
        self.save_now()
        key = current.data(COL_TITLE, KEY_ROLE) if current is not None else None
        self._show_section(key)

    def select_section(self, key: str) -> bool:
        """Select the section ``key`` in the outline (and show it); False if absent."""
        for i in range(self.outline.topLevelItemCount()):
            item = self.outline.topLevelItem(i)
            if item is not None and item.data(COL_TITLE, KEY_ROLE) == key:
                self.outline.setCurrentItem(item)
                self.outline.scrollToItem(item)
                return True
        return False

    def _show_section(self, key: str | None) -> None:
        self._section_key = key
        section = self._memoire.section(key) if self._memoire and key else None
        self._loading = True
        try:
            if section is None:
                self.section_title.setText(NO_SECTION_TEXT)
                self.section_info.setText("")
                self.text_edit.setPlainText("")
                self.blocks_list.clear()
                self.block_edit.setPlainText("")
                self._enable_editor(False)
                return
            self._enable_editor(True)
            self.section_title.setText(section.title)
            self.section_info.setText(self._info_text(key))
            self.text_edit.setPlainText(section.text)
            self._fill_blocks(0 if section.blocks else -1)
            for i in range(self.fields_list.count()):
                item = self.fields_list.item(i)
                checked = item.data(KEY_ROLE) in section.structure_fields
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self._loading = False
        self._fill_references()

    def _info_text(self, key: str | None) -> str:
        section = self._memoire.section(key) if self._memoire and key else None
        if section is None or self._memoire is None:
            return ""
        parts = []
        if section.weight is not None:
            percent = self._tender is None or self._tender.weight_unit == WeightUnit.PERCENT
            unit = "\u00a0%" if percent else "\u00a0points"
            parts.append(f"Pondération : {_num(section.weight)}{unit}")
        budget = section.budget_words(self._memoire.words_per_page)
        if budget:
            parts.append(f"budget : {_num(section.page_budget)} page(s), environ {budget} mots")
        parts.append(f"{section.word_count()} mots écrits")
        return " · ".join(parts)

    def _enable_editor(self, enabled: bool) -> None:
        self.editor_tabs.setEnabled(enabled)

    def _current_section(self) -> MemoireSection | None:
        if self._memoire is None or self._section_key is None:
            return None
        return self._memoire.section(self._section_key)

    # --- editing -------------------------------------------------------------------------
    def _touch(self) -> None:
        self._dirty = True
        self._save_timer.start()

    def _on_text_changed(self) -> None:
        section = self._current_section()
        if self._loading or section is None:
            return
        section.text = self.text_edit.toPlainText()
        self._touch()

    def _fill_blocks(self, select: int) -> None:
        section = self._current_section()
        was = self._loading
        self._loading = True
        self.blocks_list.clear()
        if section is not None:
            for block in section.blocks:
                mark = " (non adapté)" if block.unchanged else ""
                self.blocks_list.addItem(f"{block.title or 'Bloc'}{mark}")
        self._loading = was
        self.blocks_list.setCurrentRow(select)
        self._on_block_selected(self.blocks_list.currentRow())
        self.editor_tabs.setTabText(
            1, f"Blocs insérés ({len(section.blocks)})" if section and section.blocks
            else "Blocs insérés"
        )

    def _on_block_selected(self, row: int) -> None:
        section = self._current_section()
        was = self._loading
        self._loading = True
        if section is not None and 0 <= row < len(section.blocks):
            self.block_edit.setEnabled(True)
            self.block_edit.setPlainText(section.blocks[row].body)
        else:
            self.block_edit.setEnabled(False)
            self.block_edit.setPlainText("")
        self._loading = was
        self.remove_block_button.setEnabled(section is not None and 0 <= row < len(
            section.blocks))

    def _on_block_text_changed(self) -> None:
        section = self._current_section()
        row = self.blocks_list.currentRow()
        if self._loading or section is None or not 0 <= row < len(section.blocks):
            return
        block = section.blocks[row]
        section.blocks[row] = InsertedBlock(
            block_id=block.block_id, title=block.title, original=block.original,
            body=self.block_edit.toPlainText(),
        )
        item = self.blocks_list.item(row)
        if item is not None:
            item.setText(block.title + (" (non adapté)" if section.blocks[row].unchanged else ""))
        self._touch()

    def _toggle_picker(self, shown: bool) -> None:
        self.picker.setVisible(shown)
        if shown:
            self._search_blocks(self.block_search.text())
            self.block_search.setFocus()

    def _search_blocks(self, text: str) -> None:
        from ...services.library import LibraryService

        self.block_results.clear()
        if self.ctx.session is None:
            return
        try:
            found = LibraryService(self.ctx.session).search_blocks(
                text, structure_id=self._tender.structure_id if self._tender else None, limit=50
            )
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return
        for block in found:
            item = QListWidgetItem(f"{block.title} — {block.category.value.replace('_', ' ')}")
            item.setData(ID_ROLE, block.id)
            item.setToolTip(block.body[:400])
            self.block_results.addItem(item)
        if not found:
            self.block_results.addItem(QListWidgetItem("Aucun bloc ne correspond."))

    def _insert_selected_block(self, item: QListWidgetItem) -> None:
        block_id = item.data(ID_ROLE)
        if block_id is not None:
            self.insert_block(int(block_id))

    def insert_block(self, block_id: int) -> None:
        """Copy the library block ``block_id`` into the current section and save."""
        if self._memoire is None or self._section_key is None:
            return
        self.save_now()
        try:
            self._memoire = self.service.insert_block(self._memoire, self._section_key, block_id)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return
        section = self._current_section()
        self._fill_blocks(len(section.blocks) - 1 if section else -1)
        self.insert_button.setChecked(False)
        self._after_save("Bloc inséré : adaptez-le à cette consultation.")
        self.block_edit.setFocus()

    def remove_block(self) -> None:
        """Remove the selected copied block from the section (the library keeps it)."""
        section = self._current_section()
        row = self.blocks_list.currentRow()
        if section is None or not 0 <= row < len(section.blocks):
            return
        del section.blocks[row]
        self._fill_blocks(min(row, len(section.blocks) - 1))
        self._dirty = True
        self.save_now()

    def _on_fields_changed(self, _item: QListWidgetItem) -> None:
        section = self._current_section()
        if self._loading or section is None:
            return
        section.structure_fields = [
            self.fields_list.item(i).data(KEY_ROLE)
            for i in range(self.fields_list.count())
            if self.fields_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        self._dirty = True
        self.save_now()

    def _fill_references(self, _text: str = "") -> None:
        """Selected references first, then up to 50 search results (never the whole library)."""
        section = self._current_section()
        self._loading = True
        self.refs_list.clear()
        try:
            if section is None or self.ctx.session is None:
                return
            from ...services.library import LibraryService

            library = LibraryService(self.ctx.session)
            chosen = self.ctx.session.references.get_many(section.reference_ids)
            try:
                found = library.search_references(
                    self.ref_search.text(),
                    {"structure_id": self._tender.structure_id if self._tender else None},
                    limit=50,
                )
            except InvalidInput as exc:
                self.error_label.show_message(str(exc))
                found = []
            shown = set()
            for ref, checked in [*((r, True) for r in chosen), *((r, False) for r in found)]:
                if ref.id in shown:
                    continue
                shown.add(ref.id)
                year = f" ({ref.year})" if ref.year else ""
                marker = CONFIDENTIAL_PREFIX if ref.confidential else ""
                item = QListWidgetItem(f"{marker}{ref.title}{year} — {ref.buyer_name}")
                item.setData(ID_ROLE, ref.id)
                item.setToolTip(CONFIDENTIAL_TIP if ref.confidential else ref.description[:400])
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.refs_list.addItem(item)
            count = len(chosen)  # a reference deleted meanwhile is no longer counted
            self.editor_tabs.setTabText(3, f"Références ({count})" if count else "Références")
        finally:
            self._loading = False

    def _on_refs_changed(self, item: QListWidgetItem) -> None:
        section = self._current_section()
        if self._loading or section is None:
            return
        ref_id = int(item.data(ID_ROLE))
        ids = [i for i in section.reference_ids if i != ref_id]
        if item.checkState() == Qt.CheckState.Checked:
            ids.append(ref_id)
        section.reference_ids = ids
        self._dirty = True
        self.save_now()
        count = len(ids)
        self.editor_tabs.setTabText(3, f"Références ({count})" if count else "Références")

    def flush(self) -> bool:
        """Save at once the text still waiting on the save timer (before an export)."""
        return self.save_now()

    def save_now(self) -> bool:
        """Save pending edits at once (also called on section change and when hidden)."""
        self._save_timer.stop()
        if not self._dirty or self._memoire is None:
            return True
        try:
            self._memoire = self.service.save(self._memoire)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return False
        self._dirty = False
        self._after_save("Mémoire enregistré.")
        return True

    def _after_save(self, message: str) -> None:
        self.error_label.clear_message()
        self._update_counts()
        self._refresh_checks()
        self.status_message.emit(message)

    def _update_counts(self) -> None:
        if self._memoire is None:
            return
        for i in range(self.outline.topLevelItemCount()):
            item = self.outline.topLevelItem(i)
            section = self._memoire.section(item.data(COL_TITLE, KEY_ROLE)) if item else None
            if item is not None and section is not None:
                item.setText(COL_WORDS, str(self._words(section.key)))
        self.section_info.setText(self._info_text(self._section_key))

    # --- points d'attention --------------------------------------------------------------
    def _refresh_checks(self) -> None:
        self.checks.clear()
        if self._memoire is None:
            return
        try:
            points = self.service.check(self._memoire, self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return
        self.attentions = points
        for point in points:
            item = QListWidgetItem(f"⚠ {point.message_fr}")
            item.setData(KEY_ROLE, point.section_key)
            item.setToolTip(f"Pourquoi : {point.why_fr}")
            self.checks.addItem(item)
        if not points:
            self.checks.addItem(QListWidgetItem("Aucun point d'attention pour l'instant."))
        self.checks_title.setText(
            f"Points d'a&ttention ({len(points)})" if points else "Points d'a&ttention"
        )

    def _on_attention_activated(self, item: QListWidgetItem) -> None:
        key = item.data(KEY_ROLE)
        if key:
            self.select_section(str(key))
            self.text_edit.setFocus()

    # --- lots, templates, outline --------------------------------------------------------
    def _on_lot_changed(self, _index: int) -> None:
        if self._loading or self._tender is None:
            return
        self.save_now()
        self._section_key = None
        self._load_memoire()

    def _on_template_changed(self, _index: int) -> None:
        name = self.template_combo.currentData()
        if self._loading or self._memoire is None or not name or name == self._memoire.template:
            return
        self._memoire.template = str(name)
        self._dirty = True
        self.save_now()

    def import_template(self) -> None:
        """Ask for a .docx, check it and store it in the workspace; French problems shown."""
        path = self.choose_template_file()
        if path is None:
            return
        try:
            info = self.service.import_template(path)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(f"Modèle refusé : {exc}")
            return
        self._loading = True
        self.template_combo.addItem(info.title, info.name)
        self._loading = False
        self.template_combo.setCurrentIndex(self.template_combo.count() - 1)
        self.status_message.emit(f"Modèle « {info.title} » importé.")

    def _show_logo(self) -> None:
        sid = self._tender.structure_id if self._tender else None
        path = self.service.logo_path(sid)
        self.logo_label.setText("Logo enregistré." if path else "Pas de logo.")

    def choose_logo(self) -> None:
        """Ask for an image and keep it as the structure's logo (checked first)."""
        if self._tender is None or self._tender.structure_id is None:
            return
        path = self.choose_logo_file()
        if path is None:
            return
        try:
            self.service.set_logo(self._tender.structure_id, path)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return
        self.error_label.clear_message()
        self._show_logo()
        self.status_message.emit("Logo enregistré : il figurera sur la page de titre.")

    def refresh_outline(self) -> None:
        """Rebuild the plan from the tender's criteria, keeping what was written."""
        if self._tender is None or self._tender.id is None:
            return
        self.save_now()
        try:
            self._memoire = self.service.refresh_outline(self._tender.id, self.current_lot())
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return
        self._fill_outline(self._section_key)
        self._after_save("Plan mis à jour depuis les critères.")

    # --- generation ----------------------------------------------------------------------
    def generate(self) -> Task | None:
        """Ask where to save, then render off the UI thread; returns the running task."""
        if self._tender is None or self._tender.id is None or self._task is not None:
            return None
        if not self.save_now():
            return None
        lot = self.current_lot()
        suggested = "Mémoire technique" + (f" – lot {lot}" if lot else "") + ".docx"
        out = self.choose_save_path(suggested)
        if out is None:
            return None
        if out.suffix.lower() != ".docx":
            out = out.with_suffix(".docx")
        from ...services.memoire import ConfidentialReferences

        try:
            try:
                job = self.service.render_job(self._tender.id, out, lot)
            except ConfidentialReferences as exc:
                question = (str(exc.messages["references"]).split("\nRetirez")[0]
                            + "\n\nCes références peuvent-elles figurer dans ce mémoire ?")
                if not self.confirm_confidential(question):
                    self.error_label.show_message(str(exc))
                    return None
                job = self.service.render_job(self._tender.id, out, lot,
                                              allow_confidential=True)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            return None
        self.error_label.clear_message()
        self.open_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.generate_button.setEnabled(False)
        task = Task(job.run)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_generated)
        task.signals.failed.connect(self._on_failed)
        self._task = task
        self.status_message.emit("Génération du mémoire…")
        return start(task)

    def _on_progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self.progress.setFormat(f"{percent} %")
        self.progress.setToolTip(text)

    def _on_generated(self, path: object) -> None:
        self._task = None
        self.progress.hide()
        self.generate_button.setEnabled(True)
        self.last_document = Path(str(path))
        self.open_button.show()
        self.open_button.setFocus()
        self.status_message.emit(f"Mémoire technique écrit : {self.last_document}")

    def _on_failed(self, message: str) -> None:
        self._task = None
        self.progress.hide()
        self.generate_button.setEnabled(True)
        self.error_label.show_message(message)
        self.status_message.emit("La génération du mémoire a échoué.")

    def _open_last(self) -> None:
        if self.last_document is not None:
            self.open_document(self.last_document)


def _bold(delta: int = 0) -> QFont:
    font = QFont()
    font.setBold(True)
    if delta:
        font.setPointSize(font.pointSize() + delta)
    return font
