"""« Tableau de bord »: sections, countdowns, legal warnings, the 48-hour notice, opening a
dossier from a row and the calendar export of every dossier."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from responder.services.checklist import ChecklistService
from responder.services.deadlines import DeadlineService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.main_window import MainWindow
from responder.ui.pages.dashboard_page import (
    COL_ALERT,
    COL_COUNTDOWN,
    COL_PIECES,
    COL_TITLE,
    COL_URGENCY,
    DashboardPage,
)
from responder.ui.pages.registry import DASHBOARD, TENDERS, page_index

from .conftest import Services
from .fakes import page_context

TODAY = date(2026, 4, 2)  # a Thursday; Easter Monday is on 6 April 2026


@pytest.fixture
def ctx(session: Session, ini_path: Path) -> UiContext:
    """The page's context on the test workspace, with a fixed « today » and FakePrompts."""
    return page_context(session, ini_path, today=lambda: TODAY)


def _save(services: Services, **data: Any) -> int:
    saved = services.tenders.save(data, services.structure_id())
    assert saved.id is not None
    return saved.id


@pytest.fixture
def dossiers(services: Services) -> dict[str, int]:
    """A short AOO, a MAPA due tomorrow (upload already overdue) and a lost one."""
    return {
        "aoo": _save(
            services, title="Nettoyage des locaux", buyer="Ville de Nîmes", procedure="aoo",
            published_on=date(2026, 4, 1), deadline=datetime(2026, 4, 20, 14, 0),
            status="en_preparation",
        ),
        "mapa": _save(
            services, title="Espaces verts du collège", buyer="Département du Gard",
            procedure="mapa", deadline=datetime(2026, 4, 3, 12, 0), status="en_preparation",
        ),
        "lost": _save(
            services, title="Ancien marché", buyer="Commune d'Uzès", procedure="mapa",
            deadline=datetime(2026, 3, 2, 12, 0), status="perdu",
        ),
    }


def _page(ctx: UiContext, qtbot: Any) -> DashboardPage:
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    return page


def _cell(page: DashboardPage, row: int, column: int, role: int = 0) -> Any:
    return page.model.index(row, column).data(role or Qt.ItemDataRole.DisplayRole)


def _row_of(page: DashboardPage, tender_id: int) -> int:
    return next(r for r in range(page.model.rowCount()) if page.model.tender_id(r) == tender_id)


def test_rows_say_urgency_in_words_with_countdown_and_progress(
    ctx: UiContext, dossiers: dict[str, int], qtbot: Any, session: Session
) -> None:
    page = _page(ctx, qtbot)
    # Most urgent first, by deadline: the MAPA is due tomorrow, the AOO in 18 days. The
    # MAPA's recommended upload (two working days before) is past: a badge, not the urgency.
    assert [page.model.tender_id(r) for r in range(3)] == [
        dossiers["mapa"], dossiers["aoo"], dossiers["lost"]
    ]
    assert _cell(page, 0, COL_URGENCY) == "● Cette semaine"
    assert "étapes en retard" in _cell(page, 0, COL_ALERT)
    assert _cell(page, 1, COL_URGENCY) == "○ Dans les 30 jours"
    assert _cell(page, 2, COL_URGENCY) == "Clos (Perdu)"
    # 3 → 20 April: 18 days, 11 working days (Easter Monday and weekends excluded).
    assert _cell(page, 1, COL_COUNTDOWN) == "J-18 · 11 jours ouvrés"
    assert _cell(page, 0, COL_COUNTDOWN) == "J-1 · 1 jour ouvré"
    assert _cell(page, 1, COL_TITLE) == "Nettoyage des locaux"
    progress = ChecklistService(session).view(dossiers["aoo"], TODAY).progress
    assert progress.total > 0
    assert _cell(page, 1, COL_PIECES) == f"{progress.ready} / {progress.total} prêtes"
    assert _cell(page, 1, COL_PIECES, Qt.ItemDataRole.ToolTipRole) == progress.text
    # Colour is never alone: the tint comes with its words.
    assert _cell(page, 0, COL_URGENCY, Qt.ItemDataRole.BackgroundRole) is not None


def test_a_short_aoo_is_flagged_with_the_articles_and_a_postponement(
    ctx: UiContext, dossiers: dict[str, int], qtbot: Any
) -> None:
    page = _page(ctx, qtbot)
    row = _row_of(page, dossiers["aoo"])
    assert "demandez un report" in _cell(page, row, COL_ALERT)
    tooltip = _cell(page, row, COL_ALERT, Qt.ItemDataRole.ToolTipRole)
    assert "R2161-2" in tooltip and "R2161-3" in tooltip
    assert page.warnings_label.isVisible()
    assert "« Nettoyage des locaux »" in page.warnings_label.text()
    assert "demandez un report" in page.warnings_label.text()
    # A lost dossier is not warned about, a MAPA has no legal minimum here.
    assert _cell(page, _row_of(page, dossiers["lost"]), COL_ALERT) == ""
    # The MAPA has no legal-delay warning, only its overdue internal steps as a badge.
    assert "Délai" not in _cell(page, _row_of(page, dossiers["mapa"]), COL_ALERT)


def test_sections_list_the_dated_items_of_open_dossiers(
    ctx: UiContext, dossiers: dict[str, int], qtbot: Any
) -> None:
    page = _page(ctx, qtbot)
    sections = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    assert [s.text(0).rsplit(" (", 1)[0] for s in sections] == [
        "⚠ En retard", "● Cette semaine", "○ 30 prochains jours"
    ]
    board = page.data.dashboard if page.data else None
    assert board is not None
    assert sections[0].text(0) == f"⚠ En retard ({len(board.overdue)})"
    overdue = [(sections[0].child(i).text(1), sections[0].child(i).text(3))
               for i in range(sections[0].childCount())]
    assert ("Dépôt de l'offre sur la plateforme", "Espaces verts du collège") in overdue
    this_week = [sections[1].child(i).text(1) for i in range(sections[1].childCount())]
    assert "Date limite de remise des offres" in this_week  # the MAPA, tomorrow at noon
    all_titles = {
        s.child(i).text(3) for s in sections for i in range(s.childCount())
    }
    assert "Ancien marché" not in all_titles
    counts = page.counts_label.text()
    assert f"En retard : {len(board.overdue)}" in counts


def test_48_hour_notice_is_dismissible_until_something_new_falls_due(
    ctx: UiContext, dossiers: dict[str, int], qtbot: Any, services: Services
) -> None:
    page = _page(ctx, qtbot)
    assert page.banner.isVisible()
    assert "48 heures" in page.banner_label.text()
    assert "en retard" in page.banner_label.text()
    assert page.needs_attention()
    assert "Tableau de bord" in page.notice()
    page.dismiss_button.click()
    assert not page.banner.isVisible()
    page.refresh()
    assert not page.banner.isVisible()  # same items: stays dismissed
    _save(services, title="Collecte des encombrants", buyer="Alès Agglomération",
          procedure="mapa", deadline=datetime(2026, 4, 3, 16, 0), status="veille")
    page.refresh()
    assert page.banner.isVisible()


def test_nothing_due_shows_no_notice_and_an_empty_state(ctx: UiContext, qtbot: Any) -> None:
    page = _page(ctx, qtbot)
    assert not page.banner.isVisible()
    assert page.empty_label.isVisible() and not page.table.isVisible()
    assert not page.needs_attention()
    assert page.notice() == ""


def test_enter_on_a_row_or_a_date_opens_the_dossier_on_consultations(
    window: MainWindow, services: Services, qtbot: Any
) -> None:
    deadline = datetime.combine(date.today() + timedelta(days=20), datetime.min.time())
    first = _save(services, title="Repassage", deadline=deadline.replace(hour=12),
                  status="veille")
    second = _save(services, title="Blanchisserie", deadline=deadline.replace(hour=16),
                   status="veille")
    window.show_page(page_index(DASHBOARD))
    page = window.page(DASHBOARD)
    assert isinstance(page, DashboardPage)
    row = _row_of(page, second)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_page_key() == TENDERS
    assert window.tenders_page.current_tender_id() == second

    window.show_page(page_index(DASHBOARD))
    section = page.tree.topLevelItem(2)  # « 30 prochains jours »: both deadlines
    item = next(section.child(i) for i in range(section.childCount())
                if section.child(i).text(3) == "Repassage")
    page.tree.setFocus()
    page.tree.setCurrentItem(item)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.current_page_key() == TENDERS
    assert window.tenders_page.current_tender_id() == first


def test_export_all_writes_one_event_per_date_with_alarms_and_stable_uids(
    ctx: UiContext, dossiers: dict[str, int], qtbot: Any, session: Session, tmp_path: Path
) -> None:
    page = _page(ctx, qtbot)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    ctx.prompts.script("save_file", tmp_path / "agenda", tmp_path / "agenda.ics")
    out = page.export_all()
    assert out == tmp_path / "agenda.ics"
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    expected = DeadlineService(session).events(None, TODAY)
    assert len(events) == len(expected) > 0
    assert [len(e.walk("VALARM")) for e in events] == [int(x.alarm) for x in expected]
    assert any("Nettoyage des locaux (Ville de Nîmes)" in str(e["SUMMARY"]) for e in events)
    assert messages and messages[-1].startswith(f"Agenda exporté : {len(events)} dates")
    uids = sorted(str(e["UID"]) for e in events)
    page.export_all()
    again = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in again) == uids


def test_cancelling_the_export_writes_nothing(
    ctx: UiContext, dossiers: dict[str, int], qtbot: Any, tmp_path: Path
) -> None:
    page = _page(ctx, qtbot)
    ctx.prompts.script("save_file", None)
    assert page.export_all() is None
    assert ctx.prompts.asked == [("save_file", "Exporter l'agenda", "echeances-responder.ics")]
    assert list(tmp_path.glob("*.ics")) == []


def test_a_closed_dossier_does_not_make_the_window_open_on_the_dashboard(
    session: Session, services: Services, open_window: Any
) -> None:
    _save(services, title="Ancien", deadline=datetime(2025, 1, 6, 12), status="perdu")
    window = open_window(session)
    assert window.current_page_key() == TENDERS
