"""What every screen is given: the services, the UI settings, the workspace path, and the
three house tools — ``prompts`` (every dialog), ``bus`` (what changed) and ``ops`` (run a
service call, report its failure, announce its changes).

Built once by ``responder.app.build_context`` and passed down explicitly (no global). A
page test builds one around a real workspace with a fake ``prompts``
(``tests/ui/fakes.py``) and builds the page alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..services.structures import StructureService
from ..services.tenders import TenderService
from ..services.workspace import Session
from .operations import ChangeBus, Operations
from .prompts import Prompts
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
    #: Every question, message box and file chooser (a fake in tests).
    prompts: Prompts = field(default_factory=Prompts)
    #: Where operations announce what they changed; pages subscribe to refresh themselves.
    bus: ChangeBus = field(default_factory=ChangeBus)
    #: Runs service calls: reports failures, announces changes (set from prompts and bus).
    ops: Operations = field(init=False)

    def __post_init__(self) -> None:
        self.ops = Operations(self.bus, self.prompts)

    def current_structure_id(self) -> int:
        """Id of the structure the user works on (created in an empty workspace)."""
        structure_id = self.structures.current().id
        assert structure_id is not None
        return structure_id
