"""Form-building helpers: a labelled row with its buddy, accessible name and error label."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from .errors import ErrorLabel, FormErrors


def plain(text: str) -> str:
    """Label text without the mnemonic ampersand and trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(" :")


def with_error(widget: QWidget) -> tuple[QWidget, ErrorLabel]:
    """A container holding ``widget`` with a (hidden) error label right under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    label = ErrorLabel()
    layout.addWidget(label)
    return box, label


def new_form(*, labels_above: bool = False) -> QFormLayout:
    """A form layout whose fields grow; labels on the left, or above (narrow panels)."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    if labels_above:
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
    else:
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


def add_row(
    form: QFormLayout,
    text: str,
    widget: QWidget,
    errors: FormErrors | None = None,
    key: str | None = None,
    *,
    focus: QWidget | None = None,
    tooltip: str = "",
) -> ErrorLabel:
    """Add « text » (with its mnemonic) and ``widget`` to ``form``, with an error label.

    ``focus`` is the widget that receives the label's mnemonic and the focus on error
    (defaults to ``widget``). Its accessible name is the label text.
    """
    target = focus or widget
    label = QLabel(text)
    label.setBuddy(target)
    if not target.accessibleName():
        target.setAccessibleName(plain(text))
    if tooltip:
        target.setToolTip(tooltip)
    box, error = with_error(widget)
    form.addRow(label, box)
    if errors is not None and key is not None:
        errors.register(key, target, error)
    return error


def align_labels(*roots: QWidget) -> None:
    """Give every form label under ``roots`` the same width, so fields line up across groups."""
    labels: list[QWidget] = []
    forms = [form for root in roots for form in root.findChildren(QFormLayout)]
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if widget is not None:
                labels.append(widget)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


#: One row of ``form_group``: label text, field, error key, and optionally a tooltip.
Row = tuple[str, QWidget, str] | tuple[str, QWidget, str, str]


def form_group(title: str, errors: FormErrors, rows: Iterable[Row], *,
               labels_above: bool = False) -> QGroupBox:
    """A titled group of labelled rows, each with its error label registered in ``errors``."""
    form = new_form(labels_above=labels_above)
    for text, widget, key, *tooltip in rows:
        add_row(form, text, widget, errors, key, tooltip=tooltip[0] if tooltip else "")
    return form_box(title, form)


def form_box(title: str, form: QFormLayout) -> QGroupBox:
    """A group box titled ``title`` holding ``form`` (rows added by hand, like
    ``add_row`` with a ``focus``)."""
    box = QGroupBox(title)
    box.setLayout(form)
    return box


def error_group(title: str, widget: QWidget, errors: FormErrors, key: str, *,
                focus: QWidget | None = None) -> QGroupBox:
    """A titled group holding ``widget`` with an error label under it, registered in
    ``errors`` as ``key`` (the focus goes to ``focus``, by default ``widget``)."""
    box = QGroupBox(title)
    container, error = with_error(widget)
    errors.register(key, focus or widget, error)
    QVBoxLayout(box).addWidget(container)
    return box
