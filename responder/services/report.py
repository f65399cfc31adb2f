"""« Bilan »: won / lost / no bid across dossiers (and structures), marks, stated reasons.

The page and ``responder report`` call :meth:`ReportService.bilan`; the .docx report is
written by ``documents/report.py`` with the same charts as the page, drawn without Qt.

Thread contract: reads the session's workspace; call it from the thread that owns the
session (the GUI runs it in a background task with its own session).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain.bilan import Bilan, compute_bilan
from ..domain.common import InvalidInput
from ..fsutil import explain_os_error
from ..storage.db import WorkspaceError
from ..storage.outcomes import OutcomeRepository
from .workspace import Session


class ReportService:
    """The Bilan of a workspace, for one structure or all of them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def bilan(self, structure_id: int | None = None, year: int | None = None,
              today: date | None = None) -> Bilan:
        """The Bilan of one structure (all structures when ``None``, with one row each)."""
        names: dict[int, str] = {}
        if structure_id is not None:
            if self.session.structures.get(structure_id) is None:
                raise InvalidInput({"structure": f"Aucune structure n° {structure_id}."})
        else:
            structures = self.session.structures.list()
            if len(structures) > 1:
                names = {s.id: s.name for s in structures if s.id is not None}
        tenders = self.session.tenders.list(structure_id)
        outcomes = OutcomeRepository(self.session.ws).of_live_tenders(structure_id)
        return compute_bilan(tenders, outcomes, today or date.today(), year=year,
                             structure_names=names)

    def scope_text(self, structure_id: int | None) -> str:
        """« Ressourcerie du Pont-Vieux » or « Toutes les structures (3) »."""
        if structure_id is not None:
            found = self.session.structures.get(structure_id)
            return found.name if found else f"Structure {structure_id}"
        structures = self.session.structures.list()
        if len(structures) == 1:
            return structures[0].name
        return f"Toutes les structures ({len(structures)})"

    def write_report(self, out: Path, structure_id: int | None = None, year: int | None = None,
                     today: date | None = None) -> Path:
        """Write the Bilan report (.docx) to ``out`` atomically."""
        from ..documents.report import render_report

        day = today or date.today()
        bilan = self.bilan(structure_id, year, day)
        try:
            return render_report(bilan, out, scope=self.scope_text(structure_id), today=day)
        except OSError as exc:
            raise WorkspaceError(explain_os_error(exc, out)) from exc
