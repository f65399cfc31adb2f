"""Spreadsheet-safe CSV cells: a cell starting with = + - @ (or tab / carriage return) is a
formula to Excel and LibreOffice Calc — « =HYPERLINK(…) » in a reference title would run when
the exported file is opened. OWASP's advice, which both tools honour: prefix such a cell with
an apostrophe, shown as text and never evaluated. ``restore`` takes it off again on import, so
an exported file imports back unchanged.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _protected(cell: str) -> bool:
    # A formula start, or apostrophes before one: « '=1+1 » typed as such must come back
    # with its apostrophe, so it gets one more (taken off by ``restore``).
    return cell.lstrip("'").startswith(FORMULA_STARTS)


def neutralize(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: « '=1+1 » for « =1+1 »."""
    return "'" + cell if _protected(cell) else cell


def restore(cell: str) -> str:
    """The text ``neutralize`` protected: « '=1+1 » → « =1+1 », « ''=1 » → « '=1 »; anything
    else unchanged."""
    if cell.startswith("'") and _protected(cell[1:]):
        return cell[1:]
    return cell
