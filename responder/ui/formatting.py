"""Old names of the French display helpers, now aliases of ``responder.fr`` (the one
formatting module). Kept while pages still import them; to be removed."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from ..fr import date_short, date_time_short, fold, parse_amount, screen_amount, screen_number

#: The French locale given to date and number editors (their own input, not formatting).
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)

format_date = date_short
format_datetime = date_time_short
format_number = screen_number
format_amount = screen_amount

__all__ = [
    "FRENCH", "fold", "format_amount", "format_date", "format_datetime", "format_number",
    "parse_amount",
]
