"""The dashboard at start-up: its 48-hour notice in the status bar, and the window switched
to it when something is overdue or due within a week.

``in_background`` is the app's path: the page shown stays usable while the dashboard is
computed on the thread pool; ``at_once`` computes it before returning (tests, self-test).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shiboken6 import isValid

from .pages.registry import DASHBOARD, TENDERS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from .main_window import MainWindow

Ready = Callable[[], None] | None


def _announce(window: MainWindow, dashboard: QWidget) -> bool:
    """Put the notice in the status bar; True when the dashboard needs attention."""
    notice = getattr(dashboard, "notice", lambda: "")()
    if notice:
        window.show_message(notice)
    return bool(getattr(dashboard, "needs_attention", lambda: False)())


def at_once(window: MainWindow) -> bool:
    """Compute the dashboard now and show it if urgent; True if shown."""
    dashboard = window.page(DASHBOARD)
    refresh = getattr(dashboard, "refresh", None)
    if refresh is None:
        return False
    refresh()
    if not _announce(window, dashboard):
        return False
    window.show_computed(DASHBOARD)
    return True


def in_background(window: MainWindow, ready: Ready) -> None:
    """Show the current page now; compute the dashboard on the thread pool, then switch to
    it if urgent and the user has not moved meanwhile (nor selected a dossier); then
    ``ready``."""
    start_index = window.stack.currentIndex()
    window.show_page(start_index)
    dashboard = window.page(DASHBOARD)
    compute = getattr(dashboard, "refresh_in_background", None)
    if compute is None:
        if ready is not None:
            ready()
        return

    def computed() -> None:
        if not isValid(window) or window.ctx is None:
            return  # the window closed meanwhile
        urgent = _announce(window, dashboard)
        untouched = window.stack.currentIndex() == start_index and (
            not window.has_page(TENDERS) or window.tenders_page.current_tender_id() is None
        )
        if urgent and untouched:
            window.show_computed(DASHBOARD)
        if ready is not None:
            ready()

    compute(computed)


def attach(window: MainWindow, background: bool, ready: Ready) -> None:
    """The start-up part of ``MainWindow.attach``: the demo banner, then the dashboard
    (in the background or at once) and ``ready``."""
    from ..services.demo import is_demo

    ctx = window.ctx
    assert ctx is not None
    window.demo_banner.setVisible(ctx.session is not None and is_demo(ctx.session))
    if background:
        in_background(window, ready)
        return
    if not at_once(window):
        window.show_page(window.stack.currentIndex())
    if ready is not None:
        ready()
