"""What every screen is given: the services, the UI settings and the workspace path.

Built once by ``responder.app.build_main_window`` and passed down explicitly (no global).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..services.structures import StructureService
from ..services.tenders import TenderService
from ..services.workspace import Session
from .settings import UiSettings


@dataclass
class UiContext:
    """Services and settings shared by the pages of one main window."""

    tenders: TenderService
    structures: StructureService
    settings: UiSettings
    workspace_path: Path
    #: The open workspace, for pages that build their own services (library, vault …).
    session: Session | None = None
    #: Today's date; tests replace it to get stable « jours restants ».
    today: Callable[[], date] = field(default=date.today)

    def current_structure_id(self) -> int:
        """Id of the structure the user works on (created in an empty workspace)."""
        structure_id = self.structures.current().id
        assert structure_id is not None
        return structure_id
