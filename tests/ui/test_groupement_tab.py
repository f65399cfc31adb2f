"""The « Groupement » tab of a dossier, in the real window on the demo workspace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import Qt

from responder.services.demo import create_demo
from responder.services.groupement import GroupementService
from responder.services.workspace import Session
from responder.ui.main_window import MainWindow
from responder.ui.pages.groupement_tab import R_AMOUNT, R_SHARE, GroupementTab
from responder.ui.pages.registry import TENDERS, page_index

from .conftest import OpenWindow


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[Session]:
    session = create_demo(tmp_path / "demo.responder", today=date(2026, 12, 1))
    yield session
    session.close()


def _tender_id(session: Session, with_groupement: bool = True) -> int:
    tender = next(t for t in session.tenders.list()
                  if (t.groupement is not None) == with_groupement and t.is_open)
    assert tender.id is not None
    return tender.id


def _open_tab(window: MainWindow, tender_id: int) -> GroupementTab:
    window.show_page(page_index(TENDERS))
    page = window.tenders_page
    page.select_tender(tender_id)
    tabs = page.dossier_tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Groupement")
    tabs.setCurrentIndex(index)
    tab = tabs.widget(index)
    assert isinstance(tab, GroupementTab)
    return tab


def test_demo_groupement_is_shown_with_roles_totals_and_checks(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    tab = _open_tab(window, _tender_id(demo_session))
    table = tab.members_table
    assert table.rowCount() == 3
    roles = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(3)}
    assert roles["Verts Chemins"] == "Mandataire"
    assert roles["Ressourcerie du Pont-Vieux"] == "Cotraitant"
    assert "conjoint avec mandataire solidaire" in tab.rc_form_label.text()
    assert tab.rows_table.rowCount() == 3
    assert tab.lot_totals_label.text() == (
        "Total des lignes : 248\u202f000,00\u00a0€\u00a0HT — 100,00\u00a0%")
    texts = [tab.checks_list.item(i).text() for i in range(tab.checks_list.count())]
    assert any(t.startswith("Rappel") and "R2142-26" in t for t in texts)
    assert not any(t.startswith("Erreur") for t in texts)
    assert tab.convention_button.isEnabled() and tab.dc1_button.isEnabled()
    assert "ESAT Les Ateliers de l'Avène 99\u202f600,00" in tab.member_totals_label.text()


def test_amount_and_share_follow_each_other_and_errors_block_documents(
    open_window: OpenWindow, demo_session: Session, tmp_path: Path, qtbot: Any
) -> None:
    window = open_window(demo_session)
    tender_id = _tender_id(demo_session)
    tab = _open_tab(window, tender_id)
    tab.rows_table.item(1, R_AMOUNT).setText("74400")  # 62 000 → 74 400 : 30 %
    assert tab.rows_table.item(1, R_SHARE).text() == "30,00"
    assert "105,00" in tab.lot_totals_label.text()
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None and stored.repartition[0].rows[1].share == 30  # saved at once
    assert not tab.convention_button.isEnabled()
    assert "1 erreur" in tab.generate_reason.text() or "2 erreur" in tab.generate_reason.text()
    assert "lot 1" in tab.lot_error.text() and not tab.lot_error.isHidden()
    errors = [tab.checks_list.item(i).text() for i in range(tab.checks_list.count())
              if tab.checks_list.item(i).text().startswith("Erreur")]
    assert any("105,00" in e for e in errors)

    tab.rows_table.item(1, R_SHARE).setText("25")  # back: the amount follows the share
    assert tab.rows_table.item(1, R_AMOUNT).text() == "62000,00"
    assert tab.convention_button.isEnabled()
    out = tmp_path / "convention.docx"
    tab.choose_save_path = lambda _title, _name: out
    tab.convention_button.click()
    qtbot.waitUntil(lambda: tab.last_document == out, timeout=20000)
    assert "Convention de groupement enregistré" in tab.saved_label.text()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Verts Chemins" in text and "mandataire" in text


def test_not_a_number_is_refused_inline_and_not_saved(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    tender_id = _tender_id(demo_session)
    tab = _open_tab(window, tender_id)
    tab.rows_table.item(0, R_AMOUNT).setText("douze")
    assert "n'est pas un nombre" in tab.lot_error.text()
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None and stored.repartition[0].rows[0].amount_ht == 148800


def test_removing_a_member_holding_prestations_is_refused(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    tender_id = _tender_id(demo_session)
    tab = _open_tab(window, tender_id)
    tab.members_table.setCurrentCell(2, 0)  # the ESAT
    tab.remove_button.click()
    assert "Impossible de retirer « ESAT Les Ateliers de l'Avène »" in tab.members_error.text()
    assert tab.members_table.rowCount() == 3
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None and len(stored.members) == 3


def test_form_a_groupement_add_a_partner_and_choose_the_mandataire(
    open_window: OpenWindow, demo_session: Session, qtbot: Any
) -> None:
    window = open_window(demo_session)
    tender_id = _tender_id(demo_session, with_groupement=False)
    tab = _open_tab(window, tender_id)
    assert tab.start_button.isVisible()
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    assert tab.members_table.rowCount() == 1
    index = tab.partner_combo.findText("Verts Chemins")
    tab.partner_combo.setCurrentIndex(index)
    tab.add_button.click()
    assert tab.members_table.rowCount() == 2
    assert tab.partner_combo.findText("Verts Chemins") == -1  # already a member
    tab.members_table.setCurrentCell(1, 0)
    tab.mandataire_button.click()
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None and stored.mandataire is not None
    assert stored.mandataire.name == "Verts Chemins"
    assert tab.members_table.item(1, 2).text() == "Mandataire"
    # No répartition yet: documents are refused, with the reason shown.
    assert not tab.dc1_button.isEnabled() and tab.generate_reason.text()
    tab.choose_save_path = lambda _title, _name: Path("/nonexistent/never-written.docx")
    assert tab.generate("dc1") is None  # refused before any file is written
    assert "Le tableau DC1 : génération impossible" in tab.generate_reason.text()
    tab.confirm = lambda _title, _text: True
    tab.dissolve_button.click()
    assert GroupementService(demo_session).get(tender_id) is None
    assert tab.start_button.isVisibleTo(tab)


def test_saving_the_consultation_form_keeps_the_groupement(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    tender_id = _tender_id(demo_session)
    tab = _open_tab(window, tender_id)
    tab.members_table.setCurrentCell(1, 0)
    tab.mandataire_button.click()  # the editor still holds the tender as it was loaded
    page = window.tenders_page
    page.editor.notes_edit.setPlainText("Réunion de groupement le 3 décembre.")
    assert page.save_current()
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None and stored.mandataire is not None
    assert stored.mandataire.name == "Ressourcerie du Pont-Vieux"


def test_a_new_lot_total_keeps_the_shares_and_moves_the_amounts(
    open_window: OpenWindow, demo_session: Session
) -> None:
    window = open_window(demo_session)
    tender_id = _tender_id(demo_session)
    tab = _open_tab(window, tender_id)
    tab.lot_total_edit.setText("200000")
    tab.lot_total_edit.editingFinished.emit()
    assert [tab.rows_table.item(r, R_AMOUNT).text() for r in range(3)] == [
        "120000,00", "50000,00", "30000,00"]
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None and stored.repartition[0].total_ht == 200000
    tab.lot_total_edit.editingFinished.emit()  # unchanged: nothing recomputed
    assert tab.rows_table.item(1, R_AMOUNT).text() == "50000,00"


def test_esat_managing_body_and_dc4_from_the_tab(
    open_window: OpenWindow, demo_session: Session, qtbot: Any, tmp_path: Path
) -> None:
    window = open_window(demo_session)
    tender_id = _tender_id(demo_session)
    tab = _open_tab(window, tender_id)
    table = tab.members_table
    esat_row = next(r for r in range(table.rowCount())
                    if table.item(r, 0).text().startswith("ESAT"))
    checks = [tab.checks_list.item(i).text() for i in range(tab.checks_list.count())]
    assert any("organisme gestionnaire" in c for c in checks)
    table.setCurrentCell(0, 0)
    assert not tab.managing_edit.isEnabled()  # Verts Chemins is no ESAT
    table.setCurrentCell(esat_row, 0)
    assert tab.managing_edit.isEnabled() and tab.authority_edit.isEnabled()
    tab.managing_edit.setText("Association Avène Solidarité")
    tab.authority_edit.setText("délibération du 3 novembre 2026")
    tab.authority_edit.editingFinished.emit()
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None
    esat = next(m for m in stored.members if m.name.startswith("ESAT"))
    assert esat.managing_body == "Association Avène Solidarité"
    assert esat.authority == "délibération du 3 novembre 2026"
    checks = [tab.checks_list.item(i).text() for i in range(tab.checks_list.count())]
    assert not any("organisme gestionnaire (association" in c for c in checks)

    assert tab.dc4_button.isEnabled()
    out = tmp_path / "dc4.docx"
    tab.choose_save_path = lambda _title, _name: out
    tab.dc4_button.click()
    qtbot.waitUntil(lambda: tab.last_document == out, timeout=20000)
    text = " ".join(c.text for t in docx.Document(str(out)).tables for r in t.rows
                    for c in r.cells)
    assert "Arbor'Cévennes" in text
