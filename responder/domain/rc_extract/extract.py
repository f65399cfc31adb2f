"""Is it an RC, and the whole extraction: every field with its evidence and confidence."""

from __future__ import annotations

import re
from typing import Any

from ...fr import iso_minute
from .clauses import _groupement_form, _meeting, _pse, _site_visit, _tranches, _variants
from .criteria import _criteria
from .dates import _years_of
from .deadlines import _Deadline, _deadlines, _invitation, _offer_validity, _questions_deadline
from .labels import _buyer, _object, _reference
from .lines import _evidence, _split, _Text
from .lots import _lots, _market_reservation
from .pieces import _HINTS, _documents
from .procedure import _PROCEDURES, _market_type, _procedure, _timezone
from .text import RcLine, _fold

# --- is it an RC? ---------------------------------------------------------------------------

_DEADLINE_PHRASE = re.compile(
    r"(?:date|heure)s?(?: et (?:heure|date)s?)? limites?|(?:remise|reception|depot) des "
    r"(?:offres|plis|candidatures|propositions|devis)|(?:offres|plis|candidatures) "
    r"(?:devront|doivent)|\bdlro\b"
)


def not_rc_reason(pages: list[str]) -> str | None:
    """Why the text is not an RC (no deadline phrase and no procedure), else ``None``."""
    folded = _fold("\n".join(pages))
    if _DEADLINE_PHRASE.search(folded):
        return None
    if any(re.search(pattern, folded) for _, pattern in _PROCEDURES):
        return None
    if re.search(r"reglement de (?:la )?consultation|avis d'appel public", folded) and re.search(
            r"\bcandidat|\bacheteur|pouvoir adjudicateur", folded):
        return None
    return ("il ne mentionne ni date limite de remise des offres ni procédure de passation "
            "(appel d'offres, procédure adaptée …)")


def looks_like_rc(pages: list[str]) -> bool:
    """True unless the text has neither a deadline phrase nor a procedure (see
    ``not_rc_reason``): a readable RC is never refused for its house style."""
    return not_rc_reason(pages) is None


# --- entry point ----------------------------------------------------------------------------

#: Fields of the extraction, in the order of the tender JSON (evidence keys use these names).
FIELDS = (
    "buyer", "reference", "object", "procedure", "market_type", "deadline",
    "candidatures_deadline", "invitation_on", "questions_deadline", "timezone",
    "offer_validity_days",
    "reserved", "lots", "criteria", "site_visit", "meeting", "variants", "pse", "tranches",
    "groupement_form", "documents",
)


def _not_allotted(lines: list[RcLine]) -> RcLine | None:
    for line in lines:
        if re.search(r"(?:n'est pas|ne fait pas l'objet d'un|pas d')\s*allot|"
                     r"(?:ne fait pas l'objet d'une|pas de) (?:decomposition|division) en lots|"
                     r"lot unique|\bun seul lot\b|non allotie?|n'est pas decompose en lots|"
                     r"\bpas\b[^.]{0,30}(?:decomposition|division) en lots|"
                     r"(?:sans|aucun) allotissement|pas alloti", line.folded):
            return line
    return None


class _Found:
    """The result being built: each value, with its evidence and confidence when found."""

    def __init__(self, source: str) -> None:
        self.result: dict[str, Any] = {"source": source}
        self.evidence: dict[str, dict[str, Any]] = {}
        self.confidence: dict[str, str] = {}

    def keep(self, name: str, value: Any, line: RcLine | None, sure: str = "sure") -> Any:
        self.result[name] = value
        if value in (None, []) or line is None:
            return value
        hint = _HINTS.get(name)
        if hint is None and isinstance(value, str):
            hint = re.escape(_fold(value)[:24])
        self.evidence[name] = {**_evidence(line, hint), "confidence": sure}
        self.confidence[name] = sure
        return value

    def keep_found(self, name: str, found: tuple[Any, ...] | None) -> Any:
        if found is None:
            return self.keep(name, None, None)
        return self.keep(name, found[0], found[1], found[2] if len(found) > 2 else "sure")


def _keep_deadlines(found: _Found, lines: list[RcLine], years: list[int]) -> _Deadline | None:
    """Keep the deadlines (offers, candidatures, invitation, questions); the offers' one."""
    deadlines = _deadlines(lines, years)
    offers = deadlines.get("offers")
    candidatures = deadlines.get("candidatures")
    found.keep("deadline", iso_minute(offers.value) if offers else None,
               offers.line if offers else None, offers.confidence if offers else "sure")
    found.keep("candidatures_deadline", iso_minute(candidatures.value) if candidatures else None,
               candidatures.line if candidatures else None,
               candidatures.confidence if candidatures else "sure")
    found.keep_found("invitation_on", _invitation(lines, years))
    questions = _questions_deadline(lines, offers.value if offers else None, years)
    if questions and offers and questions[0] > offers.value:
        questions = None
    found.keep("questions_deadline", iso_minute(questions[0]) if questions else None,
               questions[1] if questions else None, questions[2] if questions else "sure")
    return offers


def _keep_lots_and_criteria(found: _Found, text: _Text, offers: _Deadline | None) -> bool:
    """Keep the lots (with their own deadline and criteria) and the criteria; whether the
    criteria are given lot by lot."""
    lines = text.lines
    lots, lots_line = _lots(lines, text.toc)
    criteria, criteria_line, per_lot = _criteria(lines)
    for lot in lots:
        if offers and lot["number"] in offers.lots and offers.lots[lot["number"]] != offers.value:
            lot["deadline"] = iso_minute(offers.lots[lot["number"]])
        if lot["number"] in per_lot:
            lot["criteria"] = per_lot[lot["number"]]
    found.keep("lots", lots, lots_line, "sure" if lots_line in lines else "inferred")
    found.keep("criteria", criteria, criteria_line)
    if per_lot and not criteria and criteria_line is not None:
        found.evidence["criteria"] = {**_evidence(criteria_line), "confidence": "sure"}
    return bool(per_lot)


def extract_rc(pages: list[str], source: str = "") -> dict[str, Any]:
    """The consultation described by an RC's pages (already normalised), with evidence.

    Returns the JSON of ``docs/formats.md``: every field present, ``None`` (or an empty list)
    when it was not stated, ``evidence[field] = {"page", "text", "confidence"}`` and
    ``confidence[field]`` for each field found, and ``missing``: the fields not stated.
    """
    text = _split(pages)
    lines = text.lines
    years = _years_of(lines)
    found = _Found(source)
    found.keep_found("buyer", _buyer(lines))
    found.keep_found("reference", _reference(lines))
    obj = found.keep_found("object", _object(lines))
    found.keep_found("procedure", _procedure(lines))
    found.keep_found("market_type", _market_type(lines, obj))
    offers = _keep_deadlines(found, lines, years)
    found.keep_found("timezone", _timezone(lines))
    found.keep_found("offer_validity_days", _offer_validity(lines))
    reserved = _market_reservation(lines)
    found.keep("reserved", reserved[0] if reserved else [], reserved[1] if reserved else None)
    per_lot = _keep_lots_and_criteria(found, text, offers)
    found.keep_found("site_visit", _site_visit(lines))
    found.keep_found("meeting", _meeting(lines, years))
    found.keep_found("variants", _variants(lines))
    found.keep_found("pse", _pse(lines))
    found.keep_found("tranches", _tranches(lines))
    found.keep_found("groupement_form", _groupement_form(lines))
    documents, documents_line = _documents(lines)
    found.keep("documents", documents, documents_line)
    result = found.result
    stated_none = {"lots": _not_allotted(lines) is not None and not result["lots"],
                   "criteria": per_lot}
    result["missing"] = [name for name in FIELDS
                         if result[name] in (None, []) and not stated_none.get(name)]
    result["evidence"] = found.evidence
    result["confidence"] = found.confidence
    return result
