"""The look of the application: colours and text styles as named roles.

A widget asks for a look with ``set_role(widget, "muted")`` (the property ``role``); the
rules live here only, so no page writes a colour. Table models and painters that need a
``QColor`` take it from ``color(name)``. Each widget given a role carries that role's one
rule as its own stylesheet: an application-wide stylesheet would send every widget of every
page through Qt's style-sheet machinery, which made building a page up to three times
slower, for the few dozen widgets that have a role.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

#: Every colour the interface uses, by meaning.
COLOURS: dict[str, str] = {
    "text_muted": "#555555",
    "text_soft": "#444444",
    "error": "#b3261e",
    "error_strong": "#b00020",
    "error_background": "#fde7dd",
    "error_text": "#5c1410",
    "alert": "#aa3333",
    "warning": "#9a5b00",
    "warning_text": "#8a5300",
    "warning_dark": "#3d2a00",
    "warning_background": "#fff4e5",
    "ok": "#2e7d32",
    "ok_dark": "#1b5e20",
    "link": "#0b5cad",
    "panel": "#f3f5f8",
    "confidential": "#6a1b9a",
    # Dashboard urgency tints (Okabe-Ito vermillion, orange, sky blue), light for black text.
    "urgency_overdue": "#f6cdb8",
    "urgency_week": "#fbe3a6",
    "urgency_month": "#cfe6f5",
    "notice_background": "#fff4ce",
    "demo_background": "#e8f1fb",
    "info": "#2f5d8a",
    "info_background": "#e8f1fb",
    # Dossier tabs (go / no-go, pièces, échéances, dépôt).
    "attention_background": "#fff4ce",
    "attention_text": "#8a5a00",
    "warning_cell_text": "#7a4b00",
    "error_cell_background": "#fde7e9",
    "text_faded": "#6b6b6b",
    "past_tint": "#f6cdb8",
    "done_tint": "#e3e3e3",
    "confidential_background": "#f3e5f5",
    "confidential_text": "#4a148c",
    "warning_soft": "#fff4ce",
    "warning_deep": "#7a4b00",
    "error_soft": "#fde7e9",
    "closed": "#6b6b6b",
    "new_item_background": "#fff4ce",
    "text_closed": "#6b6b6b",
    "inferred_background": "#ffe3d6",
    "inferred": "#a33a00",
    "not_found": "#8a5a00",
    "next_step_background": "#e8f1fb",
    "info_panel_background": "#f4f6f8",
    "info_panel_border": "#c5ccd3",
}

#: Rules by role; a role may combine a text style and a colour.
ROLES: dict[str, str] = {
    "muted": "color: {text_muted};",
    "soft": "color: {text_soft};",
    "placeholder": "color: {text_muted}; font-size: 12pt; padding: 24px;",
    "loading": "color: {text_muted}; font-size: 13pt;",
    "title": "font-size: 16pt; font-weight: bold;",
    "big-title": "font-size: 18pt; font-weight: bold;",
    "heading": "font-size: 13pt; font-weight: bold;",
    "subheading": "font-size: 12pt; font-weight: bold;",
    "lead": "font-size: 12pt;",
    "small": "font-size: 11pt;",
    "bold": "font-weight: bold;",
    "error": "color: {error};",
    "error-strong": "color: {error}; font-weight: bold;",
    "alert": "color: {alert};",
    "warning": "color: {warning}; font-weight: bold;",
    "warning-text": "color: {warning_text};",
    "warning-dark": "font-weight: bold; color: {warning_dark};",
    "ok": "color: {ok};",
    "ok-dark": "color: {ok_dark};",
    "link-button": "font-weight: bold; color: {link};",
    "panel": "padding: 6px; background: {panel}; border-radius: 4px;",
    "warning-box": (
        "background: {error_background}; border: 1px solid {error}; border-radius: 4px; "
        "padding: 6px; color: {error_text};"
    ),
    "notice-box": (
        "background: {warning_background}; border: 1px solid {warning}; border-radius: 4px; "
        "padding: 6px; color: {warning_dark};"
    ),
    # A framed notice whose own children keep their look (the dashboard's 48-hour notice).
    "notice-frame": (
        "background: {notice_background}; border: 1px solid {warning}; border-radius: 4px;"
    ),
    "empty-note": "color: {text_muted}; font-size: 12pt; padding: 12px;",
    "demo-banner": "background: {demo_background}; border-bottom: 2px solid {link};",
    "info-box": "background: {info_background}; padding: 4px 6px; border-radius: 3px;",
    "empty-note-wide": "color: {text_muted}; padding: 24px;",
    "attention-box": (
        "background: {attention_background}; border: 1px solid {warning}; "
        "border-radius: 4px; padding: 6px; color: {warning_dark};"
    ),
    "empty-list": "color: {text_muted}; font-size: 11pt; padding: 24px;",
    "hint": "color: {text_muted}; padding: 24px;",
    "confidential-box": (
        "background: {confidential_background}; color: {confidential_text}; padding: 6px; "
        "border-radius: 4px;"
    ),
    "undo-bar": "background: {warning_soft}; border: 1px solid {warning}; border-radius: 4px;",
    "error-deep": "color: {error_strong};",
    "not-found-field": "background-color: {new_item_background};",
    "inferred-field": "background-color: {inferred_background};",
    "next-step": "background: {next_step_background}; padding: 4px 8px; border-radius: 3px;",
    "info-panel": (
        "background: {info_panel_background}; border: 1px solid {info_panel_border}; "
        "border-radius: 4px; padding: 6px;"
    ),
}


def color(name: str) -> QColor:
    """The ``QColor`` of a named colour of ``COLOURS``."""
    return QColor(COLOURS[name])


@cache
def rule(role: str) -> str:
    """The stylesheet rule of ``role``, on the ``role`` property."""
    return f'*[role="{role}"] {{ {ROLES[role].format(**COLOURS)} }}'


def set_role(widget: QWidget, role: str | None) -> None:
    """Give ``widget`` the look of ``role`` (``None``: back to the default look).

    The rule matches the property, not the widget: its children keep their own look.
    """
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role: {role}")
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.setStyleSheet(rule(role) if role is not None else "")
