"""Use cases on the reusable library: references and text blocks, search and suggestions.

Thread contract: a ``LibraryService`` uses its session's workspace from one thread at a time;
searches are fast enough (see docs/performance.md) to run on the UI thread as the user types,
suggestions and imports belong in a background task with its own session.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..domain.common import InvalidInput, editable_dump, french_errors
from ..domain.errors import required
from ..domain.library import (
    PURCHASE_FAMILIES,
    Reference,
    ReferenceFilters,
    SortOrder,
    Suggestion,
    TextBlock,
    family_key,
    infer_families,
)
from ..domain.tender import Tender
from ..domain.text import fold, significant_words
from ..storage.search import SearchIndex, search_index
from .workspace import Session

#: Weights of the suggestion score (they sum to 1).
_W_TEXT, _W_FAMILY, _W_CPV, _W_RECENT, _W_AMOUNT = 0.35, 0.25, 0.15, 0.15, 0.10
#: A reference this many years old (or older) gets no recency credit.
_RECENCY_YEARS = 8
#: Amount ratio (smaller / larger) from which two amounts are « comparables ».
_COMPARABLE = 0.5
#: Below this share of the best text score, words alone do not make a suggestion.
_WEAK_TEXT = 0.2
_Item = TypeVar("_Item", Reference, TextBlock)
_ORIGINAL_WORD = re.compile(r"[^\W_]+")


class LibraryService:
    """Everything a user does with the library, for the GUI and the CLI alike."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def index(self) -> SearchIndex:
        """The search index of the session's workspace."""
        return search_index(self.session.ws)

    # --- references: reading -------------------------------------------------------------
    def get_reference(self, reference_id: int) -> Reference:
        """The reference with this id; ``InvalidInput`` if there is none."""
        return required(
            self.session.references.get(reference_id), "id",
            f"Aucune référence n° {reference_id} dans la bibliothèque.",
        )

    @staticmethod
    def filters(data: Mapping[str, Any] | ReferenceFilters | None = None) -> ReferenceFilters:
        """Validated search filters, or ``InvalidInput`` with a French message per field."""
        if isinstance(data, ReferenceFilters):
            return data
        try:
            return ReferenceFilters.model_validate(dict(data or {}))
        except ValidationError as exc:
            raise InvalidInput(french_errors(exc)) from exc

    def search_references(
        self,
        query: str = "",
        filters: Mapping[str, Any] | ReferenceFilters | None = None,
        sort: SortOrder | str = SortOrder.RELEVANCE,
        limit: int | None = 50,
    ) -> list[Reference]:
        """References matching what the user typed and the filters, best first.

        Accent-, case- and ligature-insensitive; the last word matches as a prefix; any text
        is accepted (no word at all lists everything, newest first).
        """
        try:
            order = SortOrder(sort)
        except ValueError as exc:
            raise InvalidInput(
                {"sort": "tri inconnu : pertinence, date ou montant."}
            ) from exc
        hits = self.index.search_references(query, self.filters(filters), order, limit)
        return self.session.references.get_many([h.id for h in hits])

    def families(self, structure_id: int | None = None) -> list[str]:
        """Purchase families to offer: the standard list, then those users typed themselves."""
        known = {family_key(f) for f in PURCHASE_FAMILIES}
        extra: dict[str, str] = {}
        for family in self.session.references.family_names(structure_id):
            key = family_key(family)
            if key not in known:
                extra.setdefault(key, family)
        return [*PURCHASE_FAMILIES, *sorted(extra.values(), key=fold)]

    # --- references: writing -------------------------------------------------------------
    @staticmethod
    def validate_reference(data: Mapping[str, Any]) -> Reference:
        """A ``Reference`` from form or file data, or ``InvalidInput`` (one message per field)."""
        return _validated(Reference, data)

    def save_reference(
        self, data: Mapping[str, Any] | Reference, structure_id: int | None = None
    ) -> Reference:
        """Validate and store a reference: inserted without id, updated otherwise."""
        return self._save(self.session.references, Reference, data, structure_id)

    def delete_reference(self, reference_id: int) -> Reference:
        """Delete a reference and return it, so that ``restore_reference`` can undo it."""
        ref = self.get_reference(reference_id)
        self.session.references.delete(reference_id)
        return ref

    def restore_reference(self, ref: Reference) -> Reference:
        """Put a deleted reference back with its id (undo of ``delete_reference``)."""
        return _restore(self.session.references, ref)

    def attach_certificate(self, reference_id: int, source: Path) -> Reference:
        """Copy the attestation de bonne exécution into the workspace and link it."""
        ref = self.get_reference(reference_id)
        digest = self.session.files.add(Path(source))
        ref.certificate_file = digest
        ref.certificate_name = Path(source).name
        return self.session.references.update(ref)

    def add_photo(self, reference_id: int, source: Path) -> Reference:
        """Copy a photo into the workspace and add it to the reference."""
        ref = self.get_reference(reference_id)
        digest = self.session.files.add(Path(source))
        if digest not in ref.photos:
            ref.photos = [*ref.photos, digest]
        return self.session.references.update(ref)

    def _save(self, repo: Any, model: type[_Item], data: Mapping[str, Any] | _Item,
              structure_id: int | None) -> _Item:
        """Validate and store a reference or a block: inserted without id, updated otherwise."""
        payload = editable_dump(data) if isinstance(data, model) else dict(data)
        if structure_id is not None:
            payload["structure_id"] = structure_id
        item = _validated(model, payload)
        self._check_structure(item.structure_id)
        saved: _Item = repo.add(item) if item.id is None else repo.update(item)
        return saved

    def _check_structure(self, structure_id: int | None) -> None:
        if structure_id is None:
            raise InvalidInput(
                {"structure_id": "Choisissez la structure à qui appartient cet élément."}
            )
        if self.session.structures.get(structure_id) is None:
            raise InvalidInput({"structure_id": f"La structure n° {structure_id} n'existe pas."})

    # --- suggestions ---------------------------------------------------------------------
    def suggest_for_tender(
        self, tender_id: int, *, limit: int = 10, today: date | None = None
    ) -> list[Suggestion]:
        """References of the tender's structure ranked by relevance to the tender.

        The score mixes the words of its object and lots (full-text relevance), the purchase
        families they point to, CPV codes, recency and amount proximity; each suggestion
        carries a one-line French reason (« même famille : espaces verts ; montant
        comparable ; 2025 »). References that share nothing with the tender are left out.
        """
        tender = self.session.tenders.get(tender_id)
        if tender is None:
            raise InvalidInput(
                {"id": f"Aucune consultation n° {tender_id} : « responder tender list » les "
                 "affiche toutes."}
            )
        return self.suggest_for(tender, limit=limit, today=today)

    def suggest_for(
        self, tender: Tender, *, limit: int = 10, today: date | None = None
    ) -> list[Suggestion]:
        """``suggest_for_tender`` for a tender that may not be saved yet (editor preview)."""
        today = today or date.today()
        text = " ".join([tender.title, *(lot.title for lot in tender.lots)])
        families = infer_families(text, tender.cpv_codes)
        family_names = {family_key(f): f for f in families}
        terms = significant_words(text)
        display = _display_words(text)
        tender_cpv = {c.replace("-", "")[:8] for c in tender.cpv_codes}
        amounts = [
            a for a in [tender.estimated_total(), *(lot.estimated_amount for lot in tender.lots)]
            if a is not None and a > 0
        ]
        scores = self.index.text_scores("library_references", terms)
        cpv_groups = sorted({code[:3] for code in tender_cpv})
        rows = self.index.reference_candidates(
            tender.structure_id, list(scores), list(family_names), cpv_groups
        )
        # text relevance relative to the best match among this structure's references
        best_text = max((scores.get(int(r["id"]), 0.0) for r in rows), default=0.0) or 1.0

        ranked: list[tuple[float, int, str]] = []
        for row in rows:
            ref_id = int(row["id"])
            text_score = scores.get(ref_id, 0.0) / best_text
            ref_families = [f for f in str(row["families"]).split("|") if f]
            common = [family_names[f] for f in family_names if f in ref_families]
            cpv_score, cpv_reason = _cpv_match(tender_cpv, str(row["cpv_codes"]))
            if not (text_score >= _WEAK_TEXT or common or cpv_score > 0):
                continue  # a weak text match is not a reason on its own
            year = _year(row["end_date"] or row["start_date"])
            # a reference with a start and no end is still running: as recent as can be
            last = today.year if row["start_date"] and not row["end_date"] else year
            recent = max(0.0, 1 - max(0, today.year - last) / _RECENCY_YEARS) if last else 0.0
            proximity = _proximity(amounts, row["amount"])
            score = (
                _W_TEXT * text_score
                + _W_FAMILY * (1.0 if common else 0.0)
                + _W_CPV * cpv_score
                + _W_RECENT * recent
                + _W_AMOUNT * proximity
            )
            shared = _shared_words(row, terms, display) if text_score > 0 else []
            reason = _reason(common, cpv_reason, text_score, shared, proximity, year)
            ranked.append((score, ref_id, reason))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        top = ranked[:limit]
        refs = {r.id: r for r in self.session.references.get_many([i for _, i, _ in top])}
        suggestions = []
        for score, ref_id, reason in top:
            ref = refs.get(ref_id)
            if ref is None:
                continue
            if ref.confidential:
                reason += " ; confidentielle"
            suggestions.append(Suggestion(ref, round(score, 4), reason))
        return suggestions

    # --- text blocks ---------------------------------------------------------------------
    def get_block(self, block_id: int) -> TextBlock:
        """The text block with this id; ``InvalidInput`` if there is none."""
        return required(
            self.session.text_blocks.get(block_id), "id",
            f"Aucun bloc de texte n° {block_id} dans la bibliothèque.",
        )

    def search_blocks(
        self,
        query: str = "",
        *,
        structure_id: int | None = None,
        category: str | None = None,
        limit: int | None = 50,
    ) -> list[TextBlock]:
        """Text blocks matching what the user typed (title and body), best first."""
        hits = self.index.search_blocks(
            query, structure_id=structure_id, category=category, limit=limit
        )
        return self.session.text_blocks.get_many([h.id for h in hits])

    @staticmethod
    def validate_block(data: Mapping[str, Any]) -> TextBlock:
        """A ``TextBlock`` from form data, or ``InvalidInput`` with one message per field."""
        return _validated(TextBlock, data)

    def save_block(
        self, data: Mapping[str, Any] | TextBlock, structure_id: int | None = None
    ) -> TextBlock:
        """Validate and store a text block: inserted without id, updated otherwise."""
        return self._save(self.session.text_blocks, TextBlock, data, structure_id)

    def delete_block(self, block_id: int) -> TextBlock:
        """Delete a text block and return it, so that ``restore_block`` can undo it."""
        block = self.get_block(block_id)
        self.session.text_blocks.delete(block_id)
        return block

    def restore_block(self, block: TextBlock) -> TextBlock:
        """Put a deleted block back with its id (undo of ``delete_block``)."""
        return _restore(self.session.text_blocks, block)

    def record_block_use(self, block_id: int, tender_id: int | None = None) -> TextBlock:
        """Count one use of a block, in ``tender_id`` when given; returns the updated block."""
        if tender_id is not None and self.session.tenders.get(tender_id) is None:
            raise InvalidInput({"tender_id": f"Aucune consultation n° {tender_id}."})
        return required(
            self.session.text_blocks.record_use(block_id, tender_id), "id",
            f"Aucun bloc de texte n° {block_id} dans la bibliothèque.",
        )

    def mark_block_reviewed(self, block_id: int, today: date | None = None) -> TextBlock:
        """Record that a block was reread today: it leaves the « à relire » list."""
        block = self.get_block(block_id)
        block.last_reviewed = today or date.today()
        return self.session.text_blocks.update(block)

    def blocks_to_review(
        self, today: date | None = None, structure_id: int | None = None
    ) -> list[TextBlock]:
        """Blocks « à relire »: never reviewed or past their review interval, oldest first."""
        today = today or date.today()
        due = [b for b in self.session.text_blocks.list(structure_id) if b.needs_review(today)]
        return sorted(due, key=lambda b: (b.last_reviewed or date.min, b.id or 0))

    # --- maintenance ---------------------------------------------------------------------
    def rebuild_index(self) -> None:
        """Rebuild the search index from the stored references and blocks (repair tool)."""
        self.index.rebuild()


def _display_words(text: str) -> dict[str, str]:
    """Folded word → the word as the user wrote it (lower case), for readable reasons."""
    shown: dict[str, str] = {}
    for word in _ORIGINAL_WORD.findall(text):
        shown.setdefault(fold(word), word.lower())
    return shown


def _cpv_match(tender_codes: set[str], stored: str) -> tuple[float, str]:
    """How close the reference's CPV codes are to the tender's, and the reason to show."""
    codes = [c for c in stored.split("|") if c]
    if not tender_codes or not codes:
        return 0.0, ""
    exact = sorted(tender_codes.intersection(codes))
    if exact:
        return 1.0, f"même code CPV : {exact[0]}"
    if any(a[:5] == b[:5] for a in tender_codes for b in codes):
        return 0.6, "code CPV voisin"
    if any(a[:3] == b[:3] for a in tender_codes for b in codes):
        return 0.3, "même groupe CPV"
    return 0.0, ""


def _year(iso: object) -> int | None:
    return int(str(iso)[:4]) if iso else None


def _proximity(amounts: list[Decimal], stored: object) -> float:
    """Best ratio smaller/larger between the reference amount and the tender's amounts."""
    if stored is None or not amounts:
        return 0.0
    value = float(str(stored))
    if value <= 0:
        return 0.0
    return max(min(value, float(a)) / max(value, float(a)) for a in amounts)


def _shared_words(row: Any, terms: list[str], display: dict[str, str]) -> list[str]:
    """Up to three words of the tender found in the reference's title, as written."""
    title_words = set(str(row["search_title"]).split())
    return [display[t] for t in terms if t in title_words and t in display][:3]


def _reason(common: list[str], cpv_reason: str, text_score: float, shared: list[str],
            proximity: float, year: int | None) -> str:
    """The one-line French reason of a suggestion (« même famille : … ; 2025 »)."""
    reasons: list[str] = []
    if common:
        reasons.append("même famille : " + ", ".join(common))
    if cpv_reason:
        reasons.append(cpv_reason)
    if text_score > 0:
        if shared:
            reasons.append("objet proche : " + ", ".join(shared))
        elif not common:
            reasons.append("description proche")
    if proximity >= _COMPARABLE:
        reasons.append("montant comparable")
    if year:
        reasons.append(str(year))
    return " ; ".join(reasons)


def _validated(model: type[_Item], data: Mapping[str, Any]) -> _Item:
    """``model`` from form or file data, or ``InvalidInput`` (one message per field)."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise InvalidInput(french_errors(exc)) from exc


def _restore(repo: Any, item: _Item) -> _Item:
    """Put a deleted reference or block back with its id (undo of a delete)."""
    if item.id is not None and repo.get(item.id) is not None:
        updated: _Item = repo.update(item)
        return updated
    added: _Item = repo.add(item, keep_id=True)
    return added
