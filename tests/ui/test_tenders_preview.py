"""The Consultations list painted at start-up from the file, before the page exists: the same
lines as the page, then the page takes over what the user did in it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from responder.app import build_context, listing_steps
from responder.domain.enums import TenderStatus
from responder.services.demo import create_demo
from responder.services.workspace import Session
from responder.storage.listing import read_listing
from responder.ui.main_window import MainWindow
from responder.ui.models.tender_table import (
    COL_BUYER,
    COL_DAYS,
    COL_DEADLINE,
    COL_PROCEDURE,
    COL_REFERENCE,
    COL_STATUS,
    COL_TITLE,
    ID_ROLE,
)
from responder.ui.pages.registry import TENDERS
from responder.ui.pages.tenders.preview import OPENING_TEXT, TendersPreview
from responder.ui.settings import UiSettings

from .conftest import Services
from .fakes import FakePrompts
from .helpers import shown_ids, tenders_page

#: The columns read from the file (the pieces and the next step need the dossier).
LISTED = (COL_TITLE, COL_BUYER, COL_REFERENCE, COL_PROCEDURE, COL_DEADLINE, COL_DAYS,
          COL_STATUS)
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole)


def _fill(services: Services) -> list[int]:
    """Dossiers of every kind the list draws differently."""
    sid = services.structure_id()
    soon = datetime.now().replace(second=0, microsecond=0) + timedelta(days=3)
    made = [
        services.tenders.save({"title": "Entretien des espaces verts", "buyer": "Commune",
                               "reference": "AO-1", "deadline": soon,
                               "status": "en_preparation"}, sid),
        services.tenders.save({"title": "Nettoyage des locaux", "buyer": "Département",
                               "deadline": soon - timedelta(days=20),
                               "status": "veille"}, sid),
        services.tenders.save({"title": "Restauration collective", "procedure": "aor",
                               "candidatures_deadline": soon + timedelta(days=30)}, sid),
        services.tenders.save({"title": "Blanchisserie", "status": "perdu",
                               "deadline": soon - timedelta(days=60)}, sid),
        services.tenders.save({"title": "Sans date", "buyer": "Syndicat mixte"}, sid),
        services.tenders.save({"title": "Gardiennage", "status": "en_preparation",
                               "deadline": soon + timedelta(days=9),
                               "go_no_go": {"decision": "no_go"}}, sid),
        services.tenders.save({"title": "Transport scolaire", "procedure": "negociee",
                               "candidatures_deadline": soon - timedelta(days=2),
                               "deadline": soon + timedelta(days=15)}, sid),
    ]
    return [t.id for t in made if t.id is not None]


def _cells(view: Any) -> list[list[object]]:
    proxy = view.proxy
    return [[proxy.index(row, column).data(role) for column in LISTED for role in ROLES]
            for row in range(proxy.rowCount())]


def _settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


def _filled_preview(services: Services, ctx: Any, path: Path, qtbot: Any) -> TendersPreview:
    """The start-up's list of the test workspace once filled by ``_fill``."""
    _fill(services)
    listing = read_listing(path)
    assert listing is not None
    preview = TendersPreview(listing, ctx.settings)
    qtbot.addWidget(preview)
    return preview


def test_the_startup_list_draws_every_line_as_the_page_does(
    services: Services, ctx: Any, workspace_path: Path, qtbot: Any
) -> None:
    preview = _filled_preview(services, ctx, workspace_path, qtbot)
    page = tenders_page(ctx, qtbot)
    assert shown_ids(preview) == shown_ids(page)  # type: ignore[arg-type]
    assert len(shown_ids(page)) == 7
    assert _cells(preview) == _cells(page)
    statuses = [page.proxy.index(r, COL_STATUS).data() for r in range(page.proxy.rowCount())]
    assert "En préparation · no-go" in statuses  # the go / no-go read from the file too
    # the first dossier selected in both; the form is announced, not drawn
    assert preview.selected_id() == page.current_tender_id()
    assert preview.hint_label.text() == OPENING_TEXT
    assert preview.dossier_tabs.count() == 0
    assert not any(button.isEnabled() for button in (
        preview.new_button, preview.duplicate_button, preview.delete_button,
        preview.import_rc_button))


def test_the_startup_list_filters_as_the_page_does(
    services: Services, ctx: Any, workspace_path: Path, qtbot: Any
) -> None:
    preview = _filled_preview(services, ctx, workspace_path, qtbot)
    preview.search_edit.setText("departement")  # accents and case ignored
    assert [preview.proxy.index(r, COL_TITLE).data() for r in range(preview.proxy.rowCount())] \
        == ["Nettoyage des locaux"]
    preview.search_edit.clear()
    preview.status_combo.setCurrentIndex(preview.status_combo.findData(TenderStatus.PERDU))
    assert [preview.proxy.index(r, COL_TITLE).data() for r in range(preview.proxy.rowCount())] \
        == ["Blanchisserie"]


def test_the_page_takes_over_what_the_user_did_in_the_startup_list(
    session: Session, services: Services, workspace_path: Path, tmp_path: Path, qtbot: Any
) -> None:
    ids = _fill(services)
    settings = _settings(tmp_path)
    window = MainWindow(settings, workspace_path)
    qtbot.addWidget(window)
    listing = read_listing(workspace_path)
    assert listing is not None
    preview = TendersPreview(listing, settings)
    window.pages_host.show_preview(preview)
    window.show()
    qtbot.waitExposed(window)
    assert preview.isVisible() and not window.loading_label.isVisible()
    window.activateWindow()
    # Before the page is there, the user sorts by Objet, picks a dossier (the list has the
    # keyboard), keeps the dossiers in veille and types a search.
    preview.table.horizontalHeader().setSortIndicator(COL_TITLE, Qt.SortOrder.AscendingOrder)
    chosen = ids[4]  # « Sans date »
    row = next(r for r in range(preview.proxy.rowCount())
               if preview.proxy.index(r, 0).data(ID_ROLE) == chosen)
    qtbot.mouseClick(preview.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=preview.table.visualRect(preview.proxy.index(row, 0)).center())
    assert preview.selected_id() == chosen
    qtbot.waitUntil(lambda: QApplication.focusWidget() is preview.table)
    preview.status_combo.setCurrentIndex(preview.status_combo.findData(TenderStatus.VEILLE))
    preview.search_edit.setText("syndicat")
    # As the app does: the page built on the next turns of the event loop.
    window.attach(build_context(session, settings, FakePrompts()), background=True)
    qtbot.waitUntil(lambda: window.has_page(TENDERS))
    page = window.tenders_page
    assert window.pages_host.preview is None
    qtbot.waitUntil(lambda: not isValid(preview))  # the list is gone
    assert page.current_tender_id() == chosen
    assert page.editor.title_edit.text() == "Sans date"
    assert page.search_edit.text() == "syndicat"
    assert page.status_combo.currentData() == TenderStatus.VEILLE
    assert shown_ids(page) == [chosen]
    assert page.table.horizontalHeader().sortIndicatorSection() == COL_TITLE
    page.clear_filters()
    titles = [page.proxy.index(r, COL_TITLE).data() for r in range(page.proxy.rowCount())]
    assert titles == sorted(titles)  # still sorted as the user asked
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)  # the keyboard too


def test_a_demo_workspace_is_listed_with_its_banner_and_title(
    tmp_path: Path, qtbot: Any
) -> None:
    path = tmp_path / "demo.responder"
    create_demo(path).close()
    window = MainWindow(_settings(tmp_path), path, finish_later=True)
    qtbot.addWidget(window)
    for step in listing_steps(QApplication.instance(), window, path, False):  # type: ignore[arg-type]
        step()
    preview = window.pages_host.preview
    assert preview is not None
    assert window.windowTitle() == "Responder — Ressourcerie du Pont-Vieux"
    assert window.finished and not window.demo_banner.isHidden()
    assert preview.proxy.rowCount() == 3


def test_a_damaged_file_shows_nothing_before_the_real_opening(
    tmp_path: Path, qtbot: Any
) -> None:
    path = tmp_path / "abime.responder"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    window = MainWindow(_settings(tmp_path), path, finish_later=True)
    qtbot.addWidget(window)
    for step in listing_steps(QApplication.instance(), window, path, False):  # type: ignore[arg-type]
        step()
    assert window.pages_host.preview is None
    assert window.windowTitle() == "Responder"
    assert not window.loading_label.isHidden()  # « Ouverture de l'espace de travail… »
    assert path.read_bytes()[16:] == b"\x13" * 4000


def test_a_structure_without_dossiers_is_listed_as_the_page_lists_it(
    services: Services, ctx: Any, workspace_path: Path, qtbot: Any
) -> None:
    services.structure_id()  # the structure exists, with no dossier yet
    listing = read_listing(workspace_path)
    assert listing is not None and listing.tenders == ()
    preview = TendersPreview(listing, ctx.settings)
    qtbot.addWidget(preview)
    page = tenders_page(ctx, qtbot)
    for view in (preview, page):
        assert view.list_stack.currentWidget() is view.empty_label
    assert preview.empty_label.text() == page.empty_label.text()
    assert preview.hint_label.text() == page.hint_label.text()
    assert preview.selected_id() is None
