"""« Références proposées », a tab of the dossier: the structure's references ranked for this
tender by ``LibraryService.suggest_for``, each with its one-line reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QListWidgetItem,
    QStackedWidget,
    QWidget,
)

from ...domain.common import InvalidInput
from ...domain.library import Suggestion
from ...fr import amount_brief
from ...services.changes import Changes, Topic
from ...services.library import LibraryService
from ...storage.db import WorkspaceError
from ..context import UiContext
from ..models.reference_table import CONFIDENTIAL_PREFIX, CONFIDENTIAL_TIP
from ..theme import color
from ..widgets.make import column, label, list_widget
from .workspace_tab import WorkspaceTab

#: How many references are proposed.
LIMIT = 10
INTRO_TEXT = (
    "Vos références les plus proches de cette consultation (même famille d'achat, mots de "
    "l'objet et des lots, codes CPV, ancienneté, montant). Elles se modifient dans la page "
    "« Références »."
)
NO_TENDER_TEXT = "Sélectionnez une consultation pour voir les références à proposer."
NONE_TEXT = (
    "Aucune de vos références ne ressemble à cette consultation. Complétez son objet, ses "
    "lots ou ses codes CPV, ou ajoutez vos marchés passés dans la page « Références »."
)


class SuggestionsTab(WorkspaceTab):
    """The references proposed for one dossier, computed when the tab is shown."""

    #: A reference saved or deleted on « Références » changes the ranking.
    topics = (Topic.REFERENCES,)
    #: The references proposed for the dossier shown, best first.
    suggestions: list[Suggestion]

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.suggestions = []
        self.library = LibraryService(self.session)
        # One item of three lines (title; buyer, year, amount; reason): the tab is often
        # narrow and the reason is what matters, so it must never be cut off in a column.
        self.tree = list_widget("Références proposées pour cette consultation", wrap=True,
                                alternating=True, spacing=2, single=True)
        self.empty_label = label(NO_TENDER_TEXT, role="empty-note-wide")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty_label)
        self.stack.setCurrentWidget(self.empty_label)
        column(label(INTRO_TEXT, role="muted"), self.stack, parent=self).setStretchFactor(
            self.stack, 1)

    def concerns(self, changes: Changes) -> bool:
        """Any reference change, whatever dossier it names: the ranking draws on them all."""
        return True

    def reload(self) -> None:
        """Rank the references for the shown tender (tens of ms on 10,000 references)."""
        self._stale = False
        self.tree.clear()
        self.suggestions = []
        if self.tender is None:
            self.empty_label.setText(NO_TENDER_TEXT)
            self.stack.setCurrentWidget(self.empty_label)
            return
        try:
            self.suggestions = self.library.suggest_for(
                self.tender, limit=LIMIT, today=self.ctx.today()
            )
        except (InvalidInput, WorkspaceError) as exc:
            self.empty_label.setText(str(exc))
            self.stack.setCurrentWidget(self.empty_label)
            self.status_message.emit(str(exc))
            return
        if not self.suggestions:
            self.empty_label.setText(NONE_TEXT)
            self.stack.setCurrentWidget(self.empty_label)
            return
        for suggestion in self.suggestions:
            self.tree.addItem(self._item(suggestion))
        self.stack.setCurrentWidget(self.tree)

    @staticmethod
    def _item(suggestion: Suggestion) -> QListWidgetItem:
        ref = suggestion.reference
        title = f"{CONFIDENTIAL_PREFIX}{ref.title}" if ref.confidential else ref.title
        details = " · ".join(
            part for part in (ref.buyer_name, str(ref.year or ""), amount_brief(ref.amount_ht))
            if part
        )
        lines = [title, details, f"Pourquoi : {suggestion.reason}"]
        item = QListWidgetItem("\n".join(line for line in lines if line))
        item.setData(Qt.ItemDataRole.UserRole, ref.id)
        item.setToolTip(CONFIDENTIAL_TIP if ref.confidential else ref.title)
        if ref.confidential:
            item.setForeground(QBrush(color("confidential")))
        return item

    def shown_texts(self) -> list[str]:
        """The items as shown, top to bottom."""
        found = (self.tree.item(i) for i in range(self.tree.count()))
        return [item.text() for item in found if item is not None]
