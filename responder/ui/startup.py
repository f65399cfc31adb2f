"""The dashboard at start-up: its 48-hour notice in the status bar, and the window switched
to it when something is overdue or due within a week.

``in_background`` is the app's path: the dashboard is computed on the thread pool while
the page shown is built, a step per turn of the event loop (``in_turns``) so the window
keeps repainting; ``at_once`` computes it before returning (tests, self-test).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from shiboken6 import isValid

from .page_host import import_page
from .pages.registry import DASHBOARD, PAGES, TENDERS
from .widgets.wheel_guard import paused

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
    """Start computing the dashboard on the thread pool, then build the page shown on the
    next turns of the event loop (the computation runs meanwhile on another core). Once
    both are done: switch to the dashboard if urgent and the user has not moved meanwhile
    (nor selected a dossier), then ``ready``, then import the other pages' modules, one
    per turn, so that the first visit to each is quick."""
    start_index = window.stack.currentIndex()
    with paused(window):
        dashboard = window.page(DASHBOARD)
    compute = getattr(dashboard, "refresh_in_background", None)
    waiting = {"page", "dashboard"} if compute is not None else {"page"}

    def done(what: str) -> None:
        waiting.discard(what)
        if waiting or not isValid(window) or window.ctx is None:
            return  # still waiting, or the window closed meanwhile
        urgent = compute is not None and _announce(window, dashboard)
        untouched = window.stack.currentIndex() == start_index and (
            not window.has_page(TENDERS) or window.tenders_page.current_tender_id() is None
        )
        if urgent and untouched:
            window.show_computed(DASHBOARD)
        if ready is not None:
            ready()
        in_turns(window, [partial(import_page, spec.key) for spec in PAGES])

    def show_page() -> None:
        window.show_page(start_index)
        done("page")

    if compute is not None:
        compute(lambda: done("dashboard"))
    in_turns(window, [partial(import_page, PAGES[start_index].key), show_page])


def in_turns(window: MainWindow, steps: list[Callable[[], object]]) -> None:
    """Run ``steps`` one per turn of the event loop, so the window repaints and answers the
    user between them; each with the wheel guard paused (``paused``); the rest is dropped
    when the window is closed meanwhile.

    A zero-interval timer runs once the window system's events are processed, each turn;
    ``QTimer.singleShot(0)`` would post an event instead, and Qt may deliver several such
    in a row without reading the user's input in between.
    """
    timer = QTimer(window)
    timer.setInterval(0)

    def step() -> None:
        if steps and window.isVisible():
            with paused(window):
                steps.pop(0)()
        if not steps or not window.isVisible():
            timer.stop()
            timer.deleteLater()

    timer.timeout.connect(step)
    timer.start()


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
