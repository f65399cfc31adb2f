"""The documents Responder writes fresh into the pack (mémoire, groupement, bordereau, DC4):
``GENERATED_DOCUMENTS``, one provider each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...domain.checklist import ChecklistView, Phase
from ...domain.common import InvalidInput
from ...domain.tender import Tender
from ...storage.memoires import MemoireRepository

if TYPE_CHECKING:
    from .service import DepositService


# --- generated documents -----------------------------------------------------------------
@dataclass(frozen=True)
class GeneratedFile:
    """A document Responder writes fresh into the pack; ``render(out)`` runs on any thread."""

    key: str
    piece: str
    phase: Phase | None
    render: Callable[[Path], Any]
    extension: str = "docx"
    member: str = ""
    lots: tuple[int, ...] = ()
    uid: str | None = None
    folder: tuple[str, ...] = ()
    page_limited: bool = False


Provider = Callable[["DepositService", Tender, ChecklistView], list[GeneratedFile]]


def _render_to(job: Any, out: Path) -> Any:
    """Run a prepared render job (mémoire, groupement document) into ``out``."""
    return replace(job, out=out).run()


def _memoire_documents(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """The mémoire of each « Mémoire technique » piece without an attached file."""
    from ..memoire import MemoireService

    assert tender.id is not None
    repo = MemoireRepository(service.session.ws)
    memoires = MemoireService(service.session)
    found: list[GeneratedFile] = []
    for row in view.rows:
        item = row.item
        if item.key != "memoire_technique" or not item.counted or item.file_hash:
            continue
        lot = item.lots[0] if len(item.lots) == 1 else None
        memoire = repo.for_tender(tender.id, lot) if lot is not None else None
        memoire = memoire or repo.for_tender(tender.id, None)
        if memoire is None:
            continue
        job = memoires.render_job(tender.id, Path("memoire.docx"), lot=memoire.lot)
        found.append(GeneratedFile(
            key=f"memoire:{item.uid}", piece=item.label, phase=item.phase,
            render=partial(_render_to, job),
            member=item.member, lots=tuple(item.lots), uid=item.uid, page_limited=True,
        ))
    return found


def _groupement_documents(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """DC1 table and convention de groupement, for a groupement without errors."""
    from ..groupement import GroupementService

    if tender.id is None or tender.groupement is None or len(tender.groupement.members) < 2:
        return []
    groupements = GroupementService(service.session)
    try:
        dc1 = groupements.document_job(tender.id, "dc1", Path("dc1.docx"))
        convention = groupements.document_job(tender.id, "convention", Path("convention.docx"))
    except InvalidInput:
        return []  # the check reports the groupement's errors
    return [
        GeneratedFile(
            key="dc1", piece="Tableau DC1 du groupement", phase=Phase.CANDIDATURE,
            render=partial(_render_to, dc1),
        ),
        GeneratedFile(
            key="convention", piece="Convention de groupement", phase=Phase.CANDIDATURE,
            render=partial(_render_to, convention),
        ),
    ]


def _bordereau_document(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """The bordereau des pièces, at the top of the pack."""
    from ...documents.bordereau import render_bordereau

    context = service.checklists.bordereau_context(view)
    return [GeneratedFile(
        key="bordereau", piece="Bordereau des pieces", phase=None,
        render=lambda out: render_bordereau(context, out),
    )]


def _dc4_documents(
    service: DepositService, tender: Tender, view: ChecklistView
) -> list[GeneratedFile]:
    """The DC4 of each sub-contractor whose « déclaration de sous-traitance » piece has no
    attached file (a signed DC4 the user attached is used as is)."""
    from ...domain.checklist import SUBCONTRACT_KEY
    from ..groupement import GroupementService

    groupement = tender.groupement
    if tender.id is None or groupement is None or not groupement.subcontractors:
        return []
    groupements = GroupementService(service.session)
    found: list[GeneratedFile] = []
    for row in view.rows:
        item = row.item
        if item.key != SUBCONTRACT_KEY or not item.counted or item.file_hash:
            continue
        sub = next(
            (s for s in groupement.subcontractors if item.label.endswith(f"– {s.name}")), None
        )
        if sub is None:
            continue
        try:
            job = groupements.dc4_job(tender.id, sub.name, Path("dc4.docx"))
        except InvalidInput:
            continue  # the check reports the groupement's errors
        found.append(GeneratedFile(
            key=f"dc4:{item.uid}", piece=item.label, phase=item.phase,
            render=partial(_render_to, job),
            member=item.member, lots=tuple(item.lots), uid=item.uid,
        ))
    return found


#: The documents produced fresh into every pack, in this order; a new generator is one more
#: provider appended here.
GENERATED_DOCUMENTS: tuple[Provider, ...] = (
    _bordereau_document,
    _groupement_documents,
    _dc4_documents,
    _memoire_documents,
)
