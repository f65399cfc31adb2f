"""« Bilan »: what the decisions teach, across dossiers (and structures for a support worker).

Won / lost / no bid per year, by buyer and market type, marks per criterion against the
winners', the most frequent stated reasons: charts painted with QPainter
(``widgets/bar_chart.py``) from the same layout as the .docx report, exported with
« Exporter le bilan (.docx)… » in a background task.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QScrollArea,
    QWidget,
)

from ...domain.bilan import Bilan
from ...domain.charts import bilan_charts
from ...services.report import ReportService
from ..context import UiContext
from ..operations import Operation
from ..widgets import make
from ..widgets.bar_chart import BarChartView

INTRO = (
    "Ce que vos résultats vous apprennent : dossiers gagnés, perdus et non déposés, notes "
    "obtenues face aux offres retenues et motifs de rejet les plus cités. Saisissez les "
    "résultats dans l'onglet « Résultat » de chaque consultation."
)


def _count(count: int, word: str, bold: bool = False) -> str:
    """« 1 perdu », « 0 gagné », « 3 dossiers »: French agreement (singular below 2)."""
    shown = f"<b>{count}</b>" if bold else str(count)
    return f"{shown} {word}{'s' if count >= 2 else ''}"


class BilanPage(QWidget):
    """The Bilan of the workspace: filters, key figures, charts, export."""

    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.session is not None, "the Bilan page needs an open workspace"
        self.ctx = ctx
        self.service = ReportService(ctx.session)
        self.bilan: Bilan | None = None
        self._task: Operation[Path] | None = None
        self.structure_combo = make.combo("Structure du bilan")
        self.year_combo = make.combo("Année du bilan")
        self.export_button = make.button("&Exporter le bilan (.docx)…", clicked=self.export,
                                         name="Exporter le bilan en document Word")
        self.summary = make.label(rich=True, name="Chiffres clés")
        self.charts: list[BarChartView] = []
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        holder = QWidget()
        holder.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setAccessibleName("Graphiques du bilan")
        bar = make.row(QLabel("Structure :"), self.structure_combo, QLabel("Année :"),
                       self.year_combo, None, self.export_button, margins=True)
        make.column(make.label("Bilan", role="title", wrap=False),  # titled like every page
                    make.label(INTRO, role="muted"), bar, self.summary,
                    parent=self).addWidget(scroll, 1)
        self._filling = False
        self.structure_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())

    # --- filters -------------------------------------------------------------------------
    def structure_id(self) -> int | None:
        """The chosen structure (``None``: all of them)."""
        value = self.structure_combo.currentData()
        return int(value) if value else None

    def year(self) -> int | None:
        """The chosen year (``None``: every year)."""
        value = self.year_combo.currentData()
        return int(value) if value else None

    def refresh(self) -> None:
        """Called each time the page is shown: refill the filters, recompute."""
        assert self.ctx.session is not None
        self._filling = True
        try:
            chosen = self.structure_id()
            self.structure_combo.clear()
            structures = self.ctx.session.structures.list()
            if len(structures) > 1:
                self.structure_combo.addItem("Toutes les structures", 0)
            for structure in structures:
                self.structure_combo.addItem(structure.name, structure.id)
            index = self.structure_combo.findData(chosen) if chosen else 0
            self.structure_combo.setCurrentIndex(max(index, 0))
            self.structure_combo.setEnabled(len(structures) > 1)
            all_years = self.service.bilan(self.structure_id(), today=self.ctx.today())
            year = self.year()
            self.year_combo.clear()
            self.year_combo.addItem("Toutes les années", 0)
            for found in sorted(all_years.by_year, reverse=True):
                self.year_combo.addItem(str(found), found)
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(year or 0), 0))
        finally:
            self._filling = False
        self.reload()

    def reload(self) -> None:
        """Recompute the Bilan for the filters and repaint the charts (milliseconds)."""
        if self._filling:
            return
        found = self.ctx.ops.run(
            lambda: self.service.bilan(self.structure_id(), self.year(), today=self.ctx.today()),
            on_failure=lambda failure: self.status_message.emit(failure.text),
        )
        if found is None:
            return
        self.bilan = found
        total = self.bilan.total
        rate = total.success_rate
        self.summary.setText(
            f"{_count(self.bilan.dossiers, 'dossier', bold=True)} · "
            f"{_count(total.won, 'gagné', bold=True)} · {_count(total.lost, 'perdu', bold=True)}"
            f" · {_count(total.no_bid, 'non déposé', bold=True)} · "
            f"{total.other} infructueux ou sans suite · {total.pending} en cours"
            + (f" — taux de réussite <b>{round(rate * 100)} %</b>" if rate is not None else "")
        )
        charts = bilan_charts(self.bilan)
        while len(self.charts) > len(charts):
            view = self.charts.pop()
            self.grid.removeWidget(view)
            view.deleteLater()
        for i, chart in enumerate(charts):
            if i < len(self.charts):
                self.charts[i].set_chart(chart)
            else:
                view = BarChartView(chart)
                self.charts.append(view)
                self.grid.addWidget(view, i // 2, i % 2)

    # --- export --------------------------------------------------------------------------
    def export(self) -> None:
        """Ask where to write the report, then write it in a background task."""
        suffix = f"-{self.year()}" if self.year() else ""
        path = self.ctx.prompts.save_file("Exporter le bilan", f"bilan{suffix}.docx")
        if path is None:
            return
        self.export_to(path)

    def export_to(self, path: Path) -> Operation[Path]:
        """Write the report to ``path`` off the UI thread (its own session)."""
        from ...services.workspace import open_session

        if path.suffix.lower() != ".docx":
            path = path.with_suffix(".docx")
        workspace = self.ctx.workspace_path
        structure_id, year, today = self.structure_id(), self.year(), self.ctx.today()

        def work(_progress: Callable[[int, str], None]) -> Path:
            session = open_session(workspace, create=False)
            try:
                return ReportService(session).write_report(path, structure_id, year, today)
            finally:
                session.close()

        self.export_button.setEnabled(False)
        self.status_message.emit("Écriture du bilan…")
        operation = self.ctx.ops.background(work).success(self._exported)
        self._task = operation.failure(lambda failure: self._failed(failure.text)).start()
        return self._task

    def _exported(self, path: object) -> None:
        self.export_button.setEnabled(True)
        self.status_message.emit(f"Bilan écrit : {path}")

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.status_message.emit(message)
