"""A dossier tab built alone on the demo workspace, with ``FakePrompts`` (no main window).

The fixtures ``demo_session`` and ``demo_ctx`` are imported by the tab tests that use them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QWidget

from responder.domain.tender import Tender
from responder.services.demo import create_demo
from responder.services.workspace import Session
from responder.ui.context import UiContext

from .fakes import FakePrompts, page_context

DEMO_TODAY = date(2026, 12, 1)
W = TypeVar("W", bound=QWidget)


def demo_workspace(folder: Path) -> Session:
    """The demo workspace as of ``DEMO_TODAY`` (close it after the test)."""
    return create_demo(folder / "demo.responder", today=DEMO_TODAY)


def demo_context(session: Session, ini_path: Path) -> UiContext:
    """A page context on ``session`` whose today is ``DEMO_TODAY``."""
    return page_context(session, ini_path, today=lambda: DEMO_TODAY)


def prompts(ctx: UiContext) -> FakePrompts:
    """The fake dialogs of ``ctx`` (to script answers and read what was asked)."""
    assert isinstance(ctx.prompts, FakePrompts)
    return ctx.prompts


def shown_tab(qtbot: Any, cls: type[W], ctx: UiContext, tender: Tender | None,
              size: tuple[int, int] = (900, 760)) -> W:
    """``cls(ctx)`` shown at ``size`` on ``tender``."""
    from .helpers import shown_tab as show

    return show(cls(ctx), qtbot, tender, size)


@pytest.fixture(name="demo_session")
def demo_session_fixture(tmp_path: Path) -> Iterator[Session]:
    """The demo workspace (closed after the test)."""
    session = demo_workspace(tmp_path)
    yield session
    session.close()


@pytest.fixture(name="demo_ctx")
def demo_ctx_fixture(demo_session: Session, ini_path: Path) -> UiContext:
    """A page context on the demo workspace, with ``FakePrompts``."""
    return demo_context(demo_session, ini_path)
