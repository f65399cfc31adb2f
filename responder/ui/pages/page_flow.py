"""Small pieces of behaviour the pages with a form share (no widget of their own).

Asking before unsaved work is left, saving with a refusal shown under the fields, the
« Recharger / Écraser » question of a stale save, selecting a list row, and the search
timer. ``editor_page.EditorPageMixin`` builds on them; Partenaires and Ma structure (and
any page with one form) use them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ...domain.common import InvalidInput
from ...services.changes import NO_CHANGES, Changes
from ...storage.db import WorkspaceError

if TYPE_CHECKING:
    from ..operations import Operations
    from ..prompts import Prompts

StoredT = TypeVar("StoredT")

#: Pause after the last keystroke before searching (fast typists never wait on a search).
DEBOUNCE_MS = 150


def resolve_stale(prompts: Prompts, title: str, stored: StoredT | None,
                  reload: Callable[[StoredT], None], overwrite: Callable[[StoredT], bool],
                  refused: Callable[[], object]) -> bool:
    """A save refused because the item changed elsewhere: ask « Recharger / Écraser ».

    Reload shows ``stored`` (False: nothing saved); overwrite saves over ``stored`` (its
    result); otherwise ``refused()`` shows why nothing was saved (False).
    """
    answer = prompts.ask_stale(title)
    if answer == "reload" and stored is not None:
        reload(stored)
        return False
    if answer == "overwrite" and stored is not None:
        return overwrite(stored)
    refused()
    return False


Refusal = InvalidInput | WorkspaceError


def run_save(ops: Operations, save: Callable[[], StoredT],
             changes: Changes) -> tuple[StoredT | None, Refusal | None]:
    """Run ``save`` through ``ops``, announcing ``changes`` once saved; a refusal is handed
    back (not shown) so the page shows it under its fields, or asks about a stale copy."""
    refused: list[Refusal] = []

    def work() -> StoredT | None:
        try:
            return save()
        except (InvalidInput, WorkspaceError) as exc:
            refused.append(exc)
            return None

    saved = ops.run(work, changes=lambda item: changes if item is not None else NO_CHANGES)
    return saved, (refused[0] if refused else None)


def leave_or_stay(prompts: Prompts, title: str, save: Callable[[], bool],
                  discard: Callable[[], None]) -> bool:
    """Unsaved changes to ``title``: ask, then save them, drop them, or stay (False)."""
    answer = prompts.ask_unsaved(title)
    if answer == "cancel":
        return False
    if answer == "save":
        return save()
    discard()
    return True


def select_row(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Make the row of ``index`` the current one, selected and scrolled to; True when it
    already was (Qt then emits nothing: the caller shows the item itself)."""
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)
    selection = view.selectionModel()
    unchanged = selection.currentIndex().row() == index.row()
    selection.setCurrentIndex(index, flags)
    view.scrollTo(index)
    return unchanged


def debounce_timer(parent: QWidget, slot: Callable[[], None]) -> QTimer:
    """A single-shot timer that calls ``slot`` once typing pauses."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(DEBOUNCE_MS)
    timer.timeout.connect(slot)
    return timer
