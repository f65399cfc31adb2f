"""The window shell: pages, shortcuts, remembered geometry, startup and workspace errors."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import responder.app as app_module
from responder.services.structures import StructureService
from responder.services.workspace import Session, open_session
from responder.ui.main_window import MainWindow
from responder.ui.pages.registry import DASHBOARD, PAGES, STRUCTURE, TENDERS, page_index
from responder.ui.settings import UiSettings

from .conftest import OpenWindow
from .fakes import prompts_of


def test_opens_on_consultations_with_french_menus(window: MainWindow, session: Session) -> None:
    assert window.current_page_key() == TENDERS
    assert window.sidebar.currentItem().text() == "Consultations"
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert {"Guide de la réponse", "Aide et glossaire"} <= set(titles)
    assert titles[:9] == [
        "Tableau de bord",
        "Consultations",
        "Veille",
        "Références",
        "Bibliothèque de textes",
        "Partenaires",
        "Documents administratifs",
        "Bilan",
        "Ma structure",
    ]
    assert window.windowTitle() == "Responder — Ma structure"
    assert str(session.path) in window.path_label.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Fichier", "É&dition", "Affic&hage", "&Aide"]
    assert window.menu_actions.undo.text() == "Annuler"
    assert window.menu_actions.redo.text() == "Rétablir"
    assert window.menu_actions.redo.shortcut().toString() == "Ctrl+Shift+Z"


def test_pages_are_built_on_first_show(window: MainWindow) -> None:
    # The dashboard is computed at start-up to decide which page to open on.
    assert set(window.pages_host.pages) == {DASHBOARD, TENDERS}
    window.show_page(page_index(STRUCTURE))
    assert STRUCTURE in window.pages_host.pages


def test_ctrl_digit_switches_pages_and_ctrl_f_focuses_search(
    window: MainWindow, qtbot: Any
) -> None:
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == STRUCTURE
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "dashboard"
    dashboard = window.page("dashboard")
    assert dashboard.empty_label.isVisible()  # type: ignore[attr-defined]
    assert "Aucune consultation" in dashboard.empty_label.text()  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == TENDERS
    page = window.tenders_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search_edit


def test_window_remembers_geometry_and_splitters(
    open_window: OpenWindow, session: Session, qtbot: Any
) -> None:
    window = open_window(session)
    window.resize(780, 540)
    window.splitter.setSizes([170, 610])
    window.tenders_page.splitter.setSizes([200, 380])
    qtbot.wait(10)
    assert (window.width(), window.height()) == (780, 540)
    expected_page_sizes = window.tenders_page.splitter.sizes()
    expected_sidebar = window.splitter.sizes()[0]
    window.close()

    again = open_window(session)
    qtbot.wait(10)
    assert (again.width(), again.height()) == (780, 540)
    assert again.splitter.sizes()[0] == expected_sidebar
    assert again.tenders_page.splitter.sizes() == expected_page_sizes


def test_closing_with_unsaved_changes_can_be_cancelled(window: MainWindow) -> None:
    window.tenders_page.new_tender()
    window.tenders_page.editor.buyer_edit.setText("Ville d'Uzès")
    prompts = prompts_of(window.ctx).script("ask_unsaved", "cancel")
    assert window.close() is False
    assert window.isVisible()
    prompts.script("ask_unsaved", "discard")
    assert window.close() is True


def test_run_gui_reports_a_bad_workspace_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _p, title, text: shown.append((title, text)))
    )
    folder = tmp_path / "un-dossier"
    folder.mkdir()
    collecting: list[bool] = []
    real_open = app_module.open_locked

    def open_locked(*args: Any, **kwargs: Any) -> Any:
        collecting.append(gc.isenabled())
        return real_open(*args, **kwargs)

    monkeypatch.setattr(app_module, "open_locked", open_locked)
    assert app_module.run_gui(folder) == 1
    assert shown and "dossier" in shown[0][1]
    # The cycle collector is paused during the start-up only, whatever its end.
    assert collecting == [False]
    assert gc.isenabled()


def test_bench_hook_prints_the_marker_once_the_window_is_shown(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        RESPONDER_BENCH_STARTUP="1",
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    code = "import sys, pathlib; from responder.app import run_gui; " \
           "sys.exit(run_gui(pathlib.Path(sys.argv[1])))"
    # An existing workspace: a missing one opens the welcome page instead (first launch).
    open_session(tmp_path / "bench.responder").close()
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "bench.responder")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    # The list (here, with no structure yet, the page itself), then the page, are painted
    # before the dashboard is computed.
    assert done.stdout.strip().splitlines()[-4:] == [
        "RESPONDER_WINDOW_SHOWN", "RESPONDER_CONTENT_SHOWN", "RESPONDER_PAGE_READY",
        "RESPONDER_DASHBOARD_SHOWN",
    ]


FIRST_FRAME_PROBE = """
import sys, pathlib
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
import responder.app as app
from responder.ui.main_window import MainWindow

def first_frame():
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    print("qt-namespace", "Qt" in vars(QtCore))
    print("menus", [m.title() for m in window.menus], [len(m.actions()) for m in window.menus])
    print("sidebar", window.sidebar.count(), window.windowTitle())

app._print_bench_marker = first_frame
code = app.run_gui(pathlib.Path(sys.argv[1]))
window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
print("settled", code, all(len(m.actions()) for m in window.menus))
"""


def test_the_first_frame_shows_the_shell_and_its_menus_are_filled_just_after(
    tmp_path: Path,
) -> None:
    """The first frame needs none of Qt's ``Qt`` enums (created all at once on first use)
    and has the sidebar, the title and the menus' titles; the menus' actions, and so their
    shortcuts, are there once the window has settled."""
    env = dict(os.environ)
    env.update(RESPONDER_BENCH_STARTUP="1", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    open_session(tmp_path / "probe.responder").close()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE, str(tmp_path / "probe.responder")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if not line.startswith("RESPONDER_")]
    assert lines == [
        "qt-namespace False",
        "menus ['&Fichier', 'É&dition', 'Affic&hage', '&Aide'] [0, 0, 0, 0]",
        f"sidebar {len(PAGES)} Responder",
        "settled 0 True",
    ]


def test_the_shortcuts_work_once_the_shell_is_finished(qtbot: Any, ini_path: Path) -> None:
    settings = UiSettings(QSettings(str(ini_path), QSettings.Format.IniFormat))
    window = MainWindow(settings, ini_path.parent / "x.responder", finish_later=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert not any(menu.actions() for menu in window.menus)
    window.finish()
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == STRUCTURE
    assert window.menu_actions.pages[0].shortcut().toString() == "Ctrl+1"


def test_every_control_has_a_french_accessible_name(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QScrollBar, QWidget

    for index in range(len(PAGES)):
        window.show_page(index)
    unnamed = []
    for widget in window.findChildren(QWidget):
        parent = widget.parentWidget()
        if (
            widget.focusPolicy() == Qt.FocusPolicy.NoFocus
            or isinstance(widget, QScrollBar | QLabel)
            or isinstance(parent, QAbstractSpinBox | QComboBox)  # their inner line edit
            or widget.window() is not window  # combo popups
        ):
            continue
        if not widget.accessibleName().strip():
            unnamed.append(type(widget).__name__)
    assert unnamed == []


def _save_dossier_due_tomorrow(session: Session) -> None:
    from datetime import date, datetime, time, timedelta

    from responder.services.tenders import TenderService

    soon = datetime.combine(date.today() + timedelta(days=1), time(12, 0))
    TenderService(session).save(
        {"title": "Nettoyage des gymnases", "buyer": "Ville d'Alès", "deadline": soon,
         "status": "en_preparation"},
        StructureService(session).current().id,
    )


def test_opens_on_the_dashboard_when_a_date_is_due_within_a_week(
    open_window: OpenWindow, session: Session
) -> None:
    _save_dossier_due_tomorrow(session)
    window = open_window(session)
    assert window.current_page_key() == DASHBOARD
    assert window.sidebar.currentItem().text() == "Tableau de bord"
    assert "48 heures" in window.statusBar().currentMessage()
    assert window.page(DASHBOARD).banner.isVisible()  # type: ignore[attr-defined]


def test_gui_self_check_builds_every_page(qapp: object) -> None:
    """`responder self-test --gui` (run on the frozen bundle in CI) opens every page."""
    from responder.app import gui_self_check

    name, ok, detail = gui_self_check()
    assert ok, detail
    assert "fenêtre affichée" in detail


def test_start_up_paints_consultations_before_computing_the_dashboard(
    qtbot: Any, session: Session, ini_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from responder.ui.settings import UiSettings
    from tests.ui.fakes import FakePrompts

    _save_dossier_due_tomorrow(session)
    settings = UiSettings(QSettings(str(ini_path), QSettings.Format.IniFormat))
    window = MainWindow(settings, session.path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen: list[tuple[str, bool]] = []
    window.attach(
        app_module.build_context(session, settings, FakePrompts()), background=True,
        shown=lambda: seen.append(("shown", window.has_page(DASHBOARD))),
        ready=lambda: seen.append(("ready", window.has_page(DASHBOARD))),
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=20_000)
    # The dossier list is painted first; the dashboard is built and computed after it.
    assert seen == [("shown", False), ("ready", True)]
    # Its dossier selected, the window stays where the user landed; the notice still comes.
    assert window.current_page_key() == TENDERS
    assert window.tenders_page.current_tender_id() is not None
    assert "48 heures" in window.statusBar().currentMessage()
