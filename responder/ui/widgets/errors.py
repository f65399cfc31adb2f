"""Inline validation: a red message under each field, keyed by the service's field paths."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..theme import set_role


class ErrorLabel(QLabel):
    """A red, word-wrapped message shown under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self, "error")
        self.setAccessibleName("Message d'erreur")
        self.hide()

    def show_message(self, text: str) -> None:
        """Show ``text`` (replacing any previous message)."""
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        """Hide the message."""
        self.clear()
        self.hide()


@dataclass
class _Entry:
    key: str
    widget: QWidget
    label: ErrorLabel
    description: str


class FormErrors:
    """Routes ``InvalidInput.messages`` to the error label under the matching field.

    Keys are matched exactly, then by shorter prefixes (``"lots.0.title"`` → ``"lots"``);
    anything unmatched goes to the general label at the top of the form.
    """

    def __init__(self, general: ErrorLabel) -> None:
        self.general = general
        self._entries: list[_Entry] = []
        self._by_key: dict[str, _Entry] = {}

    def register(self, key: str, widget: QWidget, label: ErrorLabel) -> None:
        """Messages for ``key`` (and its sub-paths) go to ``label``; ``widget`` gets focus."""
        entry = _Entry(key, widget, label, widget.accessibleDescription())
        self._entries.append(entry)
        self._by_key[key] = entry

    def fields(self) -> list[tuple[QWidget, str]]:
        """Each registered field with its key, in form order (to follow the user's edits)."""
        return [(entry.widget, entry.key) for entry in self._entries]

    def alias(self, key: str, target: str) -> None:
        """Route messages for ``key`` to the field registered as ``target``."""
        self._by_key[key] = self._by_key[target]

    def _find(self, path: str) -> _Entry | None:
        parts = path.split(".") if path else []
        while parts:
            entry = self._by_key.get(".".join(parts))
            if entry is not None:
                return entry
            parts.pop()
        return None

    def show(self, messages: dict[str, str]) -> QWidget | None:
        """Display every message, focus the first invalid field (form order) and return it."""
        self.clear_all()
        shown: dict[int, list[str]] = {}
        general: list[str] = []
        for path, text in messages.items():
            entry = self._find(path)
            if entry is None:
                general.append(text if not path else f"{path} : {text}")
            else:
                shown.setdefault(id(entry), []).append(text)
        first: QWidget | None = None
        for entry in self._entries:
            texts = shown.get(id(entry))
            if not texts:
                continue
            message = "\n".join(dict.fromkeys(texts))
            entry.label.show_message(message)
            entry.widget.setAccessibleDescription(message)
            if first is None:
                first = entry.widget
        if general:
            self.general.show_message("\n".join(general))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return first

    def clear(self, key: str) -> None:
        """Hide the message of one field (the user is correcting it)."""
        entry = self._by_key.get(key)
        if entry is not None and entry.label.isVisible():
            entry.label.clear_message()
            entry.widget.setAccessibleDescription(entry.description)

    def clear_all(self) -> None:
        """Hide every message."""
        for entry in self._entries:
            entry.label.clear_message()
            entry.widget.setAccessibleDescription(entry.description)
        self.general.clear_message()

    def messages(self) -> dict[str, str]:
        """Visible messages by registered key (for tests and screen readers)."""
        found = {e.key: e.label.text() for e in self._entries if not e.label.isHidden()}
        if not self.general.isHidden():
            found[""] = self.general.text()
        return found
