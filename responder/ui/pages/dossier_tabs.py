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
    tip: str = ""


#: The tabs after « Consultation », in the order of the journey (decide, gather, plan, write,
#: file, learn the result), the buyer last. Titles are one short word or two: the eleven tabs
#: must fit beside the list on a 1366-pixel screen; ``tip`` says the rest.
DOSSIER_TABS: tuple[DossierTabSpec, ...] = (
    DossierTabSpec("gonogo", "Go / no-go", ".gonogo_tab", "GoNoGoTab",
                   "Faut-il répondre ? Points bloquants, grille notée et décision"),
    DossierTabSpec("checklist", "Pièces", ".checklist_tab", "ChecklistTab",
                   "Les pièces à fournir, leur statut et leur validité à la date limite"),
    DossierTabSpec("deadlines", "Échéances", ".deadlines_tab", "DeadlinesTab",
                   "Dates légales et rétroplanning en jours ouvrés"),
    DossierTabSpec("groupement", "Groupement", ".groupement_tab", "GroupementTab",
                   "Membres, mandataire, répartition des prestations et convention"),
    DossierTabSpec("memoire", "Mémoire", ".memoire_tab", "MemoireTab",
                   "Le mémoire technique, partie par partie, et sa génération en Word"),
    DossierTabSpec("suggestions", "Références", ".suggestions_tab", "SuggestionsTab",
                   "Vos références les plus proches de cette consultation"),
    DossierTabSpec("deposit", "Dépôt", ".deposit_tab", "DepositTab",
                   "Vérification finale, pli à déposer et dépôt effectué"),
    DossierTabSpec("outcome", "Résultat", ".outcome_tab", "OutcomeTab",
                   "La décision de l'acheteur, vos recours et vos courriers"),
    DossierTabSpec("buyer", "Acheteur", ".buyer_tab", "BuyerTab",
                   "Les marchés passés par cet acheteur (données essentielles importées)"),
)


def build_dossier_tabs(ctx: UiContext, tabs: QTabWidget) -> list[DossierTab]:
    """Instantiate every registered tab into ``tabs``; returns them in order."""
    built: list[DossierTab] = []
    for spec in DOSSIER_TABS:
        module = importlib.import_module(spec.module, package=__package__)
        widget: QWidget = getattr(module, spec.cls)(ctx)
        widget.setAccessibleName(spec.title)
        index = tabs.addTab(widget, spec.title)
        tabs.setTabToolTip(index, spec.tip)
        built.append(widget)  # type: ignore[arg-type]
    return built
