"""Small factories for the widgets every page builds the same way.

One call instead of four or five lines of setters: the accessible name, the tooltip, the
shortcut and the look (a theme role) are arguments, so pages read as a list of what they
show, and the repeated shapes disappear.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..theme import set_role


def label(text: str = "", *, role: str | None = None, wrap: bool = True,
          selectable: bool = False, rich: bool = False, name: str = "",
          links: bool = False) -> QLabel:
    """A label: plain text (``rich`` for HTML), word-wrapped, optionally selectable."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if links:
        widget.setOpenExternalLinks(True)
    if name:
        widget.setAccessibleName(name)
    if role is not None:
        set_role(widget, role)
    return widget


def button(text: str, *, name: str = "", tip: str = "", shortcut: str = "",
           clicked: Callable[..., object] | None = None, enabled: bool = True,
           default: bool = False, role: str | None = None) -> QPushButton:
    """A push button with its accessible name (the text by default) and tooltip."""
    widget = QPushButton(text)
    widget.setAccessibleName(name or text.replace("&", "").rstrip("…. "))
    if tip:
        widget.setToolTip(tip)
    if shortcut:
        widget.setShortcut(QKeySequence(shortcut))
    if clicked is not None:
        widget.clicked.connect(clicked)
    widget.setEnabled(enabled)
    widget.setDefault(default)
    if role is not None:
        set_role(widget, role)
    return widget


def combo(name: str, *, tip: str = "", items: Iterable[tuple[str, object]] = (),
          length: int = 0) -> QComboBox:
    """A combo box with its accessible name, tooltip and (text, data) items. With ``length``
    it is sized on that many characters, not on its longest entry (a long name): its row then
    fits a narrow window; the open list still shows every entry in full."""
    widget = QComboBox()
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    for text, data in items:
        widget.addItem(text, data)
    if length:
        widget.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(length)
    return widget


def buddy(text: str, widget: QWidget) -> QLabel:
    """The label of ``widget`` whose « & » letter moves the focus to it."""
    caption = QLabel(text)
    caption.setBuddy(widget)
    return caption


def row(*items: QWidget | int | None, stretch_at: int | None = None,
        margins: bool = False) -> QHBoxLayout:
    """A horizontal layout of ``items``: a widget, an int (spacing) or ``None`` (stretch)."""
    layout = QHBoxLayout()
    _fill(layout, items, margins)
    if stretch_at is not None:
        layout.insertStretch(stretch_at, 1)
    return layout


def column(*items: QWidget | QLayout | int | None, parent: QWidget | None = None,
           margins: bool = True) -> QVBoxLayout:
    """A vertical layout (on ``parent`` if given) of widgets, layouts, spacings, stretches."""
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    _fill(layout, items, margins)
    return layout


def _fill(layout: QBoxLayout, items: Iterable[QWidget | QLayout | int | None],
          margins: bool) -> None:
    if not margins:
        layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, int):
            layout.addSpacing(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)


def table_view(name: str, *, stretch_column: int | None = None,
               multi: bool = False) -> QTableView:
    """A read-only table of rows: whole-row selection, sortable, alternating colours."""
    view = rows_view(QTableView(), name, multi=multi)
    view.setSortingEnabled(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view


def container(layout: QLayout) -> QWidget:
    """A plain widget holding ``layout``."""
    widget = QWidget()
    widget.setLayout(layout)
    return widget


def page_title(title: str, intro: str) -> tuple[QLabel, QLabel]:
    """A page's title and its one-paragraph introduction (word-wrapped)."""
    return label(title, role="title", wrap=False), label(intro)


def link_browser(name: str, on_link: Callable[[QUrl], object], html: str = "") -> QTextBrowser:
    """A read-only rich text whose links call ``on_link`` instead of opening themselves."""
    view = QTextBrowser()
    view.setAccessibleName(name)
    view.setOpenLinks(False)
    view.anchorClicked.connect(on_link)
    if html:
        view.setHtml(html)
    return view


def list_widget(name: str, tip: str = "", *, wrap: bool = False, alternating: bool = False,
                spacing: int = 0, single: bool = False) -> QListWidget:
    """A list of items with its accessible name and tooltip; ``wrap`` for long items,
    ``single`` for one selected item at a time."""
    widget = QListWidget()
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    widget.setWordWrap(wrap)
    widget.setAlternatingRowColors(alternating)
    if spacing:
        widget.setSpacing(spacing)
    if single:
        widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return widget


ItemViewT = TypeVar("ItemViewT", bound=QAbstractItemView)


def rows_view(view: ItemViewT, name: str, *, multi: bool = False) -> ItemViewT:
    """``view`` (a table or tree, model-based or not) set up as a read-only list of rows:
    its accessible name, whole-row selection, no editing, alternating colours."""
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    return view


def text_area(placeholder: str = "", *, name: str = "",
              height: int | None = None) -> QPlainTextEdit:
    """A plain-text box where Tab moves on (not a tab character), optionally of fixed height."""
    edit = QPlainTextEdit()
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if name:
        edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    if height is not None:
        edit.setFixedHeight(height)
    return edit


def group(title: str, widget: QWidget) -> QGroupBox:
    """``widget`` alone in a titled group box."""
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box


def line_edit(name: str = "", *, placeholder: str = "", tip: str = "", clear: bool = False,
              min_width: int = 0, max_width: int = 0) -> QLineEdit:
    """A one-line text field with its accessible name, placeholder and tooltip."""
    widget = _text_field(QLineEdit(), name, placeholder, tip)
    widget.setClearButtonEnabled(clear)
    widget.setMinimumWidth(min_width)
    widget.setMaximumWidth(max_width or _NO_LIMIT)
    return widget


TextField = TypeVar("TextField", QLineEdit, QPlainTextEdit)
_NO_LIMIT = 16_777_215  # Qt's QWIDGETSIZE_MAX


def _text_field(widget: TextField, name: str, placeholder: str, tip: str) -> TextField:
    widget.setAccessibleName(name)
    widget.setPlaceholderText(placeholder)
    widget.setToolTip(tip)
    return widget


def check_box(text: str, *, name: str = "") -> QCheckBox:
    """A check box with its accessible name (the text by default)."""
    widget = QCheckBox(text)
    widget.setAccessibleName(name or text)
    return widget


def splitter(*widgets: QWidget, vertical: bool = False, stretch: Iterable[int] = (),
             sizes: list[int] | None = None) -> QSplitter:
    """A splitter of ``widgets`` that never collapses them, with their stretch factors and
    first sizes."""
    widget = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    widget.setChildrenCollapsible(False)
    for child in widgets:
        widget.addWidget(child)
    for index, factor in enumerate(stretch):
        widget.setStretchFactor(index, factor)
    if sizes:
        widget.setSizes(sizes)
    return widget


def plain_text(name: str, *, placeholder: str = "", min_height: int = 0) -> QPlainTextEdit:
    """A multi-line text field (Tab moves on) with its accessible name and placeholder."""
    widget = _text_field(QPlainTextEdit(), name, placeholder, "")
    widget.setTabChangesFocus(True)
    widget.setMinimumHeight(min_height)
    return widget


def connect_clicks(*pairs: tuple[QAbstractButton, Callable[..., object]]) -> None:
    """Connect each button's ``clicked`` to its handler: one table instead of a run of
    ``button.clicked.connect(handler)`` lines."""
    for widget, handler in pairs:
        widget.clicked.connect(handler)


def spin_box(maximum: int, *, minimum: int = 0, value: int | None = None, prefix: str = "",
             suffix: str = "", special: str = "", step: int = 1, grouped: bool = False,
             min_width: int = 0, name: str = "") -> QSpinBox:
    """A whole-number spin box from ``minimum`` to ``maximum`` (at ``value``, else at the
    minimum) with its unit (``prefix``, ``suffix``), the text shown at the minimum
    (``special``, « non précisé »), its step and accessible name; ``grouped`` shows thousands
    separators."""
    # Qt properties as keywords: the range is set minimum first, like ``setRange``.
    widget = QSpinBox(minimum=minimum, maximum=maximum, prefix=prefix, suffix=suffix,
                      singleStep=step)
    widget.setSpecialValueText(special)
    widget.setGroupSeparatorShown(grouped)
    widget.setAccessibleName(name)
    widget.setMinimumWidth(min_width)
    if value is not None:
        widget.setValue(value)
    return widget
