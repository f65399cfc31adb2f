"""The dashboard at start-up: its 48-hour notice in the status bar, and the window switched
to it when something is overdue or due within a week.

``in_background`` is the app's path: the page shown is built first, then the dashboard is
computed on the thread pool, a step per turn of the event loop (``in_turns``) so the window
keeps repainting; ``at_once`` computes it before returning (tests, self-test).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from shiboken6 import isValid

from .page_host import import_page, page_module
from .pages.registry import DASHBOARD, PAGES, TENDERS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from .main_window import MainWindow

Ready = Callable[[], None] | None
#: The dashboard's modules, imported one per turn once the page shown is there.
DASHBOARD_IMPORTS = ("responder.services.dashboard", "responder.ui.pages.dashboard")


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


def in_background(window: MainWindow, ready: Ready, shown: Ready = None) -> None:
    """Build the page shown on the next turns of the event loop, then ``shown``; then
    import the dashboard's modules, one per turn, build it and compute it on the thread
    pool. Once computed: switch to the dashboard if urgent and the user has not moved
    meanwhile (nor selected a dossier), then ``ready``, then import the other pages'
    modules, one per turn, so that the first visit to each is quick.

    The dashboard comes after the page shown: the user sees that page first, and only
    its notice and an urgent switch depend on the dashboard; computed beside the page, it
    held the GIL the page's build needed."""
    start_index = window.stack.currentIndex()

    def finish(dashboard: QWidget | None) -> None:
        if not isValid(window) or window.ctx is None:
            return  # the window closed meanwhile
        urgent = dashboard is not None and _announce(window, dashboard)
        untouched = window.stack.currentIndex() == start_index and (
            not window.has_page(TENDERS) or window.tenders_page.current_tender_id() is None
        )
        if urgent and untouched:
            window.show_computed(DASHBOARD)
        if ready is not None:
            ready()
        in_turns(window, [partial(import_page, spec.key) for spec in PAGES
                          if page_module(spec.key) not in sys.modules])

    def show_page() -> None:
        window.show_page(start_index)
        if shown is not None:
            shown()

    def start_dashboard() -> None:
        if window.has_page(DASHBOARD):
            finish(window.page(DASHBOARD))  # the user opened it: computed then
            return
        from .widgets.wheel_guard import paused  # not before the shell's first frame

        with paused(window):  # built here, not by a page switch (which pauses it itself)
            dashboard = window.page(DASHBOARD)
        compute = getattr(dashboard, "refresh_in_background", None)
        if compute is None:
            finish(None)
        else:
            compute(lambda: finish(dashboard))

    in_turns(window, [partial(import_page, PAGES[start_index].key), show_page,
                      *[partial(import_module, name) for name in DASHBOARD_IMPORTS],
                      start_dashboard])


def in_turns(window: MainWindow, steps: list[Callable[[], object]]) -> None:
    """Run ``steps`` one per turn of the event loop, so the window repaints and answers the
    user between them; the rest is dropped when the window is closed meanwhile. A step that
    builds widgets pauses the wheel guard itself (``wheel_guard.paused``), as a page switch
    does.

    A zero-interval timer runs once the window system's events are processed, each turn;
    ``QTimer.singleShot(0)`` would post an event instead, and Qt may deliver several such
    in a row without reading the user's input in between.
    """
    timer = QTimer(window)
    timer.setInterval(0)

    def step() -> None:
        if steps and window.isVisible():
            steps.pop(0)()
        if not steps or not window.isVisible():
            timer.stop()
            timer.deleteLater()

    timer.timeout.connect(step)
    timer.start()


def attach(window: MainWindow, background: bool, ready: Ready, shown: Ready = None) -> None:
    """The start-up part of ``MainWindow.attach``: the demo banner, then the page shown
    and the dashboard (in the background or at once), ``shown`` once the page is shown
    (in the background only), and ``ready``."""
    from ..services.demo import is_demo

    ctx = window.ctx
    assert ctx is not None
    window.demo_banner.setVisible(ctx.session is not None and is_demo(ctx.session))
    if background:
        in_background(window, ready, shown)
        return
    if not at_once(window):
        window.show_page(window.stack.currentIndex())
    if ready is not None:
        ready()
