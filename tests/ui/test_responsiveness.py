"""No long operation on the UI thread: the app's own start-up on the demo workspace
(``run_gui``, in a fresh process, so every import it does is counted), then a first and a
second visit to every page, timed by an instrumented event loop.

A zero-interval timer runs once per turn of the event loop; the UI thread's CPU time
(``time.thread_time``) between two of its runs is the longest the loop could not answer
the user (handlers, layouts, paints). CPU time, not wall time: a machine shared with other
jobs would otherwise make the figures, and the test, depend on the load. The figures are
printed (``pytest -s``); the issue's target is 100 ms for the start-up and for a page shown
a second time; a first visit builds the page, and has a looser bound.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from responder.services.demo import create_demo

#: The issue's target: start-up up to the landing page, and a page shown a second time.
BOUND_MS = 100
#: A first visit builds the page (its modules are imported during the start-up).
FIRST_VISIT_BOUND_MS = 250

DRIVER = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv)
from responder.app import run_gui
from responder.ui.main_window import MainWindow
from responder.ui.pages.registry import PAGES, TENDERS

ACTIONS = [(phase, index) for phase in ("first", "second") for index in range(len(PAGES))]
found = {"startup": 0.0, "first": {}, "second": {}}
state = {"last": None, "label": None, "action_at": 0.0, "landed": None, "quiet": 0}


def window():
    return next((w for w in app.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()), None)


def record(ms):
    state["quiet"] = state["quiet"] + 1 if ms < 1 else 0
    label = state["label"]
    if label is None:
        found["startup"] = max(found["startup"], ms)
    else:
        phase, key = label
        found[phase][key] = max(found[phase].get(key, 0.0), ms)


def tick():
    now = time.thread_time()
    if state["last"] is None:
        if window() is None:
            return  # before the event loop shows the window: not a handler
    else:
        record((now - state["last"]) * 1000)
    state["last"] = time.thread_time()
    shown = window()
    if shown is None:
        return
    if state["label"] is None:
        if not shown.has_page(TENDERS) or state["quiet"] < 50:
            return  # the start-up goes on until the loop has nothing left to do
        state["landed"] = shown.current_page_key()
    if time.perf_counter() - state["action_at"] < 0.05:
        return  # let the page's paints and deferred work land on its own label
    state["action_at"] = time.perf_counter()
    if not ACTIONS:
        print(json.dumps({**found, "landed": state["landed"]}), flush=True)
        app.quit()
        return
    phase, index = ACTIONS.pop(0)
    state["label"] = (phase, PAGES[index].key)
    shown.show_page(index)
    state["last"] = time.thread_time()
    record((state["last"] - now) * 1000)


beat = QTimer()
beat.setInterval(0)
beat.timeout.connect(tick)
beat.start()
sys.exit(run_gui(Path(sys.argv[1])))
"""


def test_startup_and_page_switches_keep_the_ui_thread_free(tmp_path: Path) -> None:
    workspace = tmp_path / "demo.responder"
    create_demo(workspace).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("RESPONDER_BENCH_STARTUP", None)
    done = subprocess.run([sys.executable, "-c", DRIVER, str(workspace)], env=env,
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    first, second = found["first"], found["second"]
    print(f"\nlanded on {found['landed']}; longest UI-thread stretch (CPU): start-up "
          f"{found['startup']:.0f} ms, first visits {max(first.values()):.0f} ms, second "
          f"visits {max(second.values()):.0f} ms (target {BOUND_MS} ms)")
    print("first visit:", {k: round(v) for k, v in first.items()})
    print("second visit:", {k: round(v) for k, v in second.items()})
    assert found["startup"] < BOUND_MS
    assert max(second.values()) < BOUND_MS, second
    assert max(first.values()) < FIRST_VISIT_BOUND_MS, first
