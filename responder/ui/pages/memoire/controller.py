"""The behaviour of the « Mémoire » tab: loading the dossier's mémoire, the outline, the
section shown, saving (after a short pause, on section change, when hidden) and the points
d'attention.

Edits are saved automatically through ``MemoireService`` (via ``ctx.ops``, announcing a
``MEMOIRE`` change): nothing is lost. Before a save the stored row's version is compared
with the one this tab read: a mémoire saved meanwhile elsewhere (another window) is not
overwritten without asking (``ctx.prompts.ask_stale``).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidgetItem, QTreeWidgetItem, QWidget

from ....domain.enums import WeightUnit
from ....domain.errors import InvalidInput
from ....domain.memoire import STRUCTURE_FIELDS, Attention, Memoire, MemoireSection
from ....domain.memoire_display import budget_tip, section_info, weight_text, words_of
from ....fr import decimal_plain
from ....services.changes import Changes, Topic
from ....storage.db import WorkspaceError
from ...operations import Failure, Refresher
from .editing import EditingMixin
from .generation import GenerationMixin
from .view import (
    COL_PAGES,
    COL_TITLE,
    COL_WEIGHT,
    COL_WORDS,
    KEY_ROLE,
    NO_SECTION_TEXT,
    MemoireView,
)
from .view import bold as _bold

if TYPE_CHECKING:
    from ....domain.tender import Tender
    from ....services.memoire import MemoireService
    from ...context import UiContext

SAVE_DELAY_MS = 800
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class MemoireTab(EditingMixin, GenerationMixin, MemoireView):
    """The mémoire technique of the selected dossier."""

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(dict(STRUCTURE_FIELDS), parent)
        self.ctx = ctx
        self._tender: Tender | None = None
        self._memoire: Memoire | None = None
        self._section_key: str | None = None
        self._stale = True
        self._loading = False
        self._dirty = False
        self.attentions: list[Attention] = []
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_now)
        self._connect()
        self.refresher = Refresher(
            self, ctx.bus, (Topic.MEMOIRE,), lambda: self.set_tender(self._tender),
            wants=lambda changes: changes.touches_tender(
                self._tender.id if self._tender else None, Topic.MEMOIRE))
        self._show_empty(True)

    def _connect(self) -> None:
        self.outline.currentItemChanged.connect(self._on_section_changed)
        self.checks.itemActivated.connect(self._on_attention_activated)
        self.checks.itemDoubleClicked.connect(self._on_attention_activated)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self._connect_editing()
        self.lot_combo.currentIndexChanged.connect(self._on_lot_changed)
        self.template_combo.currentIndexChanged.connect(self._on_template_changed)
        self.import_button.clicked.connect(self.import_template)
        self.refresh_button.clicked.connect(self.refresh_outline)
        self._connect_generation()
        self.logo_button.clicked.connect(self.choose_logo)

    # --- service and loading -------------------------------------------------------------
    @cached_property
    def service(self) -> MemoireService:
        """The mémoire service on the window's session (built on first use: it loads the
        document renderer)."""
        from ....services.memoire import MemoireService

        assert self.ctx.session is not None
        return MemoireService(self.ctx.session)

    def set_tender(self, tender: Tender | None) -> None:
        """Show the mémoire of ``tender`` (loaded now if visible, else when shown)."""
        self.save_now()
        self._tender, self._stale = tender, True
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
        tender = self._tender
        self._show_empty(tender is None or tender.id is None)
        self.error_label.clear_message()
        self.open_button.hide()
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
        tender_id, lot = self._tender.id, self.current_lot()

        def read() -> tuple[Memoire, bool]:
            memoire = self.service.outline(tender_id, lot)
            if self.service.is_outdated(memoire):
                # The criteria were edited in « Consultation »: follow them, keeping the text.
                return self.service.refresh_outline(tender_id, lot), True
            return memoire, False

        read_now = self.ctx.ops.run(read, on_failure=self._failed_to_read)
        if read_now is None:
            return
        self._memoire, refreshed = read_now
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

    def _failed_to_read(self, failure: Failure) -> None:
        self._memoire = None
        self.error_label.show_message(failure.text)
        self._fill_outline(None)

    def _show_empty(self, empty: bool) -> None:
        self.empty_label.setVisible(empty)
        self.body.setVisible(not empty)

    # --- outline -------------------------------------------------------------------------
    def _percent(self) -> bool:
        return self._tender is None or self._tender.weight_unit == WeightUnit.PERCENT

    def _outline_item(self, memoire: Memoire, section: MemoireSection) -> QTreeWidgetItem:
        indent = "      " if section.level == 2 else ""
        item = QTreeWidgetItem([
            indent + section.title, weight_text(section, self._percent()),
            decimal_plain(section.page_budget), str(words_of(memoire, section.key)),
        ])
        item.setData(COL_TITLE, KEY_ROLE, section.key)
        item.setToolTip(COL_TITLE, section.title)
        item.setToolTip(COL_PAGES, budget_tip(section, memoire.words_per_page))
        for col in (COL_WEIGHT, COL_PAGES, COL_WORDS):
            item.setTextAlignment(col, RIGHT)
        if section.level == 1:
            item.setFont(COL_TITLE, _bold())
        return item

    def _fill_outline(self, select: str | None) -> None:
        self._loading = True
        self.outline.clear()
        memoire = self._memoire
        target: QTreeWidgetItem | None = None
        if memoire is not None:
            for section in memoire.sections:
                item = self._outline_item(memoire, section)
                self.outline.addTopLevelItem(item)
                if target is None or section.key == select:
                    target = item
        self._loading = False
        if target is not None:
            self.outline.setCurrentItem(target)
        else:
            self._show_section(None)

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
            self.editor_tabs.setEnabled(section is not None)
            if section is None:
                self.section_title.setText(NO_SECTION_TEXT)
                self.section_info.setText("")
                self.text_edit.setPlainText("")
                self.blocks_list.clear()
                self.block_edit.setPlainText("")
                return
            self.section_title.setText(section.title)
            self.section_info.setText(self._info_text())
            self.text_edit.setPlainText(section.text)
            self._fill_blocks(0 if section.blocks else -1)
            self._check_fields(section)
        finally:
            self._loading = False
        self._fill_references()

    def _info_text(self) -> str:
        section = self._current_section()
        if section is None or self._memoire is None:
            return ""
        return section_info(self._memoire, section, self._percent())

    def _current_section(self) -> MemoireSection | None:
        if self._memoire is None or self._section_key is None:
            return None
        return self._memoire.section(self._section_key)

    # --- saving --------------------------------------------------------------------------
    def _touch(self) -> None:
        self._dirty = True
        self._save_timer.start()

    def _on_text_changed(self) -> None:
        section = self._current_section()
        if self._loading or section is None:
            return
        section.text = self.text_edit.toPlainText()
        self._touch()

    def flush(self) -> bool:
        """Save at once the text still waiting on the save timer (before an export)."""
        return self.save_now()

    def _changes(self) -> Changes:
        tender_id = self._tender.id if self._tender else None
        return Changes.of(Topic.MEMOIRE, tender_id=tender_id, source=self)

    def _show_failure(self, failure: Failure) -> None:
        self.error_label.show_message(failure.text)

    def _saved_elsewhere(self) -> bool:
        """True when the stored mémoire's row moved on since this tab read or saved it."""
        memoire = self._memoire
        if memoire is None or memoire.id is None or memoire.row_version is None:
            return False
        try:
            stored = self.service.get(memoire.tender_id, memoire.lot)
        except (InvalidInput, WorkspaceError):
            return False  # the save itself reports the problem
        return stored is not None and stored.row_version != memoire.row_version

    def _may_write(self) -> bool | None:
        """True: save; False: keep the edits unsaved (« Annuler »); ``None``: the stored
        version was shown again (« Recharger »), the edits are dropped."""
        if not self._saved_elsewhere():
            return True
        title = self._tender.title if self._tender else ""
        answer = self.ctx.prompts.ask_stale(f"Mémoire technique de {title}")
        if answer == "overwrite":
            return True
        if answer == "reload":
            self._dirty = False
            self._load_memoire()
            return None
        return False

    def save_now(self) -> bool:
        """Save pending edits at once (also called on section change and when hidden);
        False when they could not be saved (the reason is shown)."""
        self._save_timer.stop()
        if not self._dirty or self._memoire is None:
            return True
        may = self._may_write()
        if may is not True:
            return may is None
        memoire = self._memoire
        saved = self.ctx.ops.run(lambda: self.service.save(memoire), changes=self._changes(),
                                 on_failure=self._show_failure)
        if saved is None:
            return False
        self._memoire = saved
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
                item.setText(COL_WORDS, str(words_of(self._memoire, section.key)))
        self.section_info.setText(self._info_text())

    # --- points d'attention --------------------------------------------------------------
    def _refresh_checks(self) -> None:
        self.checks.clear()
        memoire = self._memoire
        if memoire is None:
            return
        points = self.ctx.ops.run(lambda: self.service.check(memoire, self.ctx.today()),
                                  on_failure=self._show_failure)
        if points is None:
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

    def refresh_outline(self) -> None:
        """Rebuild the plan from the tender's criteria, keeping what was written."""
        if self._tender is None or self._tender.id is None:
            return
        self.save_now()
        tender_id, lot = self._tender.id, self.current_lot()
        memoire = self.ctx.ops.run(lambda: self.service.refresh_outline(tender_id, lot),
                                   changes=self._changes(), on_failure=self._show_failure)
        if memoire is None:
            return
        self._memoire = memoire
        self._fill_outline(self._section_key)
        self._after_save("Plan mis à jour depuis les critères.")
