"""The « Groupement » tab of a dossier, built alone on the demo workspace (FakePrompts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from PySide6.QtCore import Qt

from responder.domain.tender import Tender
from responder.services.changes import Changes, Topic
from responder.services.groupement import GroupementService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.groupement_tab import R_AMOUNT, R_SHARE, GroupementTab
from tests.helpers import alone_with_a_subcontractor

from .demo_tabs import demo_ctx_fixture, demo_session_fixture, prompts, shown_tab  # noqa: F401 - fixtures
from .helpers import open_dossier, tenders_page


def _tender(session: Session, with_groupement: bool = True) -> Tender:
    return next(t for t in session.tenders.list()
                if (t.groupement is not None) == with_groupement and t.is_open)


def _tab(qtbot: Any, ctx: UiContext, with_groupement: bool = True) -> GroupementTab:
    assert ctx.session is not None
    return shown_tab(qtbot, GroupementTab, ctx, _tender(ctx.session, with_groupement))


def _stored(session: Session, tab: GroupementTab) -> Any:
    assert tab.tender is not None and tab.tender.id is not None
    return GroupementService(session).get(tab.tender.id)


def _checks(tab: GroupementTab) -> list[str]:
    return [tab.checks_list.item(i).text() for i in range(tab.checks_list.count())]


def _written(qtbot: Any, tab: GroupementTab, button: Any, out: Path) -> None:
    prompts(tab.ctx).script("save_file", out)
    button.click()
    qtbot.waitUntil(lambda: tab.last_document == out, timeout=20000)


def test_demo_groupement_is_shown_with_roles_totals_and_checks(
    qtbot: Any, demo_ctx: UiContext
) -> None:
    tab = _tab(qtbot, demo_ctx)
    table = tab.members_table
    assert table.rowCount() == 3
    roles = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(3)}
    assert roles["Verts Chemins"] == "Mandataire"
    assert roles["Ressourcerie du Pont-Vieux"] == "Cotraitant"
    assert "conjoint avec mandataire solidaire" in tab.rc_form_label.text()
    assert tab.rows_table.rowCount() == 3
    assert tab.lot_totals_label.text() == (
        "Total des lignes : 248\u202f000,00\u00a0€\u00a0HT — 100,00\u00a0%")
    assert tab.lot_totals_label.property("role") == "bold"
    texts = _checks(tab)
    assert any(t.startswith("Rappel") and "R2142-26" in t for t in texts)
    assert not any(t.startswith("Erreur") for t in texts)
    assert tab.convention_button.isEnabled() and tab.dc1_button.isEnabled()
    assert "ESAT Les Ateliers de l'Avène 99\u202f600,00" in tab.member_totals_label.text()


def test_amount_and_share_follow_each_other_and_errors_block_documents(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session, tmp_path: Path
) -> None:
    tab = _tab(qtbot, demo_ctx)
    announced: list[Any] = []
    demo_ctx.bus.changed.connect(announced.append)
    tab.rows_table.item(1, R_AMOUNT).setText("74400")  # 62 000 → 74 400 : 30 %
    assert tab.rows_table.item(1, R_SHARE).text() == "30,00"
    assert "105,00" in tab.lot_totals_label.text()
    assert tab.lot_totals_label.property("role") == "error-strong"
    stored = _stored(demo_session, tab)
    assert stored is not None and stored.repartition[0].rows[1].share == 30  # saved at once
    assert announced and announced[-1].touches_tender(tab.tender.id, Topic.GROUPEMENT)
    assert not tab.convention_button.isEnabled()
    assert "1 erreur" in tab.generate_reason.text() or "2 erreur" in tab.generate_reason.text()
    assert "lot 1" in tab.lot_error.text() and not tab.lot_error.isHidden()
    assert any("105,00" in e for e in _checks(tab) if e.startswith("Erreur"))

    tab.rows_table.item(1, R_SHARE).setText("25")  # back: the amount follows the share
    assert tab.rows_table.item(1, R_AMOUNT).text() == "62000,00"
    assert tab.convention_button.isEnabled()
    out = tmp_path / "convention.docx"
    _written(qtbot, tab, tab.convention_button, out)
    assert "Convention de groupement enregistré" in tab.saved_label.text()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Verts Chemins" in text and "mandataire" in text


def test_not_a_number_is_refused_inline_and_not_saved(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    tab = _tab(qtbot, demo_ctx)
    tab.rows_table.item(0, R_AMOUNT).setText("douze")
    assert "n'est pas un nombre" in tab.lot_error.text() and tab.is_dirty()
    stored = _stored(demo_session, tab)
    assert stored is not None and stored.repartition[0].rows[0].amount_ht == 148800


def test_removing_a_member_holding_prestations_is_refused(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    tab = _tab(qtbot, demo_ctx)
    tab.members_table.setCurrentCell(2, 0)  # the ESAT
    tab.remove_button.click()
    assert "Impossible de retirer « ESAT Les Ateliers de l'Avène »" in tab.members_error.text()
    assert tab.members_table.rowCount() == 3
    stored = _stored(demo_session, tab)
    assert stored is not None and len(stored.members) == 3


def test_form_a_groupement_add_a_partner_and_choose_the_mandataire(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    tab = _tab(qtbot, demo_ctx, with_groupement=False)
    assert tab.start_button.isVisible()
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    assert tab.members_table.rowCount() == 1
    tab.partner_combo.setCurrentIndex(tab.partner_combo.findText("Verts Chemins"))
    tab.add_button.click()
    assert tab.members_table.rowCount() == 2
    assert tab.partner_combo.findText("Verts Chemins") == -1  # already a member
    tab.members_table.setCurrentCell(1, 0)
    tab.mandataire_button.click()
    stored = _stored(demo_session, tab)
    assert stored is not None and stored.mandataire is not None
    assert stored.mandataire.name == "Verts Chemins"
    assert tab.members_table.item(1, 2).text() == "Mandataire"
    # No répartition yet: documents are refused, with the reason shown.
    assert not tab.dc1_button.isEnabled() and tab.generate_reason.text()
    prompts(demo_ctx).script("save_file", Path("/nonexistent/never-written.docx"))
    assert tab.generate("dc1") is None  # refused before any file is written
    assert "Le tableau DC1 : génération impossible" in tab.generate_reason.text()
    prompts(demo_ctx).script("ask_yes_no", False, True)
    tab.dissolve_button.click()  # « Non »: kept
    assert _stored(demo_session, tab) is not None
    tab.dissolve_button.click()
    assert _stored(demo_session, tab) is None
    assert prompts(demo_ctx).asked[-1][1] == "Répondre seul"
    assert tab.start_button.isVisibleTo(tab)


def test_a_new_lot_total_keeps_the_shares_and_moves_the_amounts(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    tab = _tab(qtbot, demo_ctx)
    tab.lot_total_edit.setText("200000")
    tab.lot_total_edit.editingFinished.emit()
    assert [tab.rows_table.item(r, R_AMOUNT).text() for r in range(3)] == [
        "120000,00", "50000,00", "30000,00"]
    stored = _stored(demo_session, tab)
    assert stored is not None and stored.repartition[0].total_ht == 200000
    tab.lot_total_edit.editingFinished.emit()  # unchanged: nothing recomputed
    assert tab.rows_table.item(1, R_AMOUNT).text() == "50000,00"


def test_esat_managing_body_and_dc4_from_the_tab(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session, tmp_path: Path
) -> None:
    tab = _tab(qtbot, demo_ctx)
    table = tab.members_table
    esat_row = next(r for r in range(table.rowCount())
                    if table.item(r, 0).text().startswith("ESAT"))
    assert any("organisme gestionnaire" in c for c in _checks(tab))
    table.setCurrentCell(0, 0)
    assert not tab.managing_edit.isEnabled()  # Verts Chemins is no ESAT
    table.setCurrentCell(esat_row, 0)
    assert tab.managing_edit.isEnabled() and tab.authority_edit.isEnabled()
    tab.managing_edit.setText("Association Avène Solidarité")
    tab.authority_edit.setText("délibération du 3 novembre 2026")
    tab.authority_edit.editingFinished.emit()
    stored = _stored(demo_session, tab)
    assert stored is not None
    esat = next(m for m in stored.members if m.name.startswith("ESAT"))
    assert esat.managing_body == "Association Avène Solidarité"
    assert esat.authority == "délibération du 3 novembre 2026"
    assert not any("organisme gestionnaire (association" in c for c in _checks(tab))

    assert tab.dc4_button.isEnabled()
    out = tmp_path / "dc4.docx"
    _written(qtbot, tab, tab.dc4_button, out)
    text = " ".join(c.text for t in docx.Document(str(out)).tables for r in t.rows
                    for c in r.cells)
    assert "Arbor'Cévennes" in text


def test_a_bidder_alone_generates_the_dc4_but_not_the_convention(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session, tmp_path: Path
) -> None:
    tid = alone_with_a_subcontractor(demo_session)
    tender = demo_session.tenders.get(tid)
    tab = shown_tab(qtbot, GroupementTab, demo_ctx, tender)
    # R2142-19: one member is no groupement; the check says what a bidder alone needs
    assert any("au moins deux" in c and "générez le DC4 de chacun" in c for c in _checks(tab))
    assert not tab.convention_button.isEnabled() and not tab.dc1_button.isEnabled()
    assert "Convention et DC1 indisponibles" in tab.generate_reason.text()
    assert tab.dc4_button.isEnabled()
    out = tmp_path / "dc4.docx"
    _written(qtbot, tab, tab.dc4_button, out)
    text = " ".join(c.text for t in docx.Document(str(out)).tables for r in t.rows
                    for c in r.cells)
    assert "Arbor'Cévennes" in text and "seul, sans groupement" in text


def test_a_groupement_saved_in_another_window_is_not_overwritten_unasked(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    tab = _tab(qtbot, demo_ctx)
    assert tab.tender is not None and tab.tender.id is not None
    other = GroupementService(demo_session)  # the second window
    elsewhere = other.get(tab.tender.id)
    assert elsewhere is not None
    other.save(tab.tender.id, elsewhere.with_mandataire(elsewhere.members[1].uid))
    prompts(demo_ctx).script("ask_stale", "cancel")
    tab.rows_table.item(1, R_SHARE).setText("30")
    assert tab.is_dirty()  # kept on screen, not written
    assert _stored(demo_session, tab).mandataire.uid == elsewhere.members[1].uid
    prompts(demo_ctx).script("ask_stale", "reload")
    tab.rows_table.item(1, R_SHARE).setText("35")
    assert not tab.is_dirty() and tab.members_table.item(1, 2).text() == "Mandataire"
    assert tab.rows_table.item(1, R_SHARE).text() == "25,00"  # the stored version
    tab.rows_table.item(1, R_SHARE).setText("30")  # now current: saved without a question
    assert _stored(demo_session, tab).repartition[0].rows[1].share == 30
    assert [a[0] for a in prompts(demo_ctx).asked] == ["ask_stale", "ask_stale"]


def test_saving_the_consultation_form_keeps_the_groupement(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    tender_id = _tender(demo_session).id
    assert tender_id is not None
    page = open_dossier(tenders_page(demo_ctx, qtbot), tender_id)
    tabs = page.dossier_tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Groupement"))
    tab = tabs.currentWidget()
    assert isinstance(tab, GroupementTab)
    tab.members_table.setCurrentCell(1, 0)
    tab.mandataire_button.click()  # the editor still holds the tender as it was loaded
    page.editor.notes_edit.setPlainText("Réunion de groupement le 3 décembre.")
    assert page.save_current()
    stored = GroupementService(demo_session).get(tender_id)
    assert stored is not None and stored.mandataire is not None
    assert stored.mandataire.name == "Ressourcerie du Pont-Vieux"


def test_a_groupement_changed_by_another_screen_is_shown_again(
    qtbot: Any, demo_ctx: UiContext, demo_session: Session
) -> None:
    tab = _tab(qtbot, demo_ctx)
    assert tab.tender is not None and tab.tender.id is not None
    other = GroupementService(demo_session)
    stored = other.get(tab.tender.id)
    assert stored is not None
    other.save(tab.tender.id, stored.with_mandataire(stored.members[1].uid))
    demo_ctx.ops.announce(Changes.of(Topic.GROUPEMENT, tender_id=tab.tender.id))
    qtbot.waitUntil(lambda: tab.members_table.item(1, 2).text() == "Mandataire", timeout=3000)
    tab.rows_table.item(1, R_SHARE).setText("30")  # current again: no « modifié ailleurs »
    assert _stored(demo_session, tab).repartition[0].rows[1].share == 30
    assert prompts(demo_ctx).asked == []
