"""GUI bootstrap: QApplication, French Qt translations, Fusion style, explicit wiring.

Startup is progressive so the window appears at once: the window shell (Qt only) is shown
and painted first; the workspace is opened and its pages built right after that first
paint, which is when the domain models (pydantic), the storage (sqlite3) and services are
imported.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QSettings,
    QTimer,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .ui.main_window import MainWindow
from .ui.settings import UiSettings

if TYPE_CHECKING:
    from .services.workspace import Session
    from .ui.context import UiContext
    from .ui.prompts import Prompts
    from .ui.workspace_host import WorkspaceHost

APP_NAME = "Responder"
BENCH_ENV = "RESPONDER_BENCH_STARTUP"
BENCH_MARKER = "RESPONDER_WINDOW_SHOWN"
#: Printed in bench mode once the Consultations list is painted with the workspace's dossiers
#: (read from the file at start-up: ``ui/pages/tenders/preview.py``).
BENCH_CONTENT_MARKER = "RESPONDER_CONTENT_SHOWN"
#: Printed in bench mode once the Consultations page itself is there (the first dossier's
#: form filled, every action available).
BENCH_PAGE_MARKER = "RESPONDER_PAGE_READY"
#: Printed in bench mode once the dashboard is computed too (the bench's process then exits).
BENCH_DASHBOARD_MARKER = "RESPONDER_DASHBOARD_SHOWN"
OPEN_ERROR_TITLE = "Impossible d'ouvrir l'espace de travail"
#: What opening the workspace and showing the Consultations page with its first dossier
#: import (about 0.15 s in all), one module per turn of the event loop so that no turn holds
#: the window long (the dashboard's come after that page: ``ui/startup.py``).
START_IMPORTS = (
    "pydantic", "pydantic.main", "pydantic.types", "responder.domain.common",
    "responder.domain.identifiers", "responder.domain.groupement", "responder.domain.tender",
    "responder.storage.repositories", "responder.services.workspace", "responder.ui.context",
    "responder.services.deadlines",
)
#: The models validated first (the window's title, the dossier list, the first dossier's
#: date warnings): pydantic builds a model's validator on its first use (``defer_build``);
#: built here, each in its own turn, not in the page's build.
START_MODELS = (
    "responder.domain.structure:Structure", "responder.domain.tender:Tender",
    "responder.domain.law:Rule", "responder.services.deadlines.service:DossierDateSettings",
    "responder.domain.outcome:LotOutcome", "responder.domain.deadlines.models:ComputedDate",
    "responder.domain.deadlines.models:DossierPlan",
)
#: Python's cycle collector is paused while the app starts (see ``resume_collector``), at most
#: this long.
COLLECTOR_PAUSE_MS = 10_000


def install_wheel_guard(app: QApplication) -> None:
    """The wheel guard (``ui/widgets/wheel_guard.py``), imported when installed: its module
    uses Qt's ``Qt`` namespace, whose enums are created on first use (not before the shell's
    first paint)."""
    from .ui.widgets.wheel_guard import install_wheel_guard as install

    install(app)


def setup_application(app: QApplication, *, wheel_guard: bool = True) -> None:
    """Names (for QSettings), Fusion style, French locale and Qt's own French translations.

    No application display name: Qt would append it to every window title, which already
    starts with « Responder — ». The wheel guard keeps scrolling from changing form values;
    without ``wheel_guard`` the caller installs it later (``run_gui``: after the first paint
    of the window, which has no combo nor spin box until the workspace is attached).
    """
    from .ui.qt_french import install_french

    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setStyle("Fusion")
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    install_french(app)
    if wheel_guard:
        install_wheel_guard(app)


def build_context(session: Session, settings: UiSettings,
                  prompts: Prompts | None = None) -> UiContext:
    """The services of an open workspace, as the pages receive them."""
    from .services.structures import StructureService
    from .services.tenders import TenderService
    from .ui.context import UiContext
    from .ui.prompts import Prompts

    return UiContext(
        tenders=TenderService(session),
        structures=StructureService(session),
        settings=settings,
        workspace_path=session.path,
        session=session,
        prompts=prompts or Prompts(),
    )


def build_main_window(session: Session, settings: QSettings | None = None,
                      prompts: Prompts | None = None) -> MainWindow:
    """The main window wired to an open workspace (``settings`` and ``prompts``:
    injectable for tests)."""
    ui_settings = UiSettings(settings)
    window = MainWindow(ui_settings, session.path)
    window.attach(build_context(session, ui_settings, prompts))
    return window


def run_gui(workspace: Path) -> int:
    """Open ``workspace`` in the main window and run the event loop; returns the exit code.

    The window is shown first, then the workspace is opened: a ``WorkspaceError`` is shown
    in a French message box and the function returns 1. The session is closed at exit.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    setup_application(app, wheel_guard=False)
    settings = UiSettings()
    # The host's module imports the welcome page only when it shows it.
    from .services.locations import default_workspace_path
    from .ui.workspace_host import WorkspaceHost, startup_workspace

    host = WorkspaceHost(settings)
    requested = Path(workspace).expanduser()
    if not requested.exists():
        # A missing default workspace gives way to the one opened last time (e.g. the demo).
        requested = startup_workspace(requested, default_workspace_path(), host.recent())
    if not requested.exists():
        # First launch: the welcome page (demo in its own file, or the user's structure).
        install_wheel_guard(app)
        host.show_welcome(requested)
    else:
        # The shell is painted first, so it is on screen while the workspace opens.
        window = MainWindow(settings, requested, finish_later=True)
        AfterFirstPaint(window, lambda: _open_at_start(app, window, host, requested))
        gc.disable()  # until the start-up is over (``resume_collector``)
        QTimer.singleShot(COLLECTOR_PAUSE_MS, resume_collector)
        window.show()
    try:
        return app.exec()
    finally:
        resume_collector()
        host.close_current()  # the session was adopted by the host, which closes it


def resume_collector() -> None:
    """Start Python's cycle collector again after the start-up, which paused it.

    What the start-up makes (modules, classes, validators, widgets) lives as long as the app:
    each full pass of the collector over it took 35-40 ms of the UI thread, twice before the
    dashboard. Once started, those objects are set aside (``gc.freeze``), so later passes only
    look at what the session makes; ``WorkspaceHost.close_current`` gives them back to the
    collector when their window goes.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _open_at_start(app: QApplication, window: MainWindow, host: WorkspaceHost,
                   workspace: Path) -> None:
    """After the shell's first paint, one step per turn of the event loop: the dossier list
    read from the file and shown (``listing_steps``), the wheel guard, the rest of the shell
    (``MainWindow.finish``: menus, shortcuts), what the workspace needs imported and the first
    models' validators built, then ``_open_and_attach``."""
    bench = os.environ.get(BENCH_ENV) == "1"
    if bench:
        _print_bench_marker()
    from .ui.startup import in_turns

    imports: list[Callable[[], object]] = [
        partial(importlib.import_module, name) for name in START_IMPORTS
    ]
    models = [partial(_build_model, path) for path in START_MODELS]
    in_turns(window, [*listing_steps(app, window, workspace, bench),
                      partial(install_wheel_guard, app), window.finish, *imports, *models,
                      lambda: _open_and_attach(app, window, host, workspace, bench)])


def listing_steps(app: QApplication, window: MainWindow, workspace: Path,
                  bench: bool) -> list[Callable[[], object]]:
    """The Consultations list read straight from the workspace file and shown, the window
    titled with its structure, while the rest opens; nothing when the file cannot be read as
    is (the real opening then says why). One turn of the event loop each: read the file and
    import what shows it; the rest of the shell when the data is the demo's (its banner);
    build and show the list. ``bench``: print the content marker once painted."""
    from .storage.listing import Listing

    found: list[Listing] = []

    def read() -> None:
        from .storage.listing import read_listing

        listing = read_listing(workspace)
        if listing is not None:
            importlib.import_module("responder.ui.pages.tenders.preview")
            found.append(listing)

    def banner() -> None:
        if found and found[0].demo:  # fictitious data is never shown without the banner
            window.finish()
            window.demo_banner.setVisible(True)

    def show() -> None:
        if not found:
            return
        from .ui.pages.tenders.preview import TendersPreview

        window.show_structure_name(found[0].structure_name)
        window.pages_host.show_preview(TendersPreview(found[0], window.settings))
        if bench:
            _print_painted(app, window, BENCH_CONTENT_MARKER)

    return [read, banner, show]


def _print_painted(app: QApplication, window: MainWindow, marker: str) -> None:
    """Bench mode: paint the window now, then print ``marker``."""
    window.repaint()
    app.processEvents()
    print(marker, flush=True)


def _build_model(path: str) -> None:
    """Build the validator of the pydantic model at ``module:Name`` now (not on first use)."""
    module, name = path.split(":")
    getattr(importlib.import_module(module), name).model_rebuild()


def _open_and_attach(app: QApplication, window: MainWindow, host: WorkspaceHost,
                     workspace: Path, bench: bool) -> None:
    """Lock and open the workspace, attach it (the dashboard follows from the thread pool),
    hand it to the host, plan the day's backup (``bench``: print the bench's markers
    instead, then exit once the dashboard is computed)."""
    from .storage.db import WorkspaceError
    from .ui.prompts import Prompts

    prompts = Prompts(window)
    try:
        session, second = open_locked(
            workspace, lambda question: prompts.ask_yes_no(OPEN_ERROR_TITLE, question),
            host.locks,  # the host releases it when another workspace replaces this one
        )
    except WorkspaceError as exc:
        prompts.error(OPEN_ERROR_TITLE, str(exc))
        window.hide()
        app.exit(1)
        return

    listed = window.pages_host.preview is not None

    def content_shown() -> None:
        if bench:
            markers = (BENCH_PAGE_MARKER,) if listed else (BENCH_CONTENT_MARKER,
                                                           BENCH_PAGE_MARKER)
            for marker in markers:
                _print_painted(app, window, marker)

    def dashboard_ready() -> None:
        resume_collector()
        if bench:
            print(BENCH_DASHBOARD_MARKER, flush=True)
            app.exit(0)

    window.attach(build_context(session, window.settings), background=True,
                  ready=dashboard_ready, shown=content_shown)
    host.adopt(window, session)
    if second:
        warn_second_instance(window)
    if not bench:
        schedule_daily_backup(workspace)


def warn_if_second_instance(window: MainWindow, workspace: Path, locks: list[object]) -> bool:
    """Take the workspace's instance lock; when another window holds it, say so (status bar
    and a non-blocking warning) and return True."""
    from .services.instance import acquire

    lock = acquire(Path(workspace).expanduser())
    if lock is not None:
        locks.append(lock)
        return False
    warn_second_instance(window)
    return True


def warn_second_instance(window: MainWindow) -> None:
    """Say that another window has the workspace open (status bar, non-blocking warning)."""
    from .services.instance import SECOND_INSTANCE

    window.show_message(SECOND_INSTANCE)
    box = QMessageBox(QMessageBox.Icon.Warning, "Déjà ouvert ailleurs", SECOND_INSTANCE,
                      QMessageBox.StandardButton.Ok, window)
    box.setModal(False)
    box.show()


def open_or_recover(workspace: Path, ask: Callable[[str], bool]) -> Session:
    """Open the workspace; when it fails (damaged file …), offer the latest good backup.

    ``ask`` receives the French question « Restaurer la dernière sauvegarde (date) ? » and
    returns the answer (a message box in the app, a plain function in tests). Raises the
    original ``WorkspaceError`` when there is no backup, the user declines, or the restored
    file does not open either.
    """
    from .services.workspace import open_session
    from .storage.db import WorkspaceError
    from .ui.dossier_exchange import recover_workspace

    try:
        return open_session(workspace)
    except WorkspaceError as exc:
        if not recover_workspace(Path(workspace), str(exc), ask):
            raise
        return open_session(workspace)


def open_locked(workspace: Path, ask: Callable[[str], bool], locks: list[object], *,
                held: bool = False) -> tuple[Session, bool]:
    """Take the workspace's instance lock FIRST, then open it; returns the session and
    whether another process has it open.

    A backup is offered (``ask``) only when this process holds the lock: a backup is never
    restored over a file another window is using. ``held``: this process already holds
    the lock (the same workspace opened again). The lock is appended to ``locks``.
    """
    from .services.instance import acquire
    from .storage.db import WorkspaceError

    lock = None if held else acquire(Path(workspace).expanduser())
    owned = held or lock is not None
    try:
        session = open_or_recover(workspace, ask if owned else lambda _question: False)
    except WorkspaceError:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        locks.append(lock)
    return session, not owned


def schedule_daily_backup(workspace: Path, delay_ms: int = 3000) -> None:
    """The day's first backup, a few seconds after the window is usable, in a thread.

    The copy uses its own read-only SQLite connection (online backup API), so the user can
    keep working meanwhile; a failure is only printed (the next start tries again).
    """
    import threading

    def work() -> None:
        from .services.backup import daily_backup

        try:
            daily_backup(Path(workspace))
        except Exception as exc:  # noqa: BLE001 - a background backup must never crash the app
            print(f"Sauvegarde quotidienne impossible : {exc}", file=sys.stderr)

    def start() -> None:
        threading.Thread(target=work, name="sauvegarde-quotidienne", daemon=True).start()

    QTimer.singleShot(delay_ms, start)


class AfterFirstPaint(QObject):
    """Calls ``callback`` once, just after ``widget`` is first painted (or after a delay)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None], delay_ms: int = 500):
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._done = False
        widget.installEventFilter(self)
        QTimer.singleShot(delay_ms, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """On the first paint, schedule the callback for right after it."""
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._widget.removeEventFilter(self)
        self._callback()


def _print_bench_marker() -> None:
    """Startup benchmark hook: the window is shown and its first paint done."""
    print(BENCH_MARKER, flush=True)


def gui_self_check() -> tuple[str, bool, str]:
    """``responder self-test --gui``: build the main window on a throw-away workspace.

    Uses the real display when there is one (so a bundle missing its Qt platform libraries
    is caught), the offscreen platform otherwise.
    """
    import tempfile

    from .services.demo import create_demo

    name = "interface graphique"
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication([])
        setup_application(app)
        with tempfile.TemporaryDirectory(prefix="responder-") as tmp:
            session = create_demo(Path(tmp) / "auto-test.responder")
            try:
                ini = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
                window = build_main_window(session, ini)
                window.show()
                app.processEvents()
                shown = window.isVisible()
                # Build every page (and, with Consultations, every dossier tab): pages are
                # imported by name, which a frozen bundle can miss.
                for index in range(window.stack.count()):
                    window.show_page(index)
                    app.processEvents()
                window.close()
                window.deleteLater()
                app.processEvents()
            finally:
                session.close()
        french = QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    except Exception as exc:  # noqa: BLE001 - reported, not raised: this is a diagnosis
        return (name, False, f"{type(exc).__name__} : {exc}")
    detail = (
        f"fenêtre {'affichée' if shown else 'non affichée'} (plateforme {app.platformName()}), "
        f"traductions Qt {'françaises chargées' if french else 'françaises absentes'}"
    )
    return (name, shown and french, detail)
