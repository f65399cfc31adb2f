"""« Tableau de bord »: every dossier's countdown and next step, the dates due across dossiers
(en retard, cette semaine, 30 prochains jours), legal warnings, a 48-hour notice and the
calendar export. The content is computed by ``services/dashboard.py`` (no Qt); this page
shows it (``view.py``, ``model.py``) and refreshes it when shown or when the structure or
the dossiers change (change bus).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QTreeWidgetItem, QWidget
from shiboken6 import isValid

from ....domain.deadlines import french_date
from ....services.changes import Topic
from ....services.dashboard import (
    DashboardData,
    compute_dashboard,
    dashboard_job,
    notice_keys,
    notice_text,
    short_notice,
)
from ....services.deadlines import DeadlineService
from ....services.urgency import MONTH, OVERDUE, WEEK
from ...context import UiContext
from ...operations import Failure, Operation, Refresher
from .model import TENDER_ROLE, fill_tree
from .view import DashboardView

ICS_FILTER = "Agenda iCalendar (*.ics)"
#: Shown while the dashboard is computed in the background at start-up.
LOADING_DASHBOARD = "Calcul des échéances de vos dossiers…"
FAILED = "Le tableau de bord n'a pas pu être calculé : {}"


def load_dashboard(ctx: UiContext) -> DashboardData:
    """Compute the dashboard of the current structure, with each dossier's checklist progress.

    Runs on the calling thread (a few dossiers take well under a second).
    """
    session = ctx.session
    assert session is not None, "the dashboard needs an open workspace"
    return compute_dashboard(session, ctx.current_structure_id(), ctx.today())


class DashboardPage(DashboardView):
    """Deadlines across the dossiers of the current structure (refreshed on each show).

    Signals: ``open_tender(id)`` when the user activates a dossier (double-click or Entrée),
    ``status_message(text)``. The export asks where to save through ``ctx.prompts``.
    """

    status_message = Signal(str)
    open_tender = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: DashboardData | None = None
        self._task: Operation[DashboardData] | None = None  # kept alive until it reports
        self._dismissed: frozenset[tuple[int, str]] = frozenset()
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export_all)
        self.dismiss_button.clicked.connect(self.dismiss_notice)
        self.table.activated.connect(self._on_row_activated)
        self.tree.itemActivated.connect(self._on_item_activated)
        # Hidden, it is recomputed when next shown (the window refreshes the page shown).
        self.refresher = Refresher(
            self, ctx.bus, (Topic.STRUCTURE, Topic.TENDERS, Topic.DEADLINES, Topic.CHECKLIST),
            self.refresh, wants=lambda _changes: self.isVisible(),
        )

    # --- content -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every dossier's dates and show them (called each time the page shows)."""
        data = self.ctx.ops.run(lambda: load_dashboard(self.ctx), on_failure=self._failed)
        if data is not None:
            self.error_label.clear_message()
            self.show_data(data)

    def _failed(self, failure: Failure) -> None:
        self.error_label.show_message(FAILED.format(failure.text))

    def refresh_in_background(self, done: Callable[[], None] | None = None) -> None:
        """Show a placeholder, compute the dashboard on the thread pool, then show it and
        call ``done`` (on the UI thread). Used at start-up so the window is usable at once."""
        session = self.ctx.session
        assert session is not None, "the dashboard needs an open workspace"
        self.today_label.setText(LOADING_DASHBOARD)
        job = dashboard_job(session.path, self.ctx.current_structure_id(), self.ctx.today())

        def finished(data: DashboardData) -> None:
            if not isValid(self):
                return  # the window closed meanwhile
            self._task = None
            self.error_label.clear_message()
            self.show_data(data)
            if done is not None:
                done()

        def failed(failure: Failure) -> None:
            if not isValid(self):
                return
            self._task = None
            self._failed(failure)
            if done is not None:
                done()

        self._task = self.ctx.ops.background(job).success(finished).failure(failed).start()

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
        fill_tree(self.tree, data)
        self._update_banner()

    def _update_banner(self) -> None:
        text = notice_text(self.data) if self.data else ""
        self.banner_label.setText(text)
        # A dismissed notice comes back only when something new falls due.
        self.banner.setVisible(bool(text) and not notice_keys(self.data) <= self._dismissed)

    def dismiss_notice(self) -> None:
        """Hide the 48-hour notice until a new item falls within 48 hours."""
        self._dismissed = notice_keys(self.data)
        self.banner.hide()

    def notice(self) -> str:
        """A short 48-hour notice for the status bar at start-up, empty if nothing is due."""
        return short_notice(self.data)

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
        chosen = self.ctx.prompts.save_file("Exporter l'agenda", "echeances-responder.ics",
                                            ICS_FILTER)
        if chosen is None:
            return None
        out = chosen if chosen.suffix.lower() == ".ics" else chosen.with_suffix(".ics")
        count = self.ctx.ops.run(
            lambda: DeadlineService(session).export_ics(out, None, self.ctx.today()),
            on_failure=self._export_failed,
        )
        if count is None:
            return None
        self.error_label.clear_message()
        self.status_message.emit(
            f"Agenda exporté : {count} date{'s' if count > 1 else ''} dans « {out.name} ». "
            "Importez-le dans votre agenda ; un nouvel export met à jour les mêmes événements."
        )
        return out

    def _export_failed(self, failure: Failure) -> None:
        self.error_label.show_message(failure.text)
        self.status_message.emit(failure.text)
