"""« Veille »: the page imports the sample files in the background, filters, follows a notice,
saves a filter, lists renewals and own contracts; the « Acheteur » dossier tab."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from responder.domain.enums import EssStatus
from responder.domain.library import Reference
from responder.services.changes import Changes, Topic
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.main_window import MainWindow
from responder.ui.pages.buyer_tab import NOT_FOUND_TEXT, BuyerTab
from responder.ui.pages.registry import page_index
from responder.ui.pages.veille_page import VeillePage

from .conftest import Services
from .helpers import dossier_tab, shown_tab

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "opendata"
#: Set to a folder to write the documentation screenshot there (1366×768).
SHOT_ENV = "RESPONDER_VEILLE_SHOT"


def _prepare(services: Services, session: Session) -> None:
    structure = services.structures.current()
    structure = structure.model_copy(update={
        "name": "Ressourcerie du Pont-Vieux", "siret": "07823456400017",
        "ess_statuses": [EssStatus.ACI, EssStatus.ASSOCIATION_1901],
    })
    structure.address.postcode = "30100"
    structure.address.city = "Alès"
    services.structures.save(structure)
    sid = services.structure_id()
    session.references.add(Reference(structure_id=sid, title="Débroussaillage des talus",
                                     cpv_codes=["77312000"]))
    session.references.add(Reference(structure_id=sid, title="Nettoyage des vitres",
                                     cpv_codes=["90911300"]))


def _page(window: MainWindow, qtbot: Any) -> VeillePage:
    assert window.ctx is not None
    window.ctx.today = lambda: date(2026, 12, 6)
    window.show_page(page_index("veille"))
    page = window.page("veille")
    assert isinstance(page, VeillePage)
    return page


def _alone(ctx: UiContext, qtbot: Any) -> VeillePage:
    """The page built alone on the test workspace, as the window shows it."""
    ctx.today = lambda: date(2026, 12, 6)
    page = VeillePage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    return page


def _import(page: VeillePage, qtbot: Any, kind: str, name: str) -> str:
    with qtbot.waitSignal(page.import_done, timeout=30_000) as blocker:
        assert page.start_import(kind, SAMPLES / name) is not None
    return str(blocker.args[0])


def test_import_filter_follow_and_save(
    ctx: UiContext, services: Services, session: Session, qtbot: Any
) -> None:
    _prepare(services, session)
    page = _alone(ctx, qtbot)
    assert "Aucun avis importé" in page.import_label.text()
    summary = _import(page, qtbot, "boamp", "boamp-export.csv")
    assert "14 nouveaux avis" in summary and "2 lignes rejetées" in summary
    table = page.notice_table
    ids = [table.item(r, 0).data(page_ID_ROLE()) for r in range(table.rowCount())]
    assert len(ids) == 8 and "26-120001" not in ids  # closed ones hidden
    # The best notice for an ACI in the Gard with a window-cleaning reference comes first.
    assert ids[0] == "26-140210"
    assert "vous êtes éligible" in page.reason_label.text()
    page.dept_edit.setText("7")
    page.reload_notices()
    assert table.rowCount() == 1 and table.item(0, 4).text() == "07"
    page.dept_edit.setText("Gard")
    page.reload_notices()
    assert "Département « Gard » inconnu" in page.count_label.text()
    page.dept_edit.setText("")
    page.reserved_check.setChecked(True)
    assert table.rowCount() == 4
    ctx.prompts.script("ask_text", "Réservés")
    page.save_button.click()
    assert page.saved_combo.findText("Réservés") > 0
    page.reserved_check.setChecked(False)
    assert table.rowCount() == 8
    page.saved_combo.setCurrentIndex(page.saved_combo.findText("Réservés"))
    page.saved_combo.activated.emit(page.saved_combo.currentIndex())
    assert page.reserved_check.isChecked() and table.rowCount() == 4
    page.text_edit.setText("vitres")
    page.reload_notices()
    assert table.rowCount() == 1
    table.selectRow(0)
    opened: list[int] = []
    announced: list[Changes] = []
    page.open_tender.connect(opened.append)
    ctx.bus.changed.connect(announced.append)
    tender_id = page.follow_selected()
    assert tender_id is not None and opened == [tender_id]
    assert announced[-1].touches_tender(tender_id, Topic.TENDERS, Topic.VEILLE)
    tender = services.tenders.get(tender_id)
    assert tender.status.value == "veille" and tender.reference == "BOAMP 26-140210"
    page.refresh()
    page.text_edit.setText("vitres")
    page.reload_notices()
    table.selectRow(0)
    page.link_button.click()
    assert ctx.prompts.opened == ["https://www.boamp.fr/pages/avis/?q=idweb:26-140210"]
    assert ctx.prompts.pending() == {}


def _follow(page: VeillePage, words: str) -> int:
    """Search ``words`` among the open notices and follow the first; returns the dossier."""
    page.tabs.setCurrentIndex(0)
    page.text_edit.setText(words)
    page.reload_notices()
    page.notice_table.selectRow(0)
    tender_id = page.follow_selected()
    assert tender_id is not None
    return tender_id


def page_ID_ROLE() -> int:  # noqa: N802 - mirrors the constant
    from responder.ui.pages.veille_page import ID_ROLE

    return int(ID_ROLE)


def test_bad_file_is_explained_and_nothing_imported(
    ctx: UiContext, services: Services, session: Session, qtbot: Any
) -> None:
    _prepare(services, session)
    page = _alone(ctx, qtbot)
    message = _import(page, qtbot, "boamp", "boamp-truncated.json")
    assert "tronqué" in message
    assert page.notice_table.rowCount() == 0
    assert page.import_boamp_button.isEnabled()


def test_renewals_own_contracts_and_buyer_tab(
    ctx: UiContext, services: Services, session: Session, qtbot: Any
) -> None:
    _prepare(services, session)
    page = _alone(ctx, qtbot)
    _import(page, qtbot, "boamp", "boamp-export.json")
    summary = _import(page, qtbot, "decp", "decp-consolidated.csv")
    assert "dont 2 des vôtres" in summary
    page.tabs.setCurrentIndex(1)
    uids = [page.renewal_table.item(r, 0).data(page_ID_ROLE())
            for r in range(page.renewal_table.rowCount())]
    # Gard by default (the structure's department), CPV of its references (77, 90).
    assert uids == ["213000151000182024-NET-07", "213000151000182025-ELAG",
                    "213000151000182024-EV-01"]
    assert "(fictif ?)" in page.renewal_table.item(1, 6).text()
    page.tabs.setCurrentIndex(2)
    assert page.own_table.rowCount() == 2
    page.own_table.selectRow(0)
    ref_id = page.reference_from_selected()
    assert ref_id is not None
    assert session.references.get(ref_id) is not None
    # Follow the eForms notice of the Alès agglomeration, then read its buyer tab.
    tender_id = _follow(page, "bâtiments communautaires")
    tab = shown_tab(BuyerTab(ctx), qtbot, services.tenders.get(tender_id), (1100, 700))
    text = tab.shown_text()
    assert "Commune d'Alès-la-Fictive" in text
    assert "3 marchés publiés" in text and "33 %" in text
    assert "1 montant fictif écarté" in text
    assert "Ressourcerie du Pont-Vieux (1)" in text
    other = services.tenders.save({"title": "Autre", "buyer": "Inconnu"},
                                  services.structure_id())
    tab.set_tender(other)
    assert tab.shown_text() == NOT_FOUND_TEXT


@pytest.mark.skipif(not os.environ.get(SHOT_ENV), reason="documentation screenshot only")
def test_screenshot_for_the_docs(
    window: MainWindow, services: Services, session: Session, qtbot: Any, tmp_path: Path
) -> None:
    _prepare(services, session)
    window.resize(1366, 768)
    page = _page(window, qtbot)
    rows = json.loads((SAMPLES / "boamp-export.json").read_text(encoding="utf-8"))
    older = tmp_path / "boamp-semaine-precedente.json"
    older.write_text(json.dumps([r for r in rows if r["idweb"] not in (
        "26-141500", "26-142424")]), encoding="utf-8")
    with qtbot.waitSignal(page.import_done, timeout=30_000):
        page.start_import("boamp", older)
    _import(page, qtbot, "boamp", "boamp-export.json")
    _import(page, qtbot, "decp", "decp-consolidated.csv")
    page.tabs.setCurrentIndex(0)
    page.refresh()
    page.notice_table.selectRow(0)
    # The test's temporary folder means nothing to a reader of the docs.
    window.path_label.setText("Espace de travail : ressourcerie.responder")
    qtbot.wait(200)
    folder = Path(os.environ[SHOT_ENV])
    window.grab().save(str(folder / "screenshot-veille.png"))
    for index, name in ((1, "veille-renouvellements"), (2, "veille-mes-marches")):
        page.tabs.setCurrentIndex(index)
        qtbot.wait(100)
        window.grab().save(str(folder / f"{name}.png"))
    tender_id = _follow(page, "bâtiments communautaires")
    window.show_page(page_index("tenders"))
    tenders = window.tenders_page
    tenders.reload()
    tenders.select_tender(tender_id)
    tab = dossier_tab(tenders, BuyerTab)
    tenders.dossier_tabs.setCurrentWidget(tab)
    qtbot.wait(100)
    window.grab().save(str(folder / "veille-acheteur.png"))
