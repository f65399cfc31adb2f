"""« Veille »: the notices of an imported BOAMP export ranked for the structure, the
contracts of the DECP that end soon (to prepare and to meet the buyer), and the structure's
own contracts to turn into references.

Imports run on the thread pool with their own workspace connection; the lists are read on
the UI thread (tens of ms, docs/performance.md). File pickers, the name prompt and opening a
link are injectable (``choose_file``, ``ask_name``, ``open_url``) so tests never open a
dialog or a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.enums import MarketType, label
from ...domain.veille import Scored, VeilleFilters
from ...services.decp import DecpService
from ...services.veille import VeilleService
from ...storage.db import WorkspaceError
from ..dialogs.files import choose_open_file
from ..formatting import format_amount, format_date, format_datetime
from ..tasks import Task, start

if TYPE_CHECKING:
    from ..context import UiContext

NOTICE_HEADERS = ["Score", "Date limite", "Objet", "Acheteur", "Dép.", "Réservé", "Social"]
NOTICE_WIDTHS = [52, 136, 410, 240, 58, 130, 52]
RENEWAL_HEADERS = ["Fin prévue", "Objet", "Acheteur", "Titulaire(s)", "Dép.", "CPV", "Montant HT"]
RENEWAL_WIDTHS = [88, 290, 220, 200, 48, 80, 150]
OWN_HEADERS = ["Notifié le", "Objet", "Acheteur", "Montant HT", "Fin prévue", "Groupement"]
OWN_WIDTHS = [88, 360, 260, 120, 88, 100]
DEADLINES = [("Toutes les dates limites", None), ("Dans les 7 jours", 7),
             ("Dans les 15 jours", 15), ("Dans les 30 jours", 30), ("Dans les 60 jours", 60)]
NO_FILTER = "Filtres enregistrés…"
_NEW_BG = QColor("#fff4ce")
_MUTED = QColor("#6b6b6b")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _item(text: str, data: object = None, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(text)
    if data is not None:
        item.setData(ID_ROLE, data)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str], widths: list[int], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table



def _count(count: int, singular: str, plural: str) -> str:
    """« 1 ligne rejetée », « 0 marché attribué », « 3 marchés »: singular below 2."""
    return f"{count} {singular if count < 2 else plural}"

class VeillePage(QWidget):
    """The watch list of the current structure (refreshed each time the page is shown)."""

    status_message = Signal(str)
    open_tender = Signal(int)
    #: Emitted when a background import ends (its French summary, or the error).
    import_done = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the Veille page needs an open workspace"
        self.ctx = ctx
        self.veille = VeilleService(ctx.session)
        self.decp = DecpService(ctx.session)
        self.choose_file: Callable[[str, str], Path | None] = (
            lambda title, name_filter: choose_open_file(self, title, name_filter)
        )
        self.ask_name: Callable[[], str | None] = self._ask_name
        self.open_url: Callable[[str], None] = lambda url: QDesktopServices.openUrl(QUrl(url))
        self.scored: list[Scored] = []
        self.own_rows: list[dict[str, Any]] = []
        self._task: Task | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.reload_notices)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_notices(), "Avis ouverts")
        self.tabs.addTab(self._build_renewals(), "Marchés à renouveler")
        self.tabs.addTab(self._build_own(), "Mes marchés passés (DECP)")
        self.tabs.setAccessibleName("Avis, marchés à renouveler et marchés passés")
        self.tabs.tabBar().setAccessibleName("Onglets de la veille")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)

    # --- building -----------------------------------------------------------------------
    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_boamp_button = QPushButton("Importer des avis (BOAMP)…")
        self.import_boamp_button.setToolTip(
            "Export CSV ou JSON du jeu « boamp » (boamp-datadila.opendatasoft.com › Export)."
        )
        self.import_boamp_button.clicked.connect(lambda: self._pick_and_import("boamp"))
        self.import_decp_button = QPushButton("Importer des marchés attribués (DECP)…")
        self.import_decp_button.setToolTip(
            "CSV consolidé « format tabulaire » des données essentielles (data.gouv.fr)."
        )
        self.import_decp_button.clicked.connect(lambda: self._pick_and_import("decp"))
        self.import_boamp_button.setAccessibleName("Importer un export du BOAMP")
        self.import_decp_button.setAccessibleName("Importer le CSV consolidé des DECP")
        self.import_label = QLabel()
        self.import_label.setStyleSheet("color: #555;")
        self.import_label.setWordWrap(True)
        # Titled like every other page; the imports are the page's actions, on the right.
        heading = QLabel("Veille")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        row.addWidget(heading)
        row.addSpacing(12)
        row.addWidget(self.import_label, 1)
        row.addWidget(self.import_boamp_button)
        row.addWidget(self.import_decp_button)
        return row

    def _build_notices(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        first = QHBoxLayout()
        self.dept_edit = QLineEdit()
        self.dept_edit.setPlaceholderText("Dép. : 30, 34")
        self.dept_edit.setAccessibleName("Départements")
        self.cpv_edit = QLineEdit()
        self.cpv_edit.setPlaceholderText("CPV : 77, 9091")
        self.cpv_edit.setAccessibleName("Codes CPV")
        self.type_combo = QComboBox()
        self.type_combo.addItem("Tous types", None)
        for kind in MarketType:
            self.type_combo.addItem(label(kind), kind.value)
        self.deadline_combo = QComboBox()
        for text, days in DEADLINES:
            self.deadline_combo.addItem(text, days)
        self.reserved_check = QCheckBox("Marchés réservés")
        self.social_check = QCheckBox("Clauses sociales")
        self.closed_check = QCheckBox("Clos et annulés")
        self.type_combo.setAccessibleName("Type de marché")
        self.deadline_combo.setAccessibleName("Date limite")
        for check in (self.reserved_check, self.social_check, self.closed_check):
            check.setAccessibleName(check.text())
        for widget in (self.dept_edit, self.cpv_edit):
            widget.setMaximumWidth(170)
            widget.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.type_combo, self.deadline_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload_notices())
        for check in (self.reserved_check, self.social_check, self.closed_check):
            check.toggled.connect(lambda _on: self.reload_notices())
        for widget in (self.dept_edit, self.cpv_edit, self.type_combo, self.deadline_combo,
                       self.reserved_check, self.social_check, self.closed_check):
            first.addWidget(widget)
        first.addStretch(1)
        second = QHBoxLayout()
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("Mots de l'objet, de l'acheteur ou des lots")
        self.text_edit.setAccessibleName("Mots cherchés")
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.textChanged.connect(lambda _t: self._timer.start())
        self.saved_combo = QComboBox()
        self.saved_combo.setMinimumWidth(220)
        self.saved_combo.activated.connect(self._apply_saved)
        self.saved_combo.setAccessibleName("Filtres enregistrés")
        self.save_button = QPushButton("Enregistrer ce filtre…")
        self.save_button.clicked.connect(self._save_filter)
        self.save_button.setAccessibleName("Enregistrer ce filtre")
        second.addWidget(self.text_edit, 1)
        second.addWidget(self.saved_combo)
        second.addWidget(self.save_button)
        self.notice_table = _table(NOTICE_HEADERS, NOTICE_WIDTHS, "Avis ouverts")
        self.notice_table.itemSelectionChanged.connect(self._show_selected)
        self.notice_table.itemDoubleClicked.connect(lambda _i: self._open_link())
        bottom = QHBoxLayout()
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.follow_button = QPushButton("Suivre (créer le dossier)")
        self.follow_button.setEnabled(False)
        self.follow_button.clicked.connect(self.follow_selected)
        self.link_button = QPushButton("Voir l'avis")
        self.link_button.setEnabled(False)
        self.link_button.clicked.connect(self._open_link)
        self.link_button.setAccessibleName("Voir l'avis sur boamp.fr")
        self.follow_button.setAccessibleName("Suivre l'avis : créer le dossier")
        bottom.addWidget(self.reason_label, 1)
        bottom.addWidget(self.link_button)
        bottom.addWidget(self.follow_button)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.notice_table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(bottom)
        return page

    def _build_renewals(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "Marchés des données essentielles (DECP) de votre territoire et de vos familles "
            "d'achat qui se terminent bientôt : l'acheteur va relancer une consultation. "
            "Préparez-vous et rencontrez-le avant l'avis : l'acheteur a le droit de consulter "
            "les entreprises pour préparer son marché (sourcing)."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, 60)
        self.months_spin.setValue(12)
        self.months_spin.setSuffix(" mois")
        self.months_spin.setPrefix("Fin dans les ")
        self.months_spin.setAccessibleName("Fin dans les N mois")
        self.renewal_dept = QLineEdit()
        self.renewal_dept.setPlaceholderText("Départements d'exécution")
        self.renewal_dept.setMinimumWidth(240)
        self.renewal_dept.setAccessibleName("Départements d'exécution")
        self.renewal_cpv = QLineEdit()
        self.renewal_cpv.setPlaceholderText("CPV (défaut : vos références)")
        self.renewal_cpv.setMinimumWidth(240)
        self.renewal_cpv.setAccessibleName("Codes CPV des marchés à renouveler")
        self.months_spin.valueChanged.connect(lambda _v: self.reload_renewals())
        for edit in (self.renewal_dept, self.renewal_cpv):
            edit.editingFinished.connect(self.reload_renewals)
        row.addWidget(self.months_spin)
        row.addWidget(self.renewal_dept)
        row.addWidget(self.renewal_cpv)
        row.addStretch(1)
        self.renewal_table = _table(RENEWAL_HEADERS, RENEWAL_WIDTHS, "Marchés à renouveler")
        self.renewal_label = QLabel()
        self.renewal_label.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.renewal_table, 1)
        layout.addWidget(self.renewal_label)
        return page

    def _build_own(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.own_label = QLabel()
        self.own_label.setWordWrap(True)
        self.own_table = _table(OWN_HEADERS, OWN_WIDTHS, "Mes marchés passés")
        self.own_table.itemSelectionChanged.connect(
            lambda: self.reference_button.setEnabled(bool(self.own_table.selectedItems()))
        )
        self.reference_button = QPushButton("Créer ou compléter la référence")
        self.reference_button.setEnabled(False)
        self.reference_button.clicked.connect(self.reference_from_selected)
        self.reference_button.setAccessibleName("Créer ou compléter la référence")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reference_button)
        layout.addWidget(self.own_label)
        layout.addWidget(self.own_table, 1)
        layout.addLayout(row)
        return page

    # --- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the shown tab and the import summary."""
        self._show_import_summary()
        self._load_saved_filters()
        index = self.tabs.currentIndex()
        if index == 0:
            self.reload_notices()
        elif index == 1:
            self.reload_renewals()
        else:
            self.reload_own()

    def _show_import_summary(self) -> None:
        last = self.veille.last_import()
        contracts = self.decp.store.contract_count()
        parts = []
        if last is None:
            parts.append("Aucun avis importé : téléchargez un export du BOAMP puis importez-le.")
        else:
            _id, name, when, counts = last
            parts.append(
                f"Avis : {self.veille.store.notice_count()} (dernier import « {name} » le "
                f"{when[8:10]}/{when[5:7]}/{when[:4]}, {counts.get('new', 0)} nouveaux)."
            )
        parts.append(f"Marchés attribués : {contracts}." if contracts else
                     "Aucun marché attribué importé.")
        self.import_label.setText(" ".join(parts))

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

    def reload_notices(self) -> None:
        """Run the search with the current filters and fill the table."""
        self._timer.stop()
        try:
            filters = self.current_filters()
            self.scored = self.veille.notices(
                filters, self.ctx.current_structure_id(), self.ctx.today()
            )
        except InvalidInput as exc:
            self.count_label.setText(" ".join(exc.messages.values()))
            self.count_label.setStyleSheet("color: #b00020;")
            return
        except WorkspaceError as exc:
            self.status_message.emit(str(exc))
            return
        self.count_label.setStyleSheet("color: #555;")
        table = self.notice_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(self.scored))
        bold = QFont()
        bold.setBold(True)
        for row, s in enumerate(self.scored):
            n = s.notice
            cells = [
                _item(str(s.score), n.idweb, right=True),
                _item(format_datetime(n.deadline) or "—"),
                _item(n.title),
                _item(n.buyer),
                _item(", ".join(n.departments)),
                _item(", ".join(n.reserved) or ""),
                _item("oui" if n.social else ""),
            ]
            new_text = "\nNouveau depuis l'import précédent." if n.is_new else ""
            cells[2].setToolTip(f"{n.title}\n{s.reason}{new_text}")
            for column, cell in enumerate(cells):
                if n.is_new:
                    cell.setBackground(QBrush(_NEW_BG))
                    cell.setFont(bold)
                if n.cancelled or (n.deadline and n.deadline.date() < self.ctx.today()):
                    cell.setForeground(QBrush(_MUTED))
                table.setItem(row, column, cell)
        table.setUpdatesEnabled(True)
        new = sum(1 for s in self.scored if s.notice.is_new)
        self.count_label.setText(
            f"{len(self.scored)} avis" + (f", dont {new} nouveaux depuis l'import précédent "
                                         "(en jaune)" if new else "")
            + " — les plus pertinents d'abord (territoire, CPV et mots de vos références, "
            "lots réservés pour lesquels vous êtes éligible)."
        )
        if self.scored:
            table.selectRow(0)
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
        n = selected.notice
        followed = " Déjà suivi (dossier créé)." if n.tender_id else ""
        self.follow_button.setText("Ouvrir le dossier" if n.tender_id else
                                   "Suivre (créer le dossier)")
        self.reason_label.setText(
            f"<b>{n.idweb}</b> · {n.procedure_label or 'procédure non précisée'} · "
            f"score {selected.score} : {selected.reason}.{followed}"
        )

    def reload_renewals(self) -> None:
        """Fill the re-tender radar for the structure's territory and CPV (or as typed)."""
        sid = self.ctx.current_structure_id()
        depts, cpvs = self.decp.default_scope(sid)
        try:
            checked = self.veille.filters({
                "departments": self.renewal_dept.text() or depts,
                "cpv_prefixes": self.renewal_cpv.text() or cpvs,
            })
            found = self.decp.renewals(self.months_spin.value(), self.ctx.today(),
                                       checked.departments, checked.cpv_prefixes)
        except InvalidInput as exc:
            self.renewal_label.setText(" ".join(exc.messages.values()))
            return
        if not self.renewal_dept.text() and depts:
            self.renewal_dept.setPlaceholderText(f"Dép. (défaut : {', '.join(depts)})")
        table = self.renewal_table
        table.setRowCount(len(found))
        for row, r in enumerate(found):
            amount = format_amount(r.amount) if r.amount is not None else ""
            if r.amount_suspect:
                amount = f"{amount} (fictif ?)"
            cells = [_item(format_date(r.end_date), r.uid), _item(r.title),
                     _item(r.buyer_name), _item(", ".join(r.winners)),
                     _item(r.department or ""), _item(r.cpv or ""), _item(amount, right=True)]
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        scope = ", ".join(checked.departments) or "tous départements"
        self.renewal_label.setText(
            f"{_count(len(found), 'marché se termine', 'marchés se terminent')} d'ici "
            f"{self.months_spin.value()} mois "
            f"({scope} ; CPV {', '.join(checked.cpv_prefixes) or 'tous'}). Fin prévue = "
            "première notification + durée actuelle (avenants compris)."
            if self.decp.store.contract_count() else
            "Importez le CSV consolidé des DECP pour voir les marchés à renouveler."
        )

    def reload_own(self) -> None:
        """Fill the structure's own contracts found in the DECP by its SIRET."""
        structure = self.ctx.structures.current()
        self.own_rows = []
        if not structure.siret:
            self.own_label.setText("Renseignez le SIRET de la structure (page « Ma structure ») "
                                   "pour retrouver vos marchés dans les DECP.")
        else:
            self.own_rows = self.decp.own_contracts(structure.siret)
            self.own_label.setText(
                f"{_count(len(self.own_rows), 'marché attribué', 'marchés attribués')} à "
                f"{structure.name} (SIRET "
                f"{structure.siret}), seul ou en groupement. Transformez-les en références."
            )
        table = self.own_table
        table.setRowCount(len(self.own_rows))
        for row, c in enumerate(self.own_rows):
            amount = format_amount(c["amount"]) if c["amount"] is not None else ""
            if c["amount_suspect"]:
                amount = f"{amount} (fictif ?)"
            group = f"{c['members']} membres" if c["members"] > 1 else ""
            end = date.fromisoformat(c["end_date"]) if c["end_date"] else None
            start_day = date.fromisoformat(c["first_notified"]) if c["first_notified"] else None
            cells = [_item(format_date(start_day), c["uid"]), _item(c["title"]),
                     _item(c["buyer_name"]), _item(amount, right=True),
                     _item(format_date(end)), _item(group)]
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)

    # --- actions ------------------------------------------------------------------------
    def follow_selected(self) -> int | None:
        """Create (or open) the dossier of the selected notice; returns its id."""
        selected = self._selected_notice()
        if selected is None:
            return None
        try:
            tender = self.veille.follow(selected.notice.idweb, self.ctx.current_structure_id())
        except (InvalidInput, WorkspaceError) as exc:
            text = " ".join(exc.messages.values()) if isinstance(exc, InvalidInput) else str(exc)
            self.status_message.emit(text)
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
        if len(rows) != 1 or not structure.siret or structure.id is None:
            return None
        uid = self.own_rows[rows.pop()]["uid"]
        try:
            ref = self.decp.reference_from_contract(structure.siret, uid, structure.id)
        except (InvalidInput, WorkspaceError) as exc:
            self.status_message.emit(str(exc))
            return None
        self.status_message.emit(f"Référence « {ref.title} » enregistrée (page Références).")
        return ref.id

    def _open_link(self) -> None:
        selected = self._selected_notice()
        if selected and selected.notice.url:
            self.open_url(selected.notice.url)

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

    def _ask_name(self) -> str | None:
        name, ok = QInputDialog.getText(self, "Enregistrer le filtre", "Nom du filtre :")
        return name if ok else None

    def _save_filter(self) -> None:
        name = self.ask_name()
        if name is None:
            return
        try:
            saved = self.veille.save_filter(
                self.ctx.current_structure_id(), name, self.current_filters()
            )
        except InvalidInput as exc:
            self.status_message.emit(" ".join(exc.messages.values()))
            return
        self._load_saved_filters()
        self.saved_combo.setCurrentIndex(self.saved_combo.findText(saved.name))
        self.status_message.emit(f"Filtre « {saved.name} » enregistré.")

    # --- imports ------------------------------------------------------------------------
    def _pick_and_import(self, kind: str) -> None:
        if kind == "boamp":
            path = self.choose_file("Importer un export du BOAMP",
                                    "Export BOAMP (*.csv *.json);;Tous les fichiers (*)")
        else:
            path = self.choose_file("Importer le CSV consolidé des DECP",
                                    "DECP (*.csv);;Tous les fichiers (*)")
        if path is not None:
            self.start_import(kind, path)

    def start_import(self, kind: str, path: Path) -> Task | None:
        """Import ``path`` on the thread pool (its own workspace connection); the page is
        refreshed and ``import_done`` emitted at the end."""
        if self._task is not None:
            return None
        structure = self.ctx.structures.current()
        if kind == "decp" and not structure.siret:
            message = ("Renseignez d'abord le SIRET de la structure (page « Ma structure ») : "
                       "il sert à retrouver vos marchés.")
            self.status_message.emit(message)
            self.import_done.emit(message)
            return None
        workspace = self.ctx.workspace_path
        siret = structure.siret or ""

        def work(progress: Callable[[int, str], None]) -> str:
            from ...services.workspace import open_session

            session = open_session(workspace, create=False)
            try:
                def tell(count: int) -> None:
                    progress(count, f"{count} lignes lues…")

                if kind == "boamp":
                    report = VeilleService(session).import_boamp(path, tell)
                    return (f"« {path.name} » : {report.new} nouveaux avis, {report.updated} mis "
                            f"à jour, {report.cancelled} annulés, "
                            f"{_count(report.rejected, 'ligne rejetée', 'lignes rejetées')}.")
                decp = DecpService(session).import_file(path, siret, tell)
                rejected = _count(decp.rejected, "ligne rejetée", "lignes rejetées")
                return (f"« {path.name} » : {decp.contracts} marchés, dont {len(decp.own)} "
                        f"des vôtres ; {rejected}.")
            finally:
                session.close()

        self._set_busy(True)
        task = Task(work)
        task.signals.progress.connect(lambda _n, text: self.status_message.emit(text))
        task.signals.finished.connect(lambda text: self._import_ended(str(text)))
        task.signals.failed.connect(self._import_ended)
        self._task = task
        return start(task)

    def _import_ended(self, text: str) -> None:
        self._task = None
        self._set_busy(False)
        self.status_message.emit(text)
        self.refresh()
        self.import_done.emit(text)

    def _set_busy(self, busy: bool) -> None:
        self.import_boamp_button.setEnabled(not busy)
        self.import_decp_button.setEnabled(not busy)
        if busy:
            self.import_label.setText("Import en cours…")
