"""``python -m responder`` and the frozen bundle's entry point (absolute import on purpose)."""

from __future__ import annotations

import sys

from responder.cli import main

if __name__ == "__main__":
    # Long PDFs are read by worker processes (documents/pdf_pages.py): in the frozen bundle
    # the executable itself must hand a worker its job (elsewhere it is a no-op, and
    # importing multiprocessing would only delay the window).
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
