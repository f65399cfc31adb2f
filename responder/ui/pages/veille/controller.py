"""« Veille »: the notices of an imported BOAMP export ranked for the structure, the
contracts of the DECP that end soon (to prepare and to meet the buyer), and the structure's
own contracts to turn into references.

Imports run on the thread pool with their own workspace connection (``ctx.ops.background``);
the lists are read on the UI thread (tens of ms, docs/performance.md). Questions, file
choosers and links go through ``ctx.prompts``; what the page creates is announced on the
change bus (a followed notice: VEILLE and TENDERS; a reference: REFERENCES).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from ....domain.decp import Renewal
from ....domain.enums import MarketType, label
from ....domain.veille import Scored, VeilleFilters
from ....services import veille_texts as texts
from ....services.changes import Changes, Topic
from ....services.decp import DecpService
from ....services.veille import VeilleService
from ...operations import Failure, Operation, Refresher
from .view import Cell, VeilleView, fill_table

if TYPE_CHECKING:
    from ...context import UiContext

NO_FILTER = "Filtres enregistrés…"
BOAMP_FILTER = "Export BOAMP (*.csv *.json);;Tous les fichiers (*)"
DECP_FILTER = "DECP (*.csv);;Tous les fichiers (*)"


def _import_work(kind: str, workspace: Path, path: Path,
                 siret: str) -> Callable[[Callable[[int, str], None]], str]:
    """The import, run on the thread pool with its own connection to the workspace."""

    def work(progress: Callable[[int, str], None]) -> str:
        from ....services.workspace import open_session

        session = open_session(workspace, create=False)
        try:
            def tell(count: int) -> None:
                progress(count, f"{count} lignes lues…")

            if kind == "boamp":
                return texts.boamp_report(path.name, VeilleService(session).import_boamp(
                    path, tell))
            return texts.decp_report(path.name, DecpService(session).import_file(
                path, siret, tell))
        finally:
            session.close()

    return work


class VeillePage(VeilleView):
    """The watch list of the current structure (refreshed each time the page is shown)."""

    status_message = Signal(str)
    open_tender = Signal(int)
    #: Emitted when a background import ends (its French summary, or the error).
    import_done = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        assert ctx.session is not None, "the Veille page needs an open workspace"
        super().__init__(parent)
        self.ctx, self.veille, self.decp = ctx, VeilleService(ctx.session), DecpService(
            ctx.session)
        self.scored: list[Scored] = []
        self.own_rows: list[dict[str, Any]] = []
        self._import: Operation[str] | None = None
        # Typing in a filter waits for a pause before searching again.
        self._timer = QTimer(self, singleShot=True, interval=200, timeout=self.reload_notices)
        self.type_combo.addItem("Tous types", None)
        for kind in MarketType:
            self.type_combo.addItem(label(kind), kind.value)
        self._connect()
        Refresher(self, ctx.bus, (Topic.VEILLE, Topic.TENDERS, Topic.STRUCTURE,
                                  Topic.REFERENCES), self.refresh)

    def _connect(self) -> None:
        self.import_boamp_button.clicked.connect(lambda: self._pick_and_import("boamp"))
        self.import_decp_button.clicked.connect(lambda: self._pick_and_import("decp"))
        for edit in (self.dept_edit, self.cpv_edit, self.text_edit):
            edit.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.type_combo, self.deadline_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload_notices())
        for check in (self.reserved_check, self.social_check, self.closed_check):
            check.toggled.connect(lambda _on: self.reload_notices())
        self.saved_combo.activated.connect(self._apply_saved)
        self.save_button.clicked.connect(self._save_filter)
        self.notice_table.itemSelectionChanged.connect(self._show_selected)
        self.notice_table.itemDoubleClicked.connect(lambda _i: self._open_link())
        self.follow_button.clicked.connect(self.follow_selected)
        self.link_button.clicked.connect(self._open_link)
        self.months_spin.valueChanged.connect(lambda _v: self.reload_renewals())
        for edit in (self.renewal_dept, self.renewal_cpv):
            edit.editingFinished.connect(self.reload_renewals)
        self.own_table.itemSelectionChanged.connect(
            lambda: self.reference_button.setEnabled(bool(self.own_table.selectedItems()))
        )
        self.reference_button.clicked.connect(self.reference_from_selected)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    # --- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the shown tab and the import summary."""
        self.import_label.setText(texts.import_summary(
            self.veille.last_import(), self.veille.store.notice_count(),
            self.decp.store.contract_count()))
        self._load_saved_filters()
        index = self.tabs.currentIndex()
        if index == 0:
            self.reload_notices()
        elif index == 1:
            self.reload_renewals()
        else:
            self.reload_own()

    def current_filters(self) -> VeilleFilters:
        """The filters as typed (``InvalidInput`` names a wrong department or CPV)."""
        return self.veille.filters({
            "departments": self.dept_edit.text(),
            "cpv_prefixes": self.cpv_edit.text(),
            "market_type": self.type_combo.currentData(),
            "deadline_within_days": self.deadline_combo.currentData(),
            "reserved_only": self.reserved_check.isChecked(),
            "social_only": self.social_check.isChecked(),
            "include_closed": self.closed_check.isChecked(),
            "text": self.text_edit.text(),
        })

    def _notices_failed(self, failure: Failure) -> None:
        if set(failure.messages) == {""}:  # the workspace, not a filter
            self.status_message.emit(failure.text)
            return
        self.count_label.setText(" ".join(failure.messages.values()))
        self.set_count_error(True)

    def reload_notices(self) -> None:
        """Run the search with the current filters and fill the table."""
        self._timer.stop()
        found = self.ctx.ops.run(
            lambda: self.veille.notices(self.current_filters(),
                                        self.ctx.current_structure_id(), self.ctx.today()),
            on_failure=self._notices_failed)
        if found is None:
            return
        self.scored = found
        self.set_count_error(False)
        today = self.ctx.today()
        rows = []
        for s in self.scored:
            cells = [Cell(text) for text in texts.notice_row(s)]
            cells[0] = Cell(cells[0].text, s.notice.idweb, right=True)
            cells[2].tip = texts.notice_tip(s)
            rows.append(cells)
        fill_table(self.notice_table, rows, new=[s.notice.is_new for s in self.scored],
                   muted=[texts.notice_is_past(s, today) for s in self.scored])
        self.count_label.setText(texts.notices_count(self.scored))
        if self.scored:
            self.notice_table.selectRow(0)
        else:
            self.reason_label.setText("")
            self._show_selected()

    def _selected_notice(self) -> Scored | None:
        rows = {i.row() for i in self.notice_table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.scored[row] if row < len(self.scored) else None

    def _show_selected(self) -> None:
        selected = self._selected_notice()
        self.follow_button.setEnabled(selected is not None)
        self.link_button.setEnabled(bool(selected and selected.notice.url))
        if selected is None:
            return
        self.follow_button.setText("Ouvrir le dossier" if selected.notice.tender_id else
                                   "Suivre (créer le dossier)")
        self.reason_label.setText(texts.notice_reason(selected))

    def reload_renewals(self) -> None:
        """Fill the re-tender radar for the structure's territory and CPV (or as typed)."""
        depts, cpvs = self.decp.default_scope(self.ctx.current_structure_id())

        def search() -> tuple[VeilleFilters, list[Renewal]]:
            checked = self.veille.filters({"departments": self.renewal_dept.text() or depts,
                                           "cpv_prefixes": self.renewal_cpv.text() or cpvs})
            return checked, self.decp.renewals(self.months_spin.value(), self.ctx.today(),
                                               checked.departments, checked.cpv_prefixes)

        result = self.ctx.ops.run(
            search,
            on_failure=lambda f: self.renewal_label.setText(" ".join(f.messages.values())))
        if result is None:
            return
        checked, found = result
        if not self.renewal_dept.text() and depts:
            self.renewal_dept.setPlaceholderText(f"Dép. (défaut : {', '.join(depts)})")
        rows = []
        for r in found:
            cells = [Cell(text) for text in texts.renewal_row(r)]
            cells[0].data = r.uid
            cells[-1].right = True
            rows.append(cells)
        fill_table(self.renewal_table, rows)
        self.renewal_label.setText(texts.renewals_text(
            len(found), self.months_spin.value(), checked.departments, checked.cpv_prefixes,
            bool(self.decp.store.contract_count())))

    def reload_own(self) -> None:
        """Fill the structure's own contracts found in the DECP by its SIRET."""
        structure = self.ctx.structures.current()
        self.own_rows = []
        if not structure.siret:
            self.own_label.setText(texts.NO_SIRET)
        else:
            self.own_rows = self.decp.own_contracts(structure.siret)
            self.own_label.setText(texts.own_text(len(self.own_rows), structure.name,
                                                  structure.siret))
        rows = []
        for c in self.own_rows:
            cells = [Cell(text) for text in texts.own_row(c)]
            cells[0].data = c["uid"]
            cells[3].right = True
            rows.append(cells)
        fill_table(self.own_table, rows)

    # --- actions ------------------------------------------------------------------------
    def follow_selected(self) -> int | None:
        """Create (or open) the dossier of the selected notice; returns its id."""
        selected = self._selected_notice()
        if selected is None:
            return None
        tender = self.ctx.ops.run(
            lambda: self.veille.follow(selected.notice.idweb, self.ctx.current_structure_id()),
            changes=lambda t: Changes.of(Topic.VEILLE, Topic.TENDERS, tender_id=t.id,
                                         source=self),
            on_failure=lambda f: self.status_message.emit(f.text))
        if tender is None:
            return None
        assert tender.id is not None
        self.status_message.emit(f"Dossier « {tender.title} » créé en veille.")
        self.open_tender.emit(tender.id)
        self.reload_notices()
        return tender.id

    def reference_from_selected(self) -> int | None:
        """Create or complete a reference from the selected own contract."""
        rows = {i.row() for i in self.own_table.selectedItems()}
        structure = self.ctx.structures.current()
        siret, structure_id = structure.siret, structure.id
        if len(rows) != 1 or not siret or structure_id is None:
            return None
        uid = self.own_rows[rows.pop()]["uid"]
        ref = self.ctx.ops.run(
            lambda: self.decp.reference_from_contract(siret, uid, structure_id),
            changes=Changes.of(Topic.REFERENCES, source=self),
            on_failure=lambda f: self.status_message.emit(f.text))
        if ref is None:
            return None
        self.status_message.emit(f"Référence « {ref.title} » enregistrée (page Références).")
        return ref.id

    def _open_link(self) -> None:
        selected = self._selected_notice()
        if selected and selected.notice.url:
            self.ctx.prompts.open_url(selected.notice.url)

    def _load_saved_filters(self) -> None:
        self.saved_combo.blockSignals(True)
        self.saved_combo.clear()
        self.saved_combo.addItem(NO_FILTER, None)
        for saved in self.veille.saved_filters(self.ctx.current_structure_id()):
            self.saved_combo.addItem(saved.name, saved.filters.model_dump_json())
        self.saved_combo.blockSignals(False)

    def _apply_saved(self, index: int) -> None:
        data = self.saved_combo.itemData(index)
        if not data:
            return
        filters = VeilleFilters.model_validate_json(data)
        widgets = (self.dept_edit, self.cpv_edit, self.text_edit, self.type_combo,
                   self.deadline_combo, self.reserved_check, self.social_check,
                   self.closed_check)
        for widget in widgets:
            widget.blockSignals(True)
        self.dept_edit.setText(", ".join(filters.departments))
        self.cpv_edit.setText(", ".join(filters.cpv_prefixes))
        self.text_edit.setText(filters.text)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(
            filters.market_type.value if filters.market_type else None)))
        self.deadline_combo.setCurrentIndex(max(0, self.deadline_combo.findData(
            filters.deadline_within_days)))
        self.reserved_check.setChecked(filters.reserved_only)
        self.social_check.setChecked(filters.social_only)
        self.closed_check.setChecked(filters.include_closed)
        for widget in widgets:
            widget.blockSignals(False)
        self.reload_notices()

    def _save_filter(self) -> None:
        name = self.ctx.prompts.ask_text("Enregistrer le filtre", "Nom du filtre :")
        if name is None:
            return
        saved = self.ctx.ops.run(
            lambda: self.veille.save_filter(self.ctx.current_structure_id(), name,
                                            self.current_filters()),
            changes=Changes.of(Topic.VEILLE, source=self),
            on_failure=lambda f: self.status_message.emit(" ".join(f.messages.values())))
        if saved is None:
            return
        self._load_saved_filters()
        self.saved_combo.setCurrentIndex(self.saved_combo.findText(saved.name))
        self.status_message.emit(f"Filtre « {saved.name} » enregistré.")

    # --- imports ------------------------------------------------------------------------
    def _pick_and_import(self, kind: str) -> None:
        if kind == "boamp":
            path = self.ctx.prompts.open_file("Importer un export du BOAMP", BOAMP_FILTER)
        else:
            path = self.ctx.prompts.open_file("Importer le CSV consolidé des DECP", DECP_FILTER)
        if path is not None:
            self.start_import(kind, path)

    def start_import(self, kind: str, path: Path) -> Operation[str] | None:
        """Import ``path`` on the thread pool (its own workspace connection); the page is
        refreshed and ``import_done`` emitted at the end."""
        if self._import is not None:
            return None
        structure = self.ctx.structures.current()
        if kind == "decp" and not structure.siret:
            self.status_message.emit(texts.SIRET_FIRST)
            self.import_done.emit(texts.SIRET_FIRST)
            return None
        self._set_busy(True)
        self._import = (
            self.ctx.ops.background(
                _import_work(kind, self.ctx.workspace_path, path, structure.siret or ""),
                changes=Changes.of(Topic.VEILLE, source=self))
            .on_progress(lambda _n, text: self.status_message.emit(text))
            .success(self._import_ended)
            .failure(lambda failure: self._import_ended(failure.text))
            .start()
        )
        return self._import

    def _import_ended(self, text: str) -> None:
        self._import = None
        self._set_busy(False)
        self.status_message.emit(text)
        self.refresh()
        self.import_done.emit(text)

    def _set_busy(self, busy: bool) -> None:
        self.import_boamp_button.setEnabled(not busy)
        self.import_decp_button.setEnabled(not busy)
        if busy:
            self.import_label.setText("Import en cours…")
