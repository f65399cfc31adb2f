"""Tabs of a dossier beside « Consultation »: one per capability, registered here.

A tab is a QWidget class ``cls(ctx: UiContext, parent: QWidget | None = None)`` with
``set_tender(tender: Tender | None) -> None`` (called when the selected dossier changes or is
saved; ``None`` when no dossier is selected) and, optionally, a ``status_message = Signal(str)``
shown in the status bar. A tab loads its data lazily (when shown), since the user may never
open it. To add a tab, add a ``DossierTabSpec`` to ``DOSSIER_TABS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from ...domain.tender import Tender
    from ..context import UiContext


class DossierTab(Protocol):
    """What the Consultations page needs from a dossier tab."""

    def set_tender(self, tender: Tender | None) -> None:
        """Show ``tender`` (or nothing)."""


@dataclass(frozen=True)
class DossierTabSpec:
    """One tab: its title, and where its widget class lives (imported when built)."""

    key: str
    title: str
    module: str
    cls: str


#: The tabs after « Consultation », in order.
DOSSIER_TABS: tuple[DossierTabSpec, ...] = (
    DossierTabSpec("checklist", "Pièces", ".checklist_tab", "ChecklistTab"),
    DossierTabSpec("deadlines", "Échéances", ".deadlines_tab", "DeadlinesTab"),
    DossierTabSpec("groupement", "Groupement", ".groupement_tab", "GroupementTab"),
    DossierTabSpec("memoire", "Mémoire", ".memoire_tab", "MemoireTab"),
    DossierTabSpec("suggestions", "Références proposées", ".suggestions_tab", "SuggestionsTab"),
    DossierTabSpec("deposit", "Dépôt", ".deposit_tab", "DepositTab"),
    DossierTabSpec("outcome", "Résultat", ".outcome_tab", "OutcomeTab"),
    DossierTabSpec("gonogo", "Go / no-go", ".gonogo_tab", "GoNoGoTab"),
    DossierTabSpec("buyer", "Acheteur", ".buyer_tab", "BuyerTab"),
)


def build_dossier_tabs(ctx: UiContext, tabs: QTabWidget) -> list[DossierTab]:
    """Instantiate every registered tab into ``tabs``; returns them in order."""
    built: list[DossierTab] = []
    for spec in DOSSIER_TABS:
        module = importlib.import_module(spec.module, package=__package__)
        widget: QWidget = getattr(module, spec.cls)(ctx)
        widget.setAccessibleName(spec.title)
        tabs.addTab(widget, spec.title)
        built.append(widget)  # type: ignore[arg-type]
    return built
