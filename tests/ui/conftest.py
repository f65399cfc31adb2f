"""GUI test fixtures: a real workspace, the real window wiring, isolated QSettings, and
scripted answers instead of modal dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from responder.app import build_main_window, setup_application
from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.services.workspace import Session, open_session
from responder.ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def _qt_application(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> None:
    """French locale, translations and Fusion like the app; no QSettings outside tmp."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    setup_application(qapp)


def _no_modal(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("a modal dialog was opened in a test: script ctx.prompts instead")


@pytest.fixture(autouse=True)
def _forbid_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blocking dialog would hang the run: make it fail at once instead."""
    for name in ("question", "critical", "warning", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_no_modal))
    monkeypatch.setattr(QMessageBox, "exec", _no_modal)


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    """Where the test workspace lives (created on first open)."""
    return tmp_path / "espace.responder"


@pytest.fixture
def ini_path(tmp_path: Path) -> Path:
    """The isolated QSettings file of the window."""
    return tmp_path / "interface.ini"


@pytest.fixture
def session(workspace_path: Path) -> Iterator[Session]:
    """An open workspace (closed after the test)."""
    opened = open_session(workspace_path)
    yield opened
    opened.close()


@dataclass
class Services:
    tenders: TenderService
    structures: StructureService

    def structure_id(self) -> int:
        """Id of the current structure."""
        sid = self.structures.current().id
        assert sid is not None
        return sid


@pytest.fixture
def services(session: Session) -> Services:
    """The services on the test workspace, to prepare data and check what was stored."""
    return Services(TenderService(session), StructureService(session))


OpenWindow = Callable[[Session], MainWindow]

@pytest.fixture
def open_window(qtbot: Any, ini_path: Path) -> OpenWindow:
    """Build, show and activate a main window exactly as ``responder.app`` does, with
    ``FakePrompts`` as its dialogs (``window.ctx.prompts``)."""

    def _open(session: Session) -> MainWindow:
        from tests.ui.fakes import FakePrompts

        prompts = FakePrompts()
        window = build_main_window(
            session, QSettings(str(ini_path), QSettings.Format.IniFormat), prompts
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    return _open


@pytest.fixture
def window(open_window: OpenWindow, session: Session) -> MainWindow:
    """The main window on the test workspace."""
    return open_window(session)


@pytest.fixture
def ctx(session: Session, ini_path: Path) -> Any:
    """A page's context on the test workspace, with ``FakePrompts`` (``ctx.prompts``)."""
    from tests.ui.fakes import page_context

    return page_context(session, ini_path)
