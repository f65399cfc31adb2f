"""« Échéances » tab of a dossier: dates with their rules, the editable retroplanning, past
steps flagged, decision dates and the dossier's calendar export."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, Qt

from responder.domain.enums import Procedure
from responder.domain.tender import Tender
from responder.services.deadlines import DeadlineService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.pages.deadlines_tab import (
    COL_DATE,
    COL_DONE,
    COL_RULE,
    COL_STATE,
    COL_STEP,
    NO_DEADLINE_TEXT,
    DeadlinesTab,
)

from .conftest import Services
from .fakes import page_context
from .helpers import open_dossier, shown_tab, tenders_page

TODAY = date(2026, 5, 4)  # a Monday; 8 May and Ascension (14 May 2026) are holidays


@pytest.fixture
def ctx(session: Session, ini_path: Path) -> UiContext:
    """The tab's context on the test workspace, with a fixed « today »."""
    return page_context(session, ini_path, today=lambda: TODAY)


@pytest.fixture
def tender(services: Services) -> Tender:
    """A MAPA due on Tuesday 12 May 2026 at 14:00."""
    return services.tenders.save(
        {"title": "Entretien des berges", "buyer": "Syndicat du Gardon", "procedure": "mapa",
         "deadline": datetime(2026, 5, 12, 14, 0), "status": "en_preparation"},
        services.structure_id(),
    )


def _tab(ctx: UiContext, qtbot: Any, tender: Tender | None) -> DeadlinesTab:
    return shown_tab(DeadlinesTab(ctx), qtbot, tender, (800, 900))


def _type_date(tab: DeadlinesTab, kind: str, day: QDate) -> QDate:
    """Type ``day`` in the editor of step ``kind`` and save it; the date shown before."""
    editor = tab.date_editor(kind)
    assert editor is not None
    before = editor.date()
    editor.setDate(day)
    tab.commit_milestones()
    return before


def _text(tab: DeadlinesTab, kind: str, column: int) -> str:
    row = tab.row_of(kind)
    assert row is not None, kind
    cell = tab.table.item(row, column)
    assert cell is not None
    return cell.text()


def test_dates_show_their_rule_and_skip_the_holidays(
    ctx: UiContext, qtbot: Any, tender: Tender
) -> None:
    tab = _tab(ctx, qtbot, tender)
    assert tab.countdown_label.text() == "J-8 · 5 jours ouvrés"
    assert _text(tab, "deadline", COL_DATE) == "mar. 12/05/2026 14 h"
    # Friday 8 May is a public holiday: the recommended upload is Thursday 7 May.
    upload = tab.date_editor("upload")
    assert upload is not None and upload.date() == QDate(2026, 5, 7)
    plan = tab.plan
    assert plan is not None
    upload_rule = plan.get("upload")
    assert upload_rule is not None and upload_rule.article
    assert _text(tab, "upload", COL_RULE) == upload_rule.article
    row = tab.row_of("upload")
    assert row is not None
    tooltip = tab.table.item(row, COL_STEP).toolTip()
    assert upload_rule.article in tooltip and "jeudi 7 mai 2026" in tooltip
    # The deadline itself is not editable; the retroplanning steps are.
    assert tab.date_editor("deadline") is None
    assert tab.date_editor("first_draft") is not None


def test_past_steps_are_flagged_in_words_not_hidden(
    ctx: UiContext, qtbot: Any, tender: Tender
) -> None:
    tab = _tab(ctx, qtbot, tender)
    plan = tab.plan
    assert plan is not None
    past = [d for d in plan.dates if d.in_past and not d.done]
    assert past, "with 5 working days left, the first draft is already late"
    for item in past:
        assert _text(tab, item.kind, COL_STATE).startswith("⚠ Date passée")
        assert _text(tab, item.kind, COL_STEP).startswith("⚠ ")
    assert _text(tab, "deadline", COL_STATE) == ""


def test_moving_a_step_saves_it_and_reset_restores_the_proposed_date(
    ctx: UiContext, qtbot: Any, tender: Tender, session: Session
) -> None:
    tab = _tab(ctx, qtbot, tender)
    proposed = _type_date(tab, "review", QDate(2026, 5, 6))
    service = DeadlineService(session)
    assert service.settings(tender.id).milestones == {"review": date(2026, 5, 6)}
    assert "modifiée" in _text(tab, "review", COL_STATE)
    row = tab.row_of("review")
    assert row is not None
    tab.table.selectRow(row)
    assert tab.reset_button.isEnabled() and tab.reset_all_button.isEnabled()
    tab.reset_button.click()
    assert service.settings(tender.id).milestones == {}
    restored = tab.date_editor("review")
    assert restored is not None and restored.date() == proposed
    assert not tab.reset_all_button.isEnabled()


def test_a_step_after_the_deadline_is_refused_with_a_french_message(
    ctx: UiContext, qtbot: Any, tender: Tender, session: Session
) -> None:
    tab = _tab(ctx, qtbot, tender)
    before = _type_date(tab, "signatures", QDate(2026, 5, 20))
    assert tab.table_error.isVisible()
    message = tab.table_error.text()
    assert message.startswith("« Signatures")
    assert "date limite" in message
    assert DeadlineService(session).settings(tender.id).milestones == {}
    shown = tab.date_editor("signatures")
    assert shown is not None and shown.date() == before


def test_typing_a_date_is_saved_after_a_pause(
    ctx: UiContext, qtbot: Any, tender: Tender, session: Session
) -> None:
    editor = _tab(ctx, qtbot, tender).date_editor("review")
    assert editor is not None and editor.date() != QDate(2026, 5, 6)
    editor.setDate(QDate(2026, 5, 6))  # no commit: the timer saves it
    service = DeadlineService(session)
    qtbot.waitUntil(lambda: bool(service.settings(tender.id).milestones), timeout=3000)
    assert service.settings(tender.id).milestones == {"review": date(2026, 5, 6)}


def test_ticking_a_step_done_stores_it(
    ctx: UiContext, qtbot: Any, tender: Tender, session: Session
) -> None:
    tab = _tab(ctx, qtbot, tender)
    row = tab.row_of("first_draft")
    assert row is not None
    tab.table.item(row, COL_DONE).setCheckState(Qt.CheckState.Checked)
    assert "first_draft" in DeadlineService(session).settings(tender.id).done
    assert _text(tab, "first_draft", COL_STATE) == "✓ Fait"
    assert not _text(tab, "first_draft", COL_STEP).startswith("⚠")


def test_groupement_adds_the_partners_step(
    ctx: UiContext, qtbot: Any, tender: Tender
) -> None:
    tab = _tab(ctx, qtbot, tender)
    assert tab.row_of("partners_confirmed") is None
    tab.groupement_check.setChecked(True)
    assert tab.row_of("partners_confirmed") is not None


def test_decision_dates_give_the_standstill_end_and_the_answer_date(
    ctx: UiContext, qtbot: Any, tender: Tender, session: Session
) -> None:
    tab = _tab(ctx, qtbot, tender)
    tab.rejection_edit.set_value(date(2026, 6, 1))
    tab.reasons_edit.set_value(date(2026, 6, 3))
    tab.commit_decision()
    # A MAPA: no standstill (R2182-1), the risk is said instead of a date.
    assert "pas de délai de suspension" in tab.standstill_label.text()
    assert "R2182-1" in tab.standstill_label.text()
    assert "jeudi 18 juin 2026" in tab.reasons_label.text()  # 15 days (R2181-2)
    assert "R2181-2" in tab.reasons_label.text()
    tab.electronic_check.setChecked(False)
    assert tab.row_of("standstill_end") is None
    stored = DeadlineService(session).settings(tender.id)
    assert stored.rejection_notice_on == date(2026, 6, 1)
    assert stored.rejection_notice_electronic is False
    assert stored.reasons_requested_on == date(2026, 6, 3)
    # The same dossier as an appel d'offres ouvert: référé by day 10, standstill 16 on paper.
    tender.procedure = Procedure.AOO
    saved = ctx.tenders.save(tender)
    tab.set_tender(saved)
    tab.reload()
    assert "mardi 16 juin 2026" in tab.standstill_label.text()
    assert "mercredi 17 juin 2026" in tab.standstill_label.text()
    assert "R2181-4" in tab.reasons_label.text()
    assert tab.row_of("standstill_end") is not None


def test_export_of_the_dossier_has_one_event_per_date_with_an_alarm(
    ctx: UiContext, qtbot: Any, tender: Tender, tmp_path: Path
) -> None:
    tab = _tab(ctx, qtbot, tender)
    ctx.prompts.script("save_file", tmp_path / f"echeances-dossier-{tender.id}.ics")
    out = tab.export_tender()
    assert out is not None and out.suffix == ".ics"
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert tab.plan is not None
    assert len(events) == len(tab.plan.dates) == tab.table.rowCount()
    # A reminder for every date still to come, none for a step already done.
    assert [len(e.walk("VALARM")) for e in events] == [int(not d.done) for d in tab.plan.dates]
    assert all("Entretien des berges (Syndicat du Gardon)" in str(e["SUMMARY"]) for e in events)


def test_a_dossier_without_deadline_explains_what_to_do(
    ctx: UiContext, qtbot: Any, services: Services
) -> None:
    undated = services.tenders.save({"title": "Sans date"}, services.structure_id())
    tab = _tab(ctx, qtbot, undated)
    assert tab.stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text() == NO_DEADLINE_TEXT
    tab.set_tender(None)
    assert "Sélectionnez une consultation" in tab.empty_label.text()


def test_the_tab_is_in_the_dossier_and_follows_the_selection(
    ctx: UiContext, qtbot: Any, services: Services
) -> None:
    saved = services.tenders.save(
        {"title": "Tonte des stades", "deadline": datetime(2030, 3, 5, 12, 0)},
        services.structure_id(),
    )
    page = open_dossier(tenders_page(ctx, qtbot), saved.id)
    tabs = page.dossier_tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Échéances" in titles
    tabs.setCurrentIndex(titles.index("Échéances"))
    tab = tabs.currentWidget()
    assert isinstance(tab, DeadlinesTab)
    assert tab.tender is not None and tab.tender.id == saved.id
    assert tab.row_of("deadline") is not None


def test_a_date_being_typed_is_saved_when_the_tab_is_left(
    ctx: UiContext, qtbot: Any, tender: Tender, session: Session
) -> None:
    editor = _tab(ctx, qtbot, tender).date_editor("signatures")
    assert editor is not None and tender.id is not None
    editor.setDate(QDate(2026, 5, 5))
    editor.window().hide()  # before the pause: the window is closed, another tab is chosen …
    assert DeadlineService(session).settings(tender.id).milestones == {
        "signatures": date(2026, 5, 5)
    }
