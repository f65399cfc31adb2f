"""A dossier tab that computes its content only when shown (the user may never open it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ...domain.tender import Tender


class LazyTab(QWidget):
    """``set_tender`` marks the tab stale; ``reload()`` runs now if the tab is visible, else
    when it is next shown. Subclasses implement ``reload()`` (and clear ``_stale`` in it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tender: Tender | None = None
        self._stale = False

    def set_tender(self, tender: Tender | None) -> None:
        """Show ``tender`` (computed when the tab is visible)."""
        self.tender = tender
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Compute the content when first shown after a change of dossier."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Compute and show the content for ``self.tender``."""
        raise NotImplementedError
