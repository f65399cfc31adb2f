"""A dossier tab that computes its content only when shown (the user may never open it).

One pattern for every dossier tab: ``set_tender`` marks the tab stale and ``reload()`` runs
at once if the tab is visible, else when it is next shown. A tab that shows data other
screens write names its ``topics``: a ``Refresher`` on the change bus marks it stale when a
change touches those topics of its dossier (or of every dossier). A tab that keeps edits on a
timer saves them in ``flush()``, called before another dossier is shown and when the tab is
hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from ..operations import Refresher

if TYPE_CHECKING:
    from ...domain.tender import Tender
    from ...services.changes import Changes
    from ..context import UiContext


class LazyTab(QWidget):
    """``set_tender`` marks the tab stale; ``reload()`` runs now if the tab is visible, else
    when it is next shown. Subclasses implement ``reload()``; they may set ``topics`` (the
    change-bus topics that make them stale) and override ``flush()``."""

    #: What the tab shows, as change-bus topics (``services.changes.Topic``).
    topics: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None, ctx: UiContext | None = None) -> None:
        super().__init__(parent)
        self.tender: Tender | None = None
        self._stale = False
        self.refresher: Refresher | None = None
        if ctx is not None and self.topics:
            self.refresher = Refresher(self, ctx.bus, self.topics, self._reload_now,
                                       wants=self.concerns)

    def tender_id(self) -> int | None:
        """Id of the dossier shown."""
        return self.tender.id if self.tender is not None else None

    def concerns(self, changes: Changes) -> bool:
        """True when ``changes`` touch what this tab shows of its dossier."""
        return changes.touches_tender(self.tender_id(), *self.topics)

    def set_tender(self, tender: Tender | None) -> None:
        """Show ``tender`` (computed when the tab is visible)."""
        self.flush()
        self.tender = tender
        self._stale = True
        if self.isVisible():
            self._reload_now()

    def is_stale(self) -> bool:
        """True when the content must be computed again before it is seen."""
        return self._stale or (self.refresher is not None and self.refresher.stale)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Compute the content when first shown after a change."""
        super().showEvent(event)
        if self.is_stale():
            self._reload_now()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt naming
        """Save what waits on a timer when the tab, the page or the window is left."""
        self.flush()
        super().hideEvent(event)

    def _reload_now(self) -> None:
        self._stale = False
        if self.refresher is not None:
            self.refresher.stale = False
        self.reload()

    def flush(self) -> None:
        """Save at once the edits still waiting on a timer (none by default)."""

    def reload(self) -> None:
        """Compute and show the content for ``self.tender``."""
        raise NotImplementedError
