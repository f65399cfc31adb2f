"""Which workspace the window shows: first launch (welcome page), the demo in its own file,
Fichier › Nouvel espace / Ouvrir / Récents. One main window at a time; opening another
workspace asks the current one about unsaved work, then replaces it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from .screen_fit import fit_to_screen
from .settings import UiSettings

if TYPE_CHECKING:
    from ..services.workspace import Session
    from .main_window import MainWindow
    from .prompts import Prompts
    from .welcome import WelcomePage

RECENT_KEY = "workspaces/recent"
MAX_RECENT = 8
WORKSPACE_FILTER = "Espace de travail Responder (*.responder)"


class WorkspaceHost:
    """Owns the open session and its main window (or the welcome page).

    Its questions go through ``prompts`` when given (a test's ``FakePrompts``, which the
    windows it opens receive too), else through ``Prompts`` on the window or welcome page.
    """

    def __init__(self, settings: UiSettings, data_dir: Path | None = None,
                 prompts: Prompts | None = None) -> None:
        self.settings = settings
        self._data_dir = None if data_dir is None else Path(data_dir)
        self.session: Session | None = None
        self.window: MainWindow | None = None
        self.welcome: WelcomePage | None = None
        self._target: Path | None = None
        self.prompts = prompts
        #: The instance lock of the open workspace (``services/instance.py``), released
        #: when another workspace replaces it.
        self.locks: list[object] = []

    @property
    def data_dir(self) -> Path:
        """Where new workspaces go by default: the user's data folder unless given (found
        when first needed, not before the window's first frame)."""
        if self._data_dir is None:
            from ..services.locations import default_workspace_path

            self._data_dir = default_workspace_path().parent
        return self._data_dir

    # --- first launch ------------------------------------------------------------------------
    def start(self, path: Path) -> None:
        """Open ``path``, or show the welcome page when it does not exist yet."""
        if Path(path).exists():
            self.open(Path(path))
        else:
            self.show_welcome(Path(path))

    def show_welcome(self, target: Path, *, structure_form: bool = False) -> WelcomePage:
        """The welcome page; « Commencer avec ma structure » will create ``target``."""
        from .welcome import WELCOME_TITLE, WelcomePage  # a start on a workspace needs none

        self._target = Path(target)
        page = WelcomePage()
        page.setWindowTitle(f"Responder — {WELCOME_TITLE}")
        page.demo_chosen.connect(self.open_demo)
        page.structure_ready.connect(self._create_own)
        page.next_chosen.connect(self._first_step)
        fit_to_screen(page, QSize(900, 640))
        if structure_form:
            page.show_structure_form()
        if self.welcome is not None:
            self.welcome.close()
        self.welcome = page
        page.show()
        return page

    def demo_path(self) -> Path:
        """Where the demo workspace lives: its own file, beside the user's."""
        from ..services.demo import DEMO_FILE

        return self.data_dir / DEMO_FILE

    def open_demo(self) -> MainWindow | None:
        """Create the demo workspace if needed, open it and show its first open dossier."""
        from ..services.demo import create_demo

        path = self.demo_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            create_demo(path).close()
        window = self.open(path)
        if window is None:
            return None
        self._close_welcome()
        assert window.ctx is not None
        tenders = [t for t in window.ctx.tenders.list(window.ctx.current_structure_id())
                   if t.is_open]
        if tenders and tenders[0].id is not None:
            window.open_tender(tenders[0].id)
        return window

    def _create_own(self, data: dict[str, Any]) -> None:
        from ..domain.common import InvalidInput
        from ..services.structures import StructureService
        from ..services.workspace import open_session
        from ..storage.db import WorkspaceError

        target = self._target or self.data_dir / "espace-de-travail.responder"
        if target.exists():
            target = _free_name(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            session = open_session(target)
            try:
                structures = StructureService(session)
                created = structures.save(data)
                assert created.id is not None
                structures.set_current(created.id)
            finally:
                session.close()
        except (InvalidInput, WorkspaceError, OSError) as exc:
            if self.welcome is not None:
                self.welcome.show_error(str(exc))
            return
        self._target = target
        if self.welcome is not None:
            self.welcome.show_next_step()

    def _first_step(self, choice: str) -> None:
        assert self._target is not None
        window = self.open(self._target)
        if window is None:
            return
        self._close_welcome()
        if choice == "import_rc":
            window.tenders_page.rc_importer.import_chosen()
        else:
            window.new_tender()

    def _close_welcome(self) -> None:
        if self.welcome is not None:
            self.welcome.close()
            self.welcome.deleteLater()
            self.welcome = None

    # --- opening -----------------------------------------------------------------------------
    def open(self, path: Path) -> MainWindow | None:
        """Open ``path`` in a new main window, replacing the current one; None on failure or
        when the user keeps the current one (unsaved work)."""
        from ..app import build_context, open_locked, warn_second_instance
        from ..storage.db import WorkspaceError
        from .main_window import MainWindow
        from .prompts import Prompts

        if self.window is not None and not self.window.may_close():
            return None
        # The lock is taken before opening: never offer a backup over a file in use.
        held = self.session is not None and _same_file(self.session.path, path)
        locks: list[object] = []
        try:
            session, second = open_locked(
                path, self._ask_restore, locks, held=held
            )
        except WorkspaceError as exc:
            self._prompts().error("Impossible d'ouvrir l'espace de travail", str(exc))
            return None
        if self.window is not None:
            self.window.save_settings()  # the new window opens where the old one was
        window = MainWindow(self.settings, Path(path))
        window.host = self
        # The dossier list is shown at once; the dashboard follows from the thread pool.
        context = build_context(session, self.settings, self.prompts or Prompts(window))
        window.attach(context, background=True)
        # Shown before the old one goes, so the application never has no window.
        window.show()
        kept, self.locks = (self.locks, []) if held else ([], self.locks)
        self.close_current()  # releases the old lock, unless the same file keeps it
        self.session, self.window = session, window
        self.locks = kept + locks
        if second:
            warn_second_instance(window)
        self.remember(Path(path))
        window.refresh_recent_menu()
        return window

    def adopt(self, window: MainWindow, session: Session) -> None:
        """Take charge of a window opened by the startup path (``run_gui``)."""
        window.host = self
        self.window, self.session = window, session
        self.remember(session.path)
        window.refresh_recent_menu()

    def close_current(self) -> None:
        """Close the current window (settings saved) and its session."""
        if self.window is not None:
            self.window.save_settings()
            self.window.host = None
            self.window.hide()
            self.window.deleteLater()
            self.window = None
            # The start-up set its objects aside from the cycle collector
            # (``app.resume_collector``); those of this window may now become garbage.
            gc.unfreeze()
        if self.session is not None:
            self.session.close()
            self.session = None
        while self.locks:
            lock = self.locks.pop()
            release = getattr(lock, "release", None)
            if release is not None:
                release()

    # --- Fichier menu ------------------------------------------------------------------------
    def new_workspace(self) -> WelcomePage | None:
        """Fichier › Nouvel espace de travail… : choose a file, then the guided form."""
        path = self._ask_new_path()
        if path is None:
            return None
        if path.suffix != ".responder":
            path = path.with_suffix(".responder")
        if path.exists():
            self._prompts().error("Nouvel espace de travail",
                       f"« {path.name} » existe déjà : choisissez un autre nom, ou ouvrez-le "
                       "avec Fichier › Ouvrir.")
            return None
        return self.show_welcome(path, structure_form=True)

    def open_chosen(self) -> MainWindow | None:
        """Fichier › Ouvrir un espace de travail…"""
        path = self._ask_open_path()
        return self.open(path) if path is not None else None

    def recent(self) -> list[Path]:
        """Recently opened workspaces that still exist, most recent first."""
        raw = self.settings.qsettings.value(RECENT_KEY) or []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [Path(p) for p in items if p and Path(p).exists()]

    def remember(self, path: Path) -> None:
        """Put ``path`` first in the recent list."""
        text = str(Path(path).resolve())
        items = [text] + [str(p) for p in self.recent() if str(p) != text]
        self.settings.qsettings.setValue(RECENT_KEY, items[:MAX_RECENT])

    # --- dialogs -----------------------------------------------------------------------------
    def _parent(self) -> QWidget | None:
        return self.window or self.welcome

    def _prompts(self) -> Prompts:
        from .prompts import Prompts

        return self.prompts or Prompts(self._parent())

    def _ask_new_path(self) -> Path | None:
        return self._prompts().save_file(
            "Nouvel espace de travail", "nouvel-espace.responder", WORKSPACE_FILTER,
            folder=self.data_dir,
        )

    def _ask_open_path(self) -> Path | None:
        return self._prompts().open_file(
            "Ouvrir un espace de travail", WORKSPACE_FILTER, folder=self.data_dir
        )

    def _ask_restore(self, question: str) -> bool:
        return self._prompts().ask_yes_no("Espace de travail illisible", question)


def startup_workspace(requested: Path, default: Path, recent: list[Path]) -> Path:
    """The workspace to open at start: ``requested``, except that a missing default one
    (no workspace of one's own yet) gives way to the one opened last time, e.g. the demo."""
    if requested == default and not default.exists() and recent:
        return recent[0]
    return requested


def _free_name(path: Path) -> Path:
    """``espace-2.responder`` … the first name not taken beside ``path``."""
    for number in range(2, 1000):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise OSError(f"Aucun nom libre à côté de « {path} ».")


def _same_file(first: Path, second: Path) -> bool:
    """True when both paths name the same workspace file."""
    return Path(first).expanduser().resolve() == Path(second).expanduser().resolve()
