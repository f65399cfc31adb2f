"""Test-wide setup: Qt offscreen, and helpers to build real workspaces."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def offscreen_screen(width: int, height: int) -> str:
    """A ``QT_QPA_PLATFORM`` value for an offscreen screen of ``width`` × ``height``."""
    import json
    import tempfile

    folder = tempfile.mkdtemp(prefix="responder-ecran-")
    config = os.path.join(folder, "screen.json")
    with open(config, "w", encoding="utf-8") as out:
        json.dump({"screens": [{"name": f"ecran-{width}x{height}", "x": 0, "y": 0,
                                "width": width, "height": height, "logicalDpi": 96,
                                "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}, out)
    return f"offscreen:configfile={config}"


# The window sizes itself to the screen's available area: give the offscreen platform (800 ×
# 800 by default) a desktop-sized screen, as most tests were written for 1280 × 800.
# Small laptops (1366 × 700 available) are tested in a subprocess with their own screen.
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = offscreen_screen(1920, 1080)

# Backups made by tests (before a migration, at restore …) must never land in the user's
# real data folder.
import tempfile  # noqa: E402

os.environ.setdefault("RESPONDER_BACKUP_DIR", tempfile.mkdtemp(prefix="responder-sauvegardes-"))
