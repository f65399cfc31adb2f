"""Parts shared by the item editors (consultation, référence, bloc de texte).

Each editor shows a bold heading, a scrolled form and a footer with « Annuler les
modifications » and « Enregistrer » (Ctrl+S); it tracks unsaved changes the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..theme import set_role
from .combos import set_combo_value
from .errors import ErrorLabel, FormErrors

DIRTY_TEXT = "Modifications non enregistrées"
#: What a footer button triggers: a signal to re-emit or a method to call.
Slot = SignalInstance | Callable[..., object]


#: The signal each kind of field emits when the user changes it (first match wins).
_CHANGE_SIGNALS: tuple[tuple[type[QWidget], str], ...] = (
    (QLineEdit, "textChanged"),
    (QPlainTextEdit, "textChanged"),
    (QComboBox, "currentIndexChanged"),
    (QSpinBox, "valueChanged"),
    (QAbstractButton, "toggled"),
    (QListWidget, "itemChanged"),
)


def connect_edits(fields: Iterable[tuple[QWidget, str]], edited: Callable[[str], None]) -> None:
    """Call ``edited(key)`` each time the user changes a field (``(widget, key)`` pairs, a
    pair given twice connected once, so a form's registered fields (``FormErrors.fields``)
    can be given with the other widgets of a group; a widget of our own, like
    ``OptionalDateEdit``, says it with its ``changed`` signal)."""
    seen: set[tuple[int, str]] = set()
    for widget, key in fields:
        if (id(widget), key) in seen:
            continue
        seen.add((id(widget), key))
        name = next((signal for kind, signal in _CHANGE_SIGNALS if isinstance(widget, kind)),
                    "changed")
        getattr(widget, name).connect(lambda *_args, k=key: edited(k))


def field_value(widget: QWidget) -> Any:
    """What a field holds, as the model takes it: a text, a combo's data, or the ``value()``
    of a widget of our own (``OptionalDateEdit``) — the kinds the editors' ``_same_fields``
    list; ``show_value`` handles the same ones."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    return cast(Any, widget).value()


def show_value(widget: QWidget, value: Any) -> None:
    """Show a model's ``value`` in a field (the reverse of ``field_value``)."""
    if isinstance(widget, QLineEdit):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox):
        set_combo_value(widget, value)
    else:
        cast(Any, widget).set_value(value)


class FillingGuard:
    """The flag that tells a form's edit handlers the program, not the user, is filling
    the fields: mix it in before ``QWidget``; handlers return early while ``_loading``."""

    _loading: bool = False

    @contextmanager
    def _filling(self) -> Iterator[None]:
        """Fill the fields inside this block without them counting as the user's edits."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False


def heading_label() -> QLabel:
    """The editor's heading: the item's title, large and bold, wrapped."""
    heading = QLabel()
    heading.setWordWrap(True)
    set_role(heading, "heading")
    return heading


def form_scroll_area(body: QWidget) -> QScrollArea:
    """A frameless scroll area around ``body`` that never takes the focus itself."""
    scroll_area = QScrollArea()
    scroll_area.setWidgetResizable(True)
    scroll_area.setFrameShape(QFrame.Shape.NoFrame)
    scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll_area.setWidget(body)
    return scroll_area


@dataclass
class SaveFooter:
    """The footer's widgets: unsaved-changes label, revert and save buttons, Ctrl+S."""

    frame: QFrame
    dirty_label: QLabel
    revert_button: QPushButton
    save_button: QPushButton
    save_action: QAction


def save_footer(
    owner: QWidget,
    what: str,
    save_requested: Slot,
    revert_requested: Slot,
    *,
    shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
    wrap: bool = True,
    default: bool = False,
) -> SaveFooter:
    """Build the footer for ``owner``, saving « what » (« la référence »).

    The buttons and the Ctrl+S action (added to ``owner``, with ``shortcut_context``) trigger
    ``save_requested`` and ``revert_requested``; « Annuler les modifications » starts
    disabled.
    """
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    dirty_label = QLabel()
    set_role(dirty_label, "warning")
    if wrap:
        dirty_label.setWordWrap(True)
    dirty_label.setAccessibleName("État de l'enregistrement")
    revert_button = QPushButton("Annuler les modifications")
    revert_button.setAccessibleName("Annuler les modifications non enregistrées")
    save_button = QPushButton("&Enregistrer")
    save_button.setAccessibleName(f"Enregistrer {what}")
    save_button.setToolTip(f"Enregistrer {what} (Ctrl+S)")
    if default:
        save_button.setDefault(True)
    layout = QHBoxLayout(frame)
    layout.addWidget(dirty_label, 1)
    layout.addWidget(revert_button)
    layout.addWidget(save_button)
    save_action = QAction("Enregistrer", owner)
    save_action.setShortcut(QKeySequence.StandardKey.Save)
    save_action.setShortcutContext(shortcut_context)
    owner.addAction(save_action)
    save_action.triggered.connect(save_requested)
    save_button.clicked.connect(save_requested)
    revert_button.clicked.connect(revert_requested)
    revert_button.setEnabled(False)
    return SaveFooter(frame, dirty_label, revert_button, save_button, save_action)


class DirtyFormMixin(FillingGuard):
    """Unsaved-changes tracking of an editor: mix it in before ``QWidget``.

    The editor provides ``errors``, ``dirty_label``, ``revert_button``, the
    ``dirty_changed(bool)`` signal and the ``_dirty`` and ``_loading`` flags.
    """

    errors: FormErrors
    general_error: ErrorLabel
    dirty_label: QLabel
    revert_button: QPushButton
    save_button: QPushButton
    save_action: QAction
    dirty_changed: Any
    _dirty: bool
    _loading: bool
    scroll_area: QScrollArea

    def _lay_out_scrolled(self, widgets: list[QWidget], footer: QWidget) -> None:
        """Stack ``widgets`` in ``scroll_area``; ``footer`` stays under it, always visible."""
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for widget in widgets:
            body_layout.addWidget(widget)
        body_layout.addStretch(1)
        self.scroll_area = form_scroll_area(body)
        layout = QVBoxLayout(cast(QWidget, self))
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(footer)

    def _use_footer(self, footer: SaveFooter) -> QFrame:
        """Keep the footer's widgets as the editor's attributes; returns its frame."""
        self.dirty_label = footer.dirty_label
        self.revert_button = footer.revert_button
        self.save_button = footer.save_button
        self.save_action = footer.save_action
        return footer.frame

    #: The heading while the title is empty (« Référence sans titre »).
    UNTITLED = ""
    title_edit: QLineEdit
    heading: QLabel

    def _update_heading(self) -> None:
        self.heading.setText(self.title_edit.text().strip() or self.UNTITLED)

    def focus_title(self) -> None:
        """Put the cursor in the title with its text selected, ready to be retyped."""
        scroll_area = getattr(self, "scroll_area", None)
        if scroll_area is not None:
            scroll_area.ensureWidgetVisible(self.title_edit)
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title_edit.selectAll()

    def _edited(self, key: str) -> None:
        if self._loading:
            return
        self.errors.clear(key)
        self.set_dirty(True)

    def is_dirty(self) -> bool:
        """True when the form holds changes not saved yet."""
        return self._dirty

    def set_dirty(self, dirty: bool) -> None:
        """Mark the form as changed (or saved) and update the footer."""
        self.dirty_label.setText(DIRTY_TEXT if dirty else "")
        self.revert_button.setEnabled(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _reveal_error(self, scroll_area: QScrollArea, first: QWidget | None) -> None:
        """Scroll to the first invalid field, or to the general message."""
        target = first if first is not None else self.general_error
        scroll_area.ensureWidgetVisible(target, 50, 80)
