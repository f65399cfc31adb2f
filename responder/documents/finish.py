"""The last pass over every generated .docx: French typography and tables that read well.

Applied after rendering, whatever the template (shipped or the user's own):

- every paragraph's text goes through :func:`responder.fr.typography_runs` (no-break spaces
  before « : », narrow ones before « ; ! ? », inside « »), run by run so the formatting of
  each word is kept;
- every table row is kept on one page (``cantSplit``) and the first row of each table is
  repeated at the top of each page (``tblHeader``), so a DC1 member or a reference is never
  cut between two pages and a table continued on the next page keeps its headings.

Thread contract: pure function on an in-memory document, safe in a background thread.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn

from ..fr import TYPOGRAPHY_SIGNS, typography_runs

_W_P = qn("w:p")
_W_T = qn("w:t")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_TRPR = qn("w:trPr")
_W_TBLPREX = qn("w:tblPrEx")
_W_CANTSPLIT = qn("w:cantSplit")
_W_TBLHEADER = qn("w:tblHeader")
#: Every edit of ``typography_runs`` is next to one of these signs.
_SIGNS = re.compile(f"[{TYPOGRAPHY_SIGNS}]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Parts holding visible text: the body, headers, footers, notes.
_TEXT_PARTS = ("/word/document", "/word/header", "/word/footer", "/word/footnotes",
               "/word/endnotes")


def _text_roots(document: Any) -> list[Any]:
    roots = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name.startswith(_TEXT_PARTS) and hasattr(part, "element"):
            roots.append(part.element)
    return roots


def _paragraphs_to_typeset(root: Any) -> list[Any]:
    """The paragraphs whose text holds a sign, in document order (an enclosing paragraph,
    such as one holding a text box, before the paragraphs it holds); the others are left
    as they are by the typography, and visiting their runs one by one was most of its time.
    """
    chosen: dict[Any, None] = {}
    for text in root.iter(_W_T):
        if text.text is None or _SIGNS.search(text.text) is None:
            continue
        for paragraph in reversed(list(text.iterancestors(_W_P))):
            chosen.setdefault(paragraph, None)
    return list(chosen)


def _typeset(root: Any) -> None:
    for paragraph in _paragraphs_to_typeset(root):
        texts = list(paragraph.iter(_W_T))
        parts = [t.text or "" for t in texts]
        for element, before, after in zip(texts, parts, typography_runs(parts), strict=True):
            if after != before:
                element.text = after
                element.set(_XML_SPACE, "preserve")


def _keep_rows(root: Any) -> None:
    # ``makeelement`` rather than python-docx's ``OxmlElement``, which parses a string for
    # each new element: same elements, a fraction of the time on a long references table.
    for table in root.iter(_W_TBL):
        rows = [r for r in table if r.tag == _W_TR]
        for index, row in enumerate(rows):
            tr_pr = row.find(_W_TRPR)
            if tr_pr is None:
                tr_pr = row.makeelement(_W_TRPR, {})
                # trPr follows the optional tblPrEx, before the cells.
                position = 1 if len(row) and row[0].tag == _W_TBLPREX else 0
                row.insert(position, tr_pr)
            if tr_pr.find(_W_CANTSPLIT) is None:
                # CT_TrPr lists cantSplit before tblHeader: insert it first.
                tr_pr.insert(0, tr_pr.makeelement(_W_CANTSPLIT, {}))
            if index == 0 and len(rows) > 1 and tr_pr.find(_W_TBLHEADER) is None:
                tr_pr.append(tr_pr.makeelement(_W_TBLHEADER, {}))


def finish(document: Any) -> Any:
    """Apply the typography and table pass to a python-docx ``Document``; returns it."""
    for root in _text_roots(document):
        _typeset(root)
        _keep_rows(root)
    return document


__all__ = ["finish"]
