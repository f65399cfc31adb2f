"""« Tableau de bord »: every dossier's countdown and next step, the dates due across dossiers
(en retard, cette semaine, 30 prochains jours), legal warnings, a 48-hour notice and the
calendar export.

Urgency is never shown by colour alone: each row and section says it in words
(« En retard », « Cette semaine » …) with a symbol; the tints (Okabe-Ito hues) only help.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.deadlines import french_date
from ...domain.tender import OPEN_STATUSES
from ...services.deadlines import Dashboard, DashboardEntry, DeadlineService, DossierRow
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..widgets.errors import ErrorLabel

#: Role giving the tender id of a row or an item.
TENDER_ROLE = Qt.ItemDataRole.UserRole + 1
NOTICE_HOURS = 48
#: The window opens on the dashboard when something is due within this many days.
ATTENTION_DAYS = 7
ICS_FILTER = "Agenda iCalendar (*.ics)"
#: Shown while the dashboard is computed in the background at start-up.
LOADING_DASHBOARD = "Calcul des échéances de vos dossiers…"
EMPTY_TEXT = (
    "Aucune consultation pour le moment. Créez-en une dans « Consultations » : ses dates "
    "limites, ses jalons et ses attestations à renouveler apparaîtront ici."
)

# Urgency levels, most urgent first (the rule lives in services/urgency.py).
from ...services.urgency import (  # noqa: E402
    CLOSED,
    LATER,
    MONTH,
    NO_DATE,
    OVERDUE,
    WEEK,
    document_badges,
    dossier_urgency,
    unique_entries,
    without_dossiers,
)

URGENCY_TEXT = {
    OVERDUE: "⚠ En retard",
    WEEK: "● Cette semaine",
    MONTH: "○ Dans les 30 jours",
    LATER: "Plus tard",
    CLOSED: "Clos",
    NO_DATE: "Sans date limite",
}
# Colour-blind-safe tints (vermillion, orange, sky blue of the Okabe-Ito palette), light
# enough for black text; the words above carry the meaning.
URGENCY_TINT = {OVERDUE: "#f6cdb8", WEEK: "#fbe3a6", MONTH: "#cfe6f5"}
SECTION_TITLES = (
    (OVERDUE, "⚠ En retard"),
    (WEEK, "● Cette semaine"),
    (MONTH, "○ 30 prochains jours"),
)

# Most useful first, so that the narrow window still shows urgency, countdown and next step.
(
    COL_URGENCY, COL_COUNTDOWN, COL_TITLE, COL_NEXT, COL_PIECES, COL_ALERT, COL_DEADLINE,
    COL_BUYER,
) = range(8)
HEADERS = [
    "Urgence", "Compte à rebours", "Consultation", "Prochaine étape", "Pièces prêtes",
    "Alertes", "Date limite", "Acheteur",
]
WIDTHS = {
    COL_URGENCY: 135, COL_COUNTDOWN: 150, COL_TITLE: 200, COL_NEXT: 300, COL_PIECES: 95,
    COL_ALERT: 180, COL_DEADLINE: 200,
}
Index = QModelIndex | QPersistentModelIndex


def current_moment(today: date) -> datetime:
    """Now, or 9 h on ``today`` when the context's « today » is not the real one (tests)."""
    real = datetime.now().replace(second=0, microsecond=0)
    return real if real.date() == today else datetime.combine(today, time(9, 0))


def due_within(entry: DashboardEntry, now: datetime, hours: int = NOTICE_HOURS) -> bool:
    """True when ``entry`` falls before ``now + hours`` (a date without time: that whole day)."""
    limit = now + timedelta(hours=hours)
    if entry.date.at is None:
        return entry.date.when <= limit.date()
    return entry.date.moment <= limit


@dataclass
class DashboardData:
    """A dashboard with what the page adds: checklist progress text and urgency per dossier."""

    dashboard: Dashboard
    now: datetime
    progress_text: dict[int, str] = field(default_factory=dict)
    progress_tip: dict[int, str] = field(default_factory=dict)
    next_steps: dict[int, str] = field(default_factory=dict)

    def urgency(self, row: DossierRow) -> int:
        """The urgency of a dossier, from its deadline (words and tint of its row)."""
        return dossier_urgency(row, self.now, frozenset(OPEN_STATUSES))

    def badges(self, row: DossierRow) -> list[str]:
        """Attestations to renew and steps overdue: shown beside, not as the urgency."""
        return document_badges(row.tender_id, self.dashboard)

    def sections(self) -> list[tuple[int, list[DashboardEntry]]]:
        """The dated items by section, most urgent first (each vault document once)."""
        board = self.dashboard
        return [(OVERDUE, unique_entries(board.overdue)),
                (WEEK, unique_entries(board.this_week)),
                (MONTH, unique_entries(board.next_30_days))]

    def soon(self) -> list[DashboardEntry]:
        """Items overdue or due within the next 48 hours."""
        board = self.dashboard
        upcoming = [e for e in board.this_week + board.next_30_days if due_within(e, self.now)]
        return board.overdue + upcoming

    def needs_attention(self) -> bool:
        """Something is overdue or due within a week: worth opening the app on it."""
        limit = self.now.date() + timedelta(days=ATTENTION_DAYS)
        board = self.dashboard
        return bool(board.overdue) or any(
            e.date.when <= limit for e in board.this_week + board.next_30_days
        )


def load_dashboard(ctx: UiContext) -> DashboardData:
    """Compute the dashboard of the current structure, with each dossier's checklist progress.

    Runs on the calling thread (a few dossiers take well under a second).
    """
    session = ctx.session
    assert session is not None, "the dashboard needs an open workspace"
    return compute_dashboard(session, ctx.current_structure_id(), ctx.today())


def dashboard_job(path: Path, structure_id: int, today: date) -> Callable[..., DashboardData]:
    """The dashboard computation as background work: it opens its own connection to the
    workspace at ``path`` (read only in practice) and never touches the UI's session."""

    def work(_progress: Callable[[int, str], None]) -> DashboardData:
        from ...services.workspace import open_session

        session = open_session(path, create=False)
        try:
            return compute_dashboard(session, structure_id, today)
        finally:
            session.close()

    return work


def compute_dashboard(session: Any, structure_id: int, today: date) -> DashboardData:
    """The dashboard of structure ``structure_id`` on ``today``; any thread, given a session
    of its own."""
    texts: dict[int, str] = {}
    tips: dict[int, str] = {}
    checklists: list[Any] = []

    def progress(tender: Any) -> float | None:
        # The checklist capability is optional here: a dossier whose checklist cannot be
        # read must not hide the dashboard. Closed dossiers are skipped (nothing left to
        # gather, and a workspace accumulates many of them).
        if tender.status not in OPEN_STATUSES:
            return None
        if not checklists:
            from ...services.checklist import ChecklistService

            checklists.append(ChecklistService(session))
        try:
            found = checklists[0].view(tender.id, today).progress
        except (InvalidInput, WorkspaceError, OSError, ValueError):
            return None
        if not found.total:
            return None
        texts[tender.id] = f"{found.ready} / {found.total} prêtes"
        tips[tender.id] = found.text
        return float(found.ready / found.total)

    service = DeadlineService(session, checklist_progress=progress)
    now = current_moment(today)
    board = service.dashboard(structure_id, now)
    from ...services.gonogo import is_no_go

    tenders = {t.id: t for t in session.tenders.list(structure_id)}
    board = without_dossiers(board, {i for i, t in tenders.items() if i and is_no_go(t)})
    data = DashboardData(board, now, texts, tips)
    from ...services.next_step import next_step

    for row in board.rows:
        tender = tenders.get(row.tender_id)
        if tender is not None and tender.is_open:
            data.next_steps[row.tender_id] = next_step(session, tender, today, service)
    return data


def notice_text(data: DashboardData) -> str:
    """The 48-hour notice (« À faire dans les 48 heures : … »), empty when nothing is due."""
    soon = unique_entries(data.soon())
    if not soon:
        return ""
    late = [e for e in soon if e.bucket == "en_retard"]
    coming = [e for e in soon if e.bucket != "en_retard"]
    parts: list[str] = []
    if late:
        parts.append(f"{len(late)} échéance{'s' if len(late) > 1 else ''} en retard")
    if coming:
        parts.append(
            f"{len(coming)} échéance{'s' if len(coming) > 1 else ''} dans les {NOTICE_HOURS} heures"
        )
    first = soon[0] if not coming else coming[0]
    return (
        f"⚠ {' et '.join(parts)}. Prochaine : {first.date.label_fr} — "
        f"« {first.tender_title} », {first.when_fr}."
    )


class DossierTableModel(QAbstractTableModel):
    """One row per dossier: urgency in words, countdown, checklist progress, next step."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._data: DashboardData | None = None
        self._rows: list[DossierRow] = []
        self._urgency: list[int] = []

    def set_data(self, data: DashboardData) -> None:
        """Replace every row (most urgent first, then by deadline)."""
        self.beginResetModel()
        self._data = data
        pairs = [(data.urgency(r), i, r) for i, r in enumerate(data.dashboard.rows)]
        pairs.sort(key=lambda p: (p[0], p[1]))
        self._rows = [p[2] for p in pairs]
        self._urgency = [p[0] for p in pairs]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Number of dossiers."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """French column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def tender_id(self, row: int) -> int:
        """Tender id of ``row``."""
        return self._rows[row].tender_id

    def urgency_at(self, row: int) -> int:
        """Urgency level of ``row``."""
        return self._urgency[row]

    def _text(self, row: DossierRow, urgency: int, column: int) -> str:
        if column == COL_URGENCY:
            text = URGENCY_TEXT[urgency]
            return f"{text} ({row.status_fr})" if urgency == CLOSED else text
        if column == COL_TITLE:
            return row.title
        if column == COL_BUYER:
            return row.buyer
        if column == COL_DEADLINE:
            return row.deadline_fr
        if column == COL_COUNTDOWN:
            return row.countdown_fr
        if column == COL_PIECES:
            assert self._data is not None
            return self._data.progress_text.get(row.tender_id, "—")
        if column == COL_NEXT:
            assert self._data is not None
            return self._data.next_steps.get(row.tender_id, row.next_fr)
        if column == COL_ALERT:
            assert self._data is not None
            alerts = self._data.badges(row)
            if any(w.level == "alerte" for w in row.warnings):
                alerts.insert(0, "⚠ Délai plus court que le minimum légal : demandez un report")
            elif row.warnings:
                alerts.insert(0, "Délai court : à vérifier dans le RC")
            return " · ".join(alerts)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, tooltips (full warnings), tints and the tender id."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        urgency = self._urgency[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, urgency, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_ALERT and row.warnings:
                return "\n\n".join(w.message_fr for w in row.warnings)
            if column == COL_PIECES and self._data is not None:
                return self._data.progress_tip.get(row.tender_id, "Liste des pièces non établie")
            if column == COL_NEXT and row.next_date is not None:
                return row.next_date.rule_text or row.next_fr
            if column == COL_TITLE:  # what the hidden columns of a narrow window hold
                return f"{row.title}\nAcheteur : {row.buyer or '—'}\nDate limite : " \
                    f"{row.deadline_fr}"
            return self._text(row, urgency, column) or None
        if role == TENDER_ROLE:
            return row.tender_id
        if role == Qt.ItemDataRole.BackgroundRole and column in (COL_URGENCY, COL_COUNTDOWN):
            tint = URGENCY_TINT.get(urgency)
            return QColor(tint) if tint else None
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_ALERT and row.warnings:
            return QColor(URGENCY_TINT[OVERDUE])
        if role == Qt.ItemDataRole.ForegroundRole and urgency == CLOSED:
            return QColor("#555555")
        if role == Qt.ItemDataRole.FontRole and urgency == OVERDUE and column == COL_URGENCY:
            font = QFont()
            font.setBold(True)
            return font
        return None


def default_choose_save_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """The system « Enregistrer sous » dialog for an .ics file; ``None`` when cancelled."""
    start = str(Path.home() / suggested)
    path, _filter = QFileDialog.getSaveFileName(parent, title, start, ICS_FILTER)
    return Path(path) if path else None


class DashboardPage(QWidget):
    """Deadlines across the dossiers of the current structure (refreshed on each show).

    Signals: ``open_tender(id)`` when the user activates a dossier (double-click or Entrée),
    ``status_message(text)``. The save dialog of the export goes through
    ``choose_save_path(title, suggested_name) -> Path | None``, which tests replace.
    """

    status_message = Signal(str)
    open_tender = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: DashboardData | None = None
        self._task: Any = None  # the background computation, kept alive until it reports
        self.choose_save_path: Callable[[str, str], Path | None] = (
            lambda title, name: default_choose_save_path(self, title, name)
        )
        self._dismissed: frozenset[tuple[int, str]] = frozenset()
        self.setAccessibleName("Tableau de bord")
        self._build()

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("Tableau de bord")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.today_label = QLabel()
        self.today_label.setStyleSheet("color: #444;")
        self.today_label.setWordWrap(True)
        self.refresh_button = QPushButton("Actualiser")
        self.refresh_button.setAccessibleName("Actualiser le tableau de bord")
        self.refresh_button.setToolTip("Recalculer les échéances de tous les dossiers.")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("Exporter l'agenda (.ics)…")
        self.export_button.setAccessibleName("Exporter l'agenda de tous les dossiers (.ics)")
        self.export_button.setToolTip(
            "Un fichier .ics avec toutes les dates de tous les dossiers, chacune avec un "
            "rappel, à importer dans votre agenda (Outlook, Thunderbird, Google Agenda…). "
            "Un nouvel export met à jour les mêmes événements au lieu de les dupliquer."
        )
        self.export_button.clicked.connect(self.export_all)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(heading)
        titles.addWidget(self.today_label)
        top.addLayout(titles, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)

        self.banner = QFrame()
        self.banner.setObjectName("notice")
        self.banner.setStyleSheet(
            "#notice { background: #fff4ce; border: 1px solid #9a5b00; border-radius: 4px; }"
        )
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_label.setStyleSheet("font-weight: bold; color: #3d2a00;")
        self.dismiss_button = QPushButton("Masquer")
        self.dismiss_button.setAccessibleName("Masquer l'avis des 48 heures")
        self.dismiss_button.setToolTip("Masquer cet avis jusqu'à la prochaine échéance.")
        self.dismiss_button.clicked.connect(self.dismiss_notice)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 6, 6)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()

        self.counts_label = QLabel()
        self.counts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.counts_label.setStyleSheet("font-size: 11pt;")
        self.counts_label.setWordWrap(True)
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
        self.error_label = ErrorLabel()

        self.model = DossierTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Dossiers et leur compte à rebours")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        # On a laptop the last columns fell off-screen: below this width « Date limite » and
        # « Acheteur » step aside (both stay in the Consultation cell's tooltip).
        self.table.installEventFilter(self)
        self.table.setToolTip("Double-cliquez ou appuyez sur Entrée pour ouvrir le dossier.")
        self.table.activated.connect(self._on_row_activated)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #555; font-size: 12pt; padding: 12px;")
        self.empty_label.hide()
        dossiers = QGroupBox("Vos dossiers")
        dossiers_layout = QVBoxLayout(dossiers)
        dossiers_layout.addWidget(self.table)
        dossiers_layout.addWidget(self.empty_label)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Échéances de tous les dossiers")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Date", "Étape", "Règle", "Consultation"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 270)
        self.tree.setColumnWidth(1, 360)
        self.tree.setColumnWidth(2, 110)
        self.tree.setToolTip("Double-cliquez ou appuyez sur Entrée pour ouvrir le dossier.")
        self.tree.itemActivated.connect(self._on_item_activated)
        dates = QGroupBox("Échéances")
        dates_layout = QVBoxLayout(dates)
        dates_layout.addWidget(self.tree)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(dossiers)
        self.splitter.addWidget(dates)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([230, 370])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Fit the columns to the table's width."""
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        """Hide « Date limite » and « Acheteur » when the first six columns fill the room."""
        needed = sum(WIDTHS[c] for c in (COL_URGENCY, COL_COUNTDOWN, COL_TITLE, COL_NEXT,
                                         COL_PIECES, COL_ALERT))
        narrow = self.table.viewport().width() < needed + WIDTHS[COL_DEADLINE]
        self.table.setColumnHidden(COL_DEADLINE, narrow)
        self.table.setColumnHidden(COL_BUYER, narrow)

    # --- content -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every dossier's dates and show them (called each time the page shows)."""
        try:
            data = load_dashboard(self.ctx)
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(
                f"Le tableau de bord n'a pas pu être calculé : {exc}"
            )
            return
        self.error_label.clear_message()
        self.show_data(data)

    def refresh_in_background(self, done: Callable[[], None] | None = None) -> None:
        """Show a placeholder, compute the dashboard on the thread pool, then show it and
        call ``done`` (on the UI thread). Used at start-up so the window is usable at once."""
        session = self.ctx.session
        assert session is not None, "the dashboard needs an open workspace"
        self.today_label.setText(LOADING_DASHBOARD)
        from ..tasks import Task, start

        task = Task(dashboard_job(session.path, self.ctx.current_structure_id(),
                                  self.ctx.today()))

        def finished(data: object) -> None:
            self._task = None
            self.error_label.clear_message()
            assert isinstance(data, DashboardData)
            self.show_data(data)
            if done is not None:
                done()

        def failed(text: str) -> None:
            self._task = None
            self.error_label.show_message(
                f"Le tableau de bord n'a pas pu être calculé : {text}"
            )
            if done is not None:
                done()

        task.signals.finished.connect(finished)
        task.signals.failed.connect(failed)
        self._task = task
        start(task)

    def show_data(self, data: DashboardData) -> None:
        """Display ``data``."""
        self.data = data
        board = data.dashboard
        self.today_label.setText(
            f"Aujourd'hui : {french_date(board.today)} — dates comptées en jours ouvrés "
            "(week-ends et jours fériés exclus)."
        )
        self.model.set_data(data)
        empty = not board.rows
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        counts = dict(data.sections())
        self.counts_label.setText(
            f"En retard : {len(counts[OVERDUE])}   ·   Cette semaine : {len(counts[WEEK])}"
            f"   ·   30 prochains jours : {len(counts[MONTH])}"
        )
        warnings = [
            f"⚠ « {row.title} » : {w.message_fr}" for row in board.rows for w in row.warnings
        ]
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))
        self._fill_tree(data)
        self._update_banner()

    def _fill_tree(self, data: DashboardData) -> None:
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for level, title in SECTION_TITLES:
            entries = dict(data.sections())[level]
            section = QTreeWidgetItem([f"{title} ({len(entries)})"])
            section.setFirstColumnSpanned(True)
            section.setFont(0, bold)
            section.setBackground(0, QColor(URGENCY_TINT[level]))
            section.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(section)
            section.setFirstColumnSpanned(True)
            if not entries:
                none = QTreeWidgetItem(["Rien à signaler."])
                none.setForeground(0, QColor("#555555"))
                section.addChild(none)
                none.setFirstColumnSpanned(True)
            for entry in entries:
                item = QTreeWidgetItem([
                    entry.when_fr, entry.date.label_fr, entry.date.article, entry.tender_title,
                ])
                item.setData(0, TENDER_ROLE, entry.tender_id)
                tip = entry.date.rule_text or entry.date.label_fr
                for column in range(4):
                    item.setToolTip(column, tip)
                section.addChild(item)
            section.setExpanded(True)

    def _update_banner(self) -> None:
        data = self.data
        soon = data.soon() if data else []
        keys = frozenset((e.tender_id, e.date.kind) for e in soon)
        text = notice_text(data) if data else ""
        self.banner_label.setText(text)
        # A dismissed notice comes back only when something new falls due.
        self.banner.setVisible(bool(text) and not keys <= self._dismissed)

    def dismiss_notice(self) -> None:
        """Hide the 48-hour notice until a new item falls within 48 hours."""
        soon = self.data.soon() if self.data else []
        self._dismissed = frozenset((e.tender_id, e.date.kind) for e in soon)
        self.banner.hide()

    def notice(self) -> str:
        """A short 48-hour notice for the status bar at start-up, empty if nothing is due."""
        soon = unique_entries(self.data.soon()) if self.data else []
        if not soon:
            return ""
        count = len(soon)
        return (
            f"⚠ {count} échéance{'s' if count > 1 else ''} en retard ou dans les "
            f"{NOTICE_HOURS} heures : voyez le Tableau de bord."
        )

    def needs_attention(self) -> bool:
        """Something overdue or due within a week."""
        return self.data is not None and self.data.needs_attention()

    # --- actions -----------------------------------------------------------------------------
    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_tender.emit(self.model.tender_id(index.row()))

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        tender_id = item.data(0, TENDER_ROLE)
        if tender_id is not None:
            self.open_tender.emit(int(tender_id))

    def export_all(self) -> Path | None:
        """Ask where to save, then write the .ics of every dossier; returns the file."""
        session = self.ctx.session
        assert session is not None
        chosen = self.choose_save_path("Exporter l'agenda", "echeances-responder.ics")
        if chosen is None:
            return None
        out = chosen if chosen.suffix.lower() == ".ics" else chosen.with_suffix(".ics")
        try:
            count = DeadlineService(session).export_ics(out, None, self.ctx.today())
        except (InvalidInput, WorkspaceError) as exc:
            self.error_label.show_message(str(exc))
            self.status_message.emit(str(exc))
            return None
        self.error_label.clear_message()
        self.status_message.emit(
            f"Agenda exporté : {count} date{'s' if count > 1 else ''} dans « {out.name} ». "
            "Importez-le dans votre agenda ; un nouvel export met à jour les mêmes événements."
        )
        return out
