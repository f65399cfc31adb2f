"""The « Mémoire » tab's section content: copied blocks, the structure's figures, the
references, and the template and logo of the document.

A mixin of ``MemoireTab`` (``controller.py``): it uses the view's widgets and the tab's
``save_now`` / ``_after_save``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from ....domain.memoire import InsertedBlock, MemoireSection
from ...models.reference_table import CONFIDENTIAL_PREFIX, CONFIDENTIAL_TIP
from .view import ID_ROLE, KEY_ROLE

if TYPE_CHECKING:  # the mixin is typed as the tab it is mixed into
    from ....domain.library import Reference
    from .controller import MemoireTab as _Base
else:
    _Base = object

UNCHANGED = " (non adapté)"
WORD_FILTER = "Document Word (*.docx)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg)"


def _checked(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked


class EditingMixin(_Base):
    """Blocks, figures and references of the section shown; template and logo."""

    def _connect_editing(self) -> None:
        wiring = {
            self.blocks_list.currentRowChanged: self._on_block_selected,
            self.block_edit.textChanged: self._on_block_text_changed,
            self.insert_button.toggled: self._toggle_picker,
            self.block_search.textChanged: self._search_blocks,
            self.block_results.itemActivated: self._insert_selected_block,
            self.block_results.itemDoubleClicked: self._insert_selected_block,
            self.remove_block_button.clicked: self.remove_block,
            self.fields_list.itemChanged: self._on_fields_changed,
            self.ref_search.textChanged: self._fill_references,
            self.refs_list.itemChanged: self._on_refs_changed,
        }
        for signal, slot in wiring.items():
            signal.connect(slot)

    # --- blocks --------------------------------------------------------------------------
    def _fill_blocks(self, select: int) -> None:
        section = self._current_section()
        was = self._loading
        self._loading = True
        self.blocks_list.clear()
        if section is not None:
            for block in section.blocks:
                mark = UNCHANGED if block.unchanged else ""
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
        has = section is not None and 0 <= row < len(section.blocks)
        self.block_edit.setEnabled(has)
        self.block_edit.setPlainText(section.blocks[row].body if section and has else "")
        self._loading = was
        self.remove_block_button.setEnabled(has)

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
            item.setText(block.title + (UNCHANGED if section.blocks[row].unchanged else ""))
        self._touch()

    def _toggle_picker(self, shown: bool) -> None:
        self.picker.setVisible(shown)
        if shown:
            self._search_blocks(self.block_search.text())
            self.block_search.setFocus()

    def _search_blocks(self, text: str) -> None:
        from ....services.library import LibraryService

        self.block_results.clear()
        if self.ctx.session is None:
            return
        library = LibraryService(self.ctx.session)
        sid = self._tender.structure_id if self._tender else None
        found = self.ctx.ops.run(
            lambda: library.search_blocks(text, structure_id=sid, limit=50),
            on_failure=self._show_failure)
        if found is None:
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
        if self._may_write() is not True:
            return
        memoire, key = self._memoire, self._section_key
        inserted = self.ctx.ops.run(lambda: self.service.insert_block(memoire, key, block_id),
                                    changes=self._changes(), on_failure=self._show_failure)
        if inserted is None:
            return
        self._memoire = inserted
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

    # --- the structure's figures ---------------------------------------------------------
    def _check_fields(self, section: MemoireSection) -> None:
        for i in range(self.fields_list.count()):
            item = self.fields_list.item(i)
            item.setCheckState(_checked(item.data(KEY_ROLE) in section.structure_fields))

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

    # --- references ----------------------------------------------------------------------
    def _fill_references(self, _text: str = "") -> None:
        """Selected references first, then up to 50 search results (never the whole library)."""
        section = self._current_section()
        self._loading = True
        self.refs_list.clear()
        try:
            if section is None or self.ctx.session is None or self._memoire is None:
                return
            cited = self.service.references_of(self._memoire)
            chosen = [cited[i] for i in section.reference_ids if i in cited]
            shown: set[int | None] = set()
            for ref, checked in [*((r, True) for r in chosen),
                                 *((r, False) for r in self._found_references())]:
                if ref.id not in shown:
                    shown.add(ref.id)
                    self.refs_list.addItem(self._reference_item(ref, checked))
            self._count_references(len(chosen))  # one deleted meanwhile is no longer counted
        finally:
            self._loading = False

    def _found_references(self) -> list[Reference]:
        from ....services.library import LibraryService

        assert self.ctx.session is not None
        library = LibraryService(self.ctx.session)
        filters = {"structure_id": self._tender.structure_id if self._tender else None}
        found = self.ctx.ops.run(
            lambda: library.search_references(self.ref_search.text(), filters, limit=50),
            on_failure=self._show_failure)
        return found or []

    @staticmethod
    def _reference_item(ref: Reference, checked: bool) -> QListWidgetItem:
        year = f" ({ref.year})" if ref.year else ""
        marker = CONFIDENTIAL_PREFIX if ref.confidential else ""
        item = QListWidgetItem(f"{marker}{ref.title}{year} — {ref.buyer_name}")
        item.setData(ID_ROLE, ref.id)
        item.setToolTip(CONFIDENTIAL_TIP if ref.confidential else ref.description[:400])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(_checked(checked))
        return item

    def _count_references(self, count: int) -> None:
        self.editor_tabs.setTabText(3, f"Références ({count})" if count else "Références")

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
        self._count_references(len(ids))

    # --- template and logo ---------------------------------------------------------------
    def import_template(self) -> None:
        """Ask for a .docx, check it and store it in the workspace; French problems shown."""
        path = self.ctx.prompts.open_file("Importer un modèle de mémoire", WORD_FILTER)
        if path is None:
            return
        info = self.ctx.ops.run(
            lambda: self.service.import_template(path),
            on_failure=lambda failure: self.error_label.show_message(
                f"Modèle refusé : {failure.text}"))
        if info is None:
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
        path = self.ctx.prompts.open_file("Logo de la structure", IMAGE_FILTER)
        if path is None:
            return
        sid = self._tender.structure_id
        stored = self.ctx.ops.run(lambda: self.service.set_logo(sid, path) or path,
                                  changes=self._changes(), on_failure=self._show_failure)
        if stored is None:
            return
        self.error_label.clear_message()
        self._show_logo()
        self.status_message.emit("Logo enregistré : il figurera sur la page de titre.")
