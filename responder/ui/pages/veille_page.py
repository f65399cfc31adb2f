"""« Veille » (the registry's module path): the page lives in the ``veille`` package."""

from .veille import (
    DEADLINES,
    ID_ROLE,
    NO_FILTER,
    NOTICE_HEADERS,
    OWN_HEADERS,
    RENEWAL_HEADERS,
    VeillePage,
)

__all__ = ["DEADLINES", "ID_ROLE", "NOTICE_HEADERS", "NO_FILTER", "OWN_HEADERS",
           "RENEWAL_HEADERS", "VeillePage"]
