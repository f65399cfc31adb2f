"""What the Consultations page shows about a dossier beside its fields: the pieces count of
the list, the legal warnings on its dates, who may answer its reserved lots, its next step.

Each read is a service call on the UI thread; a failure shows nothing rather than an error
(the list and the editor stay usable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....domain.common import InvalidInput
from ....domain.tender import Tender
from ....storage.db import WorkspaceError

if TYPE_CHECKING:
    from ....services.checklist import ChecklistService
    from ...context import UiContext


class DossierInfo:
    """Reads about one dossier for the page (built once per page)."""

    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx
        self._checklists: ChecklistService | None = None

    def pieces_count(self, tender_id: int) -> tuple[int, int, int] | None:
        """Ready, total and blocking pieces of a dossier (the « Pièces » column)."""
        if self.ctx.session is None:
            return None
        if self._checklists is None:
            from ....services.checklist import ChecklistService

            self._checklists = ChecklistService(self.ctx.session)
        try:
            progress = self._checklists.view(tender_id, self.ctx.today()).progress
        except (InvalidInput, WorkspaceError):
            return None
        return progress.ready, progress.total, progress.blocking

    def date_warnings(self, tender: Tender) -> list[Any]:
        """The legal warnings on a dossier's dates (two-phase delays, non-working days …)."""
        if self.ctx.session is None or tender.id is None:
            return []
        from ....domain.law import RuleNotFound
        from ....services.deadlines import DeadlineService

        try:
            plan = DeadlineService(self.ctx.session).plan_of(tender, self.ctx.today(), [])
        except (InvalidInput, WorkspaceError, RuleNotFound):
            return []
        return list(plan.warnings) if plan is not None else []

    def eligibility(self, tender: Tender) -> Any:
        """Who may answer the dossier's reserved lots (``None`` without reserved lots)."""
        if self.ctx.session is None or tender.id is None or not any(
            lot.reserved for lot in tender.lots
        ):
            return None
        from ....services.eligibility import EligibilityService

        try:
            return EligibilityService(self.ctx.session).report(tender.id, self.ctx.today())
        except (InvalidInput, WorkspaceError):
            return None

    def next_step(self, tender: Tender) -> str:
        """The dossier's single next action, in French (empty without a workspace)."""
        from ....services.next_step import next_step

        if self.ctx.session is None:
            return ""
        return next_step(self.ctx.session, tender, self.ctx.today())
