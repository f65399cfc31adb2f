"""Tabs of a dossier beside « Consultation »: one per capability, registered here.

A tab is a QWidget class ``cls(ctx: UiContext, parent: QWidget | None = None)`` with
``set_tender(tender: Tender | None) -> None`` (called when the selected dossier changes or is
saved; ``None`` when no dossier is selected) and, optionally, a ``status_message = Signal(str)``
shown in the status bar. A tab loads its data lazily (when shown), since the user may never
open it. To add a tab, add its row (key, title, tooltip, class name) to ``_TABS``.

Building the ten tabs at start-up cost about 180 ms of the UI thread: each tab starts as a
light ``TabPlaceholder`` (same title, tooltip and place in the tab bar) and its real widget
is imported and built the first time the tab is shown. The placeholder remembers the dossier
given to ``set_tender`` and forwards the real tab's signals the Consultations page listens to;
once built, the real tab takes the placeholder's place in the tab widget and in the list
``build_dossier_tabs`` returned. ``dossier_tab(tabs, key)`` builds one on demand.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSignalBlocker, QTimer, Signal
from PySide6.QtGui import QShowEvent
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
    """One tab: its key, title and tooltip, and its widget class ``cls``, which lives in the
    module ``pages/<key>_tab.py`` (imported when the tab is built)."""

    key: str
    title: str
    tip: str
    cls: str

    @property
    def module(self) -> str:
        """The module of the tab's class, relative to this package."""
        return f".{self.key}_tab"


#: The tabs after « Consultation », in the order of the journey (decide, gather, plan, write,
#: file, learn the result), the buyer last: key, title, tooltip and the widget class (in
#: ``pages/<key>_tab.py``). Titles are one short word or two: the eleven tabs must fit beside
#: the list on a 1366-pixel screen; the tip says the rest.
_TABS = (
    ("gonogo", "Go / no-go",
     "Faut-il répondre ? Points bloquants, grille notée et décision",
     "GoNoGoTab"),
    ("checklist", "Pièces",
     "Les pièces à fournir, leur statut et leur validité à la date limite",
     "ChecklistTab"),
    ("deadlines", "Échéances",
     "Dates légales et rétroplanning en jours ouvrés",
     "DeadlinesTab"),
    ("groupement", "Groupement",
     "Membres, mandataire, répartition des prestations et convention",
     "GroupementTab"),
    ("memoire", "Mémoire",
     "Le mémoire technique, partie par partie, et sa génération en Word",
     "MemoireTab"),
    ("suggestions", "Références",
     "Vos références les plus proches de cette consultation",
     "SuggestionsTab"),
    ("deposit", "Dépôt",
     "Vérification finale, pli à déposer et dépôt effectué",
     "DepositTab"),
    ("outcome", "Résultat",
     "La décision de l'acheteur, vos recours et vos courriers",
     "OutcomeTab"),
    ("buyer", "Acheteur",
     "Les marchés passés par cet acheteur (données essentielles importées)",
     "BuyerTab"),
)
DOSSIER_TABS: tuple[DossierTabSpec, ...] = tuple(DossierTabSpec(*row) for row in _TABS)


#: The signals of a tab the Consultations page connects to (forwarded by the placeholder).
FORWARDED_SIGNALS = ("status_message", "decided", "checklist_changed", "status_changed")


class TabPlaceholder(QWidget):
    """Stands for a dossier tab until it is first shown; then builds it and steps aside."""

    status_message = Signal(str)
    decided = Signal(object)
    checklist_changed = Signal(int)
    status_changed = Signal(int)

    def __init__(self, ctx: UiContext, spec: DossierTabSpec, tabs: QTabWidget,
                 built: list[DossierTab]) -> None:
        super().__init__()
        self.ctx = ctx
        self.spec = spec
        self._tabs = tabs
        self._built = built
        self._tender: Tender | None = None
        self._given = False
        self.real: QWidget | None = None
        self.setAccessibleName(spec.title)

    def set_tender(self, tender: Tender | None) -> None:
        """Remember the dossier; the real tab gets it when it is built."""
        self._tender = tender
        self._given = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Shown without a change of tab (the first tab of a new tab widget): build then."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self.build)

    def maybe_leave(self) -> bool:
        """Never shown, so nothing to save."""
        return True

    def build(self) -> QWidget:
        """Import and build the real tab, put it in this placeholder's place, return it."""
        if self.real is not None:
            return self.real
        module = importlib.import_module(self.spec.module, package=__package__)
        real: QWidget = getattr(module, self.spec.cls)(self.ctx)
        real.setAccessibleName(self.spec.title)
        self.real = real
        self._forward(real)
        if self._given:
            real.set_tender(self._tender)  # type: ignore[attr-defined]
        tabs = self._tabs
        index = tabs.indexOf(self)
        current = tabs.currentIndex() == index
        blocker = QSignalBlocker(tabs)  # one tab is replaced by another: no change to tell
        tabs.insertTab(index, real, self.spec.title)
        tabs.setTabToolTip(index, self.spec.tip)
        if current:
            tabs.setCurrentIndex(index)
        tabs.removeTab(index + 1)
        blocker.unblock()
        self._built[self._built.index(self)] = real  # type: ignore[call-overload]
        self.hide()  # kept (hidden) as long as the page: it forwards the real tab's signals
        return real

    def _forward(self, real: QWidget) -> None:
        for name in FORWARDED_SIGNALS:
            signal = getattr(real, name, None)
            if signal is not None:
                signal.connect(getattr(self, name))


def build_dossier_tabs(ctx: UiContext, tabs: QTabWidget) -> list[DossierTab]:
    """A placeholder per registered tab into ``tabs`` (built when first shown); returns
    them in order (each entry is replaced by the real tab once built)."""
    built: list[DossierTab] = []
    for spec in DOSSIER_TABS:
        placeholder = TabPlaceholder(ctx, spec, tabs, built)
        index = tabs.addTab(placeholder, spec.title)
        tabs.setTabToolTip(index, spec.tip)
        built.append(placeholder)
    tabs.currentChanged.connect(lambda index: _build_at(tabs, index))
    return built


def _build_at(tabs: QTabWidget, index: int) -> None:
    widget = tabs.widget(index)
    if isinstance(widget, TabPlaceholder):
        widget.build()


def dossier_tab(tabs: QTabWidget, key: str) -> QWidget | None:
    """The real tab ``key`` of ``tabs`` (built now if it was not yet), or ``None``."""
    for index in range(tabs.count()):
        widget = tabs.widget(index)
        if isinstance(widget, TabPlaceholder) and widget.spec.key == key:
            return widget.build()
        spec = spec_of(widget)
        if spec is not None and spec.key == key:
            return widget
    return None


def spec_of(widget: QWidget | None) -> DossierTabSpec | None:
    """The registered spec of a real tab (by its class name), or ``None``."""
    name = type(widget).__name__
    return next((spec for spec in DOSSIER_TABS if spec.cls == name), None)


def show_dossier_tab(tabs: QTabWidget, key: str) -> QWidget | None:
    """Build if needed, select and return the tab ``key``."""
    widget = dossier_tab(tabs, key)
    if widget is not None:
        tabs.setCurrentWidget(widget)
    return widget

