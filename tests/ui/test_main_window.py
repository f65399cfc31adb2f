"""The window shell: pages, shortcuts, remembered geometry, startup and workspace errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import responder.app as app_module
from responder.services.workspace import Session
from responder.ui.main_window import MainWindow
from responder.ui.pages.registry import PAGES, STRUCTURE, TENDERS

from .conftest import OpenWindow


def test_opens_on_consultations_with_french_menus(window: MainWindow, session: Session) -> None:
    assert window.current_page_key() == TENDERS
    assert window.sidebar.currentItem().text() == "Consultations"
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "Tableau de bord",
        "Consultations",
        "Références",
        "Bibliothèque de textes",
        "Partenaires",
        "Documents administratifs",
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
    assert set(window._pages) == {TENDERS}
    window.show_page(len(PAGES) - 1)
    assert STRUCTURE in window._pages


def test_ctrl_digit_switches_pages_and_ctrl_f_focuses_search(
    window: MainWindow, qtbot: Any
) -> None:
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == STRUCTURE
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "dashboard"
    summary = window.page("dashboard").summary  # type: ignore[attr-defined]
    assert summary.text() == "Aucun dossier en cours."
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


def test_closing_with_unsaved_changes_can_be_cancelled(
    window: MainWindow, answers: Any
) -> None:
    window.tenders_page.new_tender()
    window.tenders_page.editor.buyer_edit.setText("Ville d'Uzès")
    answers.unsaved = "cancel"
    assert window.close() is False
    assert window.isVisible()
    answers.unsaved = "discard"
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
    assert app_module.run_gui(folder) == 1
    assert shown and "dossier" in shown[0][1]


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
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "bench.responder")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-2:] == [
        "RESPONDER_WINDOW_SHOWN", "RESPONDER_CONTENT_SHOWN"
    ]


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


def test_dashboard_summary_counts_open_dossiers_and_next_deadline() -> None:
    from datetime import date, datetime

    from responder.domain.tender import Tender
    from responder.ui.pages.placeholder_page import summary_text

    tenders = [
        Tender(id=1, title="Espaces verts", deadline=datetime(2027, 3, 1, 12), status="veille"),
        Tender(id=2, title="Repassage", deadline=datetime(2027, 2, 10, 16),
               status="en_preparation"),
        Tender(id=3, title="Ancien", deadline=datetime(2027, 1, 2, 12), status="perdu"),
    ]
    text = summary_text(tenders, lambda: date(2027, 2, 1))
    assert text == (
        "2 dossiers en cours (veille ou en préparation).\n"
        "Prochaine date limite : « Repassage », le 10/02/2027 16:00 (dans 9 jours)."
    )
