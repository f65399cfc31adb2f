"""First launch on an empty data folder: the welcome page; both paths end on a dossier; the
demo is bannered on every page; Fichier › Nouvel espace / Ouvrir / Récents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from responder.services.demo import is_demo
from responder.services.workspace import open_session
from responder.ui.pages.registry import PAGES, TENDERS
from responder.ui.settings import UiSettings
from responder.ui.workspace_host import WorkspaceHost
from tests.ui.fakes import FakePrompts


def _prompts(host: WorkspaceHost) -> FakePrompts:
    """The host's scripted dialogs (an unscripted question fails the test)."""
    assert isinstance(host.prompts, FakePrompts)
    return host.prompts


@pytest.fixture
def host(tmp_path: Path) -> Iterator[WorkspaceHost]:
    data = tmp_path / "donnees"  # the empty data folder of a first launch
    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    made = WorkspaceHost(settings, data, FakePrompts())
    yield made
    assert not _prompts(made).messages  # no error was shown
    if made.window is not None:
        made.window.may_close = lambda: True  # type: ignore[method-assign]
    made.close_current()
    if made.welcome is not None:
        made.welcome.close()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_first_launch_shows_the_welcome_page(host: WorkspaceHost) -> None:
    target = host.data_dir / "espace-de-travail.responder"
    host.start(target)
    assert host.welcome is not None and host.welcome.isVisible()
    assert host.window is None
    assert not target.exists()  # nothing written before the user chooses


def test_the_demo_path_ends_on_a_dossier_bannered_on_every_page(host: WorkspaceHost) -> None:
    host.start(host.data_dir / "espace-de-travail.responder")
    assert host.welcome is not None
    host.welcome.demo_button.click()
    _settle()
    window = host.window
    assert window is not None and window.ctx is not None and window.ctx.session is not None
    assert window.ctx.workspace_path == host.demo_path()  # its own file
    assert is_demo(window.ctx.session)
    assert window.current_page_key() == TENDERS
    assert window.tenders_page.current_tender_id() is not None
    assert host.welcome is None
    for index, spec in enumerate(PAGES):
        window.show_page(index)
        _settle()
        assert window.demo_banner.isVisible(), spec.key
        # Above the page, not inside it: the banner never scrolls away.
        assert window.demo_banner.geometry().bottom() <= window.stack.mapTo(
            window.centralWidget(), window.stack.rect().topLeft()).y()
    # Fichier › Récents lists it for next time.
    assert host.demo_path().resolve() in [p.resolve() for p in host.recent()]


def test_own_structure_then_new_consultation_ends_on_its_title(
    host: WorkspaceHost, qtbot: Any
) -> None:
    target = host.data_dir / "espace-de-travail.responder"
    host.start(target)
    welcome = host.welcome
    assert welcome is not None
    welcome.own_button.click()
    welcome.name_edit.setText("Ressourcerie des Cévennes")
    welcome.siret_edit.setText("123")  # wrong: the French message names it
    welcome.continue_button.click()
    assert welcome.form_error.isVisible() and "SIRET" in welcome.form_error.text()
    assert not target.exists()
    welcome.siret_edit.clear()
    welcome.postcode_edit.setText("30100")
    welcome.city_edit.setText("Alès")
    welcome.status_boxes[next(iter(welcome.status_boxes))].setChecked(True)
    welcome.continue_button.click()
    assert welcome.stack.currentIndex() == 2  # « Et maintenant ? »
    welcome.new_button.click()
    _settle()
    window = host.window
    assert window is not None and window.ctx is not None
    structure = window.ctx.structures.current()
    assert structure.name == "Ressourcerie des Cévennes"
    assert structure.address.city == "Alès" and structure.ess_statuses
    assert not window.demo_banner.isVisible()
    page = window.tenders_page
    assert page.current_tender_id() is not None
    assert page.dossier_tabs.currentIndex() == 0  # the Consultation tab
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.editor.title_edit, timeout=3000)
    assert "Prochaine étape" in page.next_step_label.text()


def test_own_structure_then_import_rc_opens_the_rc_chooser(host: WorkspaceHost) -> None:
    host.start(host.data_dir / "espace-de-travail.responder")
    welcome = host.welcome
    assert welcome is not None
    welcome.own_button.click()
    welcome.name_edit.setText("SCIC Bois local")
    welcome.continue_button.click()
    asked: list[str] = []
    from responder.ui.pages import rc_import_action

    original = rc_import_action.RcImporter.import_chosen
    rc_import_action.RcImporter.import_chosen = (  # type: ignore[method-assign]
        lambda self: asked.append("rc") or None)
    try:
        welcome.import_button.click()
    finally:
        rc_import_action.RcImporter.import_chosen = original  # type: ignore[method-assign]
    assert asked == ["rc"]
    assert host.window is not None


def test_new_workspace_and_open_from_the_file_menu(host: WorkspaceHost, tmp_path: Path) -> None:
    other = tmp_path / "autre.responder"
    session = open_session(other)
    session.close()
    host.open(other)
    assert host.window is not None
    _prompts(host).script("save_file", tmp_path / "nouveau")
    welcome = host.new_workspace()
    assert welcome is not None and welcome.stack.currentIndex() == 1  # the form at once
    welcome.name_edit.setText("ESAT du Gard")
    welcome.continue_button.click()
    welcome.new_button.click()
    _settle()
    assert host.window is not None and host.window.ctx is not None
    assert host.window.ctx.workspace_path == tmp_path / "nouveau.responder"
    _prompts(host).script("open_file", other)
    host.window.may_close = lambda: True  # type: ignore[method-assign]
    host.open_chosen()
    assert host.window is not None and host.window.ctx is not None
    assert host.window.ctx.workspace_path == other
    recent = [p.name for p in host.recent()]
    assert recent[:2] == ["autre.responder", "nouveau.responder"]
    texts = [a.text() for a in host.window.workspace_menu.recent_menu.actions()]
    assert any("nouveau" in t for t in texts)


def test_next_launch_reopens_the_demo_until_the_user_has_a_workspace(tmp_path: Path) -> None:
    from responder.ui.workspace_host import startup_workspace

    default = tmp_path / "espace-de-travail.responder"
    demo = tmp_path / "exemple.responder"
    demo.write_bytes(b"")
    assert startup_workspace(default, default, []) == default  # first launch: welcome
    assert startup_workspace(default, default, [demo]) == demo
    other = tmp_path / "autre.responder"
    assert startup_workspace(other, default, [demo]) == other  # --workspace wins
    default.write_bytes(b"")
    assert startup_workspace(default, default, [demo]) == default


def test_run_gui_on_an_empty_data_folder_opens_the_welcome_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import responder.app as app_module
    from responder.services.locations import default_workspace_path
    from responder.ui.welcome import WelcomePage

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "donnees"))
    QSettings().remove("workspaces/recent")
    shown: list[object] = []

    def fake_exec(_app: object) -> int:  # the event loop, as far as this test needs
        shown.extend(w for w in QApplication.topLevelWidgets() if w.isVisible())
        for widget in QApplication.topLevelWidgets():
            widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    target = default_workspace_path()
    assert str(tmp_path) in str(target)
    assert app_module.run_gui(target) == 0
    from responder.ui.main_window import MainWindow

    assert any(isinstance(w, WelcomePage) for w in shown)
    assert not any(isinstance(w, MainWindow) for w in shown)  # no demo forced on the user
    assert not target.exists()


def test_an_opened_workspace_is_locked_and_released_when_another_replaces_it(
    host: WorkspaceHost, tmp_path: Path
) -> None:
    """Item 4 of the hardening issue, for Fichier › Ouvrir: the window holds the lock of the
    workspace it shows (a second window would be warned), and gives it back when the user
    opens another workspace."""
    from responder.services import instance

    first, second = tmp_path / "premier.responder", tmp_path / "second.responder"
    for path in (first, second):
        open_session(path).close()
    assert host.open(first) is not None
    assert instance.acquire(first) is None  # taken by the window
    assert host.open(second) is not None
    _settle()
    assert instance.acquire(second) is None
    freed = instance.acquire(first)
    assert freed is not None  # the first workspace is free again
    freed.release()
