"""Startup time: process start → main window shown, against a bare PySide6 window.

Prints the median of N runs of each (offscreen by default) and their ratio. Target: Responder
≤ 2.5 × the bare window. Run with `make bench` or `python bench/startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = b"RESPONDER_WINDOW_SHOWN"

BARE = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1280, 800)
w.show()
def done():
    print("RESPONDER_WINDOW_SHOWN", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def time_to_marker(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``cmd`` to the marker line on its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == MARKER:
            elapsed = time.perf_counter() - start
            break
    else:
        proc.wait()
        raise SystemExit(f"no window marker from {cmd!r} (exit {proc.returncode})")
    proc.wait(timeout=30)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = {**os.environ, "RESPONDER_BENCH_STARTUP": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "bench.responder"
        env["XDG_CONFIG_HOME"] = tmp  # keep the user's window settings out of it
        subprocess.run(
            [sys.executable, "-m", "responder", "demo", "--workspace", str(workspace)],
            check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        app_cmd = [sys.executable, "-m", "responder", "--workspace", str(workspace)]
        bare_cmd = [sys.executable, "-c", BARE]
        # one warm-up each so both read their files from the page cache
        time_to_marker(bare_cmd, env)
        time_to_marker(app_cmd, env)
        bare, app = [], []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            bare.append(time_to_marker(bare_cmd, env))
            app.append(time_to_marker(app_cmd, env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"platform          : {env['QT_QPA_PLATFORM']}, {args.runs} runs each, medians")
    print(f"bare PySide6 window: {b * 1000:7.0f} ms")
    print(f"Responder (demo)   : {a * 1000:7.0f} ms")
    print(f"ratio              : {a / b:7.2f} x   (target <= 2.5 x)")


if __name__ == "__main__":
    main()
