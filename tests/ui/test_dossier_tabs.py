"""The dossier tabs are built the first time they are shown, behind the same tab bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget

from responder.ui.context import UiContext
from responder.ui.pages.dossier_tabs import (
    DOSSIER_TABS,
    TabPlaceholder,
    build_dossier_tabs,
    dossier_tab,
)
from responder.ui.pages.gonogo_tab import GoNoGoTab

from .conftest import Services


def test_placeholders_keep_the_tab_bar_and_the_real_tab_takes_over_when_shown(
    ctx: UiContext, services: Services, qtbot: Any
) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    built = build_dossier_tabs(ctx, tabs)
    assert all(isinstance(tab, TabPlaceholder) for tab in built)
    assert [tabs.tabText(i) for i in range(tabs.count())] == [s.title for s in DOSSIER_TABS]
    assert [tabs.tabToolTip(i) for i in range(tabs.count())] == [s.tip for s in DOSSIER_TABS]
    tender = services.tenders.save({"title": "Espaces verts"}, services.structure_id())
    for tab in built:
        tab.set_tender(tender)
    messages: list[str] = []
    built[0].status_message.connect(messages.append)  # type: ignore[attr-defined]
    tabs.show()  # « Go / no-go », the current tab, is built now, with the dossier given before
    qtbot.waitUntil(lambda: isinstance(tabs.currentWidget(), GoNoGoTab))
    real = tabs.currentWidget()
    assert isinstance(real, GoNoGoTab) and built[0] is real
    assert real.tender is not None and real.tender.id == tender.id
    assert "Recommandation" in real.summary.text()
    assert tabs.count() == len(DOSSIER_TABS) and tabs.tabText(0) == "Go / no-go"
    assert tabs.tabToolTip(0) == DOSSIER_TABS[0].tip
    real.status_message.emit("Décision go / no-go enregistrée.")
    assert messages == ["Décision go / no-go enregistrée."]  # forwarded to the page
    # The others are still placeholders until asked for.
    assert isinstance(built[1], TabPlaceholder)
    deposit = dossier_tab(tabs, "deposit")
    assert deposit is not None and type(deposit).__name__ == "DepositTab"
    assert tabs.currentIndex() == 0  # built without being selected
    assert dossier_tab(tabs, "deposit") is deposit
