"""Nothing typed is lost without asking: reloads, imports, exports, structure switches, the
Groupement tab's invalid edits — and the window's layout at 1024×700."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from responder.domain import repartition
from responder.services.demo import create_demo
from responder.services.groupement import GroupementService
from responder.services.library import LibraryService
from responder.services.memoire import MemoireService
from responder.services.partners import PartnerService
from responder.services.workspace import Session
from responder.storage.backups import BACKUP_DIR_ENV
from responder.ui import prompts as prompts_module
from responder.ui.dossier_exchange import DOSSIER_FILTER
from responder.ui.main_window import MainWindow
from responder.ui.pages.groupement_tab import R_AMOUNT, R_PRESTATION, GroupementTab
from responder.ui.pages.memoire_tab import MemoireTab
from responder.ui.pages.registry import STRUCTURE, TENDERS, page_index
from responder.ui.pages.tenders_page import TendersPage
from tests.services.dossier_helpers import rich_demo

from .conftest import OpenWindow, Services
from .fakes import prompts_of


@pytest.fixture(autouse=True)
def _backup_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BACKUP_DIR_ENV, str(tmp_path / "sauvegardes"))


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[Session]:
    session = create_demo(tmp_path / "demo.responder", today=date(2026, 12, 1))
    yield session
    session.close()


def _tender(services: Services, title: str) -> int:
    saved = services.tenders.save({"title": title}, services.structure_id())
    assert saved.id is not None
    return saved.id


def _edited(services: Services, window: MainWindow, buyer: str) -> tuple[TendersPage, int]:
    """« Premier dossier » shown on the Consultations page with ``buyer`` typed, not saved."""
    first = _tender(services, "Premier dossier")
    page = window.tenders_page
    page.reload()
    page.select_tender(first)
    page.editor.buyer_edit.setText(buyer)
    return page, first


def _tab(window: MainWindow, title: str) -> QWidget:
    """Show the dossier tab ``title`` of the Consultations page."""
    window.show_page(page_index(TENDERS))
    tabs = window.tenders_page.dossier_tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i).startswith(title))
    tabs.setCurrentIndex(index)
    return tabs.widget(index)


def _groupement_tender(session: Session) -> int:
    tender = next(t for t in session.tenders.list() if t.groupement is not None and t.is_open)
    assert tender.id is not None
    return tender.id


# --- 1. « Enregistrer » really saves when the list is reloaded ------------------------------
def test_save_answer_saves_when_the_list_is_reloaded(
    services: Services, window: MainWindow
) -> None:
    page, first = _edited(services, window, "Département du Gard")
    prompts = prompts_of(window.ctx).script("ask_unsaved", "save")
    page.reload()  # as after « Importer un RC » (rc_import_action._saved)
    assert prompts.asked == [("ask_unsaved", "Premier dossier")]
    assert services.tenders.get(first).buyer == "Département du Gard"
    assert page.editor.buyer_edit.text() == "Département du Gard"
    assert not page.editor.is_dirty()


def test_cancel_on_reload_keeps_the_unsaved_changes(
    services: Services, window: MainWindow
) -> None:
    page, first = _edited(services, window, "Département du Gard")
    # « Annuler », then « Ne pas enregistrer » when the window closes after the test.
    prompts_of(window.ctx).script("ask_unsaved", "cancel", "discard")
    page.reload()
    assert page.current_tender_id() == first
    assert page.editor.buyer_edit.text() == "Département du Gard" and page.editor.is_dirty()
    assert services.tenders.get(first).buyer == ""


def test_open_tender_not_yet_listed_saves_the_edited_one(
    services: Services, window: MainWindow
) -> None:
    page, first = _edited(services, window, "Ville de Nîmes")
    created = _tender(services, "Créé ailleurs")  # e.g. by the command line
    prompts_of(window.ctx).script("ask_unsaved", "save")
    window.open_tender(created)
    assert page.current_tender_id() == created
    assert services.tenders.get(first).buyer == "Ville de Nîmes"


def test_save_during_a_structure_switch_keeps_the_dossier_in_its_structure(
    services: Services, window: MainWindow
) -> None:
    first = _tender(services, "Premier dossier")
    home = services.structure_id()
    other = services.structures.save({"name": "Atelier Bleu"})
    assert other.id is not None
    page = window.tenders_page
    page.reload()
    page.select_tender(first)
    page.editor.buyer_edit.setText("Ville d'Alès")
    prompts_of(window.ctx).script("ask_unsaved", "save")
    window.structure_switched(other)
    stored = services.tenders.get(first)
    assert stored.buyer == "Ville d'Alès" and stored.structure_id == home
    assert page.current_tender_id() is None  # the other structure has no dossier


def test_import_asks_first_and_switches_ma_structure_too(
    qtbot: Any, open_window: OpenWindow, services: Services, session: Session,
    tmp_path: Path
) -> None:
    source, source_id = rich_demo(tmp_path / "source.responder", tmp_path)
    try:
        from responder.services import dossier_file as df

        written = df.export_dossier(source, source_id, tmp_path / "partage.responder").path
        source_structure = source.structures.get(source.tenders.get(source_id).structure_id)
    finally:
        source.close()
    mine = _tender(services, "Mon dossier")
    window = open_window(session)
    window.show_page(page_index(STRUCTURE))
    assert window.structure_page.form.name_edit.text() != source_structure.name
    page = window.tenders_page
    window.show_page(page_index(TENDERS))
    page.select_tender(mine)
    page.editor.buyer_edit.setText("Ville d'Uzès")
    prompts = prompts_of(window.ctx)
    prompts.script("ask_unsaved", "save").script("open_file", written).script("run_dialog", True)
    new_id = window.exchange.import_file()
    assert new_id is not None
    assert prompts.asked[:2] == [("ask_unsaved", "Mon dossier"),
                                 ("open_file", "Importer un dossier", DOSSIER_FILTER)]
    assert [asked[0] for asked in prompts.asked] == ["ask_unsaved", "open_file", "run_dialog"]
    assert services.tenders.get(mine).buyer == "Ville d'Uzès"
    assert page.current_tender_id() == new_id
    # « Ma structure » follows the structure of the imported dossier.
    assert window.structure_page.form.name_edit.text() == source_structure.name


def test_import_cancelled_at_the_question_opens_nothing(
    services: Services, window: MainWindow
) -> None:
    page, first = _edited(services, window, "Ville d'Uzès")
    prompts = prompts_of(window.ctx).script("ask_unsaved", "cancel")
    assert window.exchange.import_file() is None  # an unscripted file chooser would fail
    assert prompts.asked == [("ask_unsaved", "Premier dossier")]  # no file chooser
    assert page.editor.is_dirty()
    prompts.script("ask_unsaved", "discard")  # the window closes after the test


# --- 2. Groupement edits that do not pass validation yet -------------------------------------
def test_invalid_groupement_edits_are_asked_about_before_switching_and_closing(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    tender_id = _groupement_tender(demo_session)
    page = window.tenders_page
    page.select_tender(tender_id)
    tab = _tab(window, "Groupement")
    assert isinstance(tab, GroupementTab)
    tab.rows_table.item(0, R_PRESTATION).setText("")  # an empty prestation: refused
    assert tab.is_dirty()
    before = GroupementService(demo_session).get(tender_id)
    other = next(t.id for t in demo_session.tenders.list() if t.id != tender_id)
    assert other is not None

    prompts = prompts_of(window.ctx)
    prompts.script("ask_invalid_edits", "cancel", "cancel")  # « Corriger », twice
    page.select_tender(other)
    title = page.editor.tender().title  # type: ignore[union-attr]
    assert prompts.asked == [("ask_invalid_edits", title)]
    assert page.current_tender_id() == tender_id
    assert page.dossier_tabs.currentWidget() is tab
    assert tab.rows_table.item(0, R_PRESTATION).text() == ""
    assert not window.close()  # the window stays open too
    assert prompts.asked == [("ask_invalid_edits", title)] * 2

    prompts.script("ask_invalid_edits", "discard")  # « Abandonner les modifications »
    page.select_tender(other)
    assert page.current_tender_id() == other
    assert not tab.is_dirty()
    assert GroupementService(demo_session).get(tender_id) == before


def test_groupement_question_offers_corriger_or_abandonner(
    open_window: OpenWindow, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(demo_session)
    page = window.tenders_page
    page.select_tender(_groupement_tender(demo_session))
    tab = _tab(window, "Groupement")
    assert isinstance(tab, GroupementTab)
    tab.rows_table.item(0, R_AMOUNT).setText("douze")
    assert tab.is_dirty()
    window.ctx.prompts.script("ask_invalid_edits", "cancel")
    assert not page.maybe_leave()
    assert window.ctx.prompts.asked[-1][0] == "ask_invalid_edits"
    tab.discard_edits()  # the window closes after the test without a question
    seen: list[list[str]] = []

    def fake_exec(box: Any) -> int:
        buttons = {b.text(): b for b in box.buttons()}
        seen.append(sorted(buttons))
        buttons["Corriger"].click()
        return 0

    monkeypatch.setattr(prompts_module.QMessageBox, "exec", fake_exec)
    assert prompts_module.Prompts().ask_invalid_edits("Mon dossier") == "cancel"
    assert seen == [["Abandonner les modifications", "Corriger"]]


# --- 3. Exporting takes what the user sees ---------------------------------------------------
def test_export_asks_about_the_editor_and_saves_the_memoire_text_first(
    open_window: OpenWindow, demo_session: Session, tmp_path: Path
) -> None:
    window = open_window(demo_session)
    tender_id = _groupement_tender(demo_session)
    page = window.tenders_page
    page.select_tender(tender_id)
    page.editor.buyer_edit.setText("Ville de Nîmes")
    tab = _tab(window, "Mémoire")
    assert isinstance(tab, MemoireTab)
    tab.text_edit.setPlainText("Notre méthode, pas à pas.")  # waits on the save timer
    prompts = prompts_of(window.ctx).script("ask_unsaved", "save")
    prompts.script("ask_yes_no", True).script("save_file", tmp_path / "envoi")
    written = window.exchange.export_current()
    assert written is not None and written.is_file()
    assert prompts.asked[0][0] == "ask_unsaved"
    assert demo_session.tenders.get(tender_id).buyer == "Ville de Nîmes"
    stored = MemoireService(demo_session).outline(tender_id)
    assert any(s.text == "Notre méthode, pas à pas." for s in stored.sections)


def test_export_cancelled_at_the_question_writes_nothing(
    services: Services, window: MainWindow
) -> None:
    page, first = _edited(services, window, "Ville de Nîmes")
    prompts = prompts_of(window.ctx).script("ask_unsaved", "cancel")
    assert window.exchange.export_current() is None  # an unscripted file chooser would fail
    assert prompts.asked == [("ask_unsaved", "Premier dossier")]  # no file chooser
    prompts.script("ask_unsaved", "discard")  # the window closes after the test


# --- 4. A lot total that cannot be computed --------------------------------------------------
def test_a_failing_amount_computation_shows_a_message_and_leaves_signals_on(
    open_window: OpenWindow, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(demo_session)
    tender_id = _groupement_tender(demo_session)
    window.tenders_page.select_tender(tender_id)
    tab = _tab(window, "Groupement")
    assert isinstance(tab, GroupementTab)

    def overflow(*_a: Any) -> Any:
        raise InvalidOperation("quantize")

    monkeypatch.setattr(repartition, "amount_of", overflow)
    tab.lot_total_edit.setText("999999999999")
    tab.lot_total_edit.editingFinished.emit()
    assert not tab.rows_table.signalsBlocked()
    assert "Montant du lot" in tab.lot_error.text()
    monkeypatch.undo()
    # Later edits are still seen and saved.
    tab.lot_total_edit.setText("248000")
    tab.lot_total_edit.editingFinished.emit()
    tab.rows_table.item(0, R_PRESTATION).setText("Tonte et débroussaillage")
    lot = GroupementService(demo_session).get(tender_id).lot(tab._lot)
    assert lot is not None and lot.rows[0].prestation == "Tonte et débroussaillage"


# --- 5. The partner list stays current -------------------------------------------------------
def test_partner_deleted_elsewhere_is_refused_with_a_message_and_left_out(
    open_window: OpenWindow, demo_session: Session
) -> None:
    partners = PartnerService(demo_session)
    tender_id = _groupement_tender(demo_session)
    sid = demo_session.tenders.get(tender_id).structure_id
    extra = partners.save({"name": "Régie de quartier Est", "structure_id": sid})
    assert extra.id is not None
    window = open_window(demo_session)
    window.tenders_page.select_tender(tender_id)
    tab = _tab(window, "Groupement")
    assert isinstance(tab, GroupementTab)
    index = tab.partner_combo.findData(extra.id)
    assert index >= 0
    tab.partner_combo.setCurrentIndex(index)
    partners.delete(extra.id)  # on « Partenaires », meanwhile
    tab.add_partner()  # no uncaught exception
    assert tab.members_error.text()
    assert tab.partner_combo.findData(extra.id) < 0

    added = partners.save({"name": "Jardins partagés du Mas", "structure_id": sid})
    window.show_page(page_index("partners"))
    window.show_page(page_index(TENDERS))  # the tab is shown again
    assert tab.partner_combo.findData(added.id) >= 0


# --- 6 (see test_import_asks_first_and_switches_ma_structure_too) ----------------------------
def test_structure_change_updates_ma_structure(services: Services, window: MainWindow) -> None:
    window.show_page(page_index(STRUCTURE))
    other = services.structures.save({"name": "Atelier Bleu"})
    services.structures.set_current(other.id or 0)
    window.structure_switched(other)
    assert window.structure_page.form.name_edit.text() == "Atelier Bleu"


# --- 7. Mémoire: a reference deleted on « Références » ---------------------------------------
def test_memoire_forgets_a_reference_deleted_meanwhile(
    open_window: OpenWindow, tmp_path: Path
) -> None:
    session, tender_id = rich_demo(tmp_path / "riche.responder", tmp_path)
    try:
        window = open_window(session)
        window.tenders_page.select_tender(tender_id)
        tab = _tab(window, "Mémoire")
        assert isinstance(tab, MemoireTab)

        def checked() -> list[str]:
            return [tab.refs_list.item(i).text() for i in range(tab.refs_list.count())
                    if tab.refs_list.item(i).checkState().value == 2]

        assert any("parc Chabaud" in text for text in checked())
        ref = next(r for r in session.references.list() if "Chabaud" in r.title)
        assert ref.id is not None
        window.show_page(page_index("references"))
        LibraryService(session).delete_reference(ref.id)
        window.show_page(page_index(TENDERS))
        assert not any("parc Chabaud" in text for text in checked())
        assert tab.editor_tabs.tabText(3) == "Références (1)"
    finally:
        window.close()
        session.close()


# --- 8. The sidebar at 1024×700 ---------------------------------------------------------------
@pytest.mark.parametrize("key", ["references", "documents", STRUCTURE])
def test_sidebar_keeps_its_titles_readable_beside_wide_pages(
    window: MainWindow, qtbot: Any, key: str
) -> None:
    window.resize(1024, 700)
    window.show_page(page_index(key))
    qtbot.wait(50)
    sidebar = window.sidebar
    assert not window.splitter.isCollapsible(0)
    assert window.width() <= 1024
    assert window.splitter.sizes()[0] >= window.sidebar_min_width()
    assert not sidebar.horizontalScrollBar().isVisible()
    assert sidebar.viewport().width() >= sidebar.sizeHintForColumn(0)


def test_saving_the_consultation_keeps_the_groupement_edits_being_corrected(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    page = window.tenders_page
    page.select_tender(_groupement_tender(demo_session))
    tab = _tab(window, "Groupement")
    assert isinstance(tab, GroupementTab)
    tab.rows_table.item(0, R_AMOUNT).setText("douze")
    page.editor.buyer_edit.setText("Département du Gard")
    assert page.save_current()
    assert tab.rows_table.item(0, R_AMOUNT).text() == "douze" and tab.is_dirty()
    prompts_of(window.ctx).script("ask_invalid_edits", "discard")  # the window closes after


def test_switching_lot_with_invalid_rows_asks_first(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    tender = next(t for t in demo_session.tenders.list()
                  if t.groupement is not None and len(t.lots) > 1)
    assert tender.id is not None
    window.tenders_page.select_tender(tender.id)
    tab = _tab(window, "Groupement")
    assert isinstance(tab, GroupementTab)
    shown = tab._lot
    tab.rows_table.item(0, R_AMOUNT).setText("douze")
    prompts = prompts_of(window.ctx).script("ask_invalid_edits", "cancel")
    tab.lot_combo.setCurrentIndex(1 if tab.lot_combo.currentIndex() == 0 else 0)
    assert tab._lot == shown and tab.lot_combo.currentData() == shown
    assert tab.rows_table.item(0, R_AMOUNT).text() == "douze"
    prompts.script("ask_invalid_edits", "discard")
    tab.lot_combo.setCurrentIndex(1 if tab.lot_combo.currentIndex() == 0 else 0)
    assert tab._lot != shown and not tab.is_dirty()
