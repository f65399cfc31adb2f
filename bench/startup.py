"""Startup time: process start → main window shown, against a bare PySide6 window.

Prints the median of N runs of each (offscreen by default) and their ratio. Targets: the window
≤ 1.5 ×, the content ≤ 2.5 × the bare window. Two figures for Responder: the main window shown
(frame, sidebar, title and the menus' titles painted, their actions added just after;
`RESPONDER_WINDOW_SHOWN`) and the content, the Consultations list painted with the workspace's
dossiers (`RESPONDER_CONTENT_SHOWN`: read straight from the file, the first dossier selected,
« Ouverture du dossier… » where its form goes); then, for information, the page itself ready
(`RESPONDER_PAGE_READY`: the first dossier's form filled, every action available) and the
dashboard computed after it (`RESPONDER_DASHBOARD_SHOWN`: its 48-hour notice in the status
bar, or the switch to it when something is urgent). Run with `make bench` or
`python bench/startup.py`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = b"RESPONDER_WINDOW_SHOWN"
CONTENT = b"RESPONDER_CONTENT_SHOWN"
PAGE = b"RESPONDER_PAGE_READY"
DASHBOARD = b"RESPONDER_DASHBOARD_SHOWN"

#: The floor: a bare window, its marker printed once it is painted, as Responder's is (a
#: zero-interval timer started at ``show()`` fires before the first paint).
BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1280, 800)
def done():
    print("RESPONDER_WINDOW_SHOWN", flush=True)
    app.quit()
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False
painted = Painted()
w.installEventFilter(painted)
w.show()
app.exec()
"""


def time_to_markers(cmd: list[str], env: dict[str, str]) -> dict[bytes, float]:
    """Seconds from spawning ``cmd`` to each marker line on its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout is not None
    seen: dict[bytes, float] = {}
    for line in proc.stdout:
        if line.strip() in (MARKER, CONTENT, PAGE, DASHBOARD):
            seen.setdefault(line.strip(), time.perf_counter() - start)  # the first time
    proc.wait(timeout=30)
    if MARKER not in seen:
        raise SystemExit(f"no window marker from {cmd!r} (exit {proc.returncode})")
    return seen


@contextmanager
def compiled_package(env: dict[str, str]) -> Iterator[None]:
    """Our package compiled to bytecode for the runs, and that bytecode removed afterwards.

    An installed app (and the bundle) runs from bytecode; this machine may forbid writing it
    (PYTHONDONTWRITEBYTECODE), so the package is compiled once, as pip would on install. The
    checkout is left as it was: a test that caps a worker's memory behaves differently when
    the worker loads bytecode instead of compiling the source.
    """
    before = set(ROOT.glob("responder/**/*.pyc"))
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "responder")],
        check=True, env={k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    try:
        yield
    finally:
        for path in set(ROOT.glob("responder/**/*.pyc")) - before:
            path.unlink(missing_ok=True)
        for folder in ROOT.glob("responder/**/__pycache__"):
            with suppress(OSError):
                folder.rmdir()  # only when empty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scale-runs", type=int, default=2)
    parser.add_argument("--chart", default=str(CHART),
                        help="PNG of the start-up curve ('' for none)")
    parser.add_argument("--no-scale", dest="scale", action="store_false",
                        help="skip the 10 / 100 / 1,000 dossiers curve")
    args = parser.parse_args()
    env = {**os.environ, "RESPONDER_BENCH_STARTUP": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with compiled_package(env), tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "bench.responder"
        env["XDG_CONFIG_HOME"] = tmp  # keep the user's window settings out of it
        subprocess.run(
            [sys.executable, "-m", "responder", "demo", "--workspace", str(workspace)],
            check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        app_cmd = [sys.executable, "-m", "responder", "--workspace", str(workspace)]
        bare_cmd = [sys.executable, "-c", BARE]
        # one warm-up each so both read their files from the page cache
        time_to_markers(bare_cmd, env)
        time_to_markers(app_cmd, env)
        bare, shown, loaded, ready, board = [], [], [], [], []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            bare.append(time_to_markers(bare_cmd, env)[MARKER])
            app = time_to_markers(app_cmd, env)
            shown.append(app[MARKER])
            loaded.append(app.get(CONTENT, float("nan")))
            ready.append(app.get(PAGE, float("nan")))
            board.append(app.get(DASHBOARD, float("nan")))
        scale = measure_scale(Path(tmp), env, bare_cmd, args.scale_runs) if args.scale else []
    b = statistics.median(bare)
    s, c, d = statistics.median(shown), statistics.median(loaded), statistics.median(board)
    p = statistics.median(ready)
    print(f"platform : {env['QT_QPA_PLATFORM']}, {args.runs} runs each, medians")
    print(f"bare PySide6 window shown      : {b * 1000:7.0f} ms")
    print(
        f"Responder main window shown    : {s * 1000:7.0f} ms   ratio {s / b:5.2f} x"
        "  (target <= 1.5 x)"
    )
    print(f"Responder demo content painted : {c * 1000:7.0f} ms   ratio {c / b:5.2f} x"
          "  (target <= 2.5 x)")
    print(f"Responder page ready (form)    : {p * 1000:7.0f} ms   ratio {p / b:5.2f} x"
          "  (after the content; no target)")
    print(f"Responder dashboard computed   : {d * 1000:7.0f} ms   ratio {d / b:5.2f} x"
          "  (after the page; no target)")
    if scale and args.chart:
        draw_chart(scale, Path(args.chart))
        print(f"chart of the curve: {args.chart}")
    for count, bare_s, shown_s, content_s, page_s, board_s in scale:
        print(f"with {count:>5} dossiers: window {shown_s * 1000:5.0f} ms "
              f"({shown_s / bare_s:4.2f} x),"
              f" content {content_s * 1000:5.0f} ms ({content_s / bare_s:4.2f} x),"
              f" page {page_s * 1000:5.0f} ms,"
              f" dashboard {board_s * 1000:5.0f} ms, bare {bare_s * 1000:4.0f} ms")


SCALE = (10, 100, 1000)
CHART = ROOT / "docs" / "performance-startup.png"


def draw_chart(scale: list[tuple[int, float, float, float, float, float]], path: Path) -> None:
    """A PNG of the start-up curve: window shown, content painted, page ready and dashboard
    computed against the number of dossiers, both axes logarithmic, with the bare window of
    each pair."""
    import math

    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])
    width, height, left, right, top, bottom = 720, 420, 70, 170, 30, 50
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    lo_ms, hi_ms = 50.0, 20_000.0

    def at(count: float, ms: float) -> QPointF:
        fx = (math.log10(count) - 1) / 2
        fy = (math.log10(ms) - math.log10(lo_ms)) / (math.log10(hi_ms) - math.log10(lo_ms))
        return QPointF(left + fx * (width - left - right),
                       height - bottom - fy * (height - top - bottom))

    painter.setPen(QPen(QColor("#999"), 1))
    for ms in (100, 200, 500, 1000, 2000, 5000, 10_000, 20_000):
        y = at(10, ms).y()
        painter.drawLine(QPointF(left, y), QPointF(width - right, y))
        painter.drawText(QRectF(0, y - 8, left - 6, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"{ms / 1000:g} s" if ms >= 1000 else f"{ms} ms")
    for count in SCALE:
        x = at(count, lo_ms).x()
        painter.drawText(QRectF(x - 40, height - bottom + 6, 80, 16),
                         Qt.AlignmentFlag.AlignCenter, f"{count:,}".replace(",", "\u202f"))
    painter.drawText(QRectF(left, height - 22, width - left - right, 16),
                     Qt.AlignmentFlag.AlignCenter, "dossiers ouverts (en plus de la démo)")
    series = (("fenêtre nue", 1, "#777777"), ("fenêtre affichée", 2, "#1f77b4"),
              ("contenu affiché", 3, "#d62728"), ("page prête", 4, "#9467bd"),
              ("tableau de bord", 5, "#2ca02c"))
    for n, (label, column, colour) in enumerate(series):
        painter.setPen(QPen(QColor(colour), 2.5))
        points = [at(row[0], row[column] * 1000) for row in scale]
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        for point in points:
            painter.drawEllipse(point, 3.5, 3.5)
        y = top + 20 + n * 22
        painter.drawLine(QPointF(width - right + 12, y), QPointF(width - right + 36, y))
        painter.drawText(QPointF(width - right + 42, y + 5), label)
    painter.end()
    image.save(str(path))


def add_dossiers(workspace: Path, count: int) -> None:
    """Add open dossiers to the demo workspace until it holds ``count`` more, with deadlines
    spread over the coming months (so the dashboard has work for each)."""
    from datetime import datetime, timedelta

    sys.path.insert(0, str(ROOT))
    from responder.services.structures import StructureService
    from responder.services.tenders import TenderService
    from responder.services.workspace import open_session

    session = open_session(workspace)
    try:
        service = TenderService(session)
        structure_id = StructureService(session).current().id
        start = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0)
        with session.ws.transaction():
            for n in range(count):
                service.save({"title": f"Entretien des espaces verts, lot {n}",
                              "buyer": f"Commune n° {n % 40}", "status": "en_preparation",
                              "deadline": start + timedelta(days=20 + n % 120)}, structure_id)
    finally:
        session.close()


def measure_scale(tmp: Path, env: dict[str, str], bare_cmd: list[str],
                  runs: int) -> list[tuple[int, float, float, float, float, float]]:
    """(dossiers, bare, window shown, content painted, page ready, dashboard computed)
    medians for each size of SCALE."""
    found = []
    for count in SCALE:
        workspace = tmp / f"scale-{count}.responder"
        subprocess.run(
            [sys.executable, "-m", "responder", "demo", "--workspace", str(workspace)],
            check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        add_dossiers(workspace, count)
        app_cmd = [sys.executable, "-m", "responder", "--workspace", str(workspace)]
        # No warm-up launch here: the main runs already read Python, Qt and our package into
        # the page cache, and the workspace was just written (it saves a minute under load).
        bare, shown, content, page, board = [], [], [], [], []
        for _ in range(runs):
            bare.append(time_to_markers(bare_cmd, env)[MARKER])
            app = time_to_markers(app_cmd, env)
            shown.append(app[MARKER])
            content.append(app.get(CONTENT, float("nan")))
            page.append(app.get(PAGE, float("nan")))
            board.append(app.get(DASHBOARD, float("nan")))
        found.append((count, statistics.median(bare), statistics.median(shown),
                      statistics.median(content), statistics.median(page),
                      statistics.median(board)))
    return found


if __name__ == "__main__":
    main()
