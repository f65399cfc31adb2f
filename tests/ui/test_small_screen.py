"""On a 1366 × 768 laptop with its taskbar (1366 × 700 available), the window, every page,
every dossier tab, the welcome screens and the RC review dialog fit without a cut button.
Run in a subprocess whose offscreen screen has that size (the suite's screen is larger)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import offscreen_screen

ROOT = Path(__file__).resolve().parents[2]


def test_everything_fits_1366_by_700(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": offscreen_screen(1366, 700),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "ui" / "small_screen_check.py"), "1366", "700",
         str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["problems"] == []
    width, height = report["window"]
    assert width <= 1366 and height <= 700
    assert len(report["checked"]) >= 3 + 11 + 10 + 1  # welcome, pages, tabs, dialog
