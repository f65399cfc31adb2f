"""Background work for the GUI: a callable run on the thread pool, reporting through Signals.

The core reports progress with a plain callback ``progress(percent, text)`` (no Qt); ``Task``
re-emits it as a Signal, so widgets are only ever touched on the UI thread. Thread contract
for the callable: it must not touch any widget nor the UI's ``Session`` (build what it needs
first, on the UI thread, and hand it plain data — see ``MemoireService.render_job``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..domain.errors import InvalidInput
from ..storage.db import WorkspaceError

Work = Callable[[Callable[[int, str], None]], Any]


class TaskSignals(QObject):
    """What a task reports; lives on the UI thread, so slots run there (queued)."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """Runs ``work(progress)`` on a pool thread; emits ``finished(result)`` or ``failed(text)``.

    ``failed`` carries a French message: the service's own for ``InvalidInput`` and
    ``WorkspaceError``, a generic one otherwise (never a traceback in the user's face).
    """

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self.setAutoDelete(False)  # the caller keeps the task (and its signals) alive

    def run(self) -> None:
        """Called on the pool thread."""
        try:
            result = self.work(self.signals.progress.emit)
        except (InvalidInput, WorkspaceError) as exc:
            messages = getattr(exc, "messages", None)
            self.signals.failed.emit("\n".join(messages.values()) if messages else str(exc))
        except Exception as exc:  # the UI must survive anything the work raises
            self.signals.failed.emit(
                f"L'opération a échoué de façon inattendue ({exc.__class__.__name__} : {exc})."
            )
        else:
            self.signals.finished.emit(result)


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    """Start ``task`` on ``pool`` (the global pool by default) and return it."""
    (pool or QThreadPool.globalInstance()).start(task)
    return task
