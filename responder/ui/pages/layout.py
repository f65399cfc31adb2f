"""Layout pieces several pages and dossier tabs build alike (layout only, no behaviour).

A table's columns are declared once, as ``(title, first width)`` pairs: ``set_columns``
gives them to the table (``size_columns`` sizes a table whose model gives the titles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTreeWidget, QVBoxLayout, QWidget

from ..widgets import make

#: A column of a table: its title and its first width in pixels (0: Qt's default).
Column = tuple[str, int]


def set_columns(view: QTableWidget | QTreeWidget, columns: Sequence[Column], *,
                stretch_last: bool = False) -> None:
    """Give ``view`` the columns ``columns``: their titles, resizable by the user, at their
    first widths (``size_columns``)."""
    view.setColumnCount(len(columns))
    labels = [title for title, _width in columns]
    if isinstance(view, QTreeWidget):
        view.setHeaderLabels(labels)
        header = view.header()
    else:
        view.setHorizontalHeaderLabels(labels)
        header = view.horizontalHeader()
    size_columns(header, ((index, width) for index, (_title, width) in enumerate(columns)
                          if width), stretch_last=stretch_last)


def size_columns(header: QHeaderView, column_widths: Iterable[tuple[int, int]], *,
                 stretch_last: bool = False) -> None:
    """Columns the user resizes, at their first widths ((column, pixels) pairs); the last
    one takes the room left when ``stretch_last``."""
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_last)
    for column, width in column_widths:
        header.resizeSection(column, width)


def titled_page(page: QWidget, title: str, intro: str, body: QWidget) -> QVBoxLayout:
    """Lay ``page`` out under its title (also its accessible name) and a one-paragraph
    introduction; ``body`` takes the room left."""
    page.setAccessibleName(title)
    heading, text = make.page_title(title, intro)
    layout = make.column(heading, text, parent=page)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addWidget(body, 1)
    return layout
