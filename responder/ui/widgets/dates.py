"""Date and date-time fields that may be left empty (« non renseignée »)."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QWidget

#: The French locale given to date editors (their own input, not formatting).
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
_EMPTY_TEXT = "non renseignée"
_FLOOR = QDate(1990, 1, 1)
#: Default time of a deadline when the user ticks the box (most RCs say noon).
DEFAULT_TIME = time(12, 0)


class _OptionalDateBase(QWidget):
    """A check box « renseignée » beside a date editor with a calendar popup."""

    changed = Signal()

    def __init__(self, editor: QDateEdit | QDateTimeEdit, fmt: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.check.setToolTip("Cochez pour indiquer une date, décochez pour la laisser vide.")
        self.editor = editor
        editor.setLocale(FRENCH)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat(fmt)
        editor.setMinimumDate(_FLOOR)
        editor.setSpecialValueText(_EMPTY_TEXT)
        editor.setMinimumWidth(150)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(editor, 1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._on_toggled)
        editor.dateTimeChanged.connect(self._on_edited)
        self._set_empty()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        """Name the editor and its check box for screen readers."""
        super().setAccessibleName(name)
        self.editor.setAccessibleName(name)
        self.check.setAccessibleName(f"{name} : renseignée")

    def is_set(self) -> bool:
        """True when a date is given."""
        return self.check.isChecked()

    def _set_empty(self) -> None:
        self.editor.blockSignals(True)
        self.editor.setDateTime(QDateTime(_FLOOR, QTime(0, 0)))
        self.editor.blockSignals(False)
        self.editor.setEnabled(False)

    def _on_toggled(self, checked: bool) -> None:
        if checked:
            self.editor.setEnabled(True)
            if self.editor.date() == _FLOOR:
                self.editor.setDateTime(self._default())
            self.editor.setFocus()
        else:
            self._set_empty()
        self.changed.emit()

    def _on_edited(self) -> None:
        if self.check.isChecked():
            self.changed.emit()

    def _default(self) -> QDateTime:
        return QDateTime(QDate.currentDate(), QTime(DEFAULT_TIME.hour, DEFAULT_TIME.minute))

    def _read(self) -> datetime | None:
        """The date and time shown (to the minute), ``None`` when « non renseignée »."""
        if not self.is_set():
            return None
        qdt = self.editor.dateTime()
        qd, qt = qdt.date(), qdt.time()
        return datetime(qd.year(), qd.month(), qd.day(), qt.hour(), qt.minute())

    def _show(self, value: datetime | None) -> None:
        self._set_qdatetime(None if value is None else QDateTime(
            QDate(value.year, value.month, value.day), QTime(value.hour, value.minute)))

    def _set_qdatetime(self, value: QDateTime | None) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(value is not None)
        self.check.blockSignals(False)
        if value is None:
            self._set_empty()
        else:
            self.editor.setEnabled(True)
            self.editor.blockSignals(True)
            self.editor.setDateTime(value)
            self.editor.blockSignals(False)


class OptionalDateEdit(_OptionalDateBase):
    """A date that may be empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QDateEdit(), "dd/MM/yyyy", parent)

    def value(self) -> date | None:
        """The date, or ``None`` when « non renseignée »."""
        found = self._read()
        return found.date() if found is not None else None

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (``None`` → « non renseignée ») without emitting ``changed``."""
        self._show(datetime.combine(value, time(0, 0)) if value is not None else None)


class OptionalDateTimeEdit(_OptionalDateBase):
    """A date and time that may be empty (deadlines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QDateTimeEdit(), "dd/MM/yyyy HH:mm", parent)

    def value(self) -> datetime | None:
        """The date and time (to the minute), or ``None`` when « non renseignée »."""
        return self._read()

    def set_value(self, value: datetime | None) -> None:
        """Show ``value`` (``None`` → « non renseignée ») without emitting ``changed``."""
        self._show(value)
