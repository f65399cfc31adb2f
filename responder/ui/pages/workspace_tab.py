"""The base of the dossier tabs that work on the open workspace (« Go / no-go », « Pièces »,
« Échéances », « Références », « Dépôt », « Résultat », « Acheteur »).

What each of them set up alike: the context, the open session their services are built on,
the ``status_message`` signal the Consultations page shows in the status bar, and the
change-bus announcements of a write to the dossier shown. Loading when shown and the
subscriptions come from ``LazyTab``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...services.changes import Changes
from ..widgets.lazy_tab import LazyTab

if TYPE_CHECKING:
    from ...services.workspace import Session
    from ..context import UiContext


class WorkspaceTab(LazyTab):
    """A ``LazyTab`` with its context (``ctx``), built only while a workspace is open."""

    #: A short message for the status bar.
    status_message = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, ctx)
        self.ctx = ctx

    @property
    def session(self) -> Session:
        """The open workspace the tab's services work on."""
        assert self.ctx.session is not None, "a dossier tab needs an open workspace"
        return self.ctx.session

    def changes(self, *topics: str) -> Changes:
        """What a write to the dossier shown changes, announced as coming from this tab."""
        return Changes.of(*topics, tender_id=self.tender_id(), source=self)
