"""One fake for every dialog (``FakePrompts``) and a context to build a page alone.

A page test scripts the answers it expects to be asked for, then asserts what was asked:

    ctx.prompts.script("ask_yes_no", True)
    page.delete_selected()
    assert ctx.prompts.asked == [("ask_yes_no", "Supprimer …", "…")]

A question with no scripted answer fails the test at once (a test cannot pass by a dialog
it did not expect); ``inform`` and ``error`` are only recorded, in ``messages``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from responder.services.structures import StructureService
from responder.services.tenders import TenderService
from responder.services.workspace import Session
from responder.ui.context import UiContext
from responder.ui.prompts import Prompts
from responder.ui.settings import UiSettings


class FakePrompts(Prompts):
    """Answers from a script; records every question, message and file chooser."""

    def __init__(self) -> None:
        super().__init__(None)
        self._answers: dict[str, deque[Any]] = {}
        self.asked: list[tuple[Any, ...]] = []
        self.messages: list[tuple[str, str, str]] = []
        self.opened: list[str] = []

    def script(self, method: str, *answers: Any) -> FakePrompts:
        """Queue ``answers`` for ``method`` (used in order, one per call)."""
        if not callable(getattr(Prompts, method, None)):
            raise AttributeError(f"Prompts has no method {method!r}")
        self._answers.setdefault(method, deque()).extend(answers)
        return self

    def pending(self) -> dict[str, list[Any]]:
        """Scripted answers not used yet (a test may assert it is empty)."""
        return {name: list(queue) for name, queue in self._answers.items() if queue}

    def _answer(self, method: str, *args: Any) -> Any:
        self.asked.append((method, *args))
        queue = self._answers.get(method)
        if not queue:
            raise AssertionError(f"unexpected dialog: {method}{args!r} (script it first)")
        return queue.popleft()

    def ask_yes_no(self, title: str, text: str) -> bool:
        return bool(self._answer("ask_yes_no", title, text))

    def ask_unsaved(self, what: str) -> Any:
        return self._answer("ask_unsaved", what)

    def ask_stale(self, what: str) -> Any:
        return self._answer("ask_stale", what)

    def ask_invalid_edits(self, what: str) -> Any:
        return self._answer("ask_invalid_edits", what)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        answer: str | None = self._answer("ask_text", title, label)
        return answer

    def inform(self, title: str, text: str) -> None:
        self.messages.append(("inform", title, text))

    def error(self, title: str, text: str) -> None:
        self.messages.append(("error", title, text))

    def open_file(self, title: str, name_filter: str, *,
                  folder: Path | None = None) -> Path | None:
        answer: Path | None = self._answer("open_file", title, name_filter)
        return answer

    def save_file(self, title: str, suggested: str, name_filter: str = "", *,
                  folder: Path | None = None) -> Path | None:
        answer: Path | None = self._answer("save_file", title, suggested)
        return answer

    def choose_folder(self, title: str) -> Path | None:
        answer: Path | None = self._answer("choose_folder", title)
        return answer

    def open_document(self, path: Path) -> bool:
        self.opened.append(str(path))
        return True

    def open_url(self, url: str) -> bool:
        self.opened.append(url)
        return True

    def run_dialog(self, dialog: Any) -> bool:
        """Recorded in ``asked`` as ("run_dialog", dialog): the test fills it from there."""
        return bool(self._answer("run_dialog", dialog))


def prompts_of(ctx: UiContext | None) -> FakePrompts:
    """The ``FakePrompts`` of ``ctx`` (a page's, or a window's ``window.ctx``)."""
    assert ctx is not None and isinstance(ctx.prompts, FakePrompts)
    return ctx.prompts


def page_context(session: Session, ini_path: Path,
                 today: Callable[[], date] = date.today) -> UiContext:
    """A context on a real open workspace, with ``FakePrompts`` and isolated settings."""
    return UiContext(
        tenders=TenderService(session),
        structures=StructureService(session),
        settings=UiSettings(QSettings(str(ini_path), QSettings.Format.IniFormat)),
        workspace_path=session.path,
        session=session,
        today=today,
        prompts=FakePrompts(),
    )
