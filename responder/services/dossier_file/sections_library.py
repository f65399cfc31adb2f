"""The sections of the answer: references, text blocks, mémoires, outcomes; and ``SECTIONS``,
every section of a dossier file in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...domain.library import Reference, TextBlock
from ...domain.memoire import Memoire
from ...domain.outcome import LotOutcome
from ...storage.memoires import MemoireRepository
from ...storage.meta import add_block_uses
from ...storage.outcomes import OutcomeRepository
from ...storage.repositories import now
from .common import (
    ADDED,
    EXISTS,
    UPDATED,
    Change,
    ExportContext,
    ImportContext,
    _adopt,
    _list_of,
    _model_json,
    _refuse,
    _replace_or_add,
    _validate,
)
from .sections import ChecklistSection, Section, StructureSection, TenderSection


def _reference_key(ref: Reference) -> tuple[Any, ...]:
    """What makes two references the same contract (title, buyer, dates)."""
    return (ref.title, ref.buyer_name, ref.start, ref.end)


def _block_key(block: TextBlock) -> tuple[str, str]:
    """What makes two text blocks the same paragraph (title and body)."""
    return (block.title, block.body)


def _known(ctx: ImportContext, member: str, store: Any,
           key: Callable[[Any], Any]) -> dict[Any, Any]:
    """The target structure's items of a section by matching key, read once per import."""
    known = ctx.known.get(member)
    if known is None:
        known = {}
        if ctx.structure_id:  # else the structure is new: nothing of it exists yet
            for local in store.list(ctx.structure_id):
                known.setdefault(key(local), local)
        ctx.known[member] = known
    return known


class ReferencesSection(Section):
    member, part = "references.json", "Référence"

    def export(self, ctx: ExportContext) -> Any | None:
        wanted: list[int] = []
        for memoire in ctx.memoires:
            for ref_id in memoire.reference_ids():
                if ref_id not in wanted:
                    wanted.append(ref_id)
        items = []
        confidential = 0
        for ref in ctx.session.references.get_many(sorted(wanted)):
            assert ref.id is not None
            if ref.confidential:
                confidential += 1
                continue
            ctx.ref_numbers[ref.id] = len(ctx.ref_numbers) + 1
            data = _model_json(ref, {"id", "structure_id"})
            data["number"] = ctx.ref_numbers[ref.id]
            items.append(data)
            ctx.want_file(ref.certificate_file or None)
            for photo in ref.photos:
                ctx.want_file(photo)
        if confidential:
            plural = "s" if confidential > 1 else ""
            ctx.omitted.append(f"{confidential} référence{plural} confidentielle{plural}")
        return {"references": items} if items else None

    def parse(self, payload: Any) -> list[tuple[int, Reference]]:
        result = []
        for data in _list_of(payload, "references", self.member):
            data = dict(data)
            number = data.pop("number", None)
            if not isinstance(number, int):
                raise _refuse(f"Le fichier de dossier est endommagé : « {self.member} ».")
            result.append((number, _validate(Reference, data, self.member)))
        return result

    def _known(self, ctx: ImportContext) -> dict[Any, Reference]:
        return _known(ctx, self.member, ctx.session.references, _reference_key)

    def _find(self, ctx: ImportContext, ref: Reference) -> Reference | None:
        return self._known(ctx).get(_reference_key(ref))

    def preview(self, ctx: ImportContext, parsed: list[tuple[int, Reference]]) -> list[Change]:
        return [
            Change(self.part, ref.title, EXISTS if self._find(ctx, ref) else ADDED)
            for _, ref in parsed
        ]

    def apply(self, ctx: ImportContext, parsed: list[tuple[int, Reference]]) -> None:
        known, store = self._known(ctx), ctx.session.references
        for number, ref in parsed:
            ctx.ref_ids[number] = _adopt(ctx, known, _reference_key, ref, store)


class TextsSection(Section):
    member, part = "textes.json", "Texte type"

    def export(self, ctx: ExportContext) -> Any | None:
        assert ctx.tender.id is not None
        uses = ctx.session.text_blocks.uses_in_tender(ctx.tender.id)
        wanted = set(uses)
        for memoire in ctx.memoires:
            for section in memoire.sections:
                wanted.update(b.block_id for b in section.blocks if b.block_id is not None)
        items = []
        for block in ctx.session.text_blocks.get_many(sorted(wanted)):
            assert block.id is not None
            ctx.block_numbers[block.id] = len(ctx.block_numbers) + 1
            data = _model_json(block, {"id", "structure_id"})
            data["number"] = ctx.block_numbers[block.id]
            data["uses"] = uses.get(block.id, 0)
            items.append(data)
        return {"blocks": items} if items else None

    def parse(self, payload: Any) -> list[tuple[int, int, TextBlock]]:
        result = []
        for data in _list_of(payload, "blocks", self.member):
            data = dict(data)
            number, uses = data.pop("number", None), data.pop("uses", 0)
            if not isinstance(number, int) or not isinstance(uses, int) or not 0 <= uses < 10_000:
                raise _refuse(f"Le fichier de dossier est endommagé : « {self.member} ».")
            result.append((number, uses, _validate(TextBlock, data, self.member)))
        return result

    def _known(self, ctx: ImportContext) -> dict[Any, TextBlock]:
        return _known(ctx, self.member, ctx.session.text_blocks, _block_key)

    def _find(self, ctx: ImportContext, block: TextBlock) -> TextBlock | None:
        return self._known(ctx).get(_block_key(block))

    def preview(self, ctx: ImportContext, parsed: list[tuple[int, int, TextBlock]]) -> list[Change]:
        return [
            Change(self.part, block.title, EXISTS if self._find(ctx, block) else ADDED)
            for _, _, block in parsed
        ]

    def apply(self, ctx: ImportContext, parsed: list[tuple[int, int, TextBlock]]) -> None:
        have = ctx.session.text_blocks.uses_in_tender(ctx.tender_id)
        known, store = self._known(ctx), ctx.session.text_blocks
        for number, uses, block in parsed:
            local_id = _adopt(ctx, known, _block_key, block, store)
            ctx.block_ids[number] = local_id
            add_block_uses(
                ctx.session.ws, local_id, ctx.tender_id, uses - have.get(local_id, 0),
                now().isoformat(),
            )


class MemoiresSection(Section):
    member, part = "memoires.json", "Mémoire technique"

    def export(self, ctx: ExportContext) -> Any | None:
        items = []
        for memoire in ctx.memoires:
            data = _model_json(memoire, {"id", "tender_id"})
            for section in data.get("sections", []):
                section["reference_ids"] = [
                    ctx.ref_numbers[i] for i in section.get("reference_ids", [])
                    if i in ctx.ref_numbers
                ]
                for block in section.get("blocks", []):
                    block["block_id"] = ctx.block_numbers.get(block.get("block_id") or -1)
            items.append(data)
        return {"memoires": items} if items else None

    def parse(self, payload: Any) -> list[Memoire]:
        return [
            _validate(Memoire, {**data, "tender_id": 0}, self.member)
            for data in _list_of(payload, "memoires", self.member)
        ]

    def preview(self, ctx: ImportContext, parsed: list[Memoire]) -> list[Change]:
        repo = MemoireRepository(ctx.session.ws)
        changes = []
        for memoire in parsed:
            label = f"lot {memoire.lot}" if memoire.lot else "consultation entière"
            local = repo.for_tender(ctx.tender_id, memoire.lot) if ctx.update else None
            if local is None:
                changes.append(Change(self.part, label, ADDED))
                continue
            skip = {"id", "tender_id", "created_at", "updated_at"}
            mine, theirs = _model_json(local, skip), _model_json(memoire, skip)
            for data in (mine, theirs):  # ids are local: compare what the user sees
                for section in data.get("sections", []):
                    section["reference_ids"] = len(section.get("reference_ids", []))
                    for block in section.get("blocks", []):
                        block["block_id"] = None
            if mine == theirs:
                changes.append(Change(self.part, label, EXISTS, "aucun changement"))
            else:
                changes.append(Change(self.part, label, UPDATED))
        return changes

    def apply(self, ctx: ImportContext, parsed: list[Memoire]) -> None:
        repo = MemoireRepository(ctx.session.ws)
        for memoire in parsed:
            copy = memoire.model_copy(deep=True)
            copy.tender_id = ctx.tender_id
            for section in copy.sections:
                section.reference_ids = [
                    ctx.ref_ids[n] for n in section.reference_ids if n in ctx.ref_ids
                ]
                for block in section.blocks:
                    if block.block_id is not None:
                        block.block_id = ctx.block_ids.get(block.block_id)
            _replace_or_add(repo, copy, repo.for_tender(ctx.tender_id, copy.lot))


class OutcomesSection(Section):
    """The buyer's decision per lot (result, marks, winner, reasons, dates): a coach reading
    the dossier needs it as much as the deposit; the local reference id does not travel."""

    member, part = "outcomes.json", "Résultat"

    def export(self, ctx: ExportContext) -> Any | None:
        assert ctx.tender.id is not None
        items = [
            _model_json(o, {"id", "tender_id", "structure_id", "reference_id"})
            for o in OutcomeRepository(ctx.session.ws).for_tender(ctx.tender.id)
        ]
        return {"outcomes": items} if items else None

    def parse(self, payload: Any) -> list[LotOutcome]:
        return [
            _validate(LotOutcome, {**data, "tender_id": 0}, self.member)
            for data in _list_of(payload, "outcomes", self.member)
        ]

    @staticmethod
    def _label(outcome: LotOutcome) -> str:
        where = f"lot {outcome.lot}" if outcome.lot else "consultation entière"
        return f"{where} : {outcome.result_fr}"

    def preview(self, ctx: ImportContext, parsed: list[LotOutcome]) -> list[Change]:
        repo = OutcomeRepository(ctx.session.ws)
        changes = []
        skip = {"id", "tender_id", "structure_id", "reference_id", "created_at", "updated_at"}
        for outcome in parsed:
            local = repo.for_lot(ctx.tender_id, outcome.lot) if ctx.update else None
            if local is None:
                changes.append(Change(self.part, self._label(outcome), ADDED))
            elif _model_json(local, skip) == _model_json(outcome, skip):
                changes.append(Change(self.part, self._label(outcome), EXISTS,
                                      "aucun changement"))
            else:
                changes.append(Change(self.part, self._label(outcome), UPDATED))
        return changes

    def apply(self, ctx: ImportContext, parsed: list[LotOutcome]) -> None:
        repo = OutcomeRepository(ctx.session.ws)
        tender = ctx.session.tenders.get(ctx.tender_id)
        assert tender is not None
        for outcome in parsed:
            copy = outcome.model_copy(deep=True)
            copy.tender_id = ctx.tender_id
            copy.structure_id = tender.structure_id
            existing = repo.for_lot(ctx.tender_id, copy.lot)
            if existing is not None:
                copy.id, copy.reference_id = existing.id, existing.reference_id
                repo.update(copy)
            else:
                copy.id = None
                repo.add(copy, keep_dates=True)


#: The parts of a dossier file, in export and import order (references and texts before the
#: mémoires that point at them). Add a capability's part here.
SECTIONS: tuple[Section, ...] = (
    StructureSection(),
    TenderSection(),
    ChecklistSection(),
    ReferencesSection(),
    TextsSection(),
    MemoiresSection(),
    OutcomesSection(),
)
_BY_MEMBER = {s.member: s for s in SECTIONS}
