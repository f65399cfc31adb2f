"""Operations: run a service call, report its failure in French, announce what changed.

Every write a page makes goes through ``ctx.ops``:

    saved = ctx.ops.run(lambda: service.save(data), changes=Changes.of(Topic.REFERENCES),
                        on_failure=lambda failure: errors.show(failure.messages))

and long work (a render, an import) runs on the thread pool, Anki-style:

    ctx.ops.background(work, changes=…).on_progress(bar.setValue).success(done).start()

On success the ``Changes`` are announced on ``ctx.bus``; every page subscribed to the bus
refreshes itself from it (``Refresher``), so no page reaches into another or into the
window. ``InvalidInput`` and ``WorkspaceError`` become a ``Failure`` (one French text and
the messages by field); without ``on_failure`` the text is shown by ``ctx.prompts.error``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..domain.errors import InvalidInput
from ..services.changes import NO_CHANGES, Changes, OperationCancelled
from ..storage.db import WorkspaceError
from .tasks import Task, start

if TYPE_CHECKING:
    from .prompts import Prompts

T = TypeVar("T")
ChangesOf = Changes | Callable[[Any], Changes]
Progress = Callable[[int, str], None]
FAILED_TITLE = "Opération impossible"


@dataclass(frozen=True)
class Failure:
    """Why an operation failed: one French text, and the messages by field path."""

    text: str
    messages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, exc: Exception) -> Failure:
        """The failure of a service exception (``InvalidInput`` keeps its field paths)."""
        messages = getattr(exc, "messages", None)
        if isinstance(exc, InvalidInput) and messages:
            return cls(" ".join(dict.fromkeys(messages.values())), dict(messages))
        return cls(str(exc), {"": str(exc)})


def failure_of(exc: Exception) -> Failure:
    """``Failure.of`` as a function (for ``except`` blocks that cannot use ``run``)."""
    return Failure.of(exc)


class ChangeBus(QObject):
    """Where operations announce their ``Changes``; pages connect to ``changed``."""

    changed = Signal(object)

    def announce(self, changes: Changes) -> None:
        """Tell every subscriber (nothing is sent for an empty change)."""
        if changes:
            self.changed.emit(changes)


def _changes(changes: ChangesOf, result: Any) -> Changes:
    return changes(result) if callable(changes) else changes


class Operation(QObject, Generic[T]):
    """Work on the thread pool with progress, cancel, success and failure callbacks.

    The work gets a ``progress(percent, text)`` callback (plain Python, no Qt); after
    ``cancel()`` that callback raises ``OperationCancelled``, which ends the work quietly.
    Callbacks run on the UI thread.
    """

    def __init__(self, ops: Operations, work: Callable[[Progress], T], changes: ChangesOf,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._work = work
        self._changes = changes
        self._cancelled = False
        self._on_progress: Callable[[int, str], None] | None = None
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Failure], None] | None = None
        self._on_cancelled: Callable[[], None] | None = None
        self.task: Task | None = None

    def on_progress(self, callback: Callable[[int, str], None]) -> Operation[T]:
        """Called with (percent, text) as the work advances."""
        self._on_progress = callback
        return self

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        """Called with the work's result, after the changes are announced."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Failure], None]) -> Operation[T]:
        """Called instead of the error box when the work fails."""
        self._on_failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> Operation[T]:
        """Called when the work stopped after ``cancel()``."""
        self._on_cancelled = callback
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancelled = True

    def _progress(self, percent: int, text: str) -> None:
        if self._cancelled:
            raise OperationCancelled
        if self.task is not None:
            self.task.signals.progress.emit(percent, text)

    def _run(self, _emit: Progress) -> Any:
        try:
            return self._work(self._progress)
        except OperationCancelled:
            return _CANCELLED

    def start(self) -> Operation[T]:
        """Start on the global thread pool (the operation keeps itself alive meanwhile)."""
        self.task = Task(self._run)
        if self._on_progress is not None:
            self.task.signals.progress.connect(self._on_progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self._ops.running.add(self)
        start(self.task)
        return self

    def _finished(self, result: Any) -> None:
        self._ops.running.discard(self)
        if result is _CANCELLED:
            if self._on_cancelled is not None:
                self._on_cancelled()
            return
        self._ops.bus.announce(_changes(self._changes, result))
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, text: str) -> None:
        self._ops.running.discard(self)
        failure = Failure(text, {"": text})
        if self._on_failure is not None:
            self._on_failure(failure)
        else:
            self._ops.prompts.error(FAILED_TITLE, text)


_CANCELLED = object()


class Operations:
    """Runs the pages' service calls (``ctx.ops``)."""

    def __init__(self, bus: ChangeBus, prompts: Prompts) -> None:
        self.bus = bus
        self.prompts = prompts
        self.running: set[Operation[Any]] = set()

    def run(self, work: Callable[[], T], *, changes: ChangesOf = NO_CHANGES,
            on_failure: Callable[[Failure], object] | None = None,
            title: str = FAILED_TITLE) -> T | None:
        """Run ``work`` now; on success announce ``changes`` (or ``changes(result)``) and
        return the result; on ``InvalidInput`` / ``WorkspaceError`` report it and return
        ``None``."""
        try:
            result = work()
        except (InvalidInput, WorkspaceError) as exc:
            failure = Failure.of(exc)
            if on_failure is not None:
                on_failure(failure)
            else:
                self.prompts.error(title, failure.text)
            return None
        self.bus.announce(_changes(changes, result))
        return result

    def background(self, work: Callable[[Progress], T], *,
                   changes: ChangesOf = NO_CHANGES) -> Operation[T]:
        """An operation to configure (``on_progress``, ``success`` …) then ``start()``."""
        return Operation(self, work, changes)

    def announce(self, changes: Changes) -> None:
        """Announce changes made outside ``run`` (an undo, a dialog that saved)."""
        self.bus.announce(changes)


class Refresher(QObject):
    """Keeps a widget current from the change bus: ``reload`` runs when a change touches
    ``topics`` — at once (next event loop turn) if the widget is visible, else when it is
    next shown. ``wants(changes)`` can narrow further (the dossier shown, the source)."""

    def __init__(self, widget: QWidget, bus: ChangeBus, topics: tuple[str, ...],
                 reload: Callable[[], None],
                 wants: Callable[[Changes], bool] | None = None) -> None:
        super().__init__(widget)
        self._widget = widget
        self._reload = reload
        self.stale = False

        def concerned(changes: Changes) -> bool:
            # the widget's own announcements never make it stale
            return (changes.source is not widget and changes.touches(*topics)
                    and (wants is None or wants(changes)))

        self._concerned = concerned
        bus.changed.connect(self._on_changed)
        widget.installEventFilter(self)

    def _on_changed(self, changes: Changes) -> None:
        if not self._concerned(changes):
            return
        self.stale = True
        if self._widget.isVisible():
            QTimer.singleShot(0, self.flush)

    def flush(self) -> None:
        """Reload now if a change is pending and the widget is still shown (a window closed
        meanwhile may have lost its workspace: it reloads when shown again)."""
        if self.stale and self._widget.isVisible():
            self.stale = False
            self._reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """Reload a stale widget when it is shown."""
        if watched is self._widget and event.type() == QEvent.Type.Show and self.stale:
            QTimer.singleShot(0, self.flush)
        return False
