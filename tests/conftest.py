"""Test-wide setup: Qt offscreen, and helpers to build real workspaces."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
