"""« Veille »: view (widgets) and controller (behaviour); ``VeillePage`` is the page."""

from .controller import NO_FILTER, VeillePage
from .view import DEADLINES, ID_ROLE, NOTICE_HEADERS, OWN_HEADERS, RENEWAL_HEADERS

__all__ = ["DEADLINES", "ID_ROLE", "NOTICE_HEADERS", "NO_FILTER", "OWN_HEADERS",
           "RENEWAL_HEADERS", "VeillePage"]
