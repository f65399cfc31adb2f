"""``python -m responder`` and the frozen bundle's entry point (absolute import on purpose)."""

from __future__ import annotations

import sys

from responder.cli import main

if __name__ == "__main__":
    sys.exit(main())
