"""Rule-based extraction of a règlement de consultation (RC): deadlines, lots, criteria, pieces.

Pure functions on text already read from the PDF, DOCX or ODT (one string per page): no
network, no model. The result uses the field names and enumeration values of the tender JSON,
with ``None`` (or an empty list) where a field was not stated, an ``evidence`` entry per found
field giving the page and the sentence it came from, a ``confidence`` per found field
(``sure``: read as written; ``inferred``: completed by a rule, such as a year taken from the
weekday or a questions deadline counted back from the deadline; ``guess``: taken from where
such a value usually stands, such as the first lines of the cover) and ``missing``, the
fields the document does not state.

The rules aim at what French RCs have in common across house styles (buyer-platform
generators, departmental and hospital templates, State services, short MAPA letters), not at
any one document: the sommaire is recognised and never used as content, a line wrapped by
the PDF is joined back, a value is looked for in the sentence naming it and, when a label
stands alone (cover pages, table cells), in the lines that follow it. Only a sentence that
states a value gives it: a decree's date is not a deadline, a page number is not a weight.

The package: ``text`` (normalisation, numbers in words, lines), ``dates``, ``lines`` (the
sommaire and wrapped lines), ``procedure``, ``labels`` (buyer, reference, object),
``deadlines``, ``lots`` (and reservations), ``criteria``, ``clauses`` (visit, meeting,
variants, PSE, tranches, groupement), ``pieces`` and ``extract`` (the whole result).
"""

from __future__ import annotations

from .dates import parse_french_datetime
from .extract import FIELDS, extract_rc, looks_like_rc, not_rc_reason
from .lots import _reservations_in
from .pieces import DOCUMENT_RULES
from .text import RcLine, normalize_text, parse_french_number

__all__ = [
    "DOCUMENT_RULES",
    "FIELDS",
    "RcLine",
    "_reservations_in",
    "extract_rc",
    "looks_like_rc",
    "normalize_text",
    "not_rc_reason",
    "parse_french_datetime",
    "parse_french_number",
]
