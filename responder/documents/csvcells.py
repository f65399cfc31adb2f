"""Spreadsheet-safe CSV cells: a cell starting with = + - @ (or tab / carriage return) is a
formula to Excel and LibreOffice Calc — « =HYPERLINK(…) » in a reference title would run when
the exported file is opened. OWASP's advice, which both tools honour: prefix such a cell with
an apostrophe, shown as text and never evaluated. ``restore`` takes it off again on import, so
an exported file imports back unchanged.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: « '=1+1 » for « =1+1 »."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    """The text ``neutralize`` protected: « '=1+1 » → « =1+1 »; anything else unchanged."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
