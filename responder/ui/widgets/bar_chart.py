"""A bar chart painted with QPainter from :func:`responder.domain.charts.layout`.

The same layout is rasterised to PNG for the .docx report (``documents/png_chart.py``), so
the « Bilan » page and the report show the same charts (no Qt Charts, no web view).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.charts import BarChart, Line, Rect, Text, TextStyle, layout


class BarChartView(QWidget):
    """Shows one :class:`BarChart`; repaints at any size."""

    def __init__(self, chart: BarChart | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._fonts: dict[TextStyle, QFont] = {}
        self._update_accessible()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        """A comfortable size for two charts side by side."""
        return QSize(560, 300)

    def set_chart(self, chart: BarChart) -> None:
        """Show ``chart``."""
        self.chart = chart
        self._update_accessible()
        self.update()

    def _update_accessible(self) -> None:
        if self.chart is None:
            return
        self.setAccessibleName(self.chart.title)
        parts = []
        for i, category in enumerate(self.chart.categories):
            values = ", ".join(
                f"{s.name} {s.values[i]:g}" for s in self.chart.series if s.values[i] is not None
            )
            parts.append(f"{category} : {values}")
        self.setToolTip("\n".join(parts) or self.chart.empty_text)

    def _font(self, style: TextStyle) -> QFont:
        if style not in self._fonts:
            font = QFont(self.font())
            if style == "title":
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 1.1)
            self._fonts[style] = font
        return self._fonts[style]

    def measure(self, text: str, style: TextStyle) -> float:
        """Width of ``text`` in pixels, in the widget's font for ``style``."""
        return QFontMetricsF(self._font(style)).horizontalAdvance(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        """Paint the laid-out shapes."""
        if self.chart is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        line_height = QFontMetricsF(self._font("label")).height()
        drawing = layout(self.chart, self.width(), self.height(), self.measure,
                         line_height=line_height)
        for shape in drawing.shapes:
            if isinstance(shape, Rect):
                painter.fillRect(QRectF(shape.x, shape.y, shape.w, shape.h), QColor(shape.color))
            elif isinstance(shape, Line):
                painter.setPen(QColor(shape.color))
                painter.drawLine(round(shape.x1), round(shape.y1), round(shape.x2),
                                 round(shape.y2))
            elif isinstance(shape, Text):
                font = self._font(shape.style)
                painter.setFont(font)
                painter.setPen(QColor(shape.color))
                width = QFontMetricsF(font).horizontalAdvance(shape.text)
                x = shape.x
                if shape.align == "right":
                    x -= width
                elif shape.align == "center":
                    x -= width / 2
                painter.drawText(QRectF(x, shape.y, width + 2, line_height * 1.3),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                                 shape.text)
        painter.end()
