"""Test-wide setup: Qt offscreen, and helpers to build real workspaces."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Backups made by tests (before a migration, at restore …) must never land in the user's
# real data folder.
import tempfile  # noqa: E402

os.environ.setdefault("RESPONDER_BACKUP_DIR", tempfile.mkdtemp(prefix="responder-sauvegardes-"))
