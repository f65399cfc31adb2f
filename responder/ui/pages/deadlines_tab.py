"""« Échéances », a tab of the dossier: its dates with their rules, the editable retroplanning,
attestation expiries, the dates after the decision and the dossier's calendar export.

Every change is saved at once through :class:`~responder.services.deadlines.DeadlineService`
(the same calls as the CLI); a refused change shows the service's French message under the
table and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.after_award import is_formalised
from ...domain.common import InvalidInput
from ...domain.deadlines import ComputedDate, DossierPlan, countdown_text, french_time
from ...domain.tender import Tender
from ...services.deadlines import DeadlineService, DossierDateSettings
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..formatting import FRENCH
from ..widgets.dates import OptionalDateEdit
from ..widgets.errors import ErrorLabel
from ..widgets.forms import add_row, new_form
from .dashboard_page import current_moment, default_choose_save_path

# Date, « fait » and step first: the tab is often narrow; the rule is also in each tooltip.
COL_DATE, COL_DONE, COL_STEP, COL_STATE, COL_RULE, COL_SOURCE = range(6)
HEADERS = ["Date", "Fait", "Étape", "État", "Règle", "Origine"]
SOURCE_LABELS = {
    "rc": "RC",
    "loi": "Code de la commande publique",
    "conseil": "Conseil",
    "retroplanning": "Rétroplanning",
    "attestation": "Attestation",
    "decision": "Après la décision",
}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
NO_TENDER_TEXT = "Sélectionnez une consultation pour voir ses échéances."
NO_DEADLINE_TEXT = (
    "Cette consultation n'a pas encore de date limite. Saisissez-la dans l'onglet "
    "« Consultation » (avec la date de publication si vous la connaissez) : Responder "
    "calculera les dates à retenir et votre rétroplanning en jours ouvrés."
)
#: Wait this long after the last keystroke in a date before saving it.
COMMIT_DELAY_MS = 700
_PAST_TINT = QColor("#f6cdb8")
_DONE_TINT = QColor("#e3e3e3")


_WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def short_when(item: ComputedDate) -> str:
    """« ven. 18/12/2026 12 h »: fits the narrow date column (the tooltip has the long form)."""
    text = f"{_WEEKDAYS[item.when.weekday()]} {item.when:%d/%m/%Y}"
    return f"{text} {french_time(item.at)}" if item.at else text


def flagged(item: ComputedDate) -> bool:
    """A date that needs the user's eye: past and not done, or an attestation expiring."""
    return not item.done and (item.in_past or item.source == "attestation")


def state_text(item: ComputedDate) -> str:
    """The state of a date in words (never colour alone)."""
    if item.done:
        return "✓ Fait"
    parts: list[str] = []
    if item.source == "attestation":
        parts.append("⚠ Expire avant la date limite")
    elif item.in_past:
        parts.append("⚠ Date passée")
    if item.non_working:
        parts.append("jour non ouvré")
    if item.edited:
        parts.append("modifiée")
    return " · ".join(parts)


class DeadlinesTab(QWidget):
    """The dates of one dossier (tab « Échéances »), loaded when the tab is shown.

    The save dialog of the export goes through ``choose_save_path(title, name)``, which
    tests replace.
    """

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        session = ctx.session
        assert session is not None, "the Échéances tab needs an open workspace"
        self.service = DeadlineService(session)
        self.tender: Tender | None = None
        self.plan: DossierPlan | None = None
        self._stale = False
        self._filling = False
        self._pending: dict[str, date] = {}
        self.choose_save_path: Callable[[str, str], Path | None] = (
            lambda title, name: default_choose_save_path(self, title, name)
        )
        self._milestone_timer = QTimer(self)
        self._milestone_timer.setSingleShot(True)
        self._milestone_timer.setInterval(COMMIT_DELAY_MS)
        self._milestone_timer.timeout.connect(self.commit_milestones)
        self._decision_timer = QTimer(self)
        self._decision_timer.setSingleShot(True)
        self._decision_timer.setInterval(COMMIT_DELAY_MS)
        self._decision_timer.timeout.connect(self.commit_decision)
        self._build()

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.empty_label = QLabel(NO_TENDER_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; font-size: 12pt; padding: 24px;")

        self.countdown_label = QLabel()
        self.countdown_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.countdown_label.setAccessibleName("Compte à rebours")
        self.available_label = QLabel()
        self.available_label.setWordWrap(True)
        self.available_label.setStyleSheet("color: #444;")
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.warnings_label.setStyleSheet(
            "background: #fde7dd; border: 1px solid #b3261e; border-radius: 4px; "
            "padding: 6px; color: #5c1410;"
        )
        self.warnings_label.hide()

        self.groupement_check = QCheckBox("Réponse en groupement")
        self.groupement_check.setAccessibleName("Réponse en groupement")
        self.groupement_check.setToolTip(
            "Ajoute au rétroplanning l'étape « partenaires confirmés et pièces demandées »."
        )
        self.urgency_check = QCheckBox("Urgence justifiée dans l'avis")
        self.urgency_check.setAccessibleName("Urgence justifiée dans l'avis de marché")
        self.urgency_check.setToolTip(
            "Cochez si l'avis invoque l'urgence : les délais minimaux légaux sont réduits "
            "(appel d'offres ouvert, restreint et procédure avec négociation)."
        )
        self.groupement_check.toggled.connect(lambda v: self._update_settings(groupement=v))
        self.urgency_check.toggled.connect(lambda v: self._update_settings(urgency=v))
        options = QHBoxLayout()
        options.addWidget(self.groupement_check)
        options.addWidget(self.urgency_check)
        options.addStretch(1)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Dates du dossier et rétroplanning")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Rows with a date editor and rows without must be the same height.
        self.table.verticalHeader().setDefaultSectionSize(
            QDateEdit().sizeHint().height() + 2
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in {
            COL_DATE: 165, COL_DONE: 40, COL_STEP: 300, COL_STATE: 190, COL_RULE: 110
        }.items():
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table_error = ErrorLabel()

        self.reset_button = QPushButton("Rétablir la date proposée")
        self.reset_button.setAccessibleName("Rétablir la date proposée de l'étape choisie")
        self.reset_button.setToolTip("Revenir à la date calculée pour l'étape sélectionnée.")
        self.reset_button.clicked.connect(self.reset_selected)
        self.reset_all_button = QPushButton("Tout rétablir")
        self.reset_all_button.setAccessibleName("Rétablir tout le rétroplanning")
        self.reset_all_button.setToolTip(
            "Revenir aux dates proposées pour toutes les étapes du rétroplanning."
        )
        self.reset_all_button.clicked.connect(self.reset_all)
        self.export_button = QPushButton("Exporter ce dossier (.ics)…")
        self.export_button.setAccessibleName("Exporter les dates de ce dossier (.ics)")
        self.export_button.setToolTip(
            "Un fichier .ics à importer dans votre agenda, un rappel par date ; un nouvel "
            "export met à jour les mêmes événements."
        )
        self.export_button.clicked.connect(self.export_tender)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.reset_all_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.countdown_label, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)

        decision = QGroupBox("Après la décision de l'acheteur")
        decision_layout = QVBoxLayout(decision)
        intro = QLabel(
            "Si votre offre est rejetée, indiquez la date de la lettre de rejet et, si vous "
            "avez demandé les motifs du rejet, la date de votre demande. Un résultat enregistré "
            "dans l'onglet « Résultat » prime sur ces deux dates."
        )
        intro.setWordWrap(True)
        form = new_form(labels_above=True)
        self.rejection_edit = OptionalDateEdit()
        self.rejection_edit.setAccessibleName("Lettre de rejet reçue le")
        self.electronic_check = QCheckBox("Envoyée par voie électronique")
        self.electronic_check.setAccessibleName("Lettre de rejet envoyée par voie électronique")
        self.electronic_check.setChecked(True)
        self.electronic_check.setToolTip(
            "Par courriel ou par la plateforme : 11 jours de suspension ; par courrier : 16."
        )
        self.reasons_edit = OptionalDateEdit()
        self.reasons_edit.setAccessibleName("Motifs du rejet demandés le")
        self.decision_error = add_row(form, "Lettre de &rejet reçue le :", self.rejection_edit)
        form.addRow(self.electronic_check)
        add_row(form, "&Motifs du rejet demandés le :", self.reasons_edit)
        self.standstill_label = QLabel()
        self.standstill_label.setWordWrap(True)
        self.reasons_label = QLabel()
        self.reasons_label.setWordWrap(True)
        decision_layout.addWidget(intro)
        decision_layout.addLayout(form)
        decision_layout.addWidget(self.standstill_label)
        decision_layout.addWidget(self.reasons_label)
        self.rejection_edit.changed.connect(self._decision_timer.start)
        self.reasons_edit.changed.connect(self._decision_timer.start)
        self.electronic_check.toggled.connect(lambda _v: self.commit_decision())

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.available_label)
        layout.addWidget(self.warnings_label)
        layout.addLayout(options)
        layout.addWidget(self.table)
        layout.addWidget(self.table_error)
        layout.addLayout(buttons)
        layout.addWidget(decision)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAccessibleName("Échéances du dossier")

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(scroll)
        self.content = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    # --- loading -----------------------------------------------------------------------------
    def set_tender(self, tender: Tender | None) -> None:
        """Show ``tender``'s dates (computed when the tab is visible)."""
        self._flush()
        self.tender = tender
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Compute the dates when the tab is first shown after a change of dossier."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt naming
        """Save a date still being typed when the tab, the page or the window is left."""
        self._flush()
        super().hideEvent(event)

    def flush(self) -> None:
        """Save at once the dates still waiting on their timers (before an export)."""
        self._flush()

    def _flush(self) -> None:
        # Edits typed just before switching dossier are saved, not lost.
        if self._milestone_timer.isActive():
            self.commit_milestones()
        if self._decision_timer.isActive():
            self.commit_decision()

    def reload(self) -> None:
        """Recompute the dossier's dates and show them."""
        self._stale = False
        tender = self.tender
        self.table_error.clear_message()
        self.decision_error.clear_message()
        if tender is None or tender.id is None:
            self.plan = None
            self.empty_label.setText(NO_TENDER_TEXT)
            self.stack.setCurrentWidget(self.empty_label)
            return
        try:
            self.plan = self.service.plan(tender.id, self.ctx.today())
        except InvalidInput:
            self.plan = None
            self.empty_label.setText(NO_DEADLINE_TEXT)
            self.stack.setCurrentWidget(self.empty_label)
            return
        except WorkspaceError as exc:
            self.plan = None
            self.empty_label.setText(str(exc))
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.stack.setCurrentWidget(self.content)
        self._show(tender, self.plan, self.service.settings(tender.id))

    def _show(self, tender: Tender, plan: DossierPlan, settings: DossierDateSettings) -> None:
        self._filling = True
        try:
            self._show_header(tender, plan)
            for check, value in (
                (self.groupement_check, settings.groupement),
                (self.urgency_check, settings.urgency),
                (self.electronic_check, settings.rejection_notice_electronic),
            ):
                check.blockSignals(True)
                check.setChecked(value)
                check.blockSignals(False)
            self.rejection_edit.set_value(settings.rejection_notice_on)
            self.reasons_edit.set_value(settings.reasons_requested_on)
            self._fill_table(plan)
            self._show_decision(plan)
        finally:
            self._filling = False
        self._update_buttons()

    def _show_header(self, tender: Tender, plan: DossierPlan) -> None:
        calendar = self.service.calendar(tender.structure_id)
        now = current_moment(self.ctx.today())
        self.countdown_label.setText(countdown_text(calendar, plan.deadline, now))
        deadline = plan.get("deadline")
        days = plan.available_working_days
        span = (
            f"Rétroplanning calculé sur {days} jour{'s' if days > 1 else ''} ouvré"
            f"{'s' if days > 1 else ''} depuis l'ouverture du dossier"
            if days > 0 else "Dossier ouvert à la date limite : étapes placées au plus court"
        )
        phases = ""
        if tender.two_phase:
            candidatures = plan.get("candidatures_deadline")
            invitation = plan.get("invitation")
            phases = (
                " Procédure en deux phases : candidatures "
                + (f"jusqu'au {candidatures.when_fr}" if candidatures else
                   ("— c'est la date ci-dessus" if tender.deadline is None else "— date à saisir"))
                + ", invitation à soumissionner "
                + (f"reçue le {invitation.when_fr}." if invitation else
                   "à saisir dans l'onglet Consultation dès réception.")
            )
        self.available_label.setText(
            f"Date limite : {deadline.when_fr if deadline else '—'}. {span} "
            f"(week-ends et jours fériés exclus).{phases}"
        )
        warnings = [f"⚠ {w.message_fr}" for w in plan.warnings]
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))

    def _fill_table(self, plan: DossierPlan) -> None:
        self.table.blockSignals(True)
        self.table.clearContents()
        self.table.setRowCount(len(plan.dates))
        for row, item in enumerate(plan.dates):
            tip = f"{item.when_fr} — {item.rule_text or item.label_fr}"
            tint = _DONE_TINT if item.done else (_PAST_TINT if flagged(item) else None)
            cells = {
                COL_DATE: short_when(item),
                # The warning sign keeps the flag visible in words when the tab is narrow.
                COL_STEP: f"⚠ {item.label_fr}" if flagged(item) else item.label_fr,
                COL_STATE: state_text(item),
                COL_SOURCE: SOURCE_LABELS.get(item.source, item.source),
                COL_RULE: item.article or "—",
            }
            for column, text in cells.items():
                cell = QTableWidgetItem(text)
                cell.setToolTip(tip)
                cell.setData(KIND_ROLE, item.kind)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if tint is not None and column in (COL_DATE, COL_STEP, COL_STATE):
                    cell.setBackground(tint)
                self.table.setItem(row, column, cell)
            done = QTableWidgetItem()
            done.setData(KIND_ROLE, item.kind)
            done.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            done.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
            done.setToolTip("Cochez quand c'est fait : la date ne sera plus signalée en retard.")
            self.table.setItem(row, COL_DONE, done)
            if item.editable:
                self.table.setCellWidget(row, COL_DATE, self._date_editor(item))
        self.table.blockSignals(False)
        self._fit_table_height()

    def _fit_table_height(self) -> None:
        # The whole tab scrolls: the table shows all its rows instead of a nested scroll bar.
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        height += self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(max(height, 120))

    def _date_editor(self, item: ComputedDate) -> QDateEdit:
        editor = QDateEdit(QDate(item.when.year, item.when.month, item.when.day))
        editor.setLocale(FRENCH)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("ddd dd/MM/yyyy")
        editor.setAccessibleName(f"Date de l'étape « {item.label_fr} »")
        editor.setToolTip(f"{item.rule_text}\nModifiez la date pour l'adapter à votre équipe.")
        editor.setProperty("kind", item.kind)
        editor.dateChanged.connect(lambda qd, kind=item.kind: self._on_date_edited(kind, qd))
        editor.editingFinished.connect(self.commit_milestones)
        return editor

    def _show_decision(self, plan: DossierPlan) -> None:
        # The dates by procedure come from domain/after_award.py (R2182-1/2, R2181-2/4).
        refere = plan.get("refere_precontractuel_limit")
        standstill = plan.get("standstill_end")
        reasons = plan.get("rejection_reasons_due")
        mapa = self.tender is not None and not is_formalised(self.tender.procedure)
        if mapa:
            text = (
                "Procédure adaptée : pas de délai de suspension (R2182-1). L'acheteur peut "
                "signer dès l'envoi de la lettre de rejet ; si vous contestez, agissez "
                "immédiatement (un référé précontractuel n'est plus possible après la signature)."
            )
        elif refere and standstill:
            text = (
                f"Déposer un référé précontractuel au plus tard le {refere.when_fr} "
                f"({refere.article}). Fin du délai de suspension : {standstill.when_fr}, "
                "l'acheteur peut signer dès le lendemain."
            )
        else:
            text = (
                "Référé précontractuel : indiquez la date de la lettre de rejet (à déposer au "
                "plus tard 10 jours après, 15 si elle n'est pas électronique — article R2182-1)."
            )
        self.standstill_label.setText(text)
        article = "R2181-2" if mapa else "R2181-4"
        self.reasons_label.setText(
            f"L'acheteur doit vous répondre au plus tard le {reasons.when_fr} "
            f"({reasons.article})."
            if reasons else "Motifs du rejet : l'acheteur a 15 jours pour répondre à votre "
            f"demande écrite (article {article})."
        )

    def _update_buttons(self) -> None:
        plan = self.plan
        kind = self.selected_kind()
        selected = plan.get(kind) if plan and kind else None
        self.reset_button.setEnabled(selected is not None and selected.edited)
        self.reset_all_button.setEnabled(
            plan is not None and any(d.editable and d.edited for d in plan.dates)
        )

    def selected_kind(self) -> str | None:
        """Kind of the date on the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), COL_STEP)
        return str(cell.data(KIND_ROLE)) if cell is not None else None

    def row_of(self, kind: str) -> int | None:
        """The table row showing the date ``kind``."""
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, COL_STEP)
            if cell is not None and cell.data(KIND_ROLE) == kind:
                return row
        return None

    def date_editor(self, kind: str) -> QDateEdit | None:
        """The date editor of the retroplanning step ``kind`` (``None`` if not editable)."""
        row = self.row_of(kind)
        widget = self.table.cellWidget(row, COL_DATE) if row is not None else None
        return widget if isinstance(widget, QDateEdit) else None

    # --- edits -------------------------------------------------------------------------------
    def _tender_id(self) -> int | None:
        return self.tender.id if self.tender is not None else None

    def _on_date_edited(self, kind: str, qdate: QDate) -> None:
        if self._filling:
            return
        self._pending[kind] = date(qdate.year(), qdate.month(), qdate.day())
        self._milestone_timer.start()

    def commit_milestones(self) -> None:
        """Save the retroplanning dates typed since the last save, then show the new plan."""
        self._milestone_timer.stop()
        pending, self._pending = self._pending, {}
        tender_id = self._tender_id()
        if not pending or tender_id is None:
            return
        focused = next(
            (k for k in pending if (e := self.date_editor(k)) is not None and e.hasFocus()), None
        )
        error = ""
        for kind, day in pending.items():
            current = self.plan.get(kind) if self.plan else None
            if current is not None and current.when == day:
                continue
            try:
                self.service.set_milestone(tender_id, kind, day)
            except InvalidInput as exc:
                step = current.label_fr if current else kind
                error = "\n".join(f"« {step} » : {m}" for m in exc.messages.values())
            except WorkspaceError as exc:
                error = str(exc)
        self.reload()
        if error:
            self.table_error.show_message(error)
            self.status_message.emit("Date non enregistrée : " + error)
        else:
            self.status_message.emit("Rétroplanning enregistré.")
        if focused is not None and (editor := self.date_editor(focused)) is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_item_changed(self, cell: QTableWidgetItem) -> None:
        tender_id = self._tender_id()
        if self._filling or cell.column() != COL_DONE or tender_id is None:
            return
        kind = str(cell.data(KIND_ROLE))
        done = cell.checkState() == Qt.CheckState.Checked
        try:
            self.service.mark_done(tender_id, kind, done)
        except (InvalidInput, WorkspaceError) as exc:
            self.table_error.show_message(str(exc))
            return
        self.reload()
        row = self.row_of(kind)
        if row is not None:
            self.table.selectRow(row)
        self.status_message.emit("Étape marquée comme faite." if done else "Étape à faire.")

    def reset_selected(self) -> None:
        """Give the selected retroplanning step back its proposed date."""
        kind = self.selected_kind()
        tender_id = self._tender_id()
        if kind is None or tender_id is None:
            return
        self._reset([kind])
        row = self.row_of(kind)
        if row is not None:
            self.table.selectRow(row)

    def reset_all(self) -> None:
        """Give every retroplanning step back its proposed date."""
        if self.plan is not None:
            self._reset([d.kind for d in self.plan.dates if d.editable and d.edited])

    def _reset(self, kinds: list[str]) -> None:
        tender_id = self._tender_id()
        if tender_id is None:
            return
        try:
            for kind in kinds:
                self.service.set_milestone(tender_id, kind, None)
        except (InvalidInput, WorkspaceError) as exc:
            self.table_error.show_message(str(exc))
            return
        self.reload()
        self.status_message.emit("Dates proposées rétablies.")

    def _update_settings(self, **changes: object) -> None:
        tender_id = self._tender_id()
        if self._filling or tender_id is None:
            return
        try:
            self.service.update_settings(tender_id, **changes)
        except (InvalidInput, WorkspaceError) as exc:
            self.table_error.show_message(str(exc))
            return
        self.reload()

    def commit_decision(self) -> None:
        """Save the rejection letter and reasons-request dates, then show the computed dates."""
        self._decision_timer.stop()
        tender_id = self._tender_id()
        if self._filling or tender_id is None or self.plan is None:
            return
        notice = self.rejection_edit.value()
        requested = self.reasons_edit.value()
        try:
            self.service.update_settings(
                tender_id,
                rejection_notice_on=notice,
                rejection_notice_electronic=self.electronic_check.isChecked(),
                reasons_requested_on=requested,
            )
        except InvalidInput as exc:
            self.decision_error.show_message("\n".join(exc.messages.values()))
            return
        except WorkspaceError as exc:
            self.decision_error.show_message(str(exc))
            return
        self.reload()
        self.status_message.emit("Dates après la décision enregistrées.")

    def export_tender(self) -> Path | None:
        """Ask where to save, then write this dossier's .ics; returns the file."""
        tender = self.tender
        if tender is None or tender.id is None:
            return None
        self._flush()
        chosen = self.choose_save_path(
            "Exporter les échéances du dossier", f"echeances-dossier-{tender.id}.ics"
        )
        if chosen is None:
            return None
        out = chosen if chosen.suffix.lower() == ".ics" else chosen.with_suffix(".ics")
        try:
            count = self.service.export_ics(out, tender.id, self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self.table_error.show_message(str(exc))
            self.status_message.emit(str(exc))
            return None
        self.status_message.emit(
            f"Agenda du dossier exporté : {count} date{'s' if count > 1 else ''} dans "
            f"« {out.name} »."
        )
        return out
